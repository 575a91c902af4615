package io.sr4j.server;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;

/**
 * Tells a video upload from an image by its first bytes, and picks the container its result is
 * written in when the client names none: MP4 and QuickTime stay what they are; everything else
 * (Matroska, WebM, AVI, MPEG-TS, …) becomes Matroska, which takes any audio codec, so the sound is
 * copied untouched. Whether FFmpeg can actually read the file is checked afterwards by probing it.
 */
final class VideoSniffer {
    /** Bytes needed to decide. */
    static final int HEAD_BYTES = 512;
    /**
     * ISO-BMFF brands of still images (AVIF, HEIF): they share MP4's {@code ftyp} box and stay on the
     * image path.
     */
    private static final Set<String> IMAGE_BRANDS = Set.of("avif", "avis", "heic", "heix", "heim", "heis", "mif1",
            "msf1", "jpeg", "jxl ");

    private VideoSniffer() {
    }

    /**
     * @param head the upload's first bytes ({@link #HEAD_BYTES}, fewer if it is shorter)
     * @return the default result container when {@code head} starts a video, empty otherwise
     */
    static Optional<VideoContainer> sniff(byte[] head) {
        if (head.length >= 12 && ascii(head, 4, 4).equals("ftyp")) {
            String brand = ascii(head, 8, 4);
            if (IMAGE_BRANDS.contains(brand)) {
                return Optional.empty();
            }
            return Optional.of(brand.equals("qt  ") ? VideoContainer.MOV : VideoContainer.MP4);
        }
        if (startsWith(head, 0x1A, 0x45, 0xDF, 0xA3)                          // Matroska, WebM
                || head.length >= 12 && ascii(head, 0, 4).equals("RIFF") && ascii(head, 8, 4).equals("AVI ")
                || startsWith(head, 'F', 'L', 'V', 0x01)                        // Flash video
                || startsWith(head, 0x00, 0x00, 0x01, 0xBA)                     // MPEG program stream
                || isTransportStream(head)
                || startsWith(head, 'O', 'g', 'g', 'S')) {                      // Ogg (Theora)
            return Optional.of(VideoContainer.MKV);
        }
        if (head.length >= 8 && (ascii(head, 4, 4).equals("moov") || ascii(head, 4, 4).equals("mdat")
                || ascii(head, 4, 4).equals("wide"))) {
            return Optional.of(VideoContainer.MOV); // QuickTime without an ftyp box
        }
        return Optional.empty();
    }

    /** MPEG-TS: a sync byte every 188 bytes (one alone would also start a GIF). */
    private static boolean isTransportStream(byte[] head) {
        return head.length > 2 * 188 && head[0] == 0x47 && head[188] == 0x47 && head[2 * 188] == 0x47;
    }

    private static boolean startsWith(byte[] head, int... bytes) {
        if (head.length < bytes.length) {
            return false;
        }
        for (int i = 0; i < bytes.length; i++) {
            if ((head[i] & 0xFF) != bytes[i]) {
                return false;
            }
        }
        return true;
    }

    private static String ascii(byte[] head, int from, int length) {
        return new String(head, from, length, StandardCharsets.ISO_8859_1);
    }
}
