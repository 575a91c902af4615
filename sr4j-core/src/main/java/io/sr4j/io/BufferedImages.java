package io.sr4j.io;

import io.sr4j.image.Picture;
import io.sr4j.image.PlanarImage;
import io.sr4j.image.SourceInfo;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.color.ICC_ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorConvertOp;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.ComponentSampleModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferUShort;
import java.awt.image.IndexColorModel;
import java.awt.image.PackedColorModel;
import java.awt.image.Raster;
import java.awt.image.SampleModel;
import java.awt.image.WritableRaster;
import java.util.Objects;
import java.util.Optional;

/**
 * Bulk conversion between {@link BufferedImage} (interleaved integer samples, as ImageIO reads and
 * writes them) and {@link Picture} (planar float32 in [0, 1]). Rows are read from the
 * {@link Raster}/{@link DataBuffer} in bulk; nothing goes through {@code getRGB}/{@code setRGB}.
 *
 * <p>Samples are taken as stored: an image tagged with a non-sRGB ICC profile keeps its values
 * (the profile travels in {@link SourceInfo}); only colour spaces that are neither RGB nor grey
 * (CMYK, Lab, …) are converted to sRGB.
 */
public final class BufferedImages {
    /** {@code LUT8[v] == v / 255f}: the float every 8-bit sample decodes to. */
    private static final float[] LUT8 = scaleTable(8);
    /** {@code LUT16[v] == v / 65535f}. */
    private static final float[] LUT16 = scaleTable(16);

    private BufferedImages() {
    }

    /**
     * Converts {@code image} to a picture. Reads: every band of the raster (colour, grey, palette
     * indices, alpha). Writes: a new picture whose RGB planes hold {@code sample / (2^bits - 1)}
     * (grey is copied to all three planes), an alpha plane if the colour model has alpha (straight,
     * never premultiplied), and a {@link SourceInfo} with {@code format}, the bit depth (16 when any
     * band has more than 8 bits or is floating point, else 8), grey-ness, no profile and
     * orientation 1.
     */
    public static Picture toPicture(BufferedImage image, String format) {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(format, "format");
        ColorModel cm = image.getColorModel();
        if (cm instanceof IndexColorModel icm) {
            return fromIndexed(image.getRaster(), icm, format);
        }
        if (isDirectlyReadable(cm, image.getRaster())) {
            return fromComponents(image.getRaster(), cm, format);
        }
        ColorSpace cs = cm.getColorSpace();
        if (cs.getType() == ColorSpace.TYPE_CMYK && !(cs instanceof ICC_ColorSpace) && !cm.hasAlpha()
                && cm.getNumColorComponents() == 4) {
            return fromUncalibratedCmyk(image.getRaster(), cm, format);
        }
        BufferedImage srgb = convertToSrgb(image);
        return fromComponents(srgb.getRaster(), srgb.getColorModel(), format);
    }

    /**
     * Converts {@code picture} to an image an ImageIO writer accepts. Reads: the RGB planes (or
     * their BT.601 luma when {@code grey}) and, when {@code withAlpha}, the alpha plane. Writes: a
     * new interleaved image with samples {@code clamp(floor(v * (2^bitDepth - 1) + 0.5))}, colour
     * space sRGB or grey, straight alpha. The samples are not colour-converted.
     *
     * @param bitDepth  8 or 16
     * @param grey      one grey band instead of three colour bands
     * @param withAlpha add the alpha plane as the last band; the picture must have one
     */
    public static BufferedImage toBufferedImage(Picture picture, int bitDepth, boolean grey, boolean withAlpha) {
        Objects.requireNonNull(picture, "picture");
        if (bitDepth != 8 && bitDepth != 16) {
            throw new IllegalArgumentException("bit depth must be 8 or 16, got " + bitDepth);
        }
        if (withAlpha && !picture.hasAlpha()) {
            throw new IllegalArgumentException("alpha requested but the picture has no alpha plane");
        }
        int w = picture.width();
        int h = picture.height();
        int colours = grey ? 1 : 3;
        int bands = colours + (withAlpha ? 1 : 0);
        if ((long) w * h * bands > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(w + "x" + h + " with " + bands + " bands is too large for one image buffer");
        }
        int n = w * h;
        float[] rgb = picture.rgb().data();
        float[] alpha = withAlpha ? picture.alpha().orElseThrow().data() : null;
        // Band order B, G, R (A first when present) as in TYPE_3BYTE_BGR / TYPE_4BYTE_ABGR, so the
        // 8-bit images are the standard types every writer knows.
        int[] bandOffsets = new int[bands];
        int firstColour = withAlpha ? 1 : 0;
        for (int b = 0; b < colours; b++) {
            bandOffsets[b] = firstColour + (colours - 1 - b);
        }
        if (withAlpha) {
            bandOffsets[colours] = 0;
        }
        DataBuffer buffer;
        if (bitDepth == 8) {
            byte[] out = new byte[n * bands];
            fill(rgb, alpha, n, grey, bands, bandOffsets, 255.0, out, null);
            buffer = new DataBufferByte(out, out.length);
        } else {
            short[] out = new short[n * bands];
            fill(rgb, alpha, n, grey, bands, bandOffsets, 65535.0, null, out);
            buffer = new DataBufferUShort(out, out.length);
        }
        ColorSpace cs = ColorSpace.getInstance(grey ? ColorSpace.CS_GRAY : ColorSpace.CS_sRGB);
        ColorModel cm = new ComponentColorModel(cs, withAlpha, false,
                withAlpha ? Transparency.TRANSLUCENT : Transparency.OPAQUE,
                bitDepth == 8 ? DataBuffer.TYPE_BYTE : DataBuffer.TYPE_USHORT);
        WritableRaster raster = Raster.createInterleavedRaster(buffer, w, h, w * bands, bands, bandOffsets, null);
        return new BufferedImage(cm, raster, false, null);
    }

    /**
     * The quantisation every encoder uses: {@code clamp(floor(v * max + 0.5), 0, max)}, NaN to 0.
     * Computed in double, where the product of a float and 255 or 65535 is exact.
     */
    static int quantise(float v, double max) {
        double s = v * max + 0.5;
        if (!(s > 0)) {
            return 0;
        }
        return s >= max ? (int) max : (int) s;
    }

    private static void fill(float[] rgb, float[] alpha, int n, boolean grey, int bands, int[] bandOffsets,
                             double max, byte[] bytes, short[] shorts) {
        int colours = grey ? 1 : 3;
        if (grey) {
            // BT.601 luma (as MATLAB rgb2gray); for a grey source the three planes are equal and
            // the weights sum to 1, so the stored value comes back unchanged.
            for (int i = 0, o = bandOffsets[0]; i < n; i++, o += bands) {
                float y = (float) (0.299 * rgb[i] + 0.587 * rgb[n + i] + 0.114 * rgb[2 * n + i]);
                put(bytes, shorts, o, quantise(y, max));
            }
        } else {
            for (int c = 0; c < 3; c++) {
                int base = c * n;
                for (int i = 0, o = bandOffsets[c]; i < n; i++, o += bands) {
                    put(bytes, shorts, o, quantise(rgb[base + i], max));
                }
            }
        }
        if (alpha != null) {
            for (int i = 0, o = bandOffsets[colours]; i < n; i++, o += bands) {
                put(bytes, shorts, o, quantise(alpha[i], max));
            }
        }
    }

    private static void put(byte[] bytes, short[] shorts, int index, int value) {
        if (bytes != null) {
            bytes[index] = (byte) value;
        } else {
            shorts[index] = (short) value;
        }
    }

    /**
     * True if {@link #toPicture} takes this image's samples as stored (palette, RGB or grey),
     * false if it converts them from another colour space to sRGB.
     */
    static boolean keepsStoredSamples(BufferedImage image) {
        ColorModel cm = image.getColorModel();
        return cm instanceof IndexColorModel || isDirectlyReadable(cm, image.getRaster());
    }

    /** RGB or grey colour model with one band per component, of a sample type we can scale. */
    private static boolean isDirectlyReadable(ColorModel cm, Raster raster) {
        if (!(cm instanceof ComponentColorModel || cm instanceof PackedColorModel)) {
            return false;
        }
        ColorSpace cs = cm.getColorSpace();
        int colours = cm.getNumColorComponents();
        boolean rgbOrGrey = (cs.getType() == ColorSpace.TYPE_RGB && colours == 3)
                || (cs.getType() == ColorSpace.TYPE_GRAY && colours == 1);
        int type = raster.getTransferType();
        boolean scalable = type == DataBuffer.TYPE_BYTE || type == DataBuffer.TYPE_USHORT || type == DataBuffer.TYPE_INT
                || type == DataBuffer.TYPE_FLOAT || type == DataBuffer.TYPE_DOUBLE;
        return rgbOrGrey && scalable && raster.getNumBands() == cm.getNumComponents();
    }

    private static Picture fromComponents(Raster raster, ColorModel cm, String format) {
        int w = raster.getWidth();
        int h = raster.getHeight();
        int n = w * h;
        int colours = cm.getNumColorComponents();
        boolean grey = colours == 1;
        boolean hasAlpha = cm.hasAlpha();
        boolean floating = raster.getTransferType() == DataBuffer.TYPE_FLOAT
                || raster.getTransferType() == DataBuffer.TYPE_DOUBLE;
        int depth = floating ? 16 : 8;
        for (int b = 0; b < cm.getNumComponents(); b++) {
            if (cm.getComponentSize(b) > 8) {
                depth = 16;
            }
        }
        PlanarImage rgb = new PlanarImage(w, h, 3);
        float[] planes = rgb.data();
        for (int b = 0; b < colours; b++) {
            readBand(raster, b, cm.getComponentSize(b), planes, b * n);
        }
        if (grey) {
            System.arraycopy(planes, 0, planes, n, n);
            System.arraycopy(planes, 0, planes, 2 * n, n);
        }
        PlanarImage alpha = null;
        if (hasAlpha) {
            alpha = new PlanarImage(w, h, 1);
            readBand(raster, colours, cm.getComponentSize(colours), alpha.data(), 0);
            if (cm.isAlphaPremultiplied()) {
                unpremultiply(planes, alpha.data(), n);
            }
        }
        return new Picture(rgb, alpha, new SourceInfo(format, depth, grey, Optional.empty(), 1));
    }

    /** Reads band {@code band} of every row into {@code dst[offset ...]} as floats in [0, 1]. */
    private static void readBand(Raster raster, int band, int bits, float[] dst, int offset) {
        int w = raster.getWidth();
        int h = raster.getHeight();
        int x0 = raster.getMinX();
        int y0 = raster.getMinY();
        int type = raster.getTransferType();
        SampleModel sm = raster.getSampleModel();
        DataBuffer db = raster.getDataBuffer();
        float[] lut = bits == 8 ? LUT8 : bits == 16 ? LUT16 : bits < 16 ? scaleTable(bits) : null;
        // Fast path: byte or ushort samples addressed directly in the backing array.
        if (sm instanceof ComponentSampleModel csm && lut != null
                && (db instanceof DataBufferByte || db instanceof DataBufferUShort)) {
            int bank = csm.getBankIndices()[band];
            int pixelStride = csm.getPixelStride();
            int scanline = csm.getScanlineStride();
            int start = db.getOffsets()[bank] + csm.getBandOffsets()[band]
                    + (y0 - raster.getSampleModelTranslateY()) * scanline
                    + (x0 - raster.getSampleModelTranslateX()) * pixelStride;
            int mask = lut.length - 1; // ignore stray bits above the declared sample size
            int o = offset;
            if (db instanceof DataBufferByte bytes) {
                byte[] a = bytes.getData(bank);
                for (int y = 0; y < h; y++) {
                    for (int x = 0, s = start + y * scanline; x < w; x++, s += pixelStride) {
                        dst[o++] = lut[a[s] & mask];
                    }
                }
            } else {
                short[] a = ((DataBufferUShort) db).getData(bank);
                for (int y = 0; y < h; y++) {
                    for (int x = 0, s = start + y * scanline; x < w; x++, s += pixelStride) {
                        dst[o++] = lut[a[s] & mask];
                    }
                }
            }
            return;
        }
        // General path: one row at a time through the raster's bulk accessors.
        int o = offset;
        if (type == DataBuffer.TYPE_FLOAT || type == DataBuffer.TYPE_DOUBLE) {
            float[] row = new float[w];
            for (int y = 0; y < h; y++) {
                raster.getSamples(x0, y0 + y, w, 1, band, row);
                for (int x = 0; x < w; x++) {
                    float v = row[x];
                    dst[o++] = v > 0f ? (v < 1f ? v : 1f) : 0f; // also maps NaN to 0
                }
            }
            return;
        }
        int[] row = new int[w];
        if (lut != null) {
            int mask = lut.length - 1;
            for (int y = 0; y < h; y++) {
                raster.getSamples(x0, y0 + y, w, 1, band, row);
                for (int x = 0; x < w; x++) {
                    dst[o++] = lut[row[x] & mask];
                }
            }
        } else {
            double scale = 1.0 / ((1L << Math.min(bits, 32)) - 1);
            for (int y = 0; y < h; y++) {
                raster.getSamples(x0, y0 + y, w, 1, band, row);
                for (int x = 0; x < w; x++) {
                    dst[o++] = (float) ((row[x] & 0xFFFFFFFFL) * scale);
                }
            }
        }
    }

    private static void unpremultiply(float[] planes, float[] alpha, int n) {
        for (int c = 0; c < 3; c++) {
            int base = c * n;
            for (int i = 0; i < n; i++) {
                float a = alpha[i];
                float v = planes[base + i];
                planes[base + i] = a > 0f ? Math.min(1f, v / a) : 0f;
            }
        }
    }

    private static Picture fromIndexed(Raster raster, IndexColorModel icm, String format) {
        int size = icm.getMapSize();
        byte[] r = new byte[size];
        byte[] g = new byte[size];
        byte[] b = new byte[size];
        byte[] a = new byte[size];
        icm.getReds(r);
        icm.getGreens(g);
        icm.getBlues(b);
        icm.getAlphas(a);
        boolean grey = true;
        for (int i = 0; i < size; i++) {
            grey &= r[i] == g[i] && g[i] == b[i];
        }
        boolean hasAlpha = icm.hasAlpha();
        int w = raster.getWidth();
        int h = raster.getHeight();
        int n = w * h;
        PlanarImage rgb = new PlanarImage(w, h, 3);
        PlanarImage alpha = hasAlpha ? new PlanarImage(w, h, 1) : null;
        float[] planes = rgb.data();
        float[] alphas = hasAlpha ? alpha.data() : null;
        int[] row = new int[w];
        int o = 0;
        for (int y = 0; y < h; y++) {
            raster.getSamples(raster.getMinX(), raster.getMinY() + y, w, 1, 0, row);
            for (int x = 0; x < w; x++, o++) {
                int index = row[x];
                if (index >= size) {
                    index = 0; // out-of-palette index in a damaged file: treat as entry 0
                }
                planes[o] = LUT8[r[index] & 0xFF];
                planes[n + o] = LUT8[g[index] & 0xFF];
                planes[2 * n + o] = LUT8[b[index] & 0xFF];
                if (alphas != null) {
                    alphas[o] = LUT8[a[index] & 0xFF];
                }
            }
        }
        return new Picture(rgb, alpha, new SourceInfo(format, 8, grey, Optional.empty(), 1));
    }

    /**
     * CMYK without a profile: the naive complement, {@code R = (1 - C)(1 - K)} and likewise for G
     * and B. Java's own conversion for non-ICC colour spaces goes through a per-pixel path that is
     * orders of magnitude slower and no more accurate without a profile.
     */
    private static Picture fromUncalibratedCmyk(Raster raster, ColorModel cm, String format) {
        int w = raster.getWidth();
        int h = raster.getHeight();
        int n = w * h;
        float[] c = new float[n];
        float[] m = new float[n];
        float[] y = new float[n];
        float[] k = new float[n];
        readBand(raster, 0, cm.getComponentSize(0), c, 0);
        readBand(raster, 1, cm.getComponentSize(1), m, 0);
        readBand(raster, 2, cm.getComponentSize(2), y, 0);
        readBand(raster, 3, cm.getComponentSize(3), k, 0);
        PlanarImage rgb = new PlanarImage(w, h, 3);
        float[] p = rgb.data();
        for (int i = 0; i < n; i++) {
            float white = 1f - k[i];
            p[i] = (1f - c[i]) * white;
            p[n + i] = (1f - m[i]) * white;
            p[2 * n + i] = (1f - y[i]) * white;
        }
        int depth = cm.getComponentSize(0) > 8 ? 16 : 8;
        return new Picture(rgb, null, new SourceInfo(format, depth, false, Optional.empty(), 1));
    }

    /** Any other colour space (Lab, ICC CMYK, YCbCr, …) through Java 2D's colour management. */
    private static BufferedImage convertToSrgb(BufferedImage image) {
        ColorModel cm = image.getColorModel();
        boolean deep = false;
        for (int b = 0; b < cm.getNumComponents(); b++) {
            deep |= cm.getComponentSize(b) > 8;
        }
        boolean alpha = cm.hasAlpha();
        int dataType = deep ? DataBuffer.TYPE_USHORT : DataBuffer.TYPE_BYTE;
        ColorModel target = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_sRGB), alpha, false,
                alpha ? Transparency.TRANSLUCENT : Transparency.OPAQUE, dataType);
        BufferedImage out = new BufferedImage(target,
                target.createCompatibleWritableRaster(image.getWidth(), image.getHeight()), false, null);
        new ColorConvertOp(null).filter(image, out);
        return out;
    }

    private static float[] scaleTable(int bits) {
        int size = 1 << bits;
        float max = size - 1;
        float[] t = new float[size];
        for (int i = 0; i < size; i++) {
            t[i] = i / max;
        }
        return t;
    }
}
