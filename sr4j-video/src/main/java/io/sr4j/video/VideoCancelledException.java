package io.sr4j.video;

/**
 * The caller cancelled a run. The segments finished before it stay in the work directory, so a
 * later run with {@link VideoOptions#resume()} continues from there; no output file is written.
 */
public final class VideoCancelledException extends VideoException {
    public VideoCancelledException(String message) {
        super(message);
    }
}
