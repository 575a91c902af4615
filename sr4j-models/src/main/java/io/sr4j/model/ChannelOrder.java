package io.sr4j.model;

import com.fasterxml.jackson.annotation.JsonValue;

/** The order of the colour planes in the network's input tensor. */
public enum ChannelOrder {
    RGB("RGB"),
    BGR("BGR");

    private final String code;

    ChannelOrder(String code) {
        this.code = code;
    }

    /** The name used in the catalogue JSON. */
    @JsonValue
    public String code() {
        return code;
    }
}
