package io.sr4j.spark;

import io.sr4j.io.ImageFormat;
import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;
import java.util.Optional;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * An image's size read from its header, without decoding pixels: what the job balances its work by
 * (and how it describes outputs that an earlier run wrote).
 *
 * @param width  stored width (before EXIF orientation, which does not change the pixel count)
 * @param height stored height
 */
record ImageHeader(int width, int height) implements java.io.Serializable {
    private static final int SNIFF_LENGTH = 16;

    long pixels() {
        return (long) width * height;
    }

    /**
     * Reads the header at the start of {@code stream} (not closed).
     *
     * @param name names the image in messages
     * @throws IOException with a message fit for the manifest when the bytes are not an image sr4j reads
     */
    static ImageHeader read(InputStream stream, String name) throws IOException {
        try (ImageInputStream in = new MemoryCacheImageInputStream(stream)) {
            byte[] head = new byte[SNIFF_LENGTH];
            in.mark();
            int n = in.read(head);
            in.reset();
            Optional<ImageFormat> format = ImageFormat.sniff(head, Math.max(n, 0));
            if (format.isEmpty()) {
                throw new IOException(name + ": not an image (unrecognised header)");
            }
            Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(format.get().id());
            if (!readers.hasNext()) {
                throw new IOException(name + ": no reader for " + format.get().displayName());
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                return new ImageHeader(reader.getWidth(0), reader.getHeight(0));
            } catch (RuntimeException e) {
                // Plugins throw IllegalArgumentException, IndexOutOfBounds… on damaged headers.
                throw new IOException(name + ": damaged " + format.get().displayName() + " header (" + e + ")", e);
            } finally {
                reader.dispose();
            }
        }
    }
}
