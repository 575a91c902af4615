package io.sr4j.io;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Edits the marker segments at the start of an encoded JPEG. */
final class JpegSegments {
    /** Payload room in one APP2 segment: 65535 - length field (2) - "ICC_PROFILE\0" (12) - seq/count (2). */
    static final int ICC_CHUNK = 65519;
    /** Largest payload of one marker segment (the length field counts itself). */
    static final int MAX_PAYLOAD = 65533;
    private static final byte[] ICC_ID = "ICC_PROFILE\0".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EXIF_ID = {'E', 'x', 'i', 'f', 0, 0};

    /** An application segment to insert: its marker (0xE1 APP1, 0xE2 APP2, …) and payload. */
    record Segment(int marker, byte[] payload) {
    }

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
        return withSegments(jpeg, iccSegments(profile));
    }

    /** The APP2 segments that carry {@code profile}. */
    static List<Segment> iccSegments(byte[] profile) {
        int chunks = (profile.length + ICC_CHUNK - 1) / ICC_CHUNK;
        if (chunks < 1 || chunks > 255) {
            throw new IllegalArgumentException("ICC profile of " + profile.length + " bytes does not fit in APP2 segments");
        }
        List<Segment> segments = new ArrayList<>(chunks);
        for (int i = 0; i < chunks; i++) {
            int from = i * ICC_CHUNK;
            int n = Math.min(ICC_CHUNK, profile.length - from);
            ByteArrayOutputStream payload = new ByteArrayOutputStream(ICC_ID.length + 2 + n);
            payload.writeBytes(ICC_ID);
            payload.write(i + 1);
            payload.write(chunks);
            payload.write(profile, from, n);
            segments.add(new Segment(0xE2, payload.toByteArray()));
        }
        return segments;
    }

    /** The APP1 "Exif" segment for a TIFF block; empty if it does not fit in one segment. */
    static List<Segment> exifSegment(byte[] tiff) {
        return app1(EXIF_ID, tiff);
    }

    /** The APP1 XMP segment for a packet; empty if it does not fit (extended XMP is not written). */
    static List<Segment> xmpSegment(String xmp) {
        return app1(MetadataScanner.XMP_ID, xmp.getBytes(StandardCharsets.UTF_8));
    }

    private static List<Segment> app1(byte[] id, byte[] data) {
        if (id.length + data.length > MAX_PAYLOAD) {
            return List.of();
        }
        byte[] payload = new byte[id.length + data.length];
        System.arraycopy(id, 0, payload, 0, id.length);
        System.arraycopy(data, 0, payload, id.length, data.length);
        return List.of(new Segment(0xE1, payload));
    }

    /**
     * Returns {@code jpeg} with {@code segments} inserted, in order, right after SOI and any APP0
     * (JFIF/JFXX) segments, where EXIF and ICC segments belong.
     *
     * @throws IllegalArgumentException if {@code jpeg} does not start with SOI
     */
    static byte[] withSegments(byte[] jpeg, List<Segment> segments) {
        if (jpeg.length < 4 || (jpeg[0] & 0xFF) != 0xFF || (jpeg[1] & 0xFF) != 0xD8) {
            throw new IllegalArgumentException("not a JPEG stream");
        }
        int at = 2;
        while (at + 4 <= jpeg.length && (jpeg[at] & 0xFF) == 0xFF && (jpeg[at + 1] & 0xFF) == 0xE0) {
            at += 2 + ((jpeg[at + 2] & 0xFF) << 8 | (jpeg[at + 3] & 0xFF));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(jpeg.length + 64 * 1024);
        out.write(jpeg, 0, at);
        for (Segment s : segments) {
            int length = 2 + s.payload().length;
            out.write(0xFF);
            out.write(s.marker());
            out.write(length >> 8);
            out.write(length & 0xFF);
            out.writeBytes(s.payload());
        }
        out.write(jpeg, at, jpeg.length - at);
        return out.toByteArray();
    }
}
