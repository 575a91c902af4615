package io.sr4j.io;

/**
 * The image header declares more pixels than the decoder's limit. Thrown after reading only the
 * header: no pixel memory has been allocated.
 */
public class ImageTooLargeException extends ImageDecodeException {
    private final int width;
    private final int height;
    private final long limit;

    public ImageTooLargeException(String source, int width, int height, long limit, String problem) {
        super(source, Reason.TOO_LARGE, problem);
        this.width = width;
        this.height = height;
        this.limit = limit;
    }

    /** Width declared by the header (before any EXIF rotation). */
    public int width() {
        return width;
    }

    /** Height declared by the header (before any EXIF rotation). */
    public int height() {
        return height;
    }

    /** The limit in pixels that was exceeded. */
    public long limit() {
        return limit;
    }
}
