package io.sr4j.video;

import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_encoder_by_name;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.bytedeco.ffmpeg.avcodec.AVCodec;

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

    /** Like {@link #availableEncoder()}, but says what is missing when there is none. */
    String requireEncoder() {
        return availableEncoder().orElseThrow(() -> new VideoException("no " + displayName + " encoder in the "
                + "FFmpeg natives on the class path (looked for " + String.join(", ", encoders) + "); sr4j's own "
                + "build bundles the GPL natives, which have libx264 and libx265"));
    }
}
