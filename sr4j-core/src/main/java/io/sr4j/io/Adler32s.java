package io.sr4j.io;

/** Adler-32 arithmetic that {@link java.util.zip.Adler32} lacks. */
final class Adler32s {
    private static final long BASE = 65521;

    private Adler32s() {
    }

    /**
     * The Adler-32 of A followed by B, from the checksums of A and of B and B's length (zlib's
     * {@code adler32_combine}): the checksum is two running sums, so B's sums shift by A's.
     */
    static long combine(long adlerA, long adlerB, long lengthB) {
        long rem = lengthB % BASE;
        long sum1 = adlerA & 0xFFFF;
        long sum2 = (rem * sum1) % BASE;
        sum1 += (adlerB & 0xFFFF) + BASE - 1;
        sum2 += ((adlerA >>> 16) & 0xFFFF) + ((adlerB >>> 16) & 0xFFFF) + BASE - rem;
        if (sum1 >= BASE) {
            sum1 -= BASE;
        }
        if (sum1 >= BASE) {
            sum1 -= BASE;
        }
        if (sum2 >= BASE << 1) {
            sum2 -= BASE << 1;
        }
        if (sum2 >= BASE) {
            sum2 -= BASE;
        }
        return sum1 | (sum2 << 16);
    }
}
