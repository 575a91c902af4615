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
 * @param resultFormat the result's format id ({@code png}, {@code jpeg}, …), once there is one
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record Job(String id, JobState state, int progress, String errorCode, String error, UpscaleParams params,
           String inputName, Integer inputWidth, Integer inputHeight, Integer outputWidth, Integer outputHeight,
           String resultFormat, String createdAt, String startedAt, String finishedAt, String expiresAt) {

    static Job queued(String id, UpscaleParams params, String inputName, int width, int height, Instant now,
                      Instant expires) {
        return new Job(id, JobState.QUEUED, 0, null, null, params, inputName, width, height, null, null, null,
                now.toString(), null, null, expires.toString());
    }

    Job running(Instant now) {
        return new Job(id, JobState.RUNNING, 0, null, null, params, inputName, inputWidth, inputHeight, null, null,
                null, createdAt, now.toString(), null, expiresAt);
    }

    Job withProgress(int percent) {
        return new Job(id, state, percent, errorCode, error, params, inputName, inputWidth, inputHeight, outputWidth,
                outputHeight, resultFormat, createdAt, startedAt, finishedAt, expiresAt);
    }

    /** Back to the queue (found running at start-up, or stopped by a shutdown). */
    Job requeued() {
        return new Job(id, JobState.QUEUED, 0, null, null, params, inputName, inputWidth, inputHeight, null, null,
                null, createdAt, null, null, expiresAt);
    }

    Job succeeded(ImagePipeline.Outcome outcome, Instant now, Instant expires) {
        return new Job(id, JobState.SUCCEEDED, 100, null, null, params, inputName, outcome.inputWidth(),
                outcome.inputHeight(), outcome.outputWidth(), outcome.outputHeight(), outcome.format().id(), createdAt,
                startedAt, now.toString(), expires.toString());
    }

    Job ended(JobState end, String code, String message, Instant now, Instant expires) {
        return new Job(id, end, progress, code, message, params, inputName, inputWidth, inputHeight, null, null, null,
                createdAt, startedAt, now.toString(), expires.toString());
    }

    boolean expired(Instant now) {
        return state.finished() && Instant.parse(expiresAt).isBefore(now);
    }
}
