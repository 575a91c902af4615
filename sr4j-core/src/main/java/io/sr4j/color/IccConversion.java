package io.sr4j.color;

import io.sr4j.image.PlanarImage;
import java.awt.color.ColorSpace;
import java.awt.color.ICC_ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.color.ICC_ProfileGray;
import java.awt.color.ICC_ProfileRGB;
import java.awt.image.ColorConvertOp;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferFloat;
import java.awt.image.PixelInterleavedSampleModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.util.Objects;

/**
 * Converts planar float RGB pixels between an embedded ICC profile and sRGB, in float, so 16-bit
 * sources lose nothing and values outside [0, 1] (colours outside sRGB's gamut) are not clipped here.
 *
 * <p>Matrix/TRC profiles (nearly every camera, monitor and working-space profile: Adobe RGB,
 * Display P3, ProPhoto, grey gamma profiles) take an exact path: each channel through the
 * profile's tone curve to linear light, the profile's colorant matrix to the D50 connection space,
 * sRGB's inverse matrix (from the JDK's sRGB profile, adapted the same way) and the sRGB curve of
 * IEC 61966-2-1. Other profiles (lookup tables, parametric curves the JDK does not expose) go
 * through the JDK's colour engine (LittleCMS) with {@link ColorConvertOp}.
 *
 * <p>Instances are immutable and may be shared between threads. {@link #applyRows} works on a
 * band of rows in place, so a streaming pipeline can convert tiles or row bands as they pass.
 */
public final class IccConversion {
    private static final ICC_ProfileRGB SRGB = (ICC_ProfileRGB) ICC_Profile.getInstance(ColorSpace.CS_sRGB);

    private final ToneCurve[] curves; // null for the colour-engine path
    private final double[] matrix;    // 3x3 row-major, linear source RGB -> linear target RGB
    private final boolean toSrgb;
    private final ICC_ColorSpace space; // the profile's colour space, for the colour-engine path
    private final boolean grey;

    private IccConversion(ToneCurve[] curves, double[] matrix, boolean toSrgb, ICC_ColorSpace space, boolean grey) {
        this.curves = curves;
        this.matrix = matrix;
        this.toSrgb = toSrgb;
        this.space = space;
        this.grey = grey;
    }

    /**
     * A conversion from the colour space of {@code icc} (an RGB or grey profile) to sRGB.
     *
     * @throws IllegalArgumentException if the bytes are not an ICC profile, or describe another
     *                                  colour space (CMYK, Lab)
     */
    public static IccConversion toSrgb(byte[] icc) {
        return of(icc, true);
    }

    /** The inverse: from sRGB into the colour space of {@code icc}. */
    public static IccConversion fromSrgb(byte[] icc) {
        return of(icc, false);
    }

    /**
     * True if {@code icc} describes sRGB (colorants and tone curves within 1/1000 of it), so its
     * pixels need no conversion. Grey profiles are never sRGB.
     */
    public static boolean isSrgb(byte[] icc) {
        ICC_Profile profile = profile(icc);
        if (!(profile instanceof ICC_ProfileRGB rgb)) {
            return false;
        }
        float[][] m = rgb.getMatrix();
        float[][] s = SRGB.getMatrix();
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 3; c++) {
                if (Math.abs(m[r][c] - s[r][c]) > 2e-3) {
                    return false;
                }
            }
        }
        for (int c = 0; c < 3; c++) {
            ToneCurve curve = ToneCurve.of(rgb, c);
            if (curve == null) {
                return false;
            }
            for (int i = 0; i <= 20; i++) {
                double v = i / 20.0;
                if (Math.abs(curve.toLinear(v) - SrgbCurve.toLinear(v)) > 2e-3) {
                    return false;
                }
            }
        }
        return true;
    }

    private static IccConversion of(byte[] icc, boolean toSrgb) {
        ICC_Profile profile = profile(icc);
        if (profile instanceof ICC_ProfileGray g) {
            ToneCurve curve = ToneCurve.of(g);
            if (curve != null) {
                return new IccConversion(new ToneCurve[] {curve, curve, curve}, null, toSrgb, null, true);
            }
        } else if (profile instanceof ICC_ProfileRGB rgb) {
            ToneCurve[] curves = {ToneCurve.of(rgb, 0), ToneCurve.of(rgb, 1), ToneCurve.of(rgb, 2)};
            if (curves[0] != null && curves[1] != null && curves[2] != null) {
                double[] toPcs = toDouble(rgb.getMatrix());
                double[] srgbToPcs = toDouble(SRGB.getMatrix());
                double[] m = toSrgb ? multiply(Gamut.invert(srgbToPcs), toPcs) : multiply(Gamut.invert(toPcs), srgbToPcs);
                return new IccConversion(curves, m, toSrgb, null, false);
            }
        }
        int type = profile.getColorSpaceType();
        if (type != ColorSpace.TYPE_RGB && type != ColorSpace.TYPE_GRAY) {
            throw new IllegalArgumentException("only RGB and grey ICC profiles can be converted, got colour space type "
                    + type);
        }
        return new IccConversion(null, null, toSrgb, new ICC_ColorSpace(profile), type == ColorSpace.TYPE_GRAY);
    }

    private static ICC_Profile profile(byte[] icc) {
        Objects.requireNonNull(icc, "icc");
        try {
            return ICC_Profile.getInstance(icc);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a valid ICC profile (" + e.getMessage() + ")", e);
        }
    }

    /** A converted copy of {@code rgb} (three planes). */
    public PlanarImage apply(PlanarImage rgb) {
        PlanarImage out = rgb.copy();
        applyRows(out, 0, out.height());
        return out;
    }

    /** Converts rows {@code [y0, y1)} of the three planes of {@code rgb} in place. */
    public void applyRows(PlanarImage rgb, int y0, int y1) {
        if (rgb.channels() != 3) {
            throw new IllegalArgumentException("colour conversion needs 3 planes, got " + rgb.channels());
        }
        if (y0 < 0 || y1 > rgb.height() || y0 > y1) {
            throw new IllegalArgumentException("rows [" + y0 + ", " + y1 + ") outside 0.." + rgb.height());
        }
        int from = y0 * rgb.width();
        int to = y1 * rgb.width();
        if (curves == null) {
            convertWithColourEngine(rgb, from, to);
        } else if (grey) {
            convertGrey(rgb, from, to);
        } else {
            convertMatrix(rgb, from, to);
        }
    }

    private void convertMatrix(PlanarImage rgb, int from, int to) {
        float[] d = rgb.data();
        int n = rgb.planeSize();
        double[] m = matrix;
        for (int i = from; i < to; i++) {
            double r = d[i];
            double g = d[n + i];
            double b = d[2 * n + i];
            if (toSrgb) {
                r = curves[0].toLinear(r);
                g = curves[1].toLinear(g);
                b = curves[2].toLinear(b);
            } else {
                r = SrgbCurve.toLinear(r);
                g = SrgbCurve.toLinear(g);
                b = SrgbCurve.toLinear(b);
            }
            double x = m[0] * r + m[1] * g + m[2] * b;
            double y = m[3] * r + m[4] * g + m[5] * b;
            double z = m[6] * r + m[7] * g + m[8] * b;
            if (toSrgb) {
                d[i] = (float) SrgbCurve.fromLinear(x);
                d[n + i] = (float) SrgbCurve.fromLinear(y);
                d[2 * n + i] = (float) SrgbCurve.fromLinear(z);
            } else {
                d[i] = (float) curves[0].fromLinear(x);
                d[n + i] = (float) curves[1].fromLinear(y);
                d[2 * n + i] = (float) curves[2].fromLinear(z);
            }
        }
    }

    /** Grey: the same luminance in sRGB's curve (sRGB grey has R = G = B). */
    private void convertGrey(PlanarImage rgb, int from, int to) {
        float[] d = rgb.data();
        int n = rgb.planeSize();
        for (int c = 0; c < 3; c++) {
            for (int i = from + c * n; i < to + c * n; i++) {
                d[i] = (float) (toSrgb ? SrgbCurve.fromLinear(curves[0].toLinear(d[i]))
                        : curves[0].fromLinear(SrgbCurve.toLinear(d[i])));
            }
        }
    }

    private void convertWithColourEngine(PlanarImage rgb, int from, int to) {
        float[] d = rgb.data();
        int n = rgb.planeSize();
        int count = to - from;
        if (count == 0) {
            return;
        }
        ColorSpace srgb = ColorSpace.getInstance(ColorSpace.CS_sRGB);
        ColorSpace source = toSrgb ? space : srgb;
        ColorSpace target = toSrgb ? srgb : space;
        int inBands = source.getNumComponents();
        int outBands = target.getNumComponents();
        float[] in = new float[count * inBands];
        for (int i = 0; i < count; i++) {
            for (int c = 0; c < inBands; c++) {
                in[i * inBands + c] = clamp(d[c * n + from + i]);
            }
        }
        WritableRaster src = floatRaster(in, count, inBands);
        WritableRaster dst = floatRaster(new float[count * outBands], count, outBands);
        new ColorConvertOp(source, target, null).filter((Raster) src, dst);
        float[] out = ((DataBufferFloat) dst.getDataBuffer()).getData();
        for (int i = 0; i < count; i++) {
            for (int c = 0; c < 3; c++) {
                d[c * n + from + i] = out[i * outBands + Math.min(c, outBands - 1)];
            }
        }
    }

    private static WritableRaster floatRaster(float[] data, int width, int bands) {
        int[] offsets = new int[bands];
        for (int b = 0; b < bands; b++) {
            offsets[b] = b;
        }
        return Raster.createWritableRaster(new PixelInterleavedSampleModel(DataBuffer.TYPE_FLOAT, width, 1, bands,
                width * bands, offsets), new DataBufferFloat(data, data.length), null);
    }

    private static float clamp(float v) {
        return v < 0f ? 0f : Math.min(v, 1f);
    }

    private static double[] toDouble(float[][] m) {
        double[] out = new double[9];
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 3; c++) {
                out[3 * r + c] = m[r][c];
            }
        }
        return out;
    }

    private static double[] multiply(double[] a, double[] b) {
        double[] out = new double[9];
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 3; c++) {
                out[3 * r + c] = a[3 * r] * b[c] + a[3 * r + 1] * b[3 + c] + a[3 * r + 2] * b[6 + c];
            }
        }
        return out;
    }

    /** The sRGB tone curve of IEC 61966-2-1, extended as an odd function beyond [0, 1]. */
    static final class SrgbCurve {
        private SrgbCurve() {
        }

        static double toLinear(double v) {
            return SdrTransfer.SRGB.toLinear(v);
        }

        static double fromLinear(double l) {
            return SdrTransfer.SRGB.fromLinear(l);
        }
    }

    /** One channel's tone curve of a matrix/TRC profile: a gamma or a sampled table. */
    static final class ToneCurve {
        private final double gamma;   // > 0 for a pure gamma curve
        private final double[] table; // else samples over [0, 1]

        private ToneCurve(double gamma, double[] table) {
            this.gamma = gamma;
            this.table = table;
        }

        private static final int[] RGB_TAGS = {ICC_Profile.icSigRedTRCTag, ICC_Profile.icSigGreenTRCTag,
            ICC_Profile.icSigBlueTRCTag};

        /** The curve of component {@code c} of {@code rgb}, or null if it is of a type sr4j does not read. */
        static ToneCurve of(ICC_ProfileRGB rgb, int c) {
            return read(rgb.getData(RGB_TAGS[c]));
        }

        static ToneCurve of(ICC_ProfileGray grey) {
            return read(grey.getData(ICC_Profile.icSigGrayTRCTag));
        }

        /**
         * Reads a 'curv' (ICC.1 10.6: no entries = identity, one = gamma in u8Fixed8, else samples)
         * or 'para' (10.18: five function types) tag; para curves are sampled into a table.
         */
        private static ToneCurve read(byte[] tag) {
            if (tag == null || tag.length < 12) {
                return null;
            }
            java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(tag);
            String type = new String(tag, 0, 4, java.nio.charset.StandardCharsets.US_ASCII);
            if (type.equals("curv")) {
                int count = b.getInt(8);
                if (count == 0) {
                    return new ToneCurve(1, null);
                }
                if (count == 1) {
                    return new ToneCurve((b.getShort(12) & 0xFFFF) / 256.0, null);
                }
                if (tag.length < 12 + 2 * count) {
                    return null;
                }
                double[] t = new double[count];
                for (int i = 0; i < count; i++) {
                    t[i] = (b.getShort(12 + 2 * i) & 0xFFFF) / 65535.0;
                }
                return new ToneCurve(0, t);
            }
            if (type.equals("para")) {
                int function = b.getShort(8) & 0xFFFF;
                int[] counts = {1, 3, 4, 5, 7};
                if (function >= counts.length || tag.length < 12 + 4 * counts[function]) {
                    return null;
                }
                double[] p = new double[7];
                for (int i = 0; i < counts[function]; i++) {
                    p[i] = b.getInt(12 + 4 * i) / 65536.0; // s15Fixed16
                }
                if (function == 0) {
                    return new ToneCurve(p[0], null);
                }
                double[] t = new double[4096];
                for (int i = 0; i < t.length; i++) {
                    t[i] = parametric(function, p, i / (t.length - 1.0));
                }
                return new ToneCurve(0, t);
            }
            return null;
        }

        private static double parametric(int function, double[] p, double x) {
            double g = p[0], a = p[1], bb = p[2], c = p[3], d = p[4], e = p[5], f = p[6];
            return switch (function) {
                case 1 -> x >= -bb / a ? Math.pow(a * x + bb, g) : 0;
                case 2 -> x >= -bb / a ? Math.pow(a * x + bb, g) + c : c;
                case 3 -> x >= d ? Math.pow(a * x + bb, g) : c * x;
                default -> x >= d ? Math.pow(a * x + bb, g) + e : c * x + f;
            };
        }

        /** Encoded value to linear light; values outside [0, 1] follow the curve mirrored / extended. */
        double toLinear(double v) {
            double a = Math.abs(v);
            double l;
            if (table == null) {
                l = Math.pow(a, gamma);
            } else if (a >= 1) {
                l = table[table.length - 1] * a; // beyond the table: straight on
            } else {
                double x = a * (table.length - 1);
                int i = (int) x;
                double f = x - i;
                l = table[i] + f * (table[Math.min(i + 1, table.length - 1)] - table[i]);
            }
            return Math.copySign(l, v);
        }

        /** Linear light to encoded value: the inverse of {@link #toLinear} (tables are monotonic). */
        double fromLinear(double l) {
            double a = Math.abs(l);
            double v;
            if (table == null) {
                v = Math.pow(a, 1 / gamma);
            } else if (a >= table[table.length - 1]) {
                v = a / table[table.length - 1];
            } else {
                int lo = 0;
                int hi = table.length - 1;
                while (hi - lo > 1) {
                    int mid = (lo + hi) >>> 1;
                    if (table[mid] <= a) {
                        lo = mid;
                    } else {
                        hi = mid;
                    }
                }
                double span = table[hi] - table[lo];
                double f = span > 0 ? (a - table[lo]) / span : 0;
                v = (lo + f) / (table.length - 1);
            }
            return Math.copySign(v, l);
        }
    }
}
