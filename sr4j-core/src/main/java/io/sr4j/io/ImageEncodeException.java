package io.sr4j.io;

import io.sr4j.Sr4jException;

/**
 * An image could not be encoded or written. The message reads {@code "<target>: <problem>"};
 * the cause, when there is one, is the I/O or image library exception. When this is thrown by a
 * file write, the destination file is as it was before (see {@link AtomicFiles}).
 */
public class ImageEncodeException extends Sr4jException {
    private final String target;

    public ImageEncodeException(String target, String problem, Throwable cause) {
        super(target + ": " + problem, cause);
        this.target = target;
    }

    public ImageEncodeException(String target, String problem) {
        this(target, problem, null);
    }

    /** The file name or display name of the output that failed. */
    public String target() {
        return target;
    }
}
