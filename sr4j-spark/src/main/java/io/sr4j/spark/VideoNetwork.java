package io.sr4j.spark;

import io.sr4j.image.PlanarImage;
import io.sr4j.pipeline.FrameStages;
import io.sr4j.pipeline.PipelineSpec;
import io.sr4j.video.VideoOptions;
import io.sr4j.video.VideoSegments;
import io.sr4j.video.VideoUpscaler;
import java.io.Serializable;
import java.util.function.UnaryOperator;

/**
 * The job's pipeline over a video's frames on an executor: the stages {@code sr4j video} runs for
 * the same spec (the library's {@link FrameStages}, over this JVM's shared models), wrapped as the
 * {@link VideoSegments} that plan, encode and join its segments.
 */
final class VideoNetwork {
    /** Called before each frame goes through the network; tests use it to make a task fail mid-segment. */
    @FunctionalInterface
    interface BeforeFrame extends Serializable {
        void before(InputFile video, int segment, int frame);

        static BeforeFrame nothing() {
            return (video, segment, frame) -> { };
        }
    }

    private final FrameStages stages;
    private final VideoOptions options;

    private VideoNetwork(FrameStages stages, VideoOptions options) {
        this.stages = stages;
        this.options = options;
    }

    /**
     * The pipeline for frames of {@code width} × {@code height}, encoded with {@code video} (a video's
     * own settings: {@link VideoSettings#forVideo}); the job's {@code hdr} stage goes to the encoder and
     * its {@code enhance} stage to the video's grade (smoothed per scene), as in {@code sr4j video}.
     */
    static VideoNetwork of(BatchSettings settings, VideoSettings video, int width, int height) {
        PipelineSpec frames = VideoUpscaler.frameStages(settings.spec());
        return new VideoNetwork(ImageWork.restorer(settings.withPipeline(frames.toString())).frames(width, height),
                video.options(settings.hdr(), settings.enhances()));
    }

    /** Segments made by this pipeline (the same settings everywhere, so plan, segments and join agree). */
    VideoSegments segments() {
        return segments(stages);
    }

    /** Segments made by this pipeline, each frame announced to {@code hook} first. */
    VideoSegments segments(InputFile input, int segment, BeforeFrame hook) {
        int[] frame = {0};
        UnaryOperator<PlanarImage> announced = rgb -> {
            hook.before(input, segment, frame[0]++);
            return stages.apply(rgb);
        };
        return segments(announced);
    }

    private VideoSegments segments(UnaryOperator<PlanarImage> network) {
        return new VideoSegments(network, stages.spec(), stages.factor(), options);
    }

    /** The model columns of what runs. */
    ModelColumns models() {
        return ModelColumns.of(stages.steps());
    }
}
