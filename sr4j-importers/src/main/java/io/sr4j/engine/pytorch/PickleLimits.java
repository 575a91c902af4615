package io.sr4j.engine.pytorch;

/**
 * Bounds the pickle reader holds a file to, so that a hostile pickle cannot exhaust memory or the
 * Java stack. The defaults are far above what state dicts need (a large one has tens of thousands
 * of memo entries, marks nested a few levels deep, keys under a hundred characters).
 *
 * @param maxMemo        memo entries (BINPUT/MEMOIZE)
 * @param maxMarkDepth   MARKs open at once: how deeply tuples, lists and dicts nest while built
 * @param maxStack       values on the stack
 * @param maxStringBytes bytes of one string or bytes value
 */
public record PickleLimits(int maxMemo, int maxMarkDepth, int maxStack, int maxStringBytes) {
    public PickleLimits {
        if (maxMemo < 1 || maxMarkDepth < 1 || maxStack < 1 || maxStringBytes < 1) {
            throw new IllegalArgumentException("pickle limits must be positive");
        }
    }

    /** Limits for real checkpoints. */
    public static PickleLimits defaults() {
        return new PickleLimits(1 << 20, 64, 1 << 20, 1 << 20);
    }
}
