package io.sr4j.resample;

/**
 * The taps of one axis of a resize, built once and read by every row or column: output sample
 * {@code i} is {@code sum over k < taps of weight[i * taps + k] * in[index[i * taps + k]]}.
 *
 * <p>Built as MATLAB's {@code imresize} builds its weight and index matrices: output sample
 * {@code x} (1-based) reads input coordinate {@code u = x / scale + 0.5 (1 - 1 / scale)}; taps
 * {@code floor(u - width / 2)} and the next {@code ceil(width) + 1}; weights normalised to sum 1;
 * positions outside the input mirrored with the edge sample repeated ({@code [1:n, n:-1:1]}
 * repeated); tap columns whose weight is zero for every output sample dropped. Indices are stored
 * 0-based and already mirrored into {@code [0, inLength)}.
 */
final class Contributions {
    final int inLength;
    final int outLength;
    final int taps;
    final int[] index;
    final double[] weight;
    /** True when every output sample is exactly the input sample at the same index (weight 1). */
    final boolean identity;

    private Contributions(int inLength, int outLength, int taps, int[] index, double[] weight) {
        this.inLength = inLength;
        this.outLength = outLength;
        this.taps = taps;
        this.index = index;
        this.weight = weight;
        this.identity = isIdentity(inLength, outLength, taps, index, weight);
    }

    /**
     * Taps for resizing {@code inLength} samples to {@code outLength} with the coordinate mapping
     * of {@code scale}; the kernel is widened by {@code 1 / scale} when {@code antialias} and
     * {@code scale < 1}.
     *
     * @throws IllegalArgumentException if the table would not fit in an array (a tiny scale)
     */
    static Contributions of(int inLength, int outLength, double scale, ResampleFilter filter, boolean antialias) {
        boolean widen = antialias && scale < 1.0;
        double kernelWidth = 2.0 * filter.support();
        if (widen) {
            kernelWidth /= scale;
        }
        long fullTaps = (long) Math.ceil(kernelWidth) + 2;
        if (fullTaps * outLength > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("scale " + scale + " is too small: resizing " + inLength
                    + " samples to " + outLength + " needs " + fullTaps + " taps per output sample");
        }
        int p = (int) fullTaps;
        double[] w = new double[outLength * p];
        int[] idx = new int[outLength * p];
        boolean[] used = new boolean[p];
        long period = 2L * inLength;
        for (int i = 0; i < outLength; i++) {
            // Same expression as MATLAB, so positions that land exactly on a half (nearest) or on
            // a kernel edge round the same way.
            double u = (i + 1) / scale + 0.5 * (1.0 - 1.0 / scale);
            double left = Math.floor(u - kernelWidth / 2.0);
            int row = i * p;
            double sum = 0.0;
            for (int k = 0; k < p; k++) {
                double position = left + k;
                double d = u - position;
                double wk = widen ? scale * filter.weight(scale * d) : filter.weight(d);
                w[row + k] = wk;
                sum += wk;
                // Mirror the 1-based position through [1..n, n..1]: 0 -> 1, -1 -> 2, n+1 -> n.
                long m = Math.floorMod((long) position - 1, period);
                idx[row + k] = (int) (m < inLength ? m : period - 1 - m);
            }
            if (!(sum != 0.0)) {
                // Every kernel here sums to about 1 over any window of P taps; reaching this
                // means a new filter broke that.
                throw new IllegalStateException("filter " + filter + " has zero total weight at output " + i);
            }
            for (int k = 0; k < p; k++) {
                w[row + k] /= sum;
                used[k] |= w[row + k] != 0.0;
            }
        }
        return compact(inLength, outLength, p, idx, w, used);
    }

    /** Drops the tap columns that are zero for every output sample (MATLAB's "kill" step). */
    private static Contributions compact(int inLength, int outLength, int p, int[] idx, double[] w, boolean[] used) {
        int kept = 0;
        for (boolean u : used) {
            kept += u ? 1 : 0;
        }
        if (kept == p) {
            return new Contributions(inLength, outLength, p, idx, w);
        }
        int[] index = new int[outLength * kept];
        double[] weight = new double[outLength * kept];
        for (int i = 0; i < outLength; i++) {
            int to = i * kept;
            for (int k = 0; k < p; k++) {
                if (used[k]) {
                    index[to] = idx[i * p + k];
                    weight[to] = w[i * p + k];
                    to++;
                }
            }
        }
        return new Contributions(inLength, outLength, kept, index, weight);
    }

    private static boolean isIdentity(int inLength, int outLength, int taps, int[] index, double[] weight) {
        if (inLength != outLength) {
            return false;
        }
        for (int i = 0; i < outLength; i++) {
            boolean seen = false;
            for (int k = i * taps; k < (i + 1) * taps; k++) {
                if (weight[k] == 1.0 && index[k] == i && !seen) {
                    seen = true;
                } else if (weight[k] != 0.0) {
                    return false;
                }
            }
            if (!seen) {
                return false;
            }
        }
        return true;
    }
}
