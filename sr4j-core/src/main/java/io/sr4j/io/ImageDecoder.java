package io.sr4j.io;

import io.sr4j.image.ImageMetadata;
import io.sr4j.image.Picture;
import io.sr4j.image.PlanarImage;
import io.sr4j.image.SourceInfo;
import io.sr4j.io.ImageDecodeException.Reason;
import java.awt.color.ColorSpace;
import java.awt.color.ICC_ColorSpace;
import java.awt.image.BufferedImage;
import java.io.EOFException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.stream.FileImageInputStream;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Decodes PNG, JPEG, BMP, GIF (first frame), TIFF (first page) and WebP into a {@link Picture}.
 *
 * <p>What it does, in order: recognises the format from the first bytes (the file name is never
 * consulted); reads the EXIF orientation and ICC profile from the container; reads the width and
 * height from the header and refuses images above {@link #maxPixels()} before any pixel memory is
 * allocated; decodes with ImageIO (TwelveMonkeys plugins for JPEG, TIFF, WebP); converts to planar
 * float in [0, 1] with straight alpha; and applies the EXIF orientation so the result is upright.
 *
 * <p>Colour: samples are kept as stored and an embedded RGB or grey ICC profile is recorded in
 * {@link SourceInfo#iccProfile()} for the encoder to embed again (JPEG, PNG, TIFF). CMYK images
 * are converted to sRGB (with their profile, or the naive formula without one) and WebP images
 * arrive converted to sRGB by their reader; neither records a profile.
 *
 * <p>Instances are immutable and may be shared between threads. Every failure is an
 * {@link ImageDecodeException} naming the input; inputs are only ever opened for reading.
 */
public final class ImageDecoder {
    /** Default pixel limit: 200 million pixels (2.4 GB as float RGB). */
    public static final long DEFAULT_MAX_PIXELS = 200_000_000L;
    /** A planar RGB image must fit one Java array. */
    private static final long ARRAY_LIMIT_PIXELS = (Integer.MAX_VALUE - 8) / 3;

    private final long maxPixels;

    /** A decoder with the default limit of {@value #DEFAULT_MAX_PIXELS} pixels. */
    public ImageDecoder() {
        this(DEFAULT_MAX_PIXELS);
    }

    /**
     * A decoder refusing images with more than {@code maxPixels} pixels (width × height as
     * declared by the header).
     */
    public ImageDecoder(long maxPixels) {
        if (maxPixels <= 0) {
            throw new IllegalArgumentException("pixel limit must be positive, got " + maxPixels);
        }
        this.maxPixels = maxPixels;
    }

    public long maxPixels() {
        return maxPixels;
    }

    /**
     * Decodes the image file {@code file}. Messages name the file as given.
     *
     * @throws ImageDecodeException if the file cannot be read or is not a decodable image
     */
    public Picture decode(Path file) {
        Objects.requireNonNull(file, "file");
        String name = file.toString();
        if (Files.isDirectory(file)) {
            throw new ImageDecodeException(name, Reason.UNREADABLE, "is a directory, not an image file");
        }
        RandomAccessFile raf;
        try {
            raf = new RandomAccessFile(file.toFile(), "r");
        } catch (FileNotFoundException e) {
            String problem = !Files.exists(file) ? "no such file"
                    : !Files.isReadable(file) ? "cannot read the file (permission denied)"
                    : "cannot open the file (" + e.getMessage() + ")";
            throw new ImageDecodeException(name, Reason.UNREADABLE, problem, e);
        }
        try (ImageInputStream in = new FileImageInputStream(raf)) {
            return decode(in, name);
        } catch (IOException e) {
            throw unreadable(name, e);
        }
    }

    /**
     * Decodes an image held in memory.
     *
     * @param name how messages refer to the input (file name, upload name)
     */
    public Picture decode(byte[] bytes, String name) {
        Objects.requireNonNull(bytes, "bytes");
        Objects.requireNonNull(name, "name");
        try (ImageInputStream in = new ByteArrayImageInputStream(bytes)) {
            return decode(in, name);
        } catch (IOException e) {
            throw unreadable(name, e);
        }
    }

    /**
     * Decodes an image read from {@code stream}, which is read as far as needed and not closed.
     * The data is buffered in memory (not in a temporary file).
     *
     * @param name how messages refer to the input
     */
    public Picture decode(InputStream stream, String name) {
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(name, "name");
        try (ImageInputStream in = new MemoryCacheImageInputStream(stream)) {
            return decode(in, name);
        } catch (IOException e) {
            throw unreadable(name, e);
        }
    }

    /** The shared path: {@code in} is positioned at the start of the image. */
    private Picture decode(ImageInputStream in, String name) throws IOException {
        ImageFormat format = identify(in, name);
        MetadataScanner.Result meta;
        try {
            meta = MetadataScanner.scan(format, in);
        } catch (MetadataScanner.MetadataBombException e) {
            throw new ImageDecodeException(name, Reason.TOO_LARGE, e.getMessage());
        }
        if (format == ImageFormat.TIFF) {
            TiffLimits.check(in, name); // the TIFF reader sizes arrays by header fields it does not check
        }
        ImageInputStream data = format == ImageFormat.GIF ? GifExtensions.forReader(in) : in;
        ImageReader reader = readerFor(format, name);
        List<String> warnings = new ArrayList<>();
        try {
            data.seek(0);
            // Only image 0 is read, so the reader may let the stream drop what it has passed.
            reader.setInput(new EndGuardedImageInputStream(data), true, false);
            reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
            BufferedImage image;
            ImageReadParam param;
            try {
                int width = reader.getWidth(0);
                int height = reader.getHeight(0);
                checkSize(name, width, height);
                param = readParam(reader, format, meta.iccProfile());
                image = reader.read(0, param);
            } catch (IOException | RuntimeException e) {
                throw failure(name, format, e, warnings, meta.endsEarly());
            }
            // libjpeg reports a short scan as a warning and fills the rest with grey; that is
            // not an image we want to enlarge.
            String truncation = truncationWarning(warnings);
            if (truncation != null) {
                throw new ImageDecodeException(name, Reason.TRUNCATED,
                        "truncated " + format.displayName() + " data (" + truncation + ")");
            }
            boolean asStored = BufferedImages.keepsStoredSamples(image);
            Picture raw = BufferedImages.toPicture(image, format.id());
            image = null; // let the interleaved copy go before the rotated planes are allocated
            return finish(raw, format, meta, param, asStored);
        } finally {
            reader.dispose();
        }
    }

    /** Reads the first bytes and tells which format they start; throws if none sr4j decodes. */
    private static ImageFormat identify(ImageInputStream in, String name) throws IOException {
        byte[] head = new byte[ImageFormat.SNIFF_LENGTH];
        int n = 0;
        while (n < head.length) {
            int r = in.read(head, n, head.length - n);
            if (r < 0) {
                break;
            }
            n += r;
        }
        if (n == 0) {
            throw new ImageDecodeException(name, Reason.EMPTY, "empty file (0 bytes), not an image");
        }
        Optional<ImageFormat> format = ImageFormat.sniff(head, n);
        if (format.isPresent()) {
            return format.get();
        }
        Optional<String> known = ImageFormat.describeUnsupported(head, n);
        if (known.isPresent()) {
            throw new ImageDecodeException(name, Reason.UNSUPPORTED_FORMAT, known.get()
                    + " images are not supported (sr4j reads PNG, JPEG, BMP, GIF, TIFF and WebP)");
        }
        throw new ImageDecodeException(name, Reason.NOT_AN_IMAGE, "not an image (unrecognised header)");
    }

    private static ImageReader readerFor(ImageFormat format, String name) {
        Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(format.id());
        while (readers.hasNext()) {
            ImageReader reader = readers.next();
            // webp-imageio (there for its WebP writer) registers a reader too, often ranked first;
            // decoding stays with TwelveMonkeys (pure Java: no native library is loaded just to read).
            if (!(reader.getOriginatingProvider() instanceof com.luciad.imageio.webp.WebPImageReaderSpi)) {
                return reader;
            }
        }
        throw new ImageDecodeException(name, Reason.UNSUPPORTED_FORMAT,
                "no " + format.displayName() + " decoder is installed (is the TwelveMonkeys plugin on the class path?)");
    }

    private void checkSize(String name, int width, int height) {
        if (width <= 0 || height <= 0) {
            throw new ImageDecodeException(name, Reason.CORRUPT,
                    "header declares an empty image (" + width + "x" + height + ")");
        }
        long pixels = (long) width * height;
        if (pixels > maxPixels) {
            // Limits below a megapixel (tests, thumbnail services) read better in plain pixels.
            boolean plain = maxPixels < 1_000_000;
            throw new ImageTooLargeException(name, width, height, maxPixels, width + "x" + height + " = "
                    + (plain ? pixels + " px" : megapixels(pixels) + " Mpx") + " exceeds the limit of "
                    + (plain ? maxPixels + " px" : megapixels(maxPixels) + " Mpx"));
        }
        if (pixels > ARRAY_LIMIT_PIXELS) {
            throw new ImageTooLargeException(name, width, height, ARRAY_LIMIT_PIXELS, width + "x" + height + " = "
                    + megapixels(pixels) + " Mpx is more than one image can hold in memory ("
                    + megapixels(ARRAY_LIMIT_PIXELS) + " Mpx); process it in tiles");
        }
    }

    /** Megapixels for messages: whole numbers from 100 up, else three significant digits ("12.5", "0.005"). */
    static String megapixels(long pixels) {
        BigDecimal mpx = BigDecimal.valueOf(pixels).movePointLeft(6);
        if (mpx.compareTo(BigDecimal.valueOf(100)) >= 0) {
            return mpx.setScale(0, RoundingMode.HALF_UP).toPlainString();
        }
        return mpx.round(new MathContext(3, RoundingMode.HALF_UP)).stripTrailingZeros().toPlainString();
    }

    /**
     * For a JPEG with an embedded RGB profile, asks for the image type in that profile's colour
     * space: the TwelveMonkeys reader otherwise converts the samples to sRGB, and the profile we
     * record would then describe the wrong numbers.
     */
    private static ImageReadParam readParam(ImageReader reader, ImageFormat format, byte[] icc) throws IOException {
        ImageReadParam param = reader.getDefaultReadParam();
        if (format != ImageFormat.JPEG || icc == null || !"RGB ".equals(IccProfiles.colourSpace(icc))) {
            return param;
        }
        for (Iterator<ImageTypeSpecifier> it = reader.getImageTypes(0); it.hasNext(); ) {
            ImageTypeSpecifier type = it.next();
            ColorSpace cs = type.getColorModel().getColorSpace();
            if (cs instanceof ICC_ColorSpace && !cs.isCS_sRGB() && cs.getType() == ColorSpace.TYPE_RGB
                    && !type.getColorModel().hasAlpha()) {
                param.setDestinationType(type);
                break;
            }
        }
        return param;
    }

    /** Records what the encoder needs and turns the pixels upright. */
    private static Picture finish(Picture raw, ImageFormat format, MetadataScanner.Result meta, ImageReadParam param,
                                  boolean asStored) {
        SourceInfo info = raw.source();
        byte[] icc = meta.iccProfile();
        if (icc != null && (!asStored || !profileDescribesSamples(icc, info.grey(), format, param))) {
            icc = null;
        }
        int orientation = meta.orientation() == 0 ? 1 : meta.orientation();
        PlanarImage rgb = ExifOrientation.apply(raw.rgb(), orientation);
        PlanarImage alpha = raw.alpha().map(a -> ExifOrientation.apply(a, orientation)).orElse(null);
        ImageMetadata metadata = new ImageMetadata(meta.exif(), meta.xmp(), icc);
        return new Picture(rgb, alpha, new SourceInfo(format.id(), info.bitDepth(), info.grey(),
                Optional.ofNullable(icc), orientation, metadata, Optional.ofNullable(meta.cicp())));
    }

    /**
     * A profile is kept only if the decoded samples are still in its colour space: the samples
     * were not converted (CMYK, Lab), the profile is RGB for colour samples or grey for grey ones,
     * and for JPEG RGB the reader was told not to convert (see {@link #readParam}).
     */
    private static boolean profileDescribesSamples(byte[] icc, boolean grey, ImageFormat format, ImageReadParam param) {
        String space = IccProfiles.colourSpace(icc);
        if (grey) {
            // A palette image whose entries happen to be grey is "grey" but carries an RGB profile.
            return "GRAY".equals(space) || "RGB ".equals(space);
        }
        if (!"RGB ".equals(space)) {
            return false;
        }
        return format != ImageFormat.JPEG || (param != null && param.getDestinationType() != null);
    }

    private static String truncationWarning(List<String> warnings) {
        for (String w : warnings) {
            String lower = w.toLowerCase(Locale.ROOT);
            if (lower.contains("premature end") || lower.contains("missing eoi") || lower.contains("truncat")
                    || lower.contains("unexpected end")) {
                return w;
            }
        }
        return null;
    }

    private static ImageDecodeException failure(String name, ImageFormat format, Exception e, List<String> warnings,
                                                boolean endsEarly) {
        if (e instanceof ImageDecodeException ide) {
            return ide;
        }
        if (endsEarly || truncationWarning(warnings) != null || causedByEof(e)) {
            return new ImageDecodeException(name, Reason.TRUNCATED, "truncated " + format.displayName() + " data", e);
        }
        String detail = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return new ImageDecodeException(name, Reason.CORRUPT,
                "corrupt or unsupported " + format.displayName() + " data (" + detail + ")", e);
    }

    private static boolean causedByEof(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof EOFException) {
                return true;
            }
            String m = t.getMessage();
            if (m != null && m.toLowerCase(Locale.ROOT).contains("unexpected end")) {
                return true;
            }
        }
        return false;
    }

    private static ImageDecodeException unreadable(String name, IOException e) {
        if (e instanceof EOFException) {
            return new ImageDecodeException(name, Reason.TRUNCATED, "file ends unexpectedly", e);
        }
        String problem = e instanceof AccessDeniedException ? "cannot read the file (permission denied)"
                : e instanceof NoSuchFileException ? "no such file"
                : "cannot read (" + e.getMessage() + ")";
        return new ImageDecodeException(name, Reason.UNREADABLE, problem, e);
    }
}
