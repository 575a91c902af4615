package io.sr4j.diffusion;

/**
 * Standard normal noise as a pure function of (seed, stream, channel, row, column): a counter-based
 * generator, so a value does not depend on which thread or window draws it, nor in what order.
 * The stream tells the starting noise from each step's fresh noise.
 */
final class GaussianNoise {
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;
    private static final double UNIT = 0x1.0p-53;

    private final long seedHash;

    GaussianNoise(long seed) {
        this.seedHash = mix(seed ^ GOLDEN);
    }

    /** The key of a row: the per-value work is then one hash per sample. */
    long rowKey(int stream, int channel, int row) {
        return mix(mix(mix(seedHash + stream) + channel) + row);
    }

    /** N(0, 1) at {@code column} of the row keyed {@code rowKey} (Box–Muller on two hashed uniforms). */
    static double sample(long rowKey, int column) {
        long h = mix(rowKey + column * GOLDEN);
        double u1 = ((h >>> 11) + 1) * UNIT; // (0, 1]: the logarithm stays finite
        double u2 = (mix(h + GOLDEN) >>> 11) * UNIT;
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }

    /** SplitMix64's finaliser (Steele, Lea &amp; Flood 2014): a bijective 64-bit mixer. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
