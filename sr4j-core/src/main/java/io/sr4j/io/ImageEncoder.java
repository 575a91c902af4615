package io.sr4j.io;

import io.sr4j.image.Cicp;
import io.sr4j.image.ImageMetadata;
import io.sr4j.image.Picture;
import io.sr4j.image.PlanarImage;
import io.sr4j.image.SourceInfo;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
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
 * Encodes a {@link Picture} as PNG, JPEG, WebP or BMP.
 *
 * <ul>
 *   <li><b>PNG</b>: 8- or 16-bit samples (see {@link BitDepth}); grey when the source was grey,
 *       else RGB; the alpha plane, when present, is written as straight alpha (RGBA / grey+alpha).</li>
 *   <li><b>JPEG</b>: 8-bit, quality 1–100 (default {@value #DEFAULT_JPEG_QUALITY}), grey or YCbCr.
 *       JPEG has no alpha: a picture with alpha is composited over the {@linkplain
 *       Builder#background background colour} (default white), which is what a viewer shows for
 *       the transparent areas, instead of exposing whatever colour the transparent pixels hold.</li>
 *   <li><b>WebP</b>: 8-bit RGB, or RGBA when the picture has alpha (grey is written as RGB);
 *       lossy at the {@linkplain Builder#quality quality} shared with JPEG, or {@linkplain
 *       Builder#lossless lossless} (bit-exact, transparent pixels' colour included). Written by
 *       libwebp (webp-imageio), whose native library must load: see {@link #formatFor}.</li>
 *   <li><b>BMP</b>: 8-bit RGB or grey; alpha composited like JPEG.</li>
 * </ul>
 * Samples are quantised as {@code clamp(floor(v * 255 + 0.5))} (65535 for 16-bit) without colour
 * conversion; the source's ICC profile is embedded again (PNG iCCP, JPEG APP2, WebP ICCP) when it matches the
 * written colour type. The picture's EXIF block and XMP packet ({@link ImageMetadata}) are written
 * too (PNG eXIf/iTXt, JPEG APP1, WebP EXIF/XMP chunks), the EXIF fitted to the upright output (see {@link ExifBlocks}). The output format is the explicit {@link Builder#format} or else the one
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
    private final boolean lossless;
    private final BitDepth bitDepth;
    private final boolean keepIccProfile;
    private final boolean writeMetadata;
    private final int background;

    private ImageEncoder(Builder b) {
        this.format = b.format;
        this.jpegQuality = b.jpegQuality;
        this.lossless = b.lossless;
        this.bitDepth = b.bitDepth;
        this.keepIccProfile = b.keepIccProfile;
        this.writeMetadata = b.writeMetadata;
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
     * @throws ImageEncodeException if no format was set and the extension names no writable format,
     *                              or the format is WebP and libwebp's native library does not load
     *                              on this platform ("cannot write .webp: …")
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
                            + " (use .png, .jpg, .webp or .bmp, or choose the format explicitly)"));
        }
        return checkWritable(chosen, target.toString());
    }

    /**
     * {@code chosen} if this encoder can write it here ({@code name} names the output in messages).
     *
     * @throws ImageEncodeException if sr4j does not write the format, libwebp's native library does
     *                              not load, or 16-bit samples are asked of a format without them
     */
    public ImageFormat checkWritable(ImageFormat chosen, String name) {
        Objects.requireNonNull(chosen, "chosen");
        if (!chosen.isWritable()) {
            throw new ImageEncodeException(name, "sr4j cannot write " + chosen.displayName()
                    + " files (it writes PNG, JPEG, WebP and BMP)");
        }
        if (chosen == ImageFormat.WEBP) {
            Optional<String> unavailable = WebpWriting.unavailableReason();
            if (unavailable.isPresent()) {
                throw new ImageEncodeException(name, "cannot write .webp: " + unavailable.get());
            }
        }
        if (chosen != ImageFormat.PNG && bitDepth == BitDepth.SIXTEEN) {
            throw new ImageEncodeException(name, chosen.displayName()
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
                    + rootMessage(e) + ")", e);
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

    /**
     * Encodes {@code picture} as {@code format} to {@code out}, which is not closed; {@code name}
     * names the output in messages.
     *
     * @throws ImageEncodeException if the format cannot be written here, or encoding fails
     * @throws IOException          if writing to {@code out} fails
     */
    public void encode(Picture picture, ImageFormat format, OutputStream out, String name) throws IOException {
        Objects.requireNonNull(picture, "picture");
        Objects.requireNonNull(out, "out");
        checkWritable(format, name);
        try {
            encodeTo(picture, format, out);
        } catch (RuntimeException e) {
            throw new ImageEncodeException(name, "cannot encode " + format.displayName() + " (" + e + ")", e);
        }
    }

    /** Encodes {@code picture} into a new byte array. Needs an explicit format. */
    public byte[] encode(Picture picture) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        encode(picture, out);
        return out.toByteArray();
    }

    /**
     * The message of the innermost I/O failure: ImageIO writers wrap "No space left on device" in
     * their own "I/O error writing PNG file!", which does not tell the user what to do.
     */
    private static String rootMessage(IOException e) {
        String message = e.getMessage();
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            if (t instanceof IOException && t.getMessage() != null) {
                message = t.getMessage();
            }
        }
        return message;
    }

    private ImageFormat requireFormat() {
        if (format == null) {
            throw new IllegalStateException("encoding to a stream needs an explicit format (Builder.format)");
        }
        return format;
    }

    private void encodeTo(Picture picture, ImageFormat target, OutputStream out) throws IOException {
        if (target != ImageFormat.PNG && picture.source().cicp().filter(Cicp::isHdr).isPresent()) {
            // Only PNG here carries the code points that say the samples are PQ or HLG: anything else
            // would show them as washed-out SDR.
            throw new IllegalArgumentException("HDR pixels (" + picture.source().cicp().get()
                    + ") need PNG output, not " + target.displayName());
        }
        if (target == ImageFormat.WEBP) {
            encodeWebp(picture, out);
            return;
        }
        SourceInfo source = picture.source();
        if (target == ImageFormat.PNG) {
            writePng(picture, pngBitDepth(source), source.grey(),
                    pngMetadata(source, picture.width(), picture.height()), out);
            return;
        }
        boolean grey = source.grey();
        Picture pixels = picture.hasAlpha() ? flatten(picture) : picture;
        byte[] icc = embeddableIcc(source, grey);
        ImageMetadata described = describedMetadata(source);
        byte[] exif = fittedExif(described, picture.width(), picture.height());
        String xmp = described.xmp();
        BufferedImage image = BufferedImages.toBufferedImage(pixels, 8, grey, false);

        ImageWriter writer = writerFor(target);
        try {
            ImageWriteParam param = writer.getDefaultWriteParam();
            if (target == ImageFormat.JPEG) {
                param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                param.setCompressionQuality(jpegQuality / 100f);
            }
            IIOMetadata metadata = writer.getDefaultImageMetadata(new ImageTypeSpecifier(image), param);
            if (target == ImageFormat.JPEG && (icc != null || exif != null || xmp != null)) {
                // Java's JPEG writer only embeds the profile of the image's colour space, and
                // rewrites it through its colour engine on the way; splicing the APP segments in
                // afterwards keeps the profile byte for byte, and EXIF/XMP with it.
                ByteArrayOutputStream jpeg = new ByteArrayOutputStream();
                writeImage(writer, image, metadata, param, jpeg);
                List<JpegSegments.Segment> segments = new ArrayList<>();
                if (exif != null) {
                    segments.addAll(JpegSegments.exifSegment(exif));
                }
                if (xmp != null) {
                    segments.addAll(JpegSegments.xmpSegment(xmp));
                }
                if (icc != null) {
                    segments.addAll(JpegSegments.iccSegments(icc));
                }
                out.write(JpegSegments.withSegments(jpeg.toByteArray(), segments));
            } else {
                writeImage(writer, image, metadata, param, out);
            }
            out.flush();
        } finally {
            writer.dispose();
        }
    }

    /**
     * WebP is always RGB(A) (libwebp has no grey mode) and 8-bit; libwebp encodes into memory, and
     * {@link WebpChunks} then adds the metadata that its simple encoder API cannot write.
     */
    private void encodeWebp(Picture picture, OutputStream out) throws IOException {
        BufferedImage image = BufferedImages.toBufferedImage(picture, 8, false, picture.hasAlpha());
        byte[] webp = WebpWriting.encode(image, jpegQuality, lossless);
        ImageMetadata described = describedMetadata(picture.source());
        out.write(WebpChunks.withMetadata(webp, embeddableIcc(picture.source(), false),
                fittedExif(described, picture.width(), picture.height()), described.xmp()));
        out.flush();
    }

    /**
     * Bits per sample of a PNG written from pixels described by {@code source}: the builder's
     * choice, or the source's own depth. Public for streaming writers that bypass {@link #write}.
     */
    public int pngBitDepth(SourceInfo source) {
        return switch (bitDepth) {
            case EIGHT -> 8;
            case SIXTEEN -> 16;
            case SOURCE -> source.bitDepth();
        };
    }

    /**
     * The chunks a PNG of {@code width × height} written from pixels described by {@code source}
     * carries (ICC profile, EXIF fitted to the output, XMP), under this encoder's settings.
     * Public for streaming writers that bypass {@link #write}, so both embed the same.
     */
    public PngMetadata pngMetadata(SourceInfo source, int width, int height) {
        ImageMetadata described = describedMetadata(source);
        PngMetadata colour = source.cicp().isPresent() ? PngMetadata.none().withCicp(source.cicp().get())
                : PngMetadata.none().withIccProfile(embeddableIcc(source, source.grey()));
        return colour.withExif(fittedExif(described, width, height)).withXmp(described.xmp());
    }

    /** The source's ICC profile if it is kept and describes the written colour type, else null. */
    private byte[] embeddableIcc(SourceInfo source, boolean grey) {
        byte[] icc = keepIccProfile ? source.iccProfile().orElse(null) : null;
        if (icc != null && !IccProfiles.colourSpace(icc).equals(grey ? "GRAY" : "RGB ")) {
            return null; // a profile for another colour type would make the file invalid
        }
        return icc;
    }

    private ImageMetadata describedMetadata(SourceInfo source) {
        return writeMetadata ? source.metadata() : ImageMetadata.NONE;
    }

    /** The EXIF block to write, fitted to the upright output, or null. */
    private static byte[] fittedExif(ImageMetadata described, int width, int height) {
        return described.exifBlock().map(block -> ExifBlocks.fitted(block, width, height)).orElse(null);
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
    private static void writePng(Picture picture, int depth, boolean grey, PngMetadata chunks, OutputStream out)
            throws IOException {
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
        private boolean lossless;
        private BitDepth bitDepth = BitDepth.SOURCE;
        private boolean keepIccProfile = true;
        private boolean writeMetadata = true;
        private int background = 0xFFFFFF;

        private Builder() {
        }

        /** Always write this format, whatever the file name; null restores "from the extension". */
        public Builder format(ImageFormat f) {
            if (f != null && !f.isWritable()) {
                throw new IllegalArgumentException("sr4j cannot write " + f.displayName()
                        + " (it writes PNG, JPEG, WebP and BMP)");
            }
            this.format = f;
            return this;
        }

        /**
         * Lossy quality 1 (smallest) to 100 (best) for JPEG and lossy WebP; ignored by other
         * formats. Same as {@link #quality}; kept under this name for existing callers.
         */
        public Builder jpegQuality(int quality) {
            return quality(quality);
        }

        /** Lossy quality 1 (smallest) to 100 (best) for JPEG and lossy WebP; ignored by other formats. */
        public Builder quality(int quality) {
            if (quality < 1 || quality > 100) {
                throw new IllegalArgumentException("JPEG quality must be 1..100, got " + quality);
            }
            this.jpegQuality = quality;
            return this;
        }

        /**
         * WebP only: lossless (VP8L) instead of lossy; the colour of fully transparent pixels is
         * kept too, so 8-bit RGB/RGBA comes back bit for bit. Default false. Other formats ignore it.
         */
        public Builder lossless(boolean lossless) {
            this.lossless = lossless;
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

        /**
         * Whether to write the picture's EXIF block (orientation reset to 1, pixel dimensions set to
         * the output's) and XMP packet, where the format holds them (PNG, JPEG). Default true.
         */
        public Builder writeMetadata(boolean write) {
            this.writeMetadata = write;
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
