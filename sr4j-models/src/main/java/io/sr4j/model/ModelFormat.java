package io.sr4j.model;

import com.fasterxml.jackson.annotation.JsonValue;

/** How a model's weights are stored. */
public enum ModelFormat {
    /** An ncnn {@code .param} + {@code .bin} pair, converted to ONNX before running. */
    NCNN("ncnn"),
    /** A TF.js layers model ({@code model.json} + weight shards), converted to ONNX before running. */
    TFJS("tfjs"),
    /** A PyTorch state dict ({@code .pth}), read safely and converted to ONNX before running. */
    PYTORCH("pytorch"),
    /**
     * Inside sr4j, nothing to fetch: classical resamplers (family {@code baseline}) and sr4j's own
     * trained networks, whose ONNX graphs ship in the jar ({@link ModelInfo#builtinResource}).
     */
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
