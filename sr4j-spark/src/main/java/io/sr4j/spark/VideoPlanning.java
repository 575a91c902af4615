package io.sr4j.spark;

import io.sr4j.Sr4jException;
import io.sr4j.video.VideoInfo;
import io.sr4j.video.VideoUpscaler;
import java.io.FileNotFoundException;
import org.apache.spark.api.java.function.Function;

/**
 * Plans one video on an executor: reads its header, then decodes it once (no network) to cut it
 * into segments ({@link io.sr4j.video.VideoSegments#plan}). A video that cannot be read is a failed
 * plan naming the file; a problem of the cluster fails the task, which Spark retries.
 */
final class VideoPlanning implements Function<InputFile, PlannedVideo> {
    private final BatchSettings settings;
    private final VideoSettings video;
    private final HadoopConf conf;

    VideoPlanning(BatchSettings settings, VideoSettings video, HadoopConf conf) {
        this.settings = settings;
        this.video = video;
        this.conf = conf;
    }

    @Override
    public PlannedVideo call(InputFile input) throws Exception {
        long start = System.nanoTime();
        StagedFiles files = new StagedFiles(conf.get());
        long bytes = -1;
        java.nio.file.Path file = null;
        try (StagedFiles.LocalInput local = files.fetch(input.path())) {
            file = local.file();
            bytes = files.size(input.path());
            VideoInfo info = VideoUpscaler.probe(local.file());
            var plan = VideoNetwork.of(settings, video, info.width(), info.height()).segments().plan(local.file());
            return new PlannedVideo(input, bytes, plan, null, seconds(start));
        } catch (Sr4jException | IllegalArgumentException e) {
            return new PlannedVideo(input, bytes, null, named(e.getMessage(), file, input), seconds(start));
        } catch (FileNotFoundException e) {
            return new PlannedVideo(input, bytes, null, input.path() + ": the input is gone (" + e.getMessage() + ")",
                    seconds(start));
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
