package io.sr4j.spark;

import io.sr4j.video.VideoCodec;
import io.sr4j.video.VideoUpscaler;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import scala.Tuple2;

/**
 * The videos of a batch job, in three distributed steps whose results the driver collects (Spark
 * returns exactly one attempt's result per task, so retried and speculative tasks count once):
 * <ol>
 *   <li>plan each video ({@link VideoPlanning}: one task per video, decoding it once without the network);</li>
 *   <li>make every segment of every video ({@link SegmentWork}), the segments spread over the
 *       partitions by frames × pixels, largest first ({@link PixelBalancer});</li>
 *   <li>join each video whose segments are all there ({@link VideoJoin}: one task per video).</li>
 * </ol>
 * The manifest lines (one per segment, one per video) go into the job's manifest with the images'.
 */
final class VideoJob {
    private final BatchSettings settings;
    private final VideoSettings video;
    private final OutputLayout layout;
    private final HadoopConf conf;
    private final int partitions;
    private final VideoNetwork.BeforeFrame hook;

    VideoJob(BatchSettings settings, VideoSettings video, OutputLayout layout, HadoopConf conf, int partitions,
             VideoNetwork.BeforeFrame hook) {
        this.settings = settings;
        this.video = video;
        this.layout = layout;
        this.conf = conf;
        this.partitions = partitions;
        this.hook = hook;
    }

    /**
     * Refuses, before any work, settings that no video of the job could be made with (as {@code sr4j
     * video} refuses them): an automatic pipeline, which assesses single images, and HDR in a codec
     * other than HEVC.
     *
     * @throws IllegalArgumentException saying why, naming a video
     */
    static void check(BatchSettings settings, VideoSettings video, List<InputFile> videos) {
        if (videos.isEmpty()) {
            return;
        }
        String named = videos.get(0).path() + (videos.size() > 1 ? " (and " + (videos.size() - 1) + " other videos)"
                : "");
        if (settings.spec().auto()) {
            throw new IllegalArgumentException(named + ": --pipeline auto assesses single images; for videos name "
                    + "the stages (e.g. denoise=1,sr=2)");
        }
        if (settings.hdr() != null && video.codec() != null && VideoCodec.fromName(video.codec()) != VideoCodec.H265) {
            throw new IllegalArgumentException(named + ": HDR video (" + settings.hdr() + ") is written as 10-bit "
                    + "HEVC: use --codec h265, or leave --codec out");
        }
        if (settings.hdr() == null && video.bitsFor(false) == 10) {
            try { // a codec that cannot write 10 bits is refused before any work
                VideoUpscaler.checkOutput(java.nio.file.Path.of(named + ".mkv"),
                        video.forVideo(false).options(null, false));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(named + ": " + e.getMessage(), e);
            }
        }
    }

    /** Makes {@code videos}; returns their manifest lines (segments first, then one per video). */
    List<Row> run(JavaSparkContext jsc, List<InputFile> videos) {
        List<PlannedVideo> planned = jsc.parallelize(videos, Math.max(1, Math.min(partitions, videos.size())))
                .map(new VideoPlanning(settings, video, layout, conf)).collect();
        List<Row> rows = new ArrayList<>();
        List<PlannedVideo> ok = new ArrayList<>();
        for (PlannedVideo p : planned) {
            String output = layout.outputFor(p.input());
            if (p.ok()) {
                ok.add(p);
            } else if (p.finished()) {
                rows.add(VideoRows.video(p, output, ManifestRow.Status.SKIPPED, null, null, null,
                        size(output), null, ModelColumns.asked(settings), p.seconds()));
            } else {
                rows.add(VideoRows.video(p, output, ManifestRow.Status.FAILED, p.error(), null,
                        null, null, null, ModelColumns.asked(settings), p.seconds()));
            }
        }
        if (ok.isEmpty()) {
            return rows;
        }
        List<Row> segments = segments(jsc, ok);
        rows.addAll(segments);
        List<PlannedVideo> complete = new ArrayList<>();
        Map<String, String> failures = failedSegments(segments);
        for (PlannedVideo p : ok) {
            String error = failures.get(p.input().path());
            if (error == null) {
                complete.add(p);
            } else {
                rows.add(VideoRows.video(p, layout.outputFor(p.input()), ManifestRow.Status.FAILED, error, null, null,
                        null, null, ModelColumns.asked(settings), 0));
            }
        }
        if (!complete.isEmpty()) {
            rows.addAll(jsc.parallelize(complete, Math.max(1, Math.min(partitions, complete.size())))
                    .map(new VideoJoin(settings, layout, conf)).collect());
        }
        return rows;
    }

    private List<Row> segments(JavaSparkContext jsc, List<PlannedVideo> ok) {
        List<SegmentTask> tasks = new ArrayList<>();
        List<Long> weights = new ArrayList<>();
        for (int v = 0; v < ok.size(); v++) {
            var plan = ok.get(v).plan();
            for (var s : plan.segments()) {
                tasks.add(new SegmentTask(v, s.index()));
                weights.add((long) s.frames() * plan.width() * plan.height());
            }
        }
        int n = Math.max(1, Math.min(partitions, tasks.size()));
        long[] pixels = weights.stream().mapToLong(Long::longValue).toArray();
        int[] assignment = PixelBalancer.assign(pixels, n);
        List<Tuple2<Integer, SegmentTask>> placed = new ArrayList<>(tasks.size());
        for (int i = 0; i < tasks.size(); i++) {
            placed.add(new Tuple2<>(assignment[i], tasks.get(i)));
        }
        Broadcast<List<PlannedVideo>> plans = jsc.broadcast(List.copyOf(ok));
        try {
            JavaRDD<Row> rows = jsc.parallelizePairs(placed, n).partitionBy(new AssignedPartitioner(n)).values()
                    .mapPartitions(new SegmentWork(settings, layout, conf, plans, hook));
            return rows.collect();
        } finally {
            plans.destroy();
        }
    }

    private long size(String path) {
        try {
            return new StagedFiles(conf.get()).size(path);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot read " + path + ": " + e.getMessage(), e);
        }
    }

    /** The first failed segment's error per video (by input path). */
    private static Map<String, String> failedSegments(List<Row> segments) {
        Map<String, String> failures = new HashMap<>();
        for (Row r : segments) {
            if (ManifestRow.Status.FAILED.label().equals(Manifest.value(r, Manifest.STATUS))) {
                failures.putIfAbsent((String) Manifest.value(r, "input"), "segment " + Manifest.value(r, "segment")
                        + ": " + Manifest.value(r, "error"));
            }
        }
        return failures;
    }
}
