package io.sr4j.spark;

import io.sr4j.Sr4jException;
import io.sr4j.video.VideoInfo;
import io.sr4j.video.VideoUpscaler;
import io.sr4j.video.SegmentPlan;
import java.io.FileNotFoundException;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.Function;

/**
 * Plans one video on an executor: reads its header, then decodes it once (no network) to cut it
 * into segments ({@link io.sr4j.video.VideoSegments#plan}), and readies its work directory
 * ({@link SegmentFolder}: segments of other settings removed). A video that cannot be read is a failed
 * plan naming the file; a problem of the cluster fails the task, which Spark retries.
 */
final class VideoPlanning implements Function<InputFile, PlannedVideo> {
    private final BatchSettings settings;
    private final VideoSettings video;
    private final OutputLayout layout;
    private final HadoopConf conf;

    VideoPlanning(BatchSettings settings, VideoSettings video, OutputLayout layout, HadoopConf conf) {
        this.settings = settings;
        this.video = video;
        this.layout = layout;
        this.conf = conf;
    }

    /** What the segments of this run depend on: the plan's settings and cuts, the input's size and time. */
    private Map<String, String> fingerprint(SegmentPlan plan, InputFile input) throws java.io.IOException {
        Path p = new Path(input.path());
        FileStatus status = p.getFileSystem(conf.get()).getFileStatus(p);
        Map<String, String> all = new TreeMap<>(plan.settings());
        all.put("input.size", Long.toString(status.getLen()));
        all.put("input.modified", Long.toString(status.getModificationTime()));
        all.put("frames", Long.toString(plan.frames()));
        all.put("segments", Integer.toString(plan.segments().size()));
        return all;
    }

    @Override
    public PlannedVideo call(InputFile input) throws Exception {
        long start = System.nanoTime();
        StagedFiles files = new StagedFiles(conf.get());
        long bytes = -1;
        java.nio.file.Path file = null;
        if (files.exists(layout.outputFor(input))) {
            return new PlannedVideo(input, files.size(input.path()), null, null, null, seconds(start));
        }
        try (StagedFiles.LocalInput local = files.fetch(input.path())) {
            file = local.file();
            bytes = files.size(input.path());
            VideoInfo info = VideoUpscaler.probe(local.file());
            // As sr4j video: HDR output (asked, or HDR input kept) is HEVC unless a codec is named.
            VideoSettings own = video.forVideo(settings.hdr() != null || info.hdr());
            var plan = VideoNetwork.of(settings, own, info.width(), info.height()).segments().plan(local.file());
            new SegmentFolder(conf.get(), layout.workDirFor(input)).prepare(fingerprint(plan, input), files,
                    ImageWork.attemptName());
            return new PlannedVideo(input, bytes, plan, own, null, seconds(start));
        } catch (Sr4jException | IllegalArgumentException e) {
            return new PlannedVideo(input, bytes, null, null, named(e.getMessage(), file, input), seconds(start));
        } catch (FileNotFoundException e) {
            return new PlannedVideo(input, bytes, null, null,
                    input.path() + ": the input is gone (" + e.getMessage() + ")", seconds(start));
        }
    }

    /** A message about the local file (a staged copy, or the file itself) names the input as the user knows it. */
    static String named(String message, java.nio.file.Path local, InputFile input) {
        String text = message == null ? "cannot be read" : message;
        if (local != null) {
            text = text.replace(local + ": ", "").replace(local.toString(), input.path());
        }
        return text.startsWith(input.path()) ? text : input.path() + ": " + text;
    }

    static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }
}
