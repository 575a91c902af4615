package io.sr4j.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import javax.imageio.stream.ImageInputStream;

/**
 * Finds the EXIF orientation and the embedded ICC profile of an encoded image by walking its
 * container structure (JPEG markers, PNG chunks, TIFF IFD0) before the pixels are decoded. The
 * ImageIO readers either do not expose these (the JDK's PNG reader ignores iCCP and eXIf) or
 * expose them in per-plugin metadata trees; walking the bytes is shorter and the same for all.
 *
 * <p>Like {@link TiffDirectory}, damaged metadata is ignored rather than reported: the pixel
 * decoder is the judge of whether the file is usable.
 */
final class MetadataScanner {
    private static final byte[] EXIF_ID = {'E', 'x', 'i', 'f', 0, 0};
    private static final byte[] ICC_ID = {'I', 'C', 'C', '_', 'P', 'R', 'O', 'F', 'I', 'L', 'E', 0};

    /**
     * What the container says.
     *
     * @param orientation EXIF orientation 1–8, or 0 when absent
     * @param iccProfile  embedded ICC profile bytes, or null
     * @param endsEarly   the data stops inside the container structure (PNG: before IEND), so a
     *                    decoder failure is to be reported as truncation
     */
    record Result(int orientation, byte[] iccProfile, boolean endsEarly) {
        static final Result NONE = new Result(0, null, false);

        static Result of(TiffDirectory.Fields fields) {
            return new Result(fields.orientation(), fields.iccProfile(), false);
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
                default -> Result.NONE;
            };
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
            if (marker == 0xE1 && orientation == 0 && payload > EXIF_ID.length) {
                byte[] data = new byte[payload];
                in.readFully(data);
                if (startsWith(data, EXIF_ID)) {
                    orientation = TiffDirectory.read(Arrays.copyOfRange(data, EXIF_ID.length, data.length))
                            .orientation();
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
        return new Result(orientation, joinIccChunks(iccChunks), false);
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
        boolean seenImageData = false;
        long length = in.length(); // -1 if unknown (a stream)
        while (true) {
            long at = in.getStreamPosition();
            byte[] header = new byte[8];
            if (readUpTo(in, header) < 8) {
                return new Result(orientation, icc, true);
            }
            long chunkLength = ((header[0] & 0xFFL) << 24) | ((header[1] & 0xFF) << 16) | ((header[2] & 0xFF) << 8)
                    | (header[3] & 0xFF);
            int type = (header[4] & 0xFF) << 24 | (header[5] & 0xFF) << 16 | (header[6] & 0xFF) << 8 | (header[7] & 0xFF);
            long next = at + 8 + chunkLength + 4; // header, data, CRC
            if (chunkLength > Integer.MAX_VALUE) {
                return new Result(orientation, icc, false); // damaged, not short: let the decoder say so
            }
            if (type == chunkType("IEND")) {
                return new Result(orientation, icc, false);
            }
            seenImageData |= type == chunkType("IDAT");
            if (length >= 0 && next > length) {
                return new Result(orientation, icc, true);
            }
            if (!seenImageData && type == chunkType("iCCP") && chunkLength <= TiffDirectory.MAX_ICC_BYTES) {
                byte[] data = new byte[(int) chunkLength];
                if (readUpTo(in, data) < data.length) {
                    return new Result(orientation, icc, true);
                }
                icc = inflateIccp(data);
            } else if (!seenImageData && type == chunkType("eXIf") && chunkLength <= (1 << 20)) {
                byte[] data = new byte[(int) chunkLength];
                if (readUpTo(in, data) < data.length) {
                    return new Result(orientation, icc, true);
                }
                // Some writers keep JPEG's "Exif\0\0" prefix, which the PNG spec leaves out.
                int from = startsWith(data, EXIF_ID) ? EXIF_ID.length : 0;
                orientation = TiffDirectory.read(Arrays.copyOfRange(data, from, data.length)).orientation();
            }
            in.seek(next);
            if (length < 0 && in.read() < 0) { // unknown length: probe that the stream goes on
                return new Result(orientation, icc, true);
            }
            in.seek(next);
        }
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

    /** iCCP: profile name, NUL, compression method 0, zlib data. */
    private static byte[] inflateIccp(byte[] chunk) {
        int nul = 0;
        while (nul < chunk.length && chunk[nul] != 0) {
            nul++;
        }
        if (nul == 0 || nul > 79 || nul + 2 > chunk.length || chunk[nul + 1] != 0) {
            return null;
        }
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(chunk, nul + 2, chunk.length - nul - 2);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            while (!inflater.finished()) {
                int n = inflater.inflate(buffer);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    return null; // truncated stream
                }
                out.write(buffer, 0, n);
                if (out.size() > TiffDirectory.MAX_ICC_BYTES) {
                    return null; // decompression bomb, not a profile
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
