package io.sr4j.server;

import io.sr4j.pipeline.FrameStages;
import io.sr4j.pipeline.ImageRestorer;
import io.sr4j.pipeline.PipelineSpecException;
import io.sr4j.pipeline.RestoreOptions;
import io.sr4j.video.VideoCancelledException;
import io.sr4j.video.VideoCodec;
import io.sr4j.video.VideoException;
import io.sr4j.video.VideoInfo;
import io.sr4j.video.VideoOptions;
import io.sr4j.video.VideoProgress;
import io.sr4j.video.VideoResult;
import io.sr4j.video.VideoUpscaler;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

/**
 * The video work of the server: a probe and the limits before a job is queued, then every frame
 * through the optional denoiser and the model ({@link VideoUpscaler}), encoded in segments kept in
 * the job's folder, so that a job stopped by a restart continues from its last finished segment.
 * Messages name the upload by the client's name, never by a server path.
 */
final class VideoPipeline {
    /** What the probe found, as the job records it. */
    record Check(int width, int height, double frameRate, double seconds, long frames) {
    }

    /** What a finished run made. */
    record Outcome(int width, int height, long frames, long resumedFrames) {
    }

    private final ModelPool models;
    private final VideoLimits limits;
    private final ServerMetrics metrics;

    VideoPipeline(ModelPool models, VideoLimits limits, ServerMetrics metrics) {
        this.models = models;
        this.limits = limits;
        this.metrics = metrics;
    }

    /**
     * Checks a stored upload before it is queued: FFmpeg reads it, its length is known and within the
     * frame limit, its enlarged frames within the pixel limit, and the codec can be written.
     *
     * @throws ApiError 422 otherwise
     */
    Check check(Path input, String name, UpscaleParams params, VideoContainer container) {
        if (params.spec().hdr() != null && params.videoCodec() != VideoCodec.H265) {
            throw ApiError.badRequest("bad_codec", "HDR video (" + params.spec().hdr() + ") is written as 10-bit "
                    + "HEVC: use codec=h265, or leave codec out");
        }
        if (params.spec().hdr() != null && params.videoBitDepth() != 10) {
            throw ApiError.badRequest("bad_bit_depth", "HDR video (" + params.spec().hdr() + ") is written with 10 "
                    + "bits: use bit_depth=10, or leave bit_depth out");
        }
        VideoInfo info;
        try {
            info = VideoUpscaler.probe(input);
            VideoUpscaler.checkOutput(Path.of("result." + container.id()), options(params, 1));
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest("bad_codec", e.getMessage());
        } catch (VideoException e) {
            throw ApiError.unprocessable("unreadable_video", clientMessage(e, input, name), e);
        }
        if (params.spec().enhances() && info.hdr()) {
            throw ApiError.badRequest("bad_pipeline", name + ": is HDR (its transfer is PQ or HLG); enhance grades "
                    + "SDR video: leave enhance out");
        }
        if (!(info.frameRate() > 0) || !(info.seconds() > 0)) {
            throw ApiError.unprocessable("unknown_length", name + ": the video does not say its length or frame "
                    + "rate, so the server cannot bound the work; remux it (e.g. to mp4) and send it again", null);
        }
        long frames = Math.round(info.frameRate() * info.seconds());
        if (frames > limits.maxFrames()) {
            throw ApiError.unprocessable("too_many_frames", String.format(Locale.ROOT,
                    "%s: %.1f s at %.3g fps is about %d frames, more than this server takes (%d); send a shorter "
                            + "clip", name, info.seconds(), info.frameRate(), frames, limits.maxFrames()), null);
        }
        ImageRestorer restorer = restorer(params.perFrame());
        OutputLimit.check(name, true, info.width(), info.height(), restorer.spec().toString(),
                restorer.estimate(info.width(), info.height()), limits.maxFramePixels());
        return new Check(info.width(), info.height(), info.frameRate(), info.seconds(), frames);
    }

    /**
     * Upscales {@code input} into {@code output}, continuing from the segments an earlier run of the
     * same job left next to {@code output}.
     *
     * @param control told the share of frames done; ends the run (between frames) with
     *                {@link WorkStopped} when the job is cancelled, over its time or the server stops
     * @throws ApiError 422 when the video cannot be decoded or encoded
     */
    Outcome run(Path input, Path output, String name, UpscaleParams params, WorkControl control) {
        FrameStages stages;
        try {
            VideoInfo probed = VideoUpscaler.probe(input);
            stages = restorer(params.perFrame()).frames(probed.width(), probed.height());
        } catch (VideoException e) {
            throw ApiError.unprocessable("unreadable_video", clientMessage(e, input, name), e);
        } catch (PipelineSpecException e) {
            throw ApiError.badRequest("bad_pipeline", e.getMessage());
        }
        double scale = stages.factor();
        VideoOptions options = options(params, scale);
        // The manifest names the stages with their models, so a resume with other settings is refused.
        VideoUpscaler upscaler = new VideoUpscaler(stages, stages.spec(), scale, options);
        FrameControl frames = new FrameControl(control, Thread.currentThread());
        try {
            VideoResult result = upscaler.run(input, output, frames, frames);
            metrics.processed(result.frames() > result.resumedFrames()
                    ? (long) frames.inputPixels * (result.frames() - result.resumedFrames()) : 0);
            control.progress(1);
            return new Outcome(result.width(), result.height(), result.frames(), result.resumedFrames());
        } catch (VideoCancelledException e) {
            throw frames.why();
        } catch (VideoException e) {
            if (frames.stopped.get() != null || Thread.currentThread().isInterrupted()) {
                throw frames.why(); // a stage that failed because the run was being stopped
            }
            throw ApiError.unprocessable("video_failed", clientMessage(e, input, name), e);
        }
    }

    /**
     * The video options of a job: its codec, CRF, bit depth, HDR output and grade (enhance, smoothed
     * over each scene), in segments kept for a resume.
     */
    private VideoOptions options(UpscaleParams params, double scale) {
        return VideoOptions.builder().scale(scale).codec(params.videoCodec()).crf(params.videoCrf())
                .hdr(params.spec().hdr()).enhance(params.spec().enhances()).bitDepth(params.videoBitDepth())
                .segmentLength(limits.segmentLength()).resume(true).build();
    }

    /** The client's pipeline over the server's shared models. */
    private ImageRestorer restorer(UpscaleParams params) {
        return models.restorer(params, RestoreOptions.builder().quality(params.tier()).build());
    }

    /** The message of a video failure with the server's path of the upload replaced by its name. */
    private static String clientMessage(VideoException e, Path input, String name) {
        String message = String.valueOf(e.getMessage());
        message = message.replace(input.toAbsolutePath().toString(), name).replace(input.toString(), name);
        return message.startsWith(name) ? message : name + ": " + message;
    }

    /**
     * Between the video upscaler and the job: frames done become progress, and the job's control is
     * asked (by whichever stage thread polls) whether to go on. A {@link WorkStopped} it throws is
     * kept, so the reason survives the upscaler's own cancellation exception.
     */
    private static final class FrameControl implements VideoProgress, BooleanSupplier {
        private final WorkControl control;
        private final Thread worker;
        private final AtomicReference<WorkStopped> stopped = new AtomicReference<>();
        private volatile double fraction;
        private volatile int inputPixels;

        FrameControl(WorkControl control, Thread worker) {
            this.control = control;
            this.worker = worker;
        }

        @Override
        public void started(VideoInfo info, long totalFrames, long resumedFrames) {
            inputPixels = info.width() * info.height();
            fraction = totalFrames > 0 ? Math.min(1, (double) resumedFrames / totalFrames) : 0;
        }

        @Override
        public void frameDone(long frames, long totalFrames) {
            // The estimate of the total can be a frame short; the job reaches 100 % only when written.
            fraction = totalFrames > 0 ? Math.min(0.99, (double) frames / totalFrames) : 0;
        }

        @Override
        public boolean getAsBoolean() {
            if (stopped.get() != null) {
                return true;
            }
            if (worker.isInterrupted()) {
                stopped.compareAndSet(null, new WorkStopped(WorkStopped.Why.SHUTDOWN, "the server is stopping"));
                return true;
            }
            try {
                control.progress(fraction);
                return false;
            } catch (WorkStopped e) {
                stopped.compareAndSet(null, e);
                return true;
            }
        }

        /** Why the run stopped: what the control said, else the server is stopping (the worker was interrupted). */
        WorkStopped why() {
            WorkStopped e = stopped.get();
            return e != null ? e : new WorkStopped(WorkStopped.Why.SHUTDOWN, "the server is stopping");
        }
    }
}
