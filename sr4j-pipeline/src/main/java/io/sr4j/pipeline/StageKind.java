package io.sr4j.pipeline;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The stages a pipeline spec can name, in the order a restoration usually runs them.
 */
public enum StageKind {
    /** Blind 1× removal of motion and defocus blur. */
    DEBLUR("deblur", "deblur"),
    /** 1× removal of JPEG / compression noise (waifu2x CUnet), level 0..3 or a model. */
    DENOISE("denoise", "denoise[=0..3|MODEL]"),
    /** Super-resolution: a network or classical filter, by a scale, to a width or height, or by a model. */
    SR("sr", "sr[=SCALE|wWIDTH|hHEIGHT|MODEL|SCALE:MODEL]"),
    /** Automatic exposure, white balance and contrast: a global grade, estimated per image. */
    ENHANCE("enhance", "enhance[=auto]"),
    /** SDR to HDR10 / HLG. */
    HDR("hdr", "hdr=hdr10|hlg[:PEAK[:WHITE]]");

    private final String token;
    private final String usage;

    StageKind(String token, String usage) {
        this.token = token;
        this.usage = usage;
    }

    /** The stage's name in a spec. */
    public String token() {
        return token;
    }

    /** The stage's forms in a spec, e.g. {@code denoise[=0..3|MODEL]}. */
    public String usage() {
        return usage;
    }

    /** The stage a spec token names (case-insensitive). */
    public static Optional<StageKind> fromToken(String token) {
        String lower = token.toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(k -> k.token.equals(lower)).findFirst();
    }

    /** Every stage with its forms, for messages and help: {@code deblur, denoise[=0..3|MODEL], …}. */
    public static String vocabulary() {
        return Arrays.stream(values()).map(k -> k.usage)
                .collect(Collectors.joining(", ")) + "; or auto[=SCALE] alone";
    }
}
