package io.sr4j.io;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Edits the marker segments at the start of an encoded JPEG. */
final class JpegSegments {
    /** Payload room in one APP2 segment: 65535 - length field (2) - "ICC_PROFILE\0" (12) - seq/count (2). */
    static final int ICC_CHUNK = 65519;
    private static final byte[] ICC_ID = "ICC_PROFILE\0".getBytes(StandardCharsets.US_ASCII);

    private JpegSegments() {
    }

    /**
     * Returns {@code jpeg} with {@code profile} inserted as APP2 "ICC_PROFILE" segments (ICC.1
     * Annex B: split into numbered chunks) right after SOI and any APP0 (JFIF/JFXX) segments.
     *
     * @throws IllegalArgumentException if {@code jpeg} does not start with SOI or the profile
     *                                  needs more than 255 chunks
     */
    static byte[] withIccProfile(byte[] jpeg, byte[] profile) {
        if (jpeg.length < 4 || (jpeg[0] & 0xFF) != 0xFF || (jpeg[1] & 0xFF) != 0xD8) {
            throw new IllegalArgumentException("not a JPEG stream");
        }
        int chunks = (profile.length + ICC_CHUNK - 1) / ICC_CHUNK;
        if (chunks < 1 || chunks > 255) {
            throw new IllegalArgumentException("ICC profile of " + profile.length + " bytes does not fit in APP2 segments");
        }
        int at = 2;
        while (at + 4 <= jpeg.length && (jpeg[at] & 0xFF) == 0xFF && (jpeg[at + 1] & 0xFF) == 0xE0) {
            at += 2 + ((jpeg[at + 2] & 0xFF) << 8 | (jpeg[at + 3] & 0xFF));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(jpeg.length + profile.length + 18 * chunks);
        out.write(jpeg, 0, at);
        for (int i = 0; i < chunks; i++) {
            int from = i * ICC_CHUNK;
            int n = Math.min(ICC_CHUNK, profile.length - from);
            int length = 2 + ICC_ID.length + 2 + n;
            out.write(0xFF);
            out.write(0xE2);
            out.write(length >> 8);
            out.write(length & 0xFF);
            out.writeBytes(ICC_ID);
            out.write(i + 1);
            out.write(chunks);
            out.write(profile, from, n);
        }
        out.write(jpeg, at, jpeg.length - at);
        return out.toByteArray();
    }
}
