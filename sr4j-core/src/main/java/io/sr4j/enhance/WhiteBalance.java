package io.sr4j.enhance;

import java.util.Arrays;

/**
 * Ways to estimate the colour of the light a picture was taken under, from linear RGB samples:
 * each returns the illuminant (r, g, b), to be divided out. All assume that some statistic of
 * the scene is achromatic.
 */
public enum WhiteBalance {
    /** The mean of the scene is grey (Buchsbaum 1980). */
    GRAY_WORLD {
        @Override
        double[] illuminant(Sample s) {
            return minkowski(s, 1);
        }
    },
    /** The Minkowski 6-norm of the scene is grey, between grey-world and white-patch (Finlayson &amp; Trezzi 2004). */
    SHADES_OF_GRAY {
        @Override
        double[] illuminant(Sample s) {
            return minkowski(s, 6);
        }
    },
    /** The mean edge (gradient magnitude) is grey (van de Weijer, Gevers &amp; Gijsenij 2007, first order, p = 1). */
    GRAY_EDGE {
        @Override
        double[] illuminant(Sample s) {
            double[] e = new double[3];
            for (int c = 0; c < 3; c++) {
                float[] p = s.linear[c];
                double sum = 0;
                for (int y = 0; y + 1 < s.height; y++) {
                    for (int x = 0; x + 1 < s.width; x++) {
                        int i = y * s.width + x;
                        if (s.usable[i] && s.usable[i + 1] && s.usable[i + s.width]) {
                            double dx = p[i + 1] - p[i];
                            double dy = p[i + s.width] - p[i];
                            sum += Math.sqrt(dx * dx + dy * dy);
                        }
                    }
                }
                e[c] = sum;
            }
            return e;
        }
    },
    /** The brightest unclipped surfaces are white: the 99th percentile per channel. */
    WHITE_PATCH {
        @Override
        double[] illuminant(Sample s) {
            double[] e = new double[3];
            for (int c = 0; c < 3; c++) {
                float[] kept = new float[s.linear[c].length];
                int n = 0;
                for (int i = 0; i < kept.length; i++) {
                    if (s.usable[i]) {
                        kept[n++] = s.linear[c][i];
                    }
                }
                float[] sorted = Arrays.copyOf(kept, n);
                Arrays.sort(sorted);
                e[c] = n == 0 ? 1 : sorted[(int) Math.min(n - 1, Math.floor(0.99 * n))];
            }
            return e;
        }
    };

    /** The illuminant colour (r, g, b) of the sample; any overall scale. */
    abstract double[] illuminant(Sample s);

    private static double[] minkowski(Sample s, double p) {
        double[] e = new double[3];
        for (int c = 0; c < 3; c++) {
            float[] v = s.linear[c];
            double sum = 0;
            for (int i = 0; i < v.length; i++) {
                if (s.usable[i]) {
                    sum += p == 1 ? v[i] : Math.pow(v[i], p);
                }
            }
            e[c] = p == 1 ? sum : Math.pow(sum, 1 / p);
        }
        return e;
    }

    /**
     * Linear RGB samples on a grid, and which of them to trust: clipped or near-black samples say
     * nothing of the light's colour.
     */
    static final class Sample {
        final int width;
        final int height;
        final float[][] linear;
        final boolean[] usable;

        Sample(int width, int height, float[][] linear, boolean[] usable) {
            this.width = width;
            this.height = height;
            this.linear = linear;
            this.usable = usable;
        }
    }
}
