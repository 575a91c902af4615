package io.sr4j.model;

import com.fasterxml.jackson.annotation.JsonValue;

/** What a model file holds; each role has a fixed file-name extension. */
public enum FileRole {
    /** ncnn network description (text). */
    NCNN_PARAM("ncnn-param", ".param"),
    /** ncnn weights (binary). */
    NCNN_BIN("ncnn-bin", ".bin"),
    /** TF.js layers model: Keras topology and weights manifest (JSON). */
    TFJS_MODEL("tfjs-model", ".json"),
    /** One TF.js weight shard (binary), named by the model's weights manifest. */
    TFJS_WEIGHTS("tfjs-weights", ".bin"),
    /** A PyTorch checkpoint (zip or legacy pickle) holding the network's state dict. */
    PYTORCH_CHECKPOINT("pytorch-checkpoint", ".pth");

    private final String code;
    private final String extension;

    FileRole(String code, String extension) {
        this.code = code;
        this.extension = extension;
    }

    /** The name used in the catalogue JSON. */
    @JsonValue
    public String code() {
        return code;
    }

    /** The extension, with its dot, that a file of this role must have. */
    public String extension() {
        return extension;
    }
}
