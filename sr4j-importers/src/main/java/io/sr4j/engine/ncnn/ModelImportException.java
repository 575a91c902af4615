package io.sr4j.engine.ncnn;

import io.sr4j.Sr4jException;

/**
 * A model file that cannot be imported: malformed, inconsistent with its weights, or using a layer
 * or parameter sr4j does not convert. The message names the file, the layer (name and type) and
 * the problem.
 */
public class ModelImportException extends Sr4jException {
    public ModelImportException(String message) {
        super(message);
    }

    public ModelImportException(String message, Throwable cause) {
        super(message, cause);
    }
}
