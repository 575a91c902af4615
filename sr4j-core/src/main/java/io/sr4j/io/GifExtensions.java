package io.sr4j.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import javax.imageio.stream.ImageInputStream;

/**
 * Hands the JDK's GIF reader a GIF without the extension blocks (comments, application data such
 * as XMP or ICC, plain text) that come before the first image, keeping the Graphic Control
 * Extension, which holds the first frame's transparency.
 *
 * <p>Why: the JDK 17 reader joins an extension's sub-blocks by copying everything read so far for
 * each new 255-byte block, so its cost grows with the square of the extension's size: a 1 MB GIF
 * holding one comment took 3–7 s to decode and a 4 MB one 30 s (a cheap way to tie up a server
 * thread). sr4j reads no GIF metadata, so these blocks are dropped rather than refused.
 */
final class GifExtensions {
    private static final int EXTENSION = 0x21;
    private static final int GRAPHIC_CONTROL = 0xF9;
    /** Signature (6 bytes) and logical screen descriptor (7 bytes). */
    private static final int HEADER = 13;

    private GifExtensions() {
    }

    /**
     * {@code in} itself when it holds no extension to drop, else a stream over a copy without them.
     * {@code in} is left at an undefined position.
     */
    static ImageInputStream forReader(ImageInputStream in) throws IOException {
        long imageStart = firstImageIfExtensionsToDrop(in);
        if (imageStart < 0) {
            return in;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int header = HEADER + globalColourTableSize(in);
        in.seek(0);
        copy(in, out, header);
        while (in.getStreamPosition() < imageStart) {
            long block = in.getStreamPosition();
            in.read(); // the extension introducer
            int label = in.read();
            long end = endOfSubBlocks(in);
            if (label == GRAPHIC_CONTROL) {
                in.seek(block);
                copy(in, out, end - block);
            }
            in.seek(end);
        }
        copy(in, out, Long.MAX_VALUE);
        return new ByteArrayImageInputStream(out.toByteArray());
    }

    /**
     * Walks the blocks before the first image descriptor; returns where that walk ended if it passed
     * an extension other than Graphic Control, else -1.
     */
    private static long firstImageIfExtensionsToDrop(ImageInputStream in) throws IOException {
        in.seek(0);
        in.seek(HEADER + globalColourTableSize(in));
        boolean toDrop = false;
        while (true) {
            long block = in.getStreamPosition();
            if (in.read() != EXTENSION) {
                return toDrop ? block : -1; // an image, the trailer, damage or the end of the data
            }
            int label = in.read();
            if (label < 0) {
                return toDrop ? block : -1;
            }
            toDrop |= label != GRAPHIC_CONTROL;
            in.seek(endOfSubBlocks(in));
        }
    }

    /** The global colour table's length in bytes, from the logical screen descriptor's flags. */
    private static int globalColourTableSize(ImageInputStream in) throws IOException {
        in.seek(10);
        int flags = in.read();
        return flags >= 0 && (flags & 0x80) != 0 ? 3 << ((flags & 7) + 1) : 0;
    }

    /** From the first sub-block's length byte: the position after the terminating empty sub-block (or the end). */
    private static long endOfSubBlocks(ImageInputStream in) throws IOException {
        while (true) {
            int length = in.read();
            if (length <= 0) {
                return in.getStreamPosition();
            }
            in.seek(in.getStreamPosition() + length);
        }
    }

    private static void copy(ImageInputStream in, ByteArrayOutputStream out, long count) throws IOException {
        byte[] buffer = new byte[8192];
        long left = count;
        while (left > 0) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (n < 0) {
                return;
            }
            out.write(buffer, 0, n);
            left -= n;
        }
    }
}
