package io.sr4j.spark;

import io.sr4j.Sr4jException;
import io.sr4j.video.SegmentPlan;
import io.sr4j.video.VideoInfo;
import io.sr4j.video.VideoSegments;
import io.sr4j.video.VideoUpscaler;
import java.io.FileNotFoundException;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.sql.Row;

/**
 * The last step of one video, on an executor, once every segment is in its work directory: joins
 * the segments (by their committed names only, never a temporary one) with the input's audio and
 * subtitle streams copied, writes the output atomically (a temporary name beside it, or on HDFS/S3A
 * a local file uploaded under a hidden name, then a rename), and then removes the work directory.
 * An output that exists is complete and is skipped (a re-run, or an attempt after one that wrote it).
 */
final class VideoJoin implements Function<PlannedVideo, Row> {
    private final BatchSettings settings;
    private final OutputLayout layout;
    private final HadoopConf conf;

    VideoJoin(BatchSettings settings, OutputLayout layout, HadoopConf conf) {
        this.settings = settings;
        this.layout = layout;
        this.conf = conf;
    }

    @Override
    public Row call(PlannedVideo planned) throws Exception {
        long start = System.nanoTime();
        StagedFiles files = new StagedFiles(conf.get());
        InputFile input = planned.input();
        SegmentPlan plan = planned.plan();
        String output = layout.outputFor(input);
        String workDir = layout.workDirFor(input);
        if (files.exists(output)) {
            files.deleteTree(workDir); // left when an attempt died between its rename and this
            return VideoRows.video(planned, output, ManifestRow.Status.SKIPPED, null, null, null, files.size(output),
                    plan.frames(), ModelColumns.asked(settings), VideoPlanning.seconds(start));
        }
        List<String> names = new ArrayList<>();
        for (SegmentPlan.Segment s : plan.segments()) {
            names.add(OutputLayout.segmentName(s.index()));
        }
        int count = names.size();
        for (int k = 0; k < count; k++) {
            names.add(VideoSegments.lightFile(java.nio.file.Path.of(names.get(k))).toString());
        }
        java.nio.file.Path local = null;
        try (StagedFiles.LocalInput in = files.fetch(input.path());
             StagedFiles.LocalInputs parts = files.fetchAll(workDir, names)) {
            local = in.file();
            VideoNetwork network = VideoNetwork.of(settings, planned.video(), plan.width(), plan.height());
            StagedFiles.LocalOutput out = files.prepare(output);
            boolean published = false;
            try {
                network.segments().join(local, plan, parts.files().subList(0, count), out.file(),
                        warning -> System.err.println("sr4j-spark: " + input.path() + ": " + warning));
                VideoInfo written = VideoUpscaler.probe(out.file());
                files.publish(out, ImageWork.attemptName());
                published = true;
                files.deleteTree(workDir);
                return VideoRows.video(planned, output, ManifestRow.Status.OK, null, written.width(), written.height(),
                        files.size(output), plan.frames(), network.models(), VideoPlanning.seconds(start));
            } finally {
                if (!published) {
                    files.discard(out);
                }
            }
        } catch (Sr4jException | IllegalArgumentException | FileNotFoundException e) {
            return VideoRows.video(planned, output, ManifestRow.Status.FAILED,
                    VideoPlanning.named(e.getMessage(), local, input), null, null, null, null,
                    ModelColumns.asked(settings), VideoPlanning.seconds(start));
        }
    }
}
