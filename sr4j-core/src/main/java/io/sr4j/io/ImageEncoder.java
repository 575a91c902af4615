package io.sr4j.io;

import io.sr4j.image.Picture;
import io.sr4j.image.PlanarImage;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Encodes a {@link Picture} as PNG, JPEG or BMP.
 *
 * <ul>
 *   <li><b>PNG</b>: 8- or 16-bit samples (see {@link BitDepth}); grey when the source was grey,
 *       else RGB; the alpha plane, when present, is written as straight alpha (RGBA / grey+alpha).</li>
 *   <li><b>JPEG</b>: 8-bit, quality 1–100 (default {@value #DEFAULT_JPEG_QUALITY}), grey or YCbCr.
 *       JPEG has no alpha: a picture with alpha is composited over the {@linkplain
 *       Builder#background background colour} (default white), which is what a viewer shows for
 *       the transparent areas, instead of exposing whatever colour the transparent pixels hold.</li>
 *   <li><b>BMP</b>: 8-bit RGB or grey; alpha composited like JPEG.</li>
 * </ul>
 * Samples are quantised as {@code clamp(floor(v * 255 + 0.5))} (65535 for 16-bit) without colour
 * conversion; the source's ICC profile is embedded again (PNG iCCP, JPEG APP2) when it matches the
 * written colour type. The output format is the explicit {@link Builder#format} or else the one
 * named by the output file's extension.
 *
 * <p>Instances are immutable and may be shared between threads. Failures are
 * {@link ImageEncodeException}s naming the output; a failed {@link #write} leaves no file behind
 * and the previous destination file, if any, untouched.
 */
public final class ImageEncoder {
    /** Bits per sample of the written image. */
    public enum BitDepth {
        /** PNG: the source's depth (16 for 16-bit sources, else 8). JPEG and BMP: 8. */
        SOURCE,
        /** 8 bits per sample. */
        EIGHT,
        /** 16 bits per sample; PNG only. */
        SIXTEEN
    }

    public static final int DEFAULT_JPEG_QUALITY = 92;

    private static final ImageEncoder DEFAULTS = builder().build();

    private final ImageFormat format;
    private final int jpegQuality;
    private final BitDepth bitDepth;
    private final boolean keepIccProfile;
    private final int background;

    private ImageEncoder(Builder b) {
        this.format = b.format;
        this.jpegQuality = b.jpegQuality;
        this.bitDepth = b.bitDepth;
        this.keepIccProfile = b.keepIccProfile;
        this.background = b.background;
    }

    /** An encoder with every default: format from the file name, JPEG quality 92, source bit depth. */
    public static ImageEncoder defaults() {
        return DEFAULTS;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The explicit output format, if one was set. */
    public Optional<ImageFormat> format() {
        return Optional.ofNullable(format);
    }

    /**
     * The format a write to {@code target} uses: the explicit one, else the one named by the
     * file's extension.
     *
     * @throws ImageEncodeException if no format was set and the extension names no writable format
     */
    public ImageFormat formatFor(Path target) {
        Objects.requireNonNull(target, "target");
        ImageFormat chosen = format;
        if (chosen == null) {
            String file = target.getFileName() == null ? "" : target.getFileName().toString();
            String ext = ImageFormat.extensionOf(file);
            chosen = ImageFormat.fromFileName(file).orElseThrow(() -> new ImageEncodeException(target.toString(),
                    (ext.isEmpty() ? "no file extension to choose the output format from"
                            : "unknown output format '." + ext + "'")
                            + " (use .png, .jpg or .bmp, or choose the format explicitly)"));
        }
        if (!chosen.isWritable()) {
            throw new ImageEncodeException(target.toString(), "sr4j cannot write " + chosen.displayName()
                    + " files (it writes PNG, JPEG and BMP)");
        }
        if (chosen != ImageFormat.PNG && bitDepth == BitDepth.SIXTEEN) {
            throw new ImageEncodeException(target.toString(), chosen.displayName()
                    + " holds 8-bit samples only; 16-bit output needs PNG");
        }
        return chosen;
    }

    /**
     * Encodes {@code picture} into the file {@code target} through a temporary file and a rename
     * (see {@link AtomicFiles}). Reads only the picture; writes only {@code target}.
     *
     * @throws ImageEncodeException if the format cannot be chosen, the directory does not exist or
     *                              is not writable, or encoding fails; no file is left behind
     */
    public void write(Picture picture, Path target) {
        Objects.requireNonNull(picture, "picture");
        ImageFormat chosen = formatFor(target);
        String name = target.toString();
        try {
            AtomicFiles.write(target, out -> encodeTo(picture, chosen, out));
        } catch (NoSuchFileException e) {
            throw new ImageEncodeException(name, "output directory does not exist", e);
        } catch (AccessDeniedException e) {
            throw new ImageEncodeException(name, "cannot write there (permission denied)", e);
        } catch (IOException e) {
            throw new ImageEncodeException(name, "cannot write the " + chosen.displayName() + " file ("
                    + e.getMessage() + ")", e);
        } catch (RuntimeException e) {
            throw new ImageEncodeException(name, "cannot encode " + chosen.displayName() + " (" + e + ")", e);
        }
    }

    /**
     * Encodes {@code picture} to {@code out}, which is not closed. Needs an explicit format.
     *
     * @throws IllegalStateException if this encoder has no explicit format
     * @throws ImageEncodeException  if encoding or writing fails
     */
    public void encode(Picture picture, OutputStream out) {
        Objects.requireNonNull(picture, "picture");
        Objects.requireNonNull(out, "out");
        ImageFormat chosen = requireFormat();
        try {
            encodeTo(picture, chosen, out);
        } catch (IOException e) {
            throw new ImageEncodeException("<stream>", "cannot encode or write " + chosen.displayName() + " ("
                    + e.getMessage() + ")", e);
        } catch (RuntimeException e) {
            throw new ImageEncodeException("<stream>", "cannot encode " + chosen.displayName() + " (" + e + ")", e);
        }
    }

    /** Encodes {@code picture} into a new byte array. Needs an explicit format. */
    public byte[] encode(Picture picture) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        encode(picture, out);
        return out.toByteArray();
    }

    private ImageFormat requireFormat() {
        if (format == null) {
            throw new IllegalStateException("encoding to a stream needs an explicit format (Builder.format)");
        }
        return format;
    }

    private void encodeTo(Picture picture, ImageFormat target, OutputStream out) throws IOException {
        boolean png = target == ImageFormat.PNG;
        boolean grey = picture.source().grey();
        int depth = !png || bitDepth == BitDepth.EIGHT ? 8
                : bitDepth == BitDepth.SIXTEEN ? 16 : picture.source().bitDepth();
        Picture pixels = picture.hasAlpha() && !png ? flatten(picture) : picture;
        byte[] icc = keepIccProfile ? picture.source().iccProfile().orElse(null) : null;
        if (icc != null && !IccProfiles.colourSpace(icc).equals(grey ? "GRAY" : "RGB ")) {
            icc = null; // a profile for another colour type would make the file invalid
        }
        if (png) {
            writePng(picture, depth, grey, icc, out);
            return;
        }
        BufferedImage image = BufferedImages.toBufferedImage(pixels, depth, grey, false);

        ImageWriter writer = writerFor(target);
        try {
            ImageWriteParam param = writer.getDefaultWriteParam();
            if (target == ImageFormat.JPEG) {
                param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                param.setCompressionQuality(jpegQuality / 100f);
            }
            IIOMetadata metadata = writer.getDefaultImageMetadata(new ImageTypeSpecifier(image), param);
            if (icc != null && target == ImageFormat.JPEG) {
                // Java's JPEG writer only embeds the profile of the image's colour space, and
                // rewrites it through its colour engine on the way; splicing the APP2 segments in
                // afterwards keeps the profile byte for byte.
                ByteArrayOutputStream jpeg = new ByteArrayOutputStream();
                writeImage(writer, image, metadata, param, jpeg);
                out.write(JpegSegments.withIccProfile(jpeg.toByteArray(), icc));
            } else {
                writeImage(writer, image, metadata, param, out);
            }
            out.flush();
        } finally {
            writer.dispose();
        }
    }

    private static void writeImage(ImageWriter writer, BufferedImage image, IIOMetadata metadata, ImageWriteParam param,
                                   OutputStream out) throws IOException {
        // A memory-cached stream: writers seek back to patch lengths, which a plain stream cannot.
        try (ImageOutputStream ios = new MemoryCacheImageOutputStream(out)) {
            writer.setOutput(ios);
            writer.write(null, new IIOImage(image, null, metadata), param);
        }
    }

    private static ImageWriter writerFor(ImageFormat format) {
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName(format.id());
        if (!writers.hasNext()) {
            throw new IllegalStateException("no " + format.displayName() + " writer registered with ImageIO");
        }
        return writers.next();
    }

    /** Straight-alpha compositing over the background: {@code a * c + (1 - a) * bg}. */
    private Picture flatten(Picture picture) {
        PlanarImage src = picture.rgb();
        float[] a = picture.alpha().orElseThrow().data();
        float[] in = src.data();
        int n = src.planeSize();
        PlanarImage out = new PlanarImage(src.width(), src.height(), 3);
        float[] o = out.data();
        for (int c = 0; c < 3; c++) {
            float bg = ((background >> (16 - 8 * c)) & 0xFF) / 255f;
            int base = c * n;
            for (int i = 0; i < n; i++) {
                float alpha = a[i];
                alpha = alpha > 0f ? (alpha < 1f ? alpha : 1f) : 0f;
                o[base + i] = alpha * in[base + i] + (1f - alpha) * bg;
            }
        }
        return picture.withPixels(out, null);
    }

    /** PNG goes through sr4j's own writer: faster than ImageIO's and the same one streaming uses. */
    private static void writePng(Picture picture, int depth, boolean grey, byte[] icc, OutputStream out)
            throws IOException {
        PngMetadata chunks = PngMetadata.none().withIccProfile(icc);
        try (PngStreamWriter png = PngStreamWriter.builder(picture.width(), picture.height()).grey(grey)
                .alpha(picture.hasAlpha()).bitDepth(depth).metadata(chunks).open(out)) {
            png.rows(picture.rgb(), picture.alpha().orElse(null));
            png.finish();
        }
    }

    /** Builds an {@link ImageEncoder}; refuses contradictory settings. */
    public static final class Builder {
        private ImageFormat format;
        private int jpegQuality = DEFAULT_JPEG_QUALITY;
        private BitDepth bitDepth = BitDepth.SOURCE;
        private boolean keepIccProfile = true;
        private int background = 0xFFFFFF;

        private Builder() {
        }

        /** Always write this format, whatever the file name; null restores "from the extension". */
        public Builder format(ImageFormat f) {
            if (f != null && !f.isWritable()) {
                throw new IllegalArgumentException("sr4j cannot write " + f.displayName() + " (it writes PNG, JPEG and BMP)");
            }
            this.format = f;
            return this;
        }

        /** JPEG quality 1 (smallest) to 100 (best); ignored by other formats. */
        public Builder jpegQuality(int quality) {
            if (quality < 1 || quality > 100) {
                throw new IllegalArgumentException("JPEG quality must be 1..100, got " + quality);
            }
            this.jpegQuality = quality;
            return this;
        }

        public Builder bitDepth(BitDepth depth) {
            this.bitDepth = Objects.requireNonNull(depth, "depth");
            return this;
        }

        /** Whether to embed the source's ICC profile (default true). */
        public Builder keepIccProfile(boolean keep) {
            this.keepIccProfile = keep;
            return this;
        }

        /** Colour (0xRRGGBB) that alpha is composited over for formats without alpha (default white). */
        public Builder background(int rgb) {
            if ((rgb & ~0xFFFFFF) != 0) {
                throw new IllegalArgumentException(String.format(Locale.ROOT,
                        "background must be 0xRRGGBB, got 0x%X", rgb));
            }
            this.background = rgb;
            return this;
        }

        /**
         * @throws IllegalArgumentException if an explicit non-PNG format is combined with 16-bit
         *                                  output
         */
        public ImageEncoder build() {
            if (format != null && format != ImageFormat.PNG && bitDepth == BitDepth.SIXTEEN) {
                throw new IllegalArgumentException(format.displayName()
                        + " holds 8-bit samples only; 16-bit output needs PNG");
            }
            return new ImageEncoder(this);
        }
    }
}
