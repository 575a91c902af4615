package io.sr4j;

/**
 * Base of sr4j's own failures. Messages are written for the person running sr4j: they name the
 * file or model involved and the problem, and the cause carries the library's exception.
 */
public class Sr4jException extends RuntimeException {
    public Sr4jException(String message) {
        super(message);
    }

    public Sr4jException(String message, Throwable cause) {
        super(message, cause);
    }
}
