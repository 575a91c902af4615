package io.sr4j.io;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * Adds ancillary chunks to an encoded PNG: the JDK's PNG writer knows neither eXIf nor a way to
 * put iTXt before the image data, so sr4j splices them in right after IHDR (PNG 3rd edition:
 * eXIf must precede IDAT; XMP readers look there first).
 */
final class PngChunks {
    private static final int SIGNATURE_AND_IHDR = 8 + 8 + 13 + 4;

    private PngChunks() {
    }

    /** An eXIf chunk holding a TIFF block. */
    static byte[] exif(byte[] tiff) {
        return chunk("eXIf", tiff);
    }

    /** An uncompressed iTXt chunk with keyword "XML:com.adobe.xmp", the way XMP is embedded in PNG. */
    static byte[] xmp(String packet) {
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        data.writeBytes(MetadataScanner.XMP_KEYWORD.getBytes(StandardCharsets.ISO_8859_1));
        data.write(0); // end of keyword
        data.write(0); // not compressed
        data.write(0); // compression method
        data.write(0); // empty language tag
        data.write(0); // empty translated keyword
        data.writeBytes(packet.getBytes(StandardCharsets.UTF_8));
        return chunk("iTXt", data.toByteArray());
    }

    /** {@code png} with the given complete chunks inserted after IHDR. */
    static byte[] withChunks(byte[] png, byte[]... chunks) {
        if (png.length < SIGNATURE_AND_IHDR || png[12] != 'I' || png[13] != 'H' || png[14] != 'D' || png[15] != 'R') {
            throw new IllegalArgumentException("not a PNG stream starting with IHDR");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(png.length + 4096);
        out.write(png, 0, SIGNATURE_AND_IHDR);
        for (byte[] c : chunks) {
            out.writeBytes(c);
        }
        out.write(png, SIGNATURE_AND_IHDR, png.length - SIGNATURE_AND_IHDR);
        return out.toByteArray();
    }

    private static byte[] chunk(String type, byte[] data) {
        byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        ByteArrayOutputStream out = new ByteArrayOutputStream(data.length + 12);
        writeInt(out, data.length);
        out.writeBytes(typeBytes);
        out.writeBytes(data);
        writeInt(out, (int) crc.getValue());
        return out.toByteArray();
    }

    private static void writeInt(ByteArrayOutputStream out, int v) {
        out.write(v >>> 24);
        out.write(v >>> 16);
        out.write(v >>> 8);
        out.write(v);
    }
}
