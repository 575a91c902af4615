package io.sr4j.server;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * One asynchronous job as stored in its directory ({@code job.json}) and shown by the API. Times are
 * ISO-8601 instants; sizes are null until known.
 *
 * @param id          random 32 hex digits, also the directory name
 * @param state       where it is
 * @param progress    percent done, 0..100
 * @param errorCode   why it failed (the same codes as the API's errors), when it failed
 * @param error       a message for the person who sent it, when it failed
 * @param params      what was asked for
 * @param inputName   the upload's (sanitised) file name
 * @param inputWidth  the input's size as declared by its header
 * @param inputHeight the input's size as declared by its header
 * @param outputWidth size of the result, once there is one
 * @param outputHeight size of the result, once there is one
 * @param resultFormat the result's format id ({@code png}, {@code jpeg}, … or a video container
 *                     {@code mp4}, {@code mkv}, {@code mov}), once there is one
 * @param video       for a video job: its container, length and frames; null for an image
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record Job(String id, JobState state, int progress, String errorCode, String error, UpscaleParams params,
           String inputName, Integer inputWidth, Integer inputHeight, Integer outputWidth, Integer outputHeight,
           String resultFormat, Video video, String createdAt, String startedAt, String finishedAt,
           String expiresAt) {

    /**
     * What a video job knows besides the image fields.
     *
     * @param container     the container the result is written in ({@link VideoContainer#id()})
     * @param frameRate     frames per second of the input
     * @param seconds       length of the input
     * @param frames        frames to upscale, estimated from length and frame rate
     * @param resumedFrames once finished: frames an interrupted earlier run had done (kept, not redone)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Video(String container, double frameRate, double seconds, long frames, Long resumedFrames) {
    }

    static Job queued(String id, UpscaleParams params, String inputName, int width, int height, Video video,
                      Instant now, Instant expires) {
        return new Job(id, JobState.QUEUED, 0, null, null, params, inputName, width, height, null, null, null, video,
                now.toString(), null, null, expires.toString());
    }

    Job running(Instant now) {
        return new Job(id, JobState.RUNNING, 0, null, null, params, inputName, inputWidth, inputHeight, null, null,
                null, video, createdAt, now.toString(), null, expiresAt);
    }

    Job withProgress(int percent) {
        return new Job(id, state, percent, errorCode, error, params, inputName, inputWidth, inputHeight, outputWidth,
                outputHeight, resultFormat, video, createdAt, startedAt, finishedAt, expiresAt);
    }

    /** Back to the queue (found running at start-up, or stopped by a shutdown). */
    Job requeued() {
        return new Job(id, JobState.QUEUED, 0, null, null, params, inputName, inputWidth, inputHeight, null, null,
                null, video, createdAt, null, null, expiresAt);
    }

    Job succeeded(ImagePipeline.Outcome outcome, Instant now, Instant expires) {
        return new Job(id, JobState.SUCCEEDED, 100, null, null, params, inputName, outcome.inputWidth(),
                outcome.inputHeight(), outcome.outputWidth(), outcome.outputHeight(), outcome.format().id(), video,
                createdAt, startedAt, now.toString(), expires.toString());
    }

    Job succeeded(VideoPipeline.Outcome outcome, Instant now, Instant expires) {
        Video done = new Video(video.container(), video.frameRate(), video.seconds(), outcome.frames(),
                outcome.resumedFrames());
        return new Job(id, JobState.SUCCEEDED, 100, null, null, params, inputName, inputWidth, inputHeight,
                outcome.width(), outcome.height(), video.container(), done, createdAt, startedAt, now.toString(),
                expires.toString());
    }

    Job ended(JobState end, String code, String message, Instant now, Instant expires) {
        return new Job(id, end, progress, code, message, params, inputName, inputWidth, inputHeight, null, null, null,
                video, createdAt, startedAt, now.toString(), expires.toString());
    }

    boolean expired(Instant now) {
        return state.finished() && Instant.parse(expiresAt).isBefore(now);
    }
}
