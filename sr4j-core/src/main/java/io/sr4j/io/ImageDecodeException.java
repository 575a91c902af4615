package io.sr4j.io;

import io.sr4j.Sr4jException;
import java.util.Objects;

/**
 * An image could not be decoded. The message reads {@code "<source>: <problem>"}, e.g.
 * {@code "photo.jpg: truncated JPEG data"}; the cause, when there is one, is the exception of the
 * I/O layer or of the image library.
 */
public class ImageDecodeException extends Sr4jException {
    /** Why decoding failed, for callers that map failures to exit codes or HTTP statuses. */
    public enum Reason {
        /** The file could not be opened or read (missing, a directory, no permission, I/O error). */
        UNREADABLE,
        /** The input holds zero bytes. */
        EMPTY,
        /** The header matches no image format sr4j knows. */
        NOT_AN_IMAGE,
        /** A recognised image format that sr4j does not decode (e.g. PSD, HEIF). */
        UNSUPPORTED_FORMAT,
        /** The data ends before the image does. */
        TRUNCATED,
        /** The data is damaged or uses a variant the decoder rejects. */
        CORRUPT,
        /** The header declares more pixels than the configured limit allows. */
        TOO_LARGE
    }

    private final String source;
    private final Reason reason;

    public ImageDecodeException(String source, Reason reason, String problem, Throwable cause) {
        super(source + ": " + problem, cause);
        this.source = source;
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public ImageDecodeException(String source, Reason reason, String problem) {
        this(source, reason, problem, null);
    }

    /** The file name or display name of the input that failed. */
    public String source() {
        return source;
    }

    public Reason reason() {
        return reason;
    }
}
