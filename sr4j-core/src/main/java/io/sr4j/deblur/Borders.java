package io.sr4j.deblur;

/** How indices outside an image are read. */
final class Borders {
    private Borders() {
    }

    /** Index {@code i} reflected into [0, n) with the edge sample repeated: -1 → 0, n → n-1 (MATLAB's 'symmetric'). */
    static int reflect(int i, int n) {
        if (n == 1) {
            return 0;
        }
        int period = 2 * n;
        int m = Math.floorMod(i, period);
        return m < n ? m : period - 1 - m;
    }
}
