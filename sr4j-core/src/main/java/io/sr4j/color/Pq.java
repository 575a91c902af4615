package io.sr4j.color;

/**
 * The perceptual quantiser of SMPTE ST 2084 (BT.2100 PQ): absolute display light in cd/m²
 * (0–10 000) to a signal in [0, 1] and back.
 */
public final class Pq {
    /** The luminance of PQ signal 1.0, cd/m². */
    public static final double PEAK_NITS = 10_000;

    private static final double M1 = 2610.0 / 16384;
    private static final double M2 = 2523.0 / 4096 * 128;
    private static final double C1 = 3424.0 / 4096;
    private static final double C2 = 2413.0 / 4096 * 32;
    private static final double C3 = 2392.0 / 4096 * 32;

    private Pq() {
    }

    /** The signal for display light {@code nits} (negative light is black, above 10 000 clipped). */
    public static double fromNits(double nits) {
        double y = Math.min(Math.max(nits, 0) / PEAK_NITS, 1);
        double p = Math.pow(y, M1);
        return Math.pow((C1 + C2 * p) / (1 + C3 * p), M2);
    }

    /** The display light, cd/m², of PQ signal {@code e} (the EOTF). */
    public static double toNits(double e) {
        double p = Math.pow(Math.min(Math.max(e, 0), 1), 1 / M2);
        return PEAK_NITS * Math.pow(Math.max(p - C1, 0) / (C2 - C3 * p), 1 / M1);
    }
}
