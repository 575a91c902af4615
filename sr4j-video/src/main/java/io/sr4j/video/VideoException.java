package io.sr4j.video;

import io.sr4j.Sr4jException;

/** A video could not be read, upscaled or written; the message names the file and the problem. */
public class VideoException extends Sr4jException {
    public VideoException(String message) {
        super(message);
    }

    public VideoException(String message, Throwable cause) {
        super(message, cause);
    }
}
