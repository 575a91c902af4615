package io.sr4j.io;

import io.sr4j.image.Cicp;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import javax.imageio.stream.ImageInputStream;

/**
 * Finds the EXIF orientation, the embedded ICC profile, the EXIF block and the XMP packet of an
 * encoded image by walking its container structure (JPEG markers, PNG chunks, TIFF IFD0, WebP
 * RIFF chunks) before the pixels are decoded. The
 * ImageIO readers either do not expose these (the JDK's PNG reader ignores iCCP and eXIf) or
 * expose them in per-plugin metadata trees; walking the bytes is shorter and the same for all.
 *
 * <p>Like {@link TiffDirectory}, damaged metadata is ignored rather than reported: the pixel
 * decoder is the judge of whether the file is usable.
 */
final class MetadataScanner {
    private static final byte[] EXIF_ID = {'E', 'x', 'i', 'f', 0, 0};
    private static final byte[] ICC_ID = {'I', 'C', 'C', '_', 'P', 'R', 'O', 'F', 'I', 'L', 'E', 0};
    /** JPEG APP1 prefix of an XMP packet (XMP part 3, 1.1.3). */
    static final byte[] XMP_ID = "http://ns.adobe.com/xap/1.0/\0".getBytes(StandardCharsets.US_ASCII);
    /** PNG iTXt keyword of an XMP packet. */
    static final String XMP_KEYWORD = "XML:com.adobe.xmp";
    /** EXIF blocks and XMP packets larger than this are damaged or not worth copying. */
    private static final int MAX_BLOCK = 1 << 20;
    /**
     * Most bytes a compressed PNG metadata chunk (iCCP, zTXt, iTXt) may inflate to: the largest ICC
     * profile sr4j accepts. ImageIO's PNG reader inflates these whole, so a 250 KB file holding a
     * 256 MB zTXt made it allocate 800 MB (ResourceLimitTest).
     */
    static final int MAX_INFLATED = TiffDirectory.MAX_ICC_BYTES;

    /**
     * What the container says.
     *
     * @param orientation EXIF orientation 1–8, or 0 when absent
     * @param iccProfile  embedded ICC profile bytes, or null
     * @param endsEarly   the data stops inside the container structure (PNG: before IEND), so a
     *                    decoder failure is to be reported as truncation
     * @param exif        the EXIF TIFF block (without "Exif\0\0"), or null
     * @param xmp         the XMP packet, or null
     */
    record Result(int orientation, byte[] iccProfile, boolean endsEarly, byte[] exif, String xmp, Cicp cicp) {
        static final Result NONE = new Result(0, null, false, null, null, null);

        static Result of(TiffDirectory.Fields fields) {
            return new Result(fields.orientation(), fields.iccProfile(), false, null, utf8(fields.xmp()), null);
        }
    }

    private MetadataScanner() {
    }

    /**
     * Scans {@code in} from position 0 and seeks back to 0 afterwards. Formats without these
     * fields (BMP, GIF), or whose reader converts colour itself (WebP), yield nothing.
     */
    static Result scan(ImageFormat format, ImageInputStream in) throws IOException {
        ByteOrder order = in.getByteOrder();
        try {
            return switch (format) {
                case JPEG -> scanJpeg(in);
                case PNG -> scanPng(in);
                case TIFF -> Result.of(TiffDirectory.read(in, 0));
                case WEBP -> scanWebp(in);
                default -> Result.NONE;
            };
        } catch (MetadataBombException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            return Result.NONE;
        } finally {
            in.setByteOrder(order);
            in.seek(0);
        }
    }

    /** Walks JPEG marker segments up to the first scan: APP1 "Exif", APP2 "ICC_PROFILE". */
    private static Result scanJpeg(ImageInputStream in) throws IOException {
        in.setByteOrder(ByteOrder.BIG_ENDIAN);
        in.seek(0);
        if (in.read() != 0xFF || in.read() != 0xD8) {
            return Result.NONE;
        }
        int orientation = 0;
        byte[] exif = null;
        String xmp = null;
        byte[][] iccChunks = null;
        while (true) {
            if (in.read() != 0xFF) {
                break; // not at a marker: leave the damage for the decoder to report
            }
            int marker = in.read();
            while (marker == 0xFF) { // fill bytes
                marker = in.read();
            }
            if (marker < 0 || marker == 0xDA || marker == 0xD9) {
                break; // start of scan or end of image: no metadata after this point
            }
            if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD8)) {
                continue; // markers without a length field
            }
            int length = in.readUnsignedShort();
            if (length < 2) {
                break;
            }
            long next = in.getStreamPosition() + length - 2;
            int payload = length - 2;
            if (marker == 0xE1 && payload > EXIF_ID.length) {
                byte[] data = new byte[payload];
                in.readFully(data);
                if (exif == null && startsWith(data, EXIF_ID)) {
                    exif = Arrays.copyOfRange(data, EXIF_ID.length, data.length);
                    orientation = TiffDirectory.read(exif).orientation();
                } else if (xmp == null && startsWith(data, XMP_ID)) {
                    xmp = new String(data, XMP_ID.length, data.length - XMP_ID.length, StandardCharsets.UTF_8);
                }
            } else if (marker == 0xE2 && payload > ICC_ID.length + 2) {
                byte[] id = new byte[ICC_ID.length];
                in.readFully(id);
                if (startsWith(id, ICC_ID)) {
                    int seq = in.read();
                    int count = in.read();
                    if (count > 0 && seq >= 1 && seq <= count) {
                        if (iccChunks == null || iccChunks.length != count) {
                            iccChunks = new byte[count][];
                        }
                        byte[] chunk = new byte[payload - ICC_ID.length - 2];
                        in.readFully(chunk);
                        iccChunks[seq - 1] = chunk;
                    }
                }
            }
            in.seek(next);
        }
        // Truncation inside the scan data is reported by the decoder's warnings.
        return new Result(orientation, joinIccChunks(iccChunks), false, exif, xmp, null);
    }

    /** A profile split over APP2 segments, joined in sequence order; null if any is missing. */
    private static byte[] joinIccChunks(byte[][] chunks) {
        if (chunks == null) {
            return null;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] chunk : chunks) {
            if (chunk == null || out.size() + chunk.length > TiffDirectory.MAX_ICC_BYTES) {
                return null;
            }
            out.write(chunk, 0, chunk.length);
        }
        return out.toByteArray();
    }

    /**
     * Walks all PNG chunks: iCCP (zlib-compressed profile) and eXIf before the first IDAT are
     * read (an eXIf after the image data is ignored, as most viewers do), later chunk bodies are
     * skipped, and reaching the end of the data before IEND marks the file as cut short.
     */
    private static Result scanPng(ImageInputStream in) throws IOException {
        in.setByteOrder(ByteOrder.BIG_ENDIAN);
        in.seek(8);
        int orientation = 0;
        byte[] icc = null;
        byte[] exif = null;
        String xmp = null;
        Cicp cicp = null;
        boolean seenImageData = false;
        long length = in.length(); // -1 if unknown (a stream)
        while (true) {
            long at = in.getStreamPosition();
            byte[] header = new byte[8];
            if (readUpTo(in, header) < 8) {
                return new Result(orientation, icc, true, exif, xmp, cicp);
            }
            long chunkLength = ((header[0] & 0xFFL) << 24) | ((header[1] & 0xFF) << 16) | ((header[2] & 0xFF) << 8)
                    | (header[3] & 0xFF);
            int type = (header[4] & 0xFF) << 24 | (header[5] & 0xFF) << 16 | (header[6] & 0xFF) << 8 | (header[7] & 0xFF);
            long next = at + 8 + chunkLength + 4; // header, data, CRC
            if (chunkLength > Integer.MAX_VALUE) {
                return new Result(orientation, icc, false, exif, xmp, cicp); // damaged, not short: let the decoder say so
            }
            if (type == chunkType("IEND")) {
                return new Result(orientation, icc, false, exif, xmp, cicp);
            }
            seenImageData |= type == chunkType("IDAT");
            if (length >= 0 && next > length) {
                return new Result(orientation, icc, true, exif, xmp, cicp);
            }
            if (!seenImageData && isCompressedText(type)) {
                // ImageIO's PNG reader inflates these in full before the pixels: refuse bombs first.
                checkInflatedSize(in, at + 8, chunkLength, type);
                in.seek(at + 8);
            }
            if (!seenImageData && type == chunkType("iCCP") && chunkLength <= TiffDirectory.MAX_ICC_BYTES) {
                byte[] data = new byte[(int) chunkLength];
                if (readUpTo(in, data) < data.length) {
                    return new Result(orientation, icc, true, exif, xmp, cicp);
                }
                icc = inflateIccp(data);
            } else if (!seenImageData && type == chunkType("eXIf") && chunkLength <= (1 << 20)) {
                byte[] data = new byte[(int) chunkLength];
                if (readUpTo(in, data) < data.length) {
                    return new Result(orientation, icc, true, exif, xmp, cicp);
                }
                // Some writers keep JPEG's "Exif\0\0" prefix, which the PNG spec leaves out.
                int from = startsWith(data, EXIF_ID) ? EXIF_ID.length : 0;
                exif = Arrays.copyOfRange(data, from, data.length);
                orientation = TiffDirectory.read(exif).orientation();
            } else if (!seenImageData && type == chunkType("cICP") && chunkLength == 4) {
                byte[] data = new byte[4];
                if (readUpTo(in, data) < data.length) {
                    return new Result(orientation, icc, true, exif, xmp, cicp);
                }
                cicp = new Cicp(data[0] & 0xFF, data[1] & 0xFF, data[2] & 0xFF, data[3] != 0);
            } else if (xmp == null && type == chunkType("iTXt") && chunkLength <= MAX_BLOCK) {
                byte[] data = new byte[(int) chunkLength];
                if (readUpTo(in, data) < data.length) {
                    return new Result(orientation, icc, true, exif, xmp, cicp);
                }
                xmp = xmpFromItxt(data);
            }
            in.seek(next);
            if (length < 0 && in.read() < 0) { // unknown length: probe that the stream goes on
                return new Result(orientation, icc, true, exif, xmp, cicp);
            }
            in.seek(next);
        }
    }

    /**
     * iTXt: keyword, NUL, compression flag, method, language tag, NUL, translated keyword, NUL,
     * text (UTF-8, zlib-compressed if the flag is 1). Only the XMP keyword is of interest.
     */
    private static String xmpFromItxt(byte[] chunk) {
        int at = indexOf(chunk, 0, (byte) 0);
        if (at < 0 || !XMP_KEYWORD.equals(new String(chunk, 0, at, StandardCharsets.ISO_8859_1))
                || at + 3 > chunk.length) {
            return null;
        }
        boolean compressed = chunk[at + 1] == 1;
        int language = indexOf(chunk, at + 3, (byte) 0);
        int translated = language < 0 ? -1 : indexOf(chunk, language + 1, (byte) 0);
        if (translated < 0) {
            return null;
        }
        byte[] text = Arrays.copyOfRange(chunk, translated + 1, chunk.length);
        if (compressed) {
            text = inflate(text, 0, MAX_BLOCK);
        }
        return utf8(text);
    }

    /** WebP (RIFF): the EXIF and "XMP " chunks. The reader converts colour itself, so ICCP is left out. */
    private static Result scanWebp(ImageInputStream in) throws IOException {
        in.setByteOrder(ByteOrder.LITTLE_ENDIAN);
        in.seek(12);
        byte[] exif = null;
        String xmp = null;
        long length = in.length();
        while (true) {
            byte[] fourcc = new byte[4];
            if (readUpTo(in, fourcc) < 4) {
                break;
            }
            long size = in.readUnsignedInt();
            long next = in.getStreamPosition() + size + (size & 1);
            String type = new String(fourcc, StandardCharsets.US_ASCII);
            if ((type.equals("EXIF") || type.equals("XMP ")) && size <= MAX_BLOCK
                    && (length < 0 || in.getStreamPosition() + size <= length)) {
                byte[] data = new byte[(int) size];
                in.readFully(data);
                if (type.equals("XMP ")) {
                    xmp = utf8(data);
                } else {
                    // Some writers keep JPEG's "Exif\0\0" prefix here too.
                    exif = startsWith(data, EXIF_ID) ? Arrays.copyOfRange(data, EXIF_ID.length, data.length) : data;
                }
            }
            in.seek(next);
        }
        // Orientation is not applied to WebP (see ImageDecoder), so it is not reported either.
        return new Result(0, null, false, exif, xmp, null);
    }

    private static int indexOf(byte[] data, int from, byte value) {
        for (int i = from; i < data.length; i++) {
            if (data[i] == value) {
                return i;
            }
        }
        return -1;
    }

    private static String utf8(byte[] data) {
        if (data == null) {
            return null;
        }
        int end = data.length;
        while (end > 0 && data[end - 1] == 0) {
            end--; // some writers NUL-terminate the packet
        }
        return new String(data, 0, end, StandardCharsets.UTF_8);
    }

    private static int readUpTo(ImageInputStream in, byte[] buffer) throws IOException {
        int n = 0;
        while (n < buffer.length) {
            int r = in.read(buffer, n, buffer.length - n);
            if (r < 0) {
                break;
            }
            n += r;
        }
        return n;
    }

    /** A metadata block that would inflate beyond {@link #MAX_INFLATED}: the image is refused. */
    static final class MetadataBombException extends RuntimeException {
        MetadataBombException(String message) {
            super(message);
        }
    }

    private static boolean isCompressedText(int type) {
        return type == chunkType("iCCP") || type == chunkType("zTXt") || type == chunkType("iTXt");
    }

    /**
     * Inflates a compressed PNG chunk into a counter (nothing is kept) and throws if it holds more
     * than {@link #MAX_INFLATED} bytes. Chunks that are not zlib data (an uncompressed iTXt, damage)
     * are left to the reader.
     */
    private static void checkInflatedSize(ImageInputStream in, long dataAt, long chunkLength, int type)
            throws IOException {
        String name = new String(new byte[] {(byte) (type >> 24), (byte) (type >> 16), (byte) (type >> 8),
            (byte) type}, StandardCharsets.US_ASCII);
        if (chunkLength > MAX_INFLATED) {
            throw new MetadataBombException("PNG " + name + " chunk of " + chunkLength + " bytes exceeds the limit of "
                    + (MAX_INFLATED >> 20) + " MB for metadata");
        }
        in.seek(dataAt);
        byte[] data = new byte[(int) chunkLength];
        if (readUpTo(in, data) < data.length) {
            return; // cut short: the reader reports the truncation
        }
        // The zlib stream starts after the keyword's NUL and the method byte (iCCP, zTXt); in iTXt
        // after the keyword, flags, language and translated keyword (compressed only if flagged).
        int at = indexOf(data, 0, (byte) 0);
        if (at < 0) {
            return;
        }
        int from;
        if (type == chunkType("iTXt")) {
            if (at + 2 >= data.length || data[at + 1] != 1) {
                return;
            }
            int language = indexOf(data, at + 3, (byte) 0);
            int translated = language < 0 ? -1 : indexOf(data, language + 1, (byte) 0);
            if (translated < 0) {
                return;
            }
            from = translated + 1;
        } else {
            from = at + 2;
        }
        if (from > data.length) {
            return;
        }
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(data, from, data.length - from);
            byte[] sink = new byte[8192];
            long total = 0;
            while (!inflater.finished()) {
                int n = inflater.inflate(sink);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    return;
                }
                total += n;
                if (total > MAX_INFLATED) {
                    throw new MetadataBombException("PNG " + name + " chunk of " + chunkLength
                            + " bytes inflates to more than the limit of " + (MAX_INFLATED >> 20)
                            + " MB for metadata (a decompression bomb)");
                }
            }
        } catch (DataFormatException e) {
            return; // not zlib data: the reader reports it or skips it
        } finally {
            inflater.end();
        }
    }

    /** iCCP: profile name, NUL, compression method 0, zlib data. */
    private static byte[] inflateIccp(byte[] chunk) {
        int nul = 0;
        while (nul < chunk.length && chunk[nul] != 0) {
            nul++;
        }
        if (nul == 0 || nul > 79 || nul + 2 > chunk.length || chunk[nul + 1] != 0) {
            return null;
        }
        return inflate(chunk, nul + 2, TiffDirectory.MAX_ICC_BYTES);
    }

    /** zlib data from {@code from} to the end, or null if damaged or larger than {@code limit}. */
    private static byte[] inflate(byte[] data, int from, int limit) {
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(data, from, data.length - from);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            while (!inflater.finished()) {
                int n = inflater.inflate(buffer);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    return null; // truncated stream
                }
                out.write(buffer, 0, n);
                if (out.size() > limit) {
                    return null; // decompression bomb, not metadata
                }
            }
            return out.toByteArray();
        } catch (DataFormatException e) {
            return null;
        } finally {
            inflater.end();
        }
    }

    private static int chunkType(String name) {
        return name.charAt(0) << 24 | name.charAt(1) << 16 | name.charAt(2) << 8 | name.charAt(3);
    }

    private static boolean startsWith(byte[] data, byte[] prefix) {
        if (data.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (data[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
