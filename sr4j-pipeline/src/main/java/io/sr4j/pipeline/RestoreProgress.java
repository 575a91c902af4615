package io.sr4j.pipeline;

import java.util.function.DoubleConsumer;

/** Told how the stages of one image go; called from the work's threads, keep it quick. */
@FunctionalInterface
public interface RestoreProgress {
    /**
     * Stage {@code stage} (0-based) of {@code stages} has {@code done} of {@code total} tiles done.
     */
    void advanced(int stage, int stages, int done, int total);

    static RestoreProgress none() {
        return (stage, stages, done, total) -> { };
    }

    /** The whole image's share done, 0..1, each stage an equal part. */
    static RestoreProgress fraction(DoubleConsumer share) {
        return (stage, stages, done, total) -> share.accept((stage + (total == 0 ? 1 : (double) done / total)) / stages);
    }
}
