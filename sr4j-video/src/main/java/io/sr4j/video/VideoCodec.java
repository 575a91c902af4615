package io.sr4j.video;

import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_encoder_by_name;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_NONE;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P10LE;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.javacpp.IntPointer;

/**
 * The video codecs sr4j encodes, each with the FFmpeg encoders that can write it, best first. Which
 * are present depends on the FFmpeg natives on the class path: the GPL build sr4j ships has
 * libx264 and libx265; the LGPL build only libopenh264 (no quality-based rate control).
 */
public enum VideoCodec {
    H264("h264", List.of("libx264", "libopenh264")),
    H265("h265", List.of("libx265"));

    private final String displayName;
    private final List<String> encoders;

    VideoCodec(String displayName, List<String> encoders) {
        this.displayName = displayName;
        this.encoders = encoders;
    }

    /** {@code h264} or {@code h265}, as the command line spells it. */
    public String displayName() {
        return displayName;
    }

    /** The codec for a command-line name ({@code h264}, {@code avc}, {@code h265}, {@code hevc}). */
    public static VideoCodec fromName(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "h264", "avc", "x264" -> H264;
            case "h265", "hevc", "x265" -> H265;
            default -> throw new IllegalArgumentException("unknown codec " + name + "; sr4j writes h264 or h265");
        };
    }

    /** The best encoder for this codec in the loaded FFmpeg, if any. */
    Optional<String> availableEncoder() {
        Ffmpeg.init();
        for (String name : encoders) {
            AVCodec codec = avcodec_find_encoder_by_name(name);
            if (codec != null && !codec.isNull()) {
                return Optional.of(name);
            }
        }
        return Optional.empty();
    }

    /**
     * The best encoder for this codec that writes 4:2:0 with {@code bitDepth} bits per sample (8 or 10).
     *
     * @throws VideoException           if the FFmpeg natives have no encoder for the codec
     * @throws IllegalArgumentException if they have one, but none writes that many bits
     */
    String requireEncoder(int bitDepth) {
        String best = requireEncoder();
        if (bitDepth == 8) {
            return best;
        }
        for (String name : encoders) {
            AVCodec codec = avcodec_find_encoder_by_name(name);
            if (codec != null && !codec.isNull() && writes(codec, AV_PIX_FMT_YUV420P10LE)) {
                return name;
            }
        }
        throw new IllegalArgumentException("the " + displayName + " encoder in these FFmpeg natives (" + best
                + ") cannot write " + bitDepth + "-bit video: use --codec h265 (libx265 writes HEVC Main10)");
    }

    /** Whether {@code codec} takes frames in {@code pixelFormat}. */
    @SuppressWarnings("deprecation") // pix_fmts: the list every FFmpeg these bindings ship still fills
    private static boolean writes(AVCodec codec, int pixelFormat) {
        IntPointer formats = codec.pix_fmts();
        if (formats == null || formats.isNull()) {
            return false;
        }
        for (long i = 0; formats.get(i) != AV_PIX_FMT_NONE; i++) {
            if (formats.get(i) == pixelFormat) {
                return true;
            }
        }
        return false;
    }

    /** Like {@link #availableEncoder()}, but says what is missing when there is none. */
    String requireEncoder() {
        return availableEncoder().orElseThrow(() -> new VideoException("no " + displayName + " encoder in the "
                + "FFmpeg natives on the class path (looked for " + String.join(", ", encoders) + "); sr4j's own "
                + "build bundles the GPL natives, which have libx264 and libx265"));
    }
}
