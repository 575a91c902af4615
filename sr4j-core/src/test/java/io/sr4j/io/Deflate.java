package io.sr4j.io;

import java.io.ByteArrayOutputStream;
import java.util.zip.Deflater;

/** zlib compression for hand-built PNG chunks. */
final class Deflate {
    private Deflate() {
    }

    static byte[] zlib(byte[] data) {
        Deflater deflater = new Deflater();
        try {
            deflater.setInput(data);
            deflater.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[4096];
            while (!deflater.finished()) {
                out.write(buf, 0, deflater.deflate(buf));
            }
            return out.toByteArray();
        } finally {
            deflater.end();
        }
    }
}
