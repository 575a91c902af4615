package io.sr4j.model;

import com.fasterxml.jackson.annotation.JsonValue;

/** The value range a network expects at its input and produces at its output. */
public enum InputRange {
    /** 0..1: 8-bit pixel / 255. */
    UNIT("0..1", 1.0),
    /** 0..255: raw 8-bit pixel values. */
    BYTE("0..255", 255.0);

    private final String code;
    private final double max;

    InputRange(String code, double max) {
        this.code = code;
        this.max = max;
    }

    /** The name used in the catalogue JSON. */
    @JsonValue
    public String code() {
        return code;
    }

    /** The value that stands for full intensity. */
    public double max() {
        return max;
    }
}
