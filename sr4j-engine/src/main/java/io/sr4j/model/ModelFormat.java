package io.sr4j.model;

import com.fasterxml.jackson.annotation.JsonValue;

/** How a model's weights are stored. */
public enum ModelFormat {
    /** An ncnn {@code .param} + {@code .bin} pair, converted to ONNX before running. */
    NCNN("ncnn"),
    /** A TF.js layers model ({@code model.json} + weight shards), converted to ONNX before running. */
    TFJS("tfjs"),
    /** Code inside sr4j (classical resamplers): no files to fetch. */
    BUILTIN("builtin");

    private final String code;

    ModelFormat(String code) {
        this.code = code;
    }

    /** The name used in the catalogue JSON. */
    @JsonValue
    public String code() {
        return code;
    }
}
