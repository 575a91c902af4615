package io.sr4j.pipeline;

import io.sr4j.image.Picture;
import io.sr4j.io.ImageDecodeException;
import io.sr4j.io.ImageDecoder;
import io.sr4j.io.ImageTooLargeException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * An encoded image a pipeline reads: a file, or bytes held in memory (an upload). Its name is the
 * one messages use: the user's path, or the name a client gave, never a server's temporary file.
 */
public final class ImageSource {
    private final Path file;
    private final byte[] bytes;
    private final String name;

    private ImageSource(Path file, byte[] bytes, String name) {
        this.file = file;
        this.bytes = bytes;
        this.name = Objects.requireNonNull(name, "name");
    }

    /** A file, named by its path. */
    public static ImageSource file(Path file) {
        return new ImageSource(Objects.requireNonNull(file, "file"), null, file.toString());
    }

    /** A file known to the user by another name (a staged copy of a remote file). */
    public static ImageSource file(Path file, String name) {
        return new ImageSource(Objects.requireNonNull(file, "file"), null, name);
    }

    /** Encoded bytes, e.g. an upload, with the name its sender gave. */
    public static ImageSource bytes(byte[] bytes, String name) {
        return new ImageSource(null, Objects.requireNonNull(bytes, "bytes"), name);
    }

    public String name() {
        return name;
    }

    /**
     * Decodes the image (EXIF orientation applied), refusing more than {@code maxPixels} from the header.
     *
     * @throws ImageDecodeException naming the source for anything unreadable
     */
    public Picture decode(long maxPixels) {
        ImageDecoder decoder = new ImageDecoder(maxPixels);
        if (bytes != null) {
            return decoder.decode(bytes, name);
        }
        try {
            return decoder.decode(file);
        } catch (ImageDecodeException e) {
            if (name.equals(file.toString())) {
                throw e;
            }
            String prefix = file + ": ";
            String problem = e.getMessage().startsWith(prefix) ? e.getMessage().substring(prefix.length())
                    : e.getMessage();
            problem = problem.replace(file.toString(), name);
            if (e instanceof ImageTooLargeException large) {
                throw new ImageTooLargeException(name, large.width(), large.height(), large.limit(), problem);
            }
            throw new ImageDecodeException(name, e.reason(), problem, e);
        }
    }

    /**
     * Width and height as the header declares them, read without decoding the pixels: for checking
     * limits before any work.
     *
     * @throws ImageDecodeException if the source is not an image sr4j decodes
     */
    public int[] declaredSize() {
        try {
            // A decoder allowing one pixel stops right after the header and reports the declared size.
            Picture tiny = decode(1);
            return new int[] {tiny.width(), tiny.height()};
        } catch (ImageTooLargeException e) {
            return new int[] {e.width(), e.height()};
        }
    }

    /** The encoded bytes (an assessment reads a JPEG's quantisation tables from them). */
    public byte[] readAll() {
        if (bytes != null) {
            return bytes;
        }
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new ImageDecodeException(name, ImageDecodeException.Reason.UNREADABLE,
                    "cannot read the file (" + e.getMessage() + ")", e);
        }
    }
}
