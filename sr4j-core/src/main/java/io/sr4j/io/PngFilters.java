package io.sr4j.io;

/**
 * The five PNG row filters (None, Sub, Up, Average, Paeth; PNG spec §9) and the usual adaptive
 * choice between them: the filter whose output has the smallest sum of absolute values, read as
 * signed bytes (the heuristic libpng uses). One instance per thread: it holds scratch rows.
 */
final class PngFilters {
    private final int rowBytes;
    private final int bpp;
    private final byte[][] candidates;

    PngFilters(int rowBytes, int bytesPerPixel) {
        this.rowBytes = rowBytes;
        this.bpp = bytesPerPixel;
        this.candidates = new byte[5][rowBytes];
    }

    /**
     * Filters the row at {@code raw[at]} and writes filter type byte + filtered row at
     * {@code out[outAt]}. {@code prior} is the row above in {@code priorRow} or -1 for the first row.
     */
    void filterBest(byte[] raw, int at, byte[] priorRow, int prior, byte[] out, int outAt) {
        long best = Long.MAX_VALUE;
        int bestType = 0;
        for (int type = 0; type < 5; type++) {
            long cost = filter(type, raw, at, priorRow, prior, candidates[type]);
            if (cost < best) {
                best = cost;
                bestType = type;
            }
        }
        out[outAt] = (byte) bestType;
        System.arraycopy(candidates[bestType], 0, out, outAt + 1, rowBytes);
    }

    /** Applies filter {@code type} into {@code dst}; returns the sum of |signed byte| of the result. */
    private long filter(int type, byte[] raw, int at, byte[] priorRow, int prior, byte[] dst) {
        // One loop per filter keeps the per-byte work free of branches on the type.
        long cost = 0;
        int n = rowBytes;
        boolean up = prior >= 0;
        switch (type) {
            case 0 -> {
                for (int i = 0; i < n; i++) {
                    byte f = raw[at + i];
                    dst[i] = f;
                    cost += Math.abs(f);
                }
            }
            case 1 -> {
                for (int i = 0; i < n; i++) {
                    int a = i >= bpp ? raw[at + i - bpp] : 0;
                    byte f = (byte) (raw[at + i] - a);
                    dst[i] = f;
                    cost += Math.abs(f);
                }
            }
            case 2 -> {
                for (int i = 0; i < n; i++) {
                    int b = up ? priorRow[prior + i] : 0;
                    byte f = (byte) (raw[at + i] - b);
                    dst[i] = f;
                    cost += Math.abs(f);
                }
            }
            case 3 -> {
                for (int i = 0; i < n; i++) {
                    int a = i >= bpp ? raw[at + i - bpp] & 0xFF : 0;
                    int b = up ? priorRow[prior + i] & 0xFF : 0;
                    byte f = (byte) (raw[at + i] - ((a + b) >>> 1));
                    dst[i] = f;
                    cost += Math.abs(f);
                }
            }
            default -> {
                for (int i = 0; i < n; i++) {
                    int a = i >= bpp ? raw[at + i - bpp] & 0xFF : 0;
                    int b = up ? priorRow[prior + i] & 0xFF : 0;
                    int c = up && i >= bpp ? priorRow[prior + i - bpp] & 0xFF : 0;
                    byte f = (byte) (raw[at + i] - paeth(a, b, c));
                    dst[i] = f;
                    cost += Math.abs(f);
                }
            }
        }
        return cost;
    }

    private static int paeth(int a, int b, int c) {
        int p = a + b - c;
        int pa = Math.abs(p - a);
        int pb = Math.abs(p - b);
        int pc = Math.abs(p - c);
        if (pa <= pb && pa <= pc) {
            return a;
        }
        return pb <= pc ? b : c;
    }
}
