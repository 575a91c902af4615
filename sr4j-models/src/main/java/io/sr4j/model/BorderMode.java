package io.sr4j.model;

import com.fasterxml.jackson.annotation.JsonValue;

/** How the tiler fills padding that falls outside the image. */
public enum BorderMode {
    /** Mirror without repeating the edge pixel: {@code … c b | a b c …} (Real-ESRGAN, Real-CUGAN). */
    REFLECT("reflect"),
    /** Repeat the edge pixel: {@code … a a | a b c …} (waifu2x). */
    REPLICATE("replicate"),
    /** Mirror repeating the edge pixel: {@code … b a | a b c …} (MATLAB {@code imresize}). */
    SYMMETRIC("symmetric");

    private final String code;

    BorderMode(String code) {
        this.code = code;
    }

    /** The name used in the catalogue JSON. */
    @JsonValue
    public String code() {
        return code;
    }
}
