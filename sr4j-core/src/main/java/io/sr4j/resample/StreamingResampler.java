package io.sr4j.resample;

import io.sr4j.image.PlanarImage;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A {@link Resampler} resize fed with input rows top to bottom and producing output rows as soon
 * as every input row they read has arrived, so neither image is ever whole in memory: it keeps a
 * window of horizontally resized input rows, as many as the vertical taps span.
 *
 * <p>Same taps, weights and double accumulation as {@link Resampler}; the order of the passes is
 * always horizontal first (the in-memory resize shrinks first), which changes results by a few
 * float32 roundings at most. Made by {@link Resampler#streaming}.
 *
 * <p>Not thread-safe: one producer calls {@link #push}. Output bands go to the consumer on the
 * producer's thread; each band is a new image the consumer may keep.
 */
public final class StreamingResampler {
    /** Output bands aim at about this many samples, so a consumer is called per band, not per row. */
    private static final int BAND_SAMPLES = 1 << 20;

    private final int inWidth;
    private final int inHeight;
    private final int outWidth;
    private final int outHeight;
    private final int channels;
    private final Contributions cx;
    private final Contributions cy;
    private final Consumer<PlanarImage> consumer;
    /** Output row y may be computed once input rows up to readyAfter[y] have arrived. */
    private final int[] readyAfter;
    /** The lowest input row that output rows y and later still read. */
    private final int[] keepFrom;
    /** Window of resized input rows: ring slot r % capacity holds input row r, channel-major. */
    private final float[][] window;
    private final int capacity;
    private final int bandRows;
    private final double[] acc;

    private int rowsIn;
    private int rowsOut;
    private PlanarImage band;
    private int bandFilled;

    StreamingResampler(Contributions cx, Contributions cy, int channels, Consumer<PlanarImage> consumer) {
        this.cx = cx;
        this.cy = cy;
        this.inWidth = cx.inLength;
        this.inHeight = cy.inLength;
        this.outWidth = cx.outLength;
        this.outHeight = cy.outLength;
        if (channels < 1) {
            throw new IllegalArgumentException("channels must be >= 1, got " + channels);
        }
        this.channels = channels;
        this.consumer = Objects.requireNonNull(consumer, "consumer");
        this.readyAfter = new int[outHeight];
        this.keepFrom = new int[outHeight + 1];
        int maxHi = 0;
        for (int y = 0; y < outHeight; y++) {
            for (int k = 0; k < cy.taps; k++) {
                maxHi = Math.max(maxHi, cy.index[y * cy.taps + k]);
            }
            readyAfter[y] = maxHi; // prefix max: rows come out in order
        }
        keepFrom[outHeight] = inHeight;
        for (int y = outHeight - 1; y >= 0; y--) {
            int lo = inHeight;
            for (int k = 0; k < cy.taps; k++) {
                lo = Math.min(lo, cy.index[y * cy.taps + k]);
            }
            keepFrom[y] = Math.min(lo, keepFrom[y + 1]); // suffix min: mirrored taps near edges
        }
        this.capacity = windowRows();
        this.window = new float[capacity][];
        this.bandRows = (int) Math.max(1, Math.min(outHeight, BAND_SAMPLES / ((long) outWidth * channels)));
        this.acc = new double[outWidth];
    }

    /** Rows the window must hold: the most rows alive at once while input arrives row by row. */
    private int windowRows() {
        int most = 1;
        int next = 0;
        for (int r = 0; r < inHeight; r++) {
            most = Math.max(most, r - keepFrom[next] + 1);
            while (next < outHeight && readyAfter[next] <= r) {
                next++;
            }
        }
        return most;
    }

    public int inputWidth() {
        return inWidth;
    }

    public int inputHeight() {
        return inHeight;
    }

    public int outputWidth() {
        return outWidth;
    }

    public int outputHeight() {
        return outHeight;
    }

    /** Output rows produced so far. */
    public int rowsOut() {
        return rowsOut;
    }

    /** Whether every input row has arrived (and so every output row has gone out). */
    public boolean isComplete() {
        return rowsIn == inHeight;
    }

    /**
     * Takes the next {@code rows.height()} input rows ({@code channels} planes of the input width)
     * and hands on every output row that became computable.
     *
     * @throws IllegalArgumentException if the band does not fit, or overflows the input height
     */
    public void push(PlanarImage rows) {
        Objects.requireNonNull(rows, "rows");
        if (rows.width() != inWidth || rows.channels() != channels) {
            throw new IllegalArgumentException("band " + rows + " is not " + channels + " planes of width " + inWidth);
        }
        if (rowsIn + (long) rows.height() > inHeight) {
            throw new IllegalArgumentException("band of " + rows.height() + " rows after " + rowsIn
                    + " overflows the input height " + inHeight);
        }
        for (int y = 0; y < rows.height(); y++) {
            storeRow(rows, y);
            rowsIn++;
            while (rowsOut < outHeight && readyAfter[rowsOut] < rowsIn) {
                emitRow();
            }
        }
    }

    /** Resizes input row {@code y} of {@code rows} horizontally into its window slot. */
    private void storeRow(PlanarImage rows, int y) {
        int slot = rowsIn % capacity;
        float[] dst = window[slot];
        if (dst == null) {
            dst = new float[channels * outWidth];
            window[slot] = dst;
        }
        float[] src = rows.data();
        int taps = cx.taps;
        int[] index = cx.index;
        double[] weight = cx.weight;
        for (int c = 0; c < channels; c++) {
            int in = rows.planeOffset(c) + y * inWidth;
            int out = c * outWidth;
            if (cx.identity) {
                System.arraycopy(src, in, dst, out, outWidth);
                continue;
            }
            for (int x = 0, t = 0; x < outWidth; x++, t += taps) {
                double sum = 0.0;
                for (int k = 0; k < taps; k++) {
                    sum += weight[t + k] * src[in + index[t + k]];
                }
                dst[out + x] = (float) sum;
            }
        }
    }

    private void emitRow() {
        if (band == null) {
            band = new PlanarImage(outWidth, Math.min(bandRows, outHeight - rowsOut), channels);
            bandFilled = 0;
        }
        int y = rowsOut;
        float[] out = band.data();
        int taps = cy.taps;
        for (int c = 0; c < channels; c++) {
            int o = band.planeOffset(c) + bandFilled * outWidth;
            if (cy.identity) {
                System.arraycopy(window[y % capacity], c * outWidth, out, o, outWidth);
                continue;
            }
            Arrays.fill(acc, 0.0);
            for (int k = 0, t = y * taps; k < taps; k++, t++) {
                double wk = cy.weight[t];
                float[] line = window[cy.index[t] % capacity];
                int base = c * outWidth;
                for (int x = 0; x < outWidth; x++) {
                    acc[x] += wk * line[base + x];
                }
            }
            for (int x = 0; x < outWidth; x++) {
                out[o + x] = (float) acc[x];
            }
        }
        rowsOut++;
        if (++bandFilled == band.height()) {
            PlanarImage full = band;
            band = null;
            consumer.accept(full);
        }
    }
}
