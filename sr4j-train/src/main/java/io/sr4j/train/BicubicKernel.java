package io.sr4j.train;

/**
 * Bicubic enlargement by a whole factor {@code s} (MATLAB {@code imresize}: a = −0.5, pixel
 * centres aligned) written as a 5×5 convolution to {@code s²} channels per colour, followed by a
 * depth-to-space. Every output pixel {@code (s·i + r)} sits at offset {@code (r + ½)/s − ½} from
 * input pixel {@code i}, so it mixes inputs {@code i−2 … i+2} with fixed weights. It is the
 * starting point of every network here: the body learns only the residual over bicubic, so even
 * a briefly trained network starts at bicubic quality.
 */
final class BicubicKernel {
    static final int SIZE = 5;

    private BicubicKernel() {
    }

    /** Weights of the grouped convolution, shape [3·s², 1, 5, 5], in pixel-shuffle channel order. */
    static float[] weights(int scale) {
        int s2 = scale * scale;
        float[] w = new float[3 * s2 * SIZE * SIZE];
        for (int c = 0; c < 3; c++) {
            for (int by = 0; by < scale; by++) {
                for (int bx = 0; bx < scale; bx++) {
                    int out = c * s2 + by * scale + bx;
                    for (int ky = 0; ky < SIZE; ky++) {
                        for (int kx = 0; kx < SIZE; kx++) {
                            w[(out * SIZE + ky) * SIZE + kx] = (float) (tap(scale, by, ky) * tap(scale, bx, kx));
                        }
                    }
                }
            }
        }
        return w;
    }

    /** Weight of kernel tap {@code k} (input offset k−2) for output phase {@code r}. */
    private static double tap(int scale, int r, int k) {
        double offset = (r + 0.5) / scale - 0.5;
        return cubic(offset - (k - SIZE / 2));
    }

    /** Keys' cubic with a = −0.5 (MATLAB's bicubic). */
    static double cubic(double x) {
        double a = Math.abs(x);
        if (a <= 1) {
            return 1.5 * a * a * a - 2.5 * a * a + 1;
        }
        if (a < 2) {
            return -0.5 * a * a * a + 2.5 * a * a - 4 * a + 2;
        }
        return 0;
    }
}
