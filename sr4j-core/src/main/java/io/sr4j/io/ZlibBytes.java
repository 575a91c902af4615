package io.sr4j.io;

import java.io.ByteArrayOutputStream;
import java.util.zip.Deflater;

/** zlib-compresses small payloads (ICC profiles in PNG {@code iCCP}). */
final class ZlibBytes {
    private ZlibBytes() {
    }

    /** {@code data} as one zlib stream at the best compression. */
    static byte[] compress(byte[] data) {
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
        try {
            deflater.setInput(data);
            deflater.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream(data.length / 2 + 64);
            byte[] buffer = new byte[8192];
            while (!deflater.finished()) {
                int n = deflater.deflate(buffer);
                out.write(buffer, 0, n);
            }
            return out.toByteArray();
        } finally {
            deflater.end();
        }
    }
}
