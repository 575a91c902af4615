package io.sr4j.engine.reference;

/**
 * A reference program failed, or produced something that cannot be a reference image. The message
 * holds the command line and everything the program printed.
 */
public final class ReferenceProgramException extends RuntimeException {
    public ReferenceProgramException(String message) {
        super(message);
    }

    public ReferenceProgramException(String message, Throwable cause) {
        super(message, cause);
    }
}
