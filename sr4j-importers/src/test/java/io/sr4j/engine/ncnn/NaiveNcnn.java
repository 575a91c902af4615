package io.sr4j.engine.ncnn;

import java.util.Arrays;

/**
 * Straightforward Java versions of ncnn's CPU layers, written from the format's definition (ncnn's
 * {@code src/layer/*.cpp}: padding rules, coordinate formulas, edge handling), slow and obvious on
 * purpose. The converter tests run a converted layer in ONNX Runtime and compare it with these.
 */
final class NaiveNcnn {
    private NaiveNcnn() {
    }

    /** An ncnn blob: 3-D (c, h, w) or 1-D (length c; h = w = 1). */
    static final class Mat {
        final int dims;
        final int c;
        final int h;
        final int w;
        final float[] d;

        Mat(int c, int h, int w) {
            this(3, c, h, w, new float[c * h * w]);
        }

        Mat(int dims, int c, int h, int w, float[] d) {
            this.dims = dims;
            this.c = c;
            this.h = h;
            this.w = w;
            this.d = d;
            if (d.length != c * h * w) {
                throw new IllegalArgumentException(d.length + " != " + c + "x" + h + "x" + w);
            }
        }

        static Mat vector(float[] v) {
            return new Mat(1, v.length, 1, 1, v);
        }

        float at(int ch, int y, int x) {
            return d[(ch * h + y) * w + x];
        }

        void set(int ch, int y, int x, float v) {
            d[(ch * h + y) * w + x] = v;
        }

        long[] onnxShape() {
            return new long[] {1, c, h, w};
        }

        @Override
        public String toString() {
            return dims == 1 ? "Mat[" + c + "]" : "Mat[" + c + "x" + h + "x" + w + "]";
        }
    }

    static Mat random(java.util.Random rnd, int c, int h, int w) {
        Mat m = new Mat(c, h, w);
        for (int i = 0; i < m.d.length; i++) {
            m.d[i] = (float) rnd.nextGaussian();
        }
        return m;
    }

    // ---- activation (fused_activation.h) ----

    static float activation(float v, int type, float[] p) {
        switch (type) {
            case 0:
                return v;
            case 1:
                return Math.max(v, 0f);
            case 2:
                return v > 0 ? v : v * p[0];
            case 3:
                return v < p[0] ? p[0] : (v > p[1] ? p[1] : v);
            case 4:
                return (float) (1 / (1 + Math.exp(-v)));
            case 5:
                return (float) (v * Math.tanh(Math.log(Math.exp(v) + 1)));
            case 6: {
                float lower = -p[1] / p[0];
                float upper = 1f / p[0] + lower;
                if (v < lower) {
                    return 0f;
                }
                if (v > upper) {
                    return v;
                }
                return v * (v * p[0] + p[1]);
            }
            default:
                throw new IllegalArgumentException("activation " + type);
        }
    }

    static Mat activate(Mat x, int type, float[] p) {
        Mat out = new Mat(x.dims, x.c, x.h, x.w, x.d.clone());
        for (int i = 0; i < out.d.length; i++) {
            out.d[i] = activation(out.d[i], type, p);
        }
        return out;
    }

    // ---- padding ----

    static Mat pad(Mat x, int top, int bottom, int left, int right, float value) {
        Mat out = new Mat(x.c, x.h + top + bottom, x.w + left + right);
        Arrays.fill(out.d, value);
        for (int ch = 0; ch < x.c; ch++) {
            for (int y = 0; y < x.h; y++) {
                for (int xx = 0; xx < x.w; xx++) {
                    out.set(ch, y + top, xx + left, x.at(ch, y, xx));
                }
            }
        }
        return out;
    }

    /** ncnn's SAME padding (-233 upper, -234 lower) as {top, bottom, left, right}. */
    static int[] samePads(int h, int w, int kh, int kw, int sh, int sw, int dh, int dw, boolean upper) {
        int wpad = dw * (kw - 1) + 1 + (w - 1) / sw * sw - w;
        int hpad = dh * (kh - 1) + 1 + (h - 1) / sh * sh - h;
        wpad = Math.max(wpad, 0);
        hpad = Math.max(hpad, 0);
        return upper ? new int[] {hpad / 2, hpad - hpad / 2, wpad / 2, wpad - wpad / 2}
                : new int[] {hpad - hpad / 2, hpad / 2, wpad - wpad / 2, wpad / 2};
    }

    // ---- convolution / deconvolution ----

    /** Weight layout [out][in/group][kh][kw]; x already padded. */
    static Mat conv(Mat x, float[] weight, float[] bias, int out, int kh, int kw, int sh, int sw, int dh, int dw,
            int group) {
        int extH = dh * (kh - 1) + 1;
        int extW = dw * (kw - 1) + 1;
        int oh = (x.h - extH) / sh + 1;
        int ow = (x.w - extW) / sw + 1;
        int inPerGroup = x.c / group;
        int outPerGroup = out / group;
        Mat y = new Mat(out, oh, ow);
        for (int o = 0; o < out; o++) {
            int grp = o / outPerGroup;
            for (int i = 0; i < oh; i++) {
                for (int j = 0; j < ow; j++) {
                    double sum = bias == null ? 0 : bias[o];
                    for (int ci = 0; ci < inPerGroup; ci++) {
                        for (int ky = 0; ky < kh; ky++) {
                            for (int kx = 0; kx < kw; kx++) {
                                float wv = weight[((o * inPerGroup + ci) * kh + ky) * kw + kx];
                                sum += wv * x.at(grp * inPerGroup + ci, i * sh + ky * dh, j * sw + kx * dw);
                            }
                        }
                    }
                    y.set(o, i, j, (float) sum);
                }
            }
        }
        return y;
    }

    /** ncnn Deconvolution: weight [out][in][kh][kw], scatter, bias, then cut pads (top, bottom, left, right). */
    static Mat deconv(Mat x, float[] weight, float[] bias, int out, int kh, int kw, int sh, int sw, int dh, int dw,
            int outPadBottom, int outPadRight, int top, int bottom, int left, int right) {
        int fullH = (x.h - 1) * sh + dh * (kh - 1) + 1 + outPadBottom;
        int fullW = (x.w - 1) * sw + dw * (kw - 1) + 1 + outPadRight;
        double[] acc = new double[out * fullH * fullW];
        for (int o = 0; o < out; o++) {
            for (int ci = 0; ci < x.c; ci++) {
                for (int i = 0; i < x.h; i++) {
                    for (int j = 0; j < x.w; j++) {
                        float v = x.at(ci, i, j);
                        for (int ky = 0; ky < kh; ky++) {
                            for (int kx = 0; kx < kw; kx++) {
                                float wv = weight[((o * x.c + ci) * kh + ky) * kw + kx];
                                acc[(o * fullH + i * sh + ky * dh) * fullW + j * sw + kx * dw] += v * wv;
                            }
                        }
                    }
                }
            }
        }
        Mat y = new Mat(out, fullH - top - bottom, fullW - left - right);
        for (int o = 0; o < out; o++) {
            for (int i = 0; i < y.h; i++) {
                for (int j = 0; j < y.w; j++) {
                    y.set(o, i, j, (float) (acc[(o * fullH + i + top) * fullW + j + left] + (bias == null ? 0 : bias[o])));
                }
            }
        }
        return y;
    }

    // ---- Interp (interp.cpp) ----

    static Mat nearest(Mat x, int oh, int ow, float hsInv, float wsInv) {
        Mat y = new Mat(x.c, oh, ow);
        for (int ch = 0; ch < x.c; ch++) {
            for (int i = 0; i < oh; i++) {
                int sy = Math.min((int) (i * hsInv), x.h - 1);
                for (int j = 0; j < ow; j++) {
                    int sx = Math.min((int) (j * wsInv), x.w - 1);
                    y.set(ch, i, j, x.at(ch, sy, sx));
                }
            }
        }
        return y;
    }

    /** linear_coeffs: per output index {sx, a0, a1}. */
    private static float[][] linearCoeffs(int in, int out, boolean alignCorner) {
        double scale = alignCorner ? (double) (in - 1) / (out - 1) : (double) in / out;
        float[][] c = new float[out][];
        for (int dx = 0; dx < out; dx++) {
            float fx = alignCorner ? (float) (dx * scale) : (float) ((dx + 0.5) * scale - 0.5);
            int sx = (int) Math.floor(fx);
            fx -= sx;
            if (sx < 0) {
                sx = 0;
                fx = 0f;
            }
            if (sx >= in - 1) {
                sx = in - 2;
                fx = 1f;
            }
            c[dx] = new float[] {sx, 1f - fx, fx};
        }
        return c;
    }

    static Mat bilinear(Mat x, int oh, int ow, boolean alignCorner) {
        float[][] cx = linearCoeffs(x.w, ow, alignCorner);
        float[][] cy = linearCoeffs(x.h, oh, alignCorner);
        Mat y = new Mat(x.c, oh, ow);
        for (int ch = 0; ch < x.c; ch++) {
            for (int i = 0; i < oh; i++) {
                int sy = (int) cy[i][0];
                for (int j = 0; j < ow; j++) {
                    int sx = (int) cx[j][0];
                    float r0 = x.at(ch, sy, sx) * cx[j][1] + x.at(ch, sy, sx + 1) * cx[j][2];
                    float r1 = x.at(ch, sy + 1, sx) * cx[j][1] + x.at(ch, sy + 1, sx + 1) * cx[j][2];
                    y.set(ch, i, j, r0 * cy[i][1] + r1 * cy[i][2]);
                }
            }
        }
        return y;
    }

    /** cubic_coeffs with ncnn's folding of out-of-image taps: per output index {sx, a0..a3} over sx-1..sx+2. */
    private static float[][] cubicCoeffs(int in, int out, boolean alignCorner) {
        double scale = alignCorner ? (double) (in - 1) / (out - 1) : (double) in / out;
        float[][] c = new float[out][];
        for (int dx = 0; dx < out; dx++) {
            float fx = alignCorner ? (float) (dx * scale) : (float) ((dx + 0.5) * scale - 0.5);
            int sx = (int) Math.floor(fx);
            fx -= sx;
            float a = -0.75f;
            float fx0 = fx + 1;
            float fx1 = fx;
            float fx2 = 1 - fx;
            float[] k = new float[4];
            k[0] = a * fx0 * fx0 * fx0 - 5 * a * fx0 * fx0 + 8 * a * fx0 - 4 * a;
            k[1] = (a + 2) * fx1 * fx1 * fx1 - (a + 3) * fx1 * fx1 + 1;
            k[2] = (a + 2) * fx2 * fx2 * fx2 - (a + 3) * fx2 * fx2 + 1;
            k[3] = 1f - k[0] - k[1] - k[2];
            if (sx <= -1) {
                sx = 1;
                k = new float[] {1f - k[3], k[3], 0f, 0f};
            }
            if (sx == 0) {
                sx = 1;
                k = new float[] {k[0] + k[1], k[2], k[3], 0f};
            }
            if (sx == in - 2) {
                sx = in - 3;
                k = new float[] {0f, k[0], k[1], k[2] + k[3]};
            }
            if (sx >= in - 1) {
                sx = in - 3;
                k = new float[] {0f, 0f, k[0], 1f - k[0]};
            }
            c[dx] = new float[] {sx, k[0], k[1], k[2], k[3]};
        }
        return c;
    }

    static Mat bicubic(Mat x, int oh, int ow, boolean alignCorner) {
        float[][] cx = cubicCoeffs(x.w, ow, alignCorner);
        float[][] cy = cubicCoeffs(x.h, oh, alignCorner);
        Mat y = new Mat(x.c, oh, ow);
        for (int ch = 0; ch < x.c; ch++) {
            for (int i = 0; i < oh; i++) {
                int sy = (int) cy[i][0];
                for (int j = 0; j < ow; j++) {
                    int sx = (int) cx[j][0];
                    double v = 0;
                    for (int a = 0; a < 4; a++) {
                        double row = 0;
                        for (int b = 0; b < 4; b++) {
                            row += x.at(ch, sy - 1 + a, sx - 1 + b) * cx[j][1 + b];
                        }
                        v += row * cy[i][1 + a];
                    }
                    y.set(ch, i, j, (float) v);
                }
            }
        }
        return y;
    }

    // ---- pooling (pooling.cpp) ----

    static Mat globalPool(Mat x, boolean max) {
        float[] out = new float[x.c];
        int n = x.h * x.w;
        for (int ch = 0; ch < x.c; ch++) {
            double acc = max ? Double.NEGATIVE_INFINITY : 0;
            for (int i = 0; i < n; i++) {
                float v = x.d[ch * n + i];
                acc = max ? Math.max(acc, v) : acc + v;
            }
            out[ch] = (float) (max ? acc : acc / n);
        }
        return Mat.vector(out);
    }

    /**
     * Windowed pooling with explicit pads; {@code full} adds ncnn's tail padding (pad_mode 0). Average
     * pooling counts only positions inside the image when {@code includePad} is false.
     */
    static Mat pool(Mat x, boolean max, int kh, int kw, int sh, int sw, int top, int bottom, int left, int right,
            boolean full, boolean includePad) {
        int htail = 0;
        int wtail = 0;
        if (full) {
            int ht = (x.h + top + bottom - kh) % sh;
            int wt = (x.w + left + right - kw) % sw;
            htail = ht != 0 ? sh - ht : 0;
            wtail = wt != 0 ? sw - wt : 0;
        }
        int bh = x.h + top + bottom + htail;
        int bw = x.w + left + right + wtail;
        int oh = (bh - kh) / sh + 1;
        int ow = (bw - kw) / sw + 1;
        Mat y = new Mat(x.c, oh, ow);
        for (int ch = 0; ch < x.c; ch++) {
            for (int i = 0; i < oh; i++) {
                for (int j = 0; j < ow; j++) {
                    double acc = max ? Double.NEGATIVE_INFINITY : 0;
                    int area = 0;
                    for (int ky = 0; ky < kh; ky++) {
                        for (int kx = 0; kx < kw; kx++) {
                            int sy = i * sh + ky - top;
                            int sx = j * sw + kx - left;
                            boolean inside = sy >= 0 && sy < x.h && sx >= 0 && sx < x.w;
                            if (inside) {
                                float v = x.at(ch, sy, sx);
                                acc = max ? Math.max(acc, v) : acc + v;
                                area++;
                            } else if (!max && includePad) {
                                area++;
                            }
                        }
                    }
                    y.set(ch, i, j, (float) (max ? acc : acc / area));
                }
            }
        }
        return y;
    }

    // ---- others ----

    /** Copies x[c0:c0+nc, y0:y0+nh, x0:x0+nw]. */
    static Mat slice(Mat x, int c0, int nc, int y0, int nh, int x0, int nw) {
        Mat y = new Mat(x.dims, nc, nh, nw, new float[nc * nh * nw]);
        for (int ch = 0; ch < nc; ch++) {
            for (int i = 0; i < nh; i++) {
                for (int j = 0; j < nw; j++) {
                    y.set(ch, i, j, x.at(c0 + ch, y0 + i, x0 + j));
                }
            }
        }
        return y;
    }

    static Mat pixelShuffle(Mat x, int r, int mode) {
        int oc = x.c / (r * r);
        Mat y = new Mat(oc, x.h * r, x.w * r);
        for (int ch = 0; ch < oc; ch++) {
            for (int i = 0; i < r; i++) {
                for (int j = 0; j < r; j++) {
                    int src = mode == 0 ? ch * r * r + i * r + j : (i * r + j) * oc + ch;
                    for (int yy = 0; yy < x.h; yy++) {
                        for (int xx = 0; xx < x.w; xx++) {
                            y.set(ch, yy * r + i, xx * r + j, x.at(src, yy, xx));
                        }
                    }
                }
            }
        }
        return y;
    }

    static float binary(int op, float a, float b) {
        switch (op) {
            case 0: return a + b;
            case 1: return a - b;
            case 2: return a * b;
            case 3: return a / b;
            case 4: return Math.max(a, b);
            case 5: return Math.min(a, b);
            case 6: return (float) Math.pow(a, b);
            case 7: return b - a;
            case 8: return b / a;
            case 9: return (float) Math.pow(b, a);
            case 12: return a % b; // C fmodf
            case 13: return b % a;
            case 14: return (float) Math.log(Math.exp(a) + Math.exp(b));
            case 15: return (float) Math.floor(a / b);
            case 16: return (float) Math.floor(b / a);
            case 17: return (float) Math.IEEEremainder(a, b);
            case 18: return (float) Math.IEEEremainder(b, a);
            default: throw new IllegalArgumentException("op " + op);
        }
    }
}
