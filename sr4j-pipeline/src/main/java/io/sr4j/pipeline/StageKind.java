package io.sr4j.pipeline;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The stages a pipeline spec can name, in the order a restoration usually runs them. A stage that
 * sr4j has not built yet is part of the vocabulary (so a spec written for a later version reads the
 * same) but is refused as "not available yet" rather than skipped or faked.
 */
public enum StageKind {
    /** Blind 1× removal of motion and defocus blur. */
    DEBLUR("deblur", false, "deblur"),
    /** 1× removal of JPEG / compression noise (waifu2x CUnet), level 0..3 or a model. */
    DENOISE("denoise", true, "denoise[=0..3|MODEL]"),
    /** Super-resolution: a network or classical filter, by a scale, to a width or height, or by a model. */
    SR("sr", true, "sr[=SCALE|wWIDTH|hHEIGHT|MODEL|SCALE:MODEL]"),
    /** Automatic exposure, white balance and contrast: a global grade, estimated per image. */
    ENHANCE("enhance", true, "enhance[=auto]"),
    /** SDR to HDR10 / HLG. */
    HDR("hdr", true, "hdr=hdr10|hlg[:PEAK[:WHITE]]");

    private final String token;
    private final boolean available;
    private final String usage;

    StageKind(String token, boolean available, String usage) {
        this.token = token;
        this.available = available;
        this.usage = usage;
    }

    /** The stage's name in a spec. */
    public String token() {
        return token;
    }

    /** Whether this version of sr4j runs the stage. */
    public boolean available() {
        return available;
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

    /** Every stage with its forms, for messages and help: {@code deblur (not available yet), denoise[=0..3|MODEL], …}. */
    public static String vocabulary() {
        return Arrays.stream(values()).map(k -> k.available ? k.usage : k.usage + " (not available yet)")
                .collect(Collectors.joining(", ")) + "; or auto[=SCALE] alone";
    }
}
