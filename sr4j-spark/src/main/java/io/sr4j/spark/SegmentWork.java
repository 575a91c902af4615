package io.sr4j.spark;

import io.sr4j.Sr4jException;
import io.sr4j.video.SegmentPlan;
import io.sr4j.video.SegmentResult;
import io.sr4j.video.VideoSegments;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;

/**
 * The work of one partition of video segments: each segment encoded into its video's work
 * directory ({@link OutputLayout#workDirFor}), one manifest line per segment.
 *
 * <p>Exactly once: a segment is encoded to a temporary name unique to the attempt (locally: beside
 * the target, by {@code AtomicFiles}; on HDFS/S3A: on local disk, uploaded under a hidden name with
 * the attempt in it) and appears under its own name only by an atomic rename, so a segment file
 * that exists is complete. A segment that exists is skipped (an earlier run, an earlier attempt,
 * or a speculative copy that finished first); two attempts that both finish rename complete files
 * of the same frames, and the join reads whichever won. Frames are never lost or repeated because
 * a segment is one file, named by its index.
 */
final class SegmentWork implements FlatMapFunction<Iterator<SegmentTask>, Row> {
    private final BatchSettings settings;
    private final OutputLayout layout;
    private final HadoopConf conf;
    private final Broadcast<List<PlannedVideo>> plans;
    private final VideoNetwork.BeforeFrame hook;

    SegmentWork(BatchSettings settings, OutputLayout layout, HadoopConf conf,
                Broadcast<List<PlannedVideo>> plans, VideoNetwork.BeforeFrame hook) {
        this.settings = settings;
        this.layout = layout;
        this.conf = conf;
        this.plans = plans;
        this.hook = hook;
    }

    @Override
    public Iterator<Row> call(Iterator<SegmentTask> tasks) throws Exception {
        List<SegmentTask> sorted = new ArrayList<>();
        tasks.forEachRemaining(sorted::add);
        sorted.sort(null); // one video's segments together: its input is fetched and its pipeline planned once
        StagedFiles files = new StagedFiles(conf.get());
        List<Row> rows = new ArrayList<>();
        Current current = null;
        try {
            for (SegmentTask task : sorted) {
                PlannedVideo planned = plans.value().get(task.video());
                if (current == null || current.index != task.video()) {
                    if (current != null) {
                        current.close();
                    }
                    current = new Current(task.video(), planned, files);
                }
                rows.add(process(planned, task.segment(), files, current));
            }
        } finally {
            if (current != null) {
                current.close();
            }
        }
        return rows.iterator();
    }

    private Row process(PlannedVideo planned, int index, StagedFiles files, Current current) throws Exception {
        long start = System.nanoTime();
        SegmentPlan plan = planned.plan();
        String target = layout.workDirFor(planned.input()) + "/" + OutputLayout.segmentName(index);
        long frames = plan.segments().get(index).frames();
        if (files.exists(target)) {
            return VideoRows.segment(planned, index, target, ManifestRow.Status.SKIPPED, null, null, null,
                    files.size(target), frames, ModelColumns.asked(settings), VideoPlanning.seconds(start));
        }
        java.nio.file.Path local = null;
        StagedFiles.LocalOutput out = null;
        boolean published = false;
        try {
            local = current.input();
            VideoNetwork network = current.network();
            out = files.prepare(target);
            VideoSegments segments = network.segments(planned.input(), index, hook);
            SegmentResult result = segments.encode(local, plan, index, out.file());
            java.nio.file.Path light = VideoSegments.lightFile(out.file());
            if (out.staged() && Files.exists(light)) {
                // The light level first: a segment that exists always has its own.
                files.upload(light, new Path(target + ".light"), ImageWork.attemptName());
            }
            files.publish(out, ImageWork.attemptName());
            published = true;
            return VideoRows.segment(planned, index, target, ManifestRow.Status.OK, null, result.width(),
                    result.height(), files.size(target), (long) result.frames(), network.models(),
                    VideoPlanning.seconds(start));
        } catch (Sr4jException | java.io.FileNotFoundException e) {
            // The video itself (changed, gone, undecodable from here): a failed line, the task goes on.
            return VideoRows.segment(planned, index, target, ManifestRow.Status.FAILED,
                    VideoPlanning.named(e.getMessage(), local, planned.input()), null, null, null, null,
                    ModelColumns.asked(settings), VideoPlanning.seconds(start));
        } finally {
            if (!published && out != null) {
                files.discard(out);
            }
        }
    }

    /** The video whose segments this partition is making: its local input and its pipeline, made on first use. */
    private final class Current implements AutoCloseable {
        private final int index;
        private final PlannedVideo planned;
        private final StagedFiles files;
        private StagedFiles.LocalInput input;
        private VideoNetwork network;

        Current(int index, PlannedVideo planned, StagedFiles files) {
            this.index = index;
            this.planned = planned;
            this.files = files;
        }

        java.nio.file.Path input() throws java.io.IOException {
            if (input == null) {
                input = files.fetch(planned.input().path());
            }
            return input.file();
        }

        VideoNetwork network() {
            if (network == null) {
                network = VideoNetwork.of(settings, planned.video(), planned.plan().width(), planned.plan().height());
            }
            return network;
        }

        @Override
        public void close() throws java.io.IOException {
            if (input != null) {
                input.close();
            }
        }
    }
}
