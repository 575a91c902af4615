package io.sr4j.model;

import com.fasterxml.jackson.annotation.JsonValue;

/** Work the caller must do on the network's output before converting it to pixels. */
public enum PostProcess {
    NONE("none"),
    /**
     * The network outputs a residual: add the nearest-neighbour enlargement of the input (same range as
     * the input, enlarged by the model's scale) to it. Real-CUGAN {@code up4x} keeps this addition outside
     * its graph, unlike {@code up2x}/{@code up3x}.
     */
    ADD_NEAREST_INPUT("add-nearest-input");

    private final String code;

    PostProcess(String code) {
        this.code = code;
    }

    /** The name used in the catalogue JSON. */
    @JsonValue
    public String code() {
        return code;
    }
}
