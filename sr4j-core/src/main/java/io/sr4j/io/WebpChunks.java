package io.sr4j.io;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Adds an ICC profile, an EXIF block and an XMP packet to an encoded WebP file. libwebp's simple
 * encoder (all webp-imageio offers) writes no metadata, so the file is rewritten in the extended
 * layout of the WebP container spec: a {@code VP8X} header whose flags announce the extras, then
 * {@code ICCP}, the image chunks as the encoder wrote them ({@code ALPH}, {@code VP8 }/{@code VP8L}),
 * {@code EXIF} and {@code XMP }.
 */
final class WebpChunks {
    private static final int ICC_FLAG = 0x20;
    private static final int ALPHA_FLAG = 0x10;
    private static final int EXIF_FLAG = 0x08;
    private static final int XMP_FLAG = 0x04;
    private static final int HEADER = 12; // "RIFF", size, "WEBP"

    private WebpChunks() {
    }

    /**
     * {@code webp} with the given extras, each may be null; the input itself when all are null.
     *
     * @param exif a TIFF block, stored as is (without JPEG's "Exif\0\0" prefix), as libwebp's tools do
     * @throws IllegalArgumentException if {@code webp} is not a still WebP file
     */
    static byte[] withMetadata(byte[] webp, byte[] icc, byte[] exif, String xmp) {
        if (icc == null && exif == null && xmp == null) {
            return webp;
        }
        if (webp.length < HEADER + 8 || !fourcc(webp, 0).equals("RIFF") || !fourcc(webp, 8).equals("WEBP")) {
            throw new IllegalArgumentException("not a WebP file");
        }
        ImageChunks image = ImageChunks.parse(webp);
        int flags = image.flags() | (icc != null ? ICC_FLAG : 0) | (exif != null ? EXIF_FLAG : 0)
                | (xmp != null ? XMP_FLAG : 0);

        ByteArrayOutputStream body = new ByteArrayOutputStream(webp.length + 4096);
        body.writeBytes("WEBP".getBytes(StandardCharsets.US_ASCII));
        byte[] vp8x = new byte[10];
        vp8x[0] = (byte) flags;
        putUint24(vp8x, 4, image.width() - 1);
        putUint24(vp8x, 7, image.height() - 1);
        writeChunk(body, "VP8X", vp8x);
        if (icc != null) {
            writeChunk(body, "ICCP", icc);
        }
        body.write(webp, image.from(), image.to() - image.from());
        if (exif != null) {
            writeChunk(body, "EXIF", exif);
        }
        if (xmp != null) {
            writeChunk(body, "XMP ", xmp.getBytes(StandardCharsets.UTF_8));
        }

        ByteArrayOutputStream out = new ByteArrayOutputStream(body.size() + 8);
        out.writeBytes("RIFF".getBytes(StandardCharsets.US_ASCII));
        writeUint32(out, body.size());
        out.writeBytes(body.toByteArray());
        return out.toByteArray();
    }

    /**
     * Where the encoder's image chunks lie (everything after a {@code VP8X}, if it wrote one), the
     * canvas size and the flags to keep (alpha).
     */
    private record ImageChunks(int from, int to, int width, int height, int flags) {
        static ImageChunks parse(byte[] webp) {
            int to = Math.min(webp.length, 8 + (int) Math.min(uint32(webp, 4), Integer.MAX_VALUE - 8));
            String first = fourcc(webp, HEADER);
            int payload = HEADER + 8;
            long size = uint32(webp, HEADER + 4);
            if (payload + Math.min(size, 10) > to) {
                throw new IllegalArgumentException("WebP file cut short");
            }
            switch (first) {
                case "VP8X" -> {
                    if (size < 10) {
                        throw new IllegalArgumentException("VP8X chunk too short");
                    }
                    int next = payload + (int) size + (int) (size & 1);
                    return new ImageChunks(next, to, uint24(webp, payload + 4) + 1, uint24(webp, payload + 7) + 1,
                            webp[payload] & ALPHA_FLAG);
                }
                case "VP8L" -> {
                    // Signature 0x2F, then 14 bits width - 1, 14 bits height - 1, 1 bit alpha_is_used.
                    if (webp[payload] != 0x2F) {
                        throw new IllegalArgumentException("bad VP8L signature");
                    }
                    long bits = uint32(webp, payload + 1);
                    int alpha = ((bits >> 28) & 1) != 0 ? ALPHA_FLAG : 0;
                    return new ImageChunks(HEADER, to, (int) (bits & 0x3FFF) + 1, (int) ((bits >> 14) & 0x3FFF) + 1,
                            alpha);
                }
                case "VP8 " -> {
                    // Key frame: 3-byte frame tag, start code 9D 01 2A, then 14-bit width and height.
                    if ((webp[payload + 3] & 0xFF) != 0x9D || webp[payload + 4] != 0x01 || webp[payload + 5] != 0x2A) {
                        throw new IllegalArgumentException("bad VP8 start code");
                    }
                    return new ImageChunks(HEADER, to, uint16(webp, payload + 6) & 0x3FFF,
                            uint16(webp, payload + 8) & 0x3FFF, 0);
                }
                default -> throw new IllegalArgumentException("unexpected first WebP chunk '" + first + "'");
            }
        }
    }

    private static void writeChunk(ByteArrayOutputStream out, String type, byte[] data) {
        out.writeBytes(type.getBytes(StandardCharsets.US_ASCII));
        writeUint32(out, data.length);
        out.writeBytes(data);
        if ((data.length & 1) != 0) {
            out.write(0); // chunks are padded to an even size
        }
    }

    private static String fourcc(byte[] data, int at) {
        return new String(data, at, 4, StandardCharsets.US_ASCII);
    }

    private static int uint16(byte[] data, int at) {
        return (data[at] & 0xFF) | (data[at + 1] & 0xFF) << 8;
    }

    private static int uint24(byte[] data, int at) {
        return uint16(data, at) | (data[at + 2] & 0xFF) << 16;
    }

    private static long uint32(byte[] data, int at) {
        return uint24(data, at) | (data[at + 3] & 0xFFL) << 24;
    }

    private static void putUint24(byte[] data, int at, int v) {
        data[at] = (byte) v;
        data[at + 1] = (byte) (v >>> 8);
        data[at + 2] = (byte) (v >>> 16);
    }

    private static void writeUint32(ByteArrayOutputStream out, int v) {
        out.write(v);
        out.write(v >>> 8);
        out.write(v >>> 16);
        out.write(v >>> 24);
    }
}
