package io.sr4j.diffusion;

import io.sr4j.tile.Rect;
import java.util.ArrayList;
import java.util.List;

/**
 * Overlapping windows over an image, on which the network predicts ε, and the smooth weights that
 * blend those predictions into one ε for the whole image. Where two windows overlap, a window's
 * predictions within {@code margin} of its cut edge (which saw the window's padding instead of the
 * image) get no weight, and across the rest of the overlap the weight passes from one window to the
 * next along a raised cosine (sin² + cos² = 1). The weights of each axis sum to 1 at every
 * position, so the blend is a convex combination and a pointwise network gives the same ε as on the
 * whole image. Image edges are not cut edges: there the window is the image.
 */
public final class WindowGrid {
    private final int width;
    private final int height;
    private final Axis columns;
    private final Axis rows;

    /**
     * @param window    window side, a multiple of {@code alignment} (smaller images get one window)
     * @param overlap   least overlap of neighbouring windows, a multiple of {@code alignment}
     * @param margin    pixels at a cut edge whose predictions are ignored (the network's receptive
     *                  radius); at most a third of the overlap is used
     * @param alignment windows start on and have sizes of multiples of it; the image's sides must be too
     */
    public WindowGrid(int width, int height, int window, int overlap, int margin, int alignment) {
        if (alignment < 1 || width < 1 || height < 1 || width % alignment != 0 || height % alignment != 0) {
            throw new IllegalArgumentException("image " + width + "x" + height
                    + " must have sides that are positive multiples of the alignment " + alignment);
        }
        if (window < alignment || window % alignment != 0 || overlap < 0 || overlap % alignment != 0
                || 2 * overlap > window) {
            throw new IllegalArgumentException("window " + window + " and overlap " + overlap
                    + " must be multiples of " + alignment + " with the overlap at most half the window");
        }
        this.width = width;
        this.height = height;
        int usedMargin = Math.max(0, Math.min(margin, overlap / 3));
        this.columns = new Axis(width, window, overlap, usedMargin, alignment);
        this.rows = new Axis(height, window, overlap, usedMargin, alignment);
    }

    /** One window covering the whole image. */
    public static WindowGrid whole(int width, int height) {
        int side = Math.max(width, height);
        return new WindowGrid(width, height, side, 0, 0, 1);
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** The windows, row by row. */
    public List<Rect> windows() {
        List<Rect> out = new ArrayList<>();
        for (int j = 0; j < rows.count(); j++) {
            for (int i = 0; i < columns.count(); i++) {
                out.add(new Rect(columns.start(i), rows.start(j), columns.length(i), rows.length(j)));
            }
        }
        return out;
    }

    /** The number of windows. */
    public int size() {
        return rows.count() * columns.count();
    }

    /** The largest window's pixels, for memory estimates. */
    public long largestWindowPixels() {
        long most = 0;
        for (Rect r : windows()) {
            most = Math.max(most, r.area());
        }
        return most;
    }

    /** Blend weight of window number {@code index} (of {@link #windows()}) at its pixel (x, y). */
    double weight(int index, int x, int y) {
        return columns.weight(index % columns.count(), x) * rows.weight(index / columns.count(), y);
    }

    /** The windows along one axis and their weights, which sum to 1 at every position. */
    private static final class Axis {
        private final int[] starts;
        private final int[] lengths;
        private final double[][] weights;

        Axis(int length, int window, int overlap, int margin, int alignment) {
            if (length <= window) {
                starts = new int[] {0};
                lengths = new int[] {length};
            } else {
                int stride = window - overlap;
                int count = (length - overlap + stride - 1) / stride;
                int travel = (length - window) / alignment; // in alignment units
                starts = new int[count];
                lengths = new int[count];
                for (int i = 0; i < count; i++) {
                    // Evenly spread on the alignment grid; each gap is at most the stride, so
                    // neighbours overlap by at least the overlap asked for.
                    starts[i] = (int) Math.round((double) travel * i / (count - 1)) * alignment;
                    lengths[i] = window;
                }
            }
            weights = new double[starts.length][];
            for (int i = 0; i < starts.length; i++) {
                weights[i] = new double[lengths[i]];
                for (int d = 0; d < lengths[i]; d++) {
                    int p = starts[i] + d;
                    double w = 1;
                    if (i > 0) {
                        w *= 1 - handOver(p, starts[i], starts[i - 1] + lengths[i - 1], margin);
                    }
                    if (i + 1 < starts.length) {
                        w *= handOver(p, starts[i + 1], starts[i] + lengths[i], margin);
                    }
                    weights[i][d] = w;
                }
            }
            normalise(length);
        }

        /**
         * Divides by the sum at each position. Two neighbours' shares already sum to 1; this covers
         * positions three windows share (windows packed tighter than the stride on a short axis).
         */
        private void normalise(int length) {
            double[] sum = new double[length];
            for (int i = 0; i < starts.length; i++) {
                for (int d = 0; d < lengths[i]; d++) {
                    sum[starts[i] + d] += weights[i][d];
                }
            }
            for (int i = 0; i < starts.length; i++) {
                for (int d = 0; d < lengths[i]; d++) {
                    weights[i][d] /= sum[starts[i] + d];
                }
            }
        }

        /**
         * The earlier window's share at {@code p} where the overlap is [{@code from}, {@code to}):
         * 1 up to the margin before the later window's cut edge, then a cos² fall to 0 a margin
         * before the earlier window's cut edge.
         */
        private static double handOver(int p, int from, int to, int margin) {
            int rampStart = from + margin;
            int ramp = Math.max(1, to - from - 2 * margin);
            double u = Math.min(1, Math.max(0, (p + 0.5 - rampStart) / ramp));
            double c = Math.cos(Math.PI / 2 * u);
            return c * c;
        }

        int count() {
            return starts.length;
        }

        int start(int i) {
            return starts[i];
        }

        int length(int i) {
            return lengths[i];
        }

        double weight(int i, int d) {
            return weights[i][d];
        }
    }
}
