package io.sr4j.io;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The image containers sr4j reads and writes. Input formats are recognised from their first bytes
 * ({@link #sniff}), never from the file name; output formats are chosen explicitly or from the
 * output file's extension ({@link #fromFileName}).
 */
public enum ImageFormat {
    PNG("png", "PNG", true, List.of("png")),
    JPEG("jpeg", "JPEG", true, List.of("jpg", "jpeg", "jpe", "jfif")),
    BMP("bmp", "BMP", true, List.of("bmp")),
    GIF("gif", "GIF", false, List.of("gif")),
    TIFF("tiff", "TIFF", false, List.of("tif", "tiff")),
    WEBP("webp", "WebP", true, List.of("webp"));

    /** How many leading bytes {@link #sniff} and {@link #describeUnsupported} look at. */
    static final int SNIFF_LENGTH = 16;

    private final String id;
    private final String displayName;
    private final boolean writable;
    private final List<String> extensions;

    ImageFormat(String id, String displayName, boolean writable, List<String> extensions) {
        this.id = id;
        this.displayName = displayName;
        this.writable = writable;
        this.extensions = extensions;
    }

    /** Lower-case identifier, also the ImageIO format name and {@code SourceInfo.format()}. */
    public String id() {
        return id;
    }

    /** Name for messages ("JPEG", "WebP"). */
    public String displayName() {
        return displayName;
    }

    /** True if {@link ImageEncoder} can write this format. */
    public boolean isWritable() {
        return writable;
    }

    /** File extensions (lower case, without the dot); the first is the one sr4j writes. */
    public List<String> extensions() {
        return extensions;
    }

    /**
     * The format whose signature starts {@code header}, if it is one sr4j decodes. Only the first
     * {@code length} bytes of the array are looked at.
     */
    public static Optional<ImageFormat> sniff(byte[] header, int length) {
        int n = Math.min(length, header.length);
        if (startsWith(header, n, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
            return Optional.of(PNG);
        }
        if (startsWith(header, n, 0xFF, 0xD8, 0xFF)) {
            return Optional.of(JPEG);
        }
        if (startsWith(header, n, 'G', 'I', 'F', '8', '7', 'a') || startsWith(header, n, 'G', 'I', 'F', '8', '9', 'a')) {
            return Optional.of(GIF);
        }
        // "II*\0" / "MM\0*" classic TIFF, "II+\0" / "MM\0+" BigTIFF.
        if (startsWith(header, n, 'I', 'I', 42, 0) || startsWith(header, n, 'M', 'M', 0, 42)
                || startsWith(header, n, 'I', 'I', 43, 0) || startsWith(header, n, 'M', 'M', 0, 43)) {
            return Optional.of(TIFF);
        }
        if (n >= 12 && startsWith(header, n, 'R', 'I', 'F', 'F')
                && header[8] == 'W' && header[9] == 'E' && header[10] == 'B' && header[11] == 'P') {
            return Optional.of(WEBP);
        }
        // "BM" alone is weak evidence (text files can start with it), so also require the
        // reserved header words to be zero and a known DIB header size.
        if (n >= 16 && header[0] == 'B' && header[1] == 'M' && header[6] == 0 && header[7] == 0
                && header[8] == 0 && header[9] == 0) {
            int dib = (header[14] & 0xFF) | (header[15] & 0xFF) << 8;
            if (dib == 12 || dib == 16 || dib == 40 || dib == 52 || dib == 56 || dib == 64 || dib == 108
                    || dib == 124) {
                return Optional.of(BMP);
            }
        }
        return Optional.empty();
    }

    /**
     * A plain name for image formats that sr4j recognises but does not decode ("Photoshop PSD"),
     * so that the error can say what the file is rather than "not an image".
     */
    static Optional<String> describeUnsupported(byte[] header, int length) {
        int n = Math.min(length, header.length);
        if (startsWith(header, n, '8', 'B', 'P', 'S')) {
            return Optional.of("Photoshop PSD");
        }
        if (n >= 12 && header[4] == 'f' && header[5] == 't' && header[6] == 'y' && header[7] == 'p') {
            String brand = new String(header, 8, 4, StandardCharsets.US_ASCII);
            if (brand.startsWith("avi")) {
                return Optional.of("AVIF");
            }
            if (brand.startsWith("hei") || brand.startsWith("mif") || brand.startsWith("hev") || brand.startsWith("msf")) {
                return Optional.of("HEIF/HEIC");
            }
            if (brand.startsWith("jp2") || brand.startsWith("jpx")) {
                return Optional.of("JPEG 2000");
            }
            return Optional.of("ISO media (" + brand.trim() + ")");
        }
        if (startsWith(header, n, 0, 0, 0, 0x0C, 'j', 'P', ' ', ' ') || startsWith(header, n, 0xFF, 0x4F, 0xFF, 0x51)) {
            return Optional.of("JPEG 2000");
        }
        if (startsWith(header, n, 0xFF, 0x0A) || startsWith(header, n, 0, 0, 0, 0x0C, 'J', 'X', 'L', ' ')) {
            return Optional.of("JPEG XL");
        }
        if (startsWith(header, n, 'q', 'o', 'i', 'f')) {
            return Optional.of("QOI");
        }
        if (startsWith(header, n, 0x76, 0x2F, 0x31, 0x01)) {
            return Optional.of("OpenEXR");
        }
        if (startsWith(header, n, '#', '?', 'R', 'A', 'D', 'I', 'A', 'N', 'C', 'E')
                || startsWith(header, n, '#', '?', 'R', 'G', 'B', 'E')) {
            return Optional.of("Radiance HDR");
        }
        if (startsWith(header, n, 0, 0, 1, 0)) {
            return Optional.of("Windows icon (ICO)");
        }
        if (startsWith(header, n, '%', 'P', 'D', 'F')) {
            return Optional.of("PDF");
        }
        if (n >= 2 && header[0] == 'P' && header[1] >= '1' && header[1] <= '7'
                && (n < 3 || header[2] == '\n' || header[2] == '\r' || header[2] == ' ' || header[2] == '\t')) {
            return Optional.of("Netpbm (PBM/PGM/PPM/PAM)");
        }
        return Optional.empty();
    }

    /** The format named by {@code fileName}'s extension (case-insensitive), if sr4j knows it. */
    public static Optional<ImageFormat> fromFileName(String fileName) {
        String ext = extensionOf(fileName);
        if (ext.isEmpty()) {
            return Optional.empty();
        }
        for (ImageFormat f : values()) {
            if (f.extensions.contains(ext)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    /** The format with this id or extension ("png", "JPG", "jpeg"); for command-line options. */
    public static Optional<ImageFormat> fromName(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        for (ImageFormat f : values()) {
            if (f.id.equals(n) || f.extensions.contains(n)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    /** The extension of {@code fileName} in lower case, without the dot; "" if it has none. */
    static String extensionOf(String fileName) {
        int slash = Math.max(fileName.lastIndexOf('/'), fileName.lastIndexOf('\\'));
        int dot = fileName.lastIndexOf('.');
        if (dot <= slash + 1 || dot == fileName.length() - 1) {
            return "";
        }
        return fileName.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    private static boolean startsWith(byte[] data, int length, int... signature) {
        if (length < signature.length) {
            return false;
        }
        for (int i = 0; i < signature.length; i++) {
            if ((data[i] & 0xFF) != signature[i]) {
                return false;
            }
        }
        return true;
    }
}
