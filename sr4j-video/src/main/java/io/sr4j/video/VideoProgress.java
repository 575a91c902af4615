package io.sr4j.video;

/**
 * Told how a {@link VideoUpscaler} run goes. Called from the run's threads; keep it quick.
 */
public interface VideoProgress {
    /**
     * The input is open and the work is about to start.
     *
     * @param info          what the input holds
     * @param totalFrames   frames to upscale, estimated from duration and frame rate (0 if unknown)
     * @param resumedFrames frames already done by an earlier run (resume), not done again
     */
    default void started(VideoInfo info, long totalFrames, long resumedFrames) {
    }

    /** A frame is encoded; {@code done} counts resumed frames too. */
    default void frameDone(long done, long totalFrames) {
    }

    /** Something the user should know that does not stop the run (a stream left out). */
    default void warning(String message) {
    }

    /** Reports nothing. */
    static VideoProgress none() {
        return new VideoProgress() {
        };
    }
}
