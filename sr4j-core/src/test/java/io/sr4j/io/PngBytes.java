package io.sr4j.io;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * PNG files taken apart and put together byte by byte, following the PNG specification, so tests
 * can check what an encoder wrote and build inputs without going through ImageIO.
 */
final class PngBytes {
    static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};

    record Chunk(String type, byte[] data) {
    }

    /** IHDR fields. */
    record Header(int width, int height, int bitDepth, int colourType) {
    }

    private PngBytes() {
    }

    static List<Chunk> chunks(byte[] png) {
        for (int i = 0; i < SIGNATURE.length; i++) {
            if (png[i] != SIGNATURE[i]) {
                throw new AssertionError("not a PNG signature");
            }
        }
        List<Chunk> out = new ArrayList<>();
        ByteBuffer b = ByteBuffer.wrap(png);
        b.position(8);
        while (b.remaining() >= 12) {
            int length = b.getInt();
            byte[] type = new byte[4];
            b.get(type);
            byte[] data = new byte[length];
            b.get(data);
            int crc = b.getInt();
            CRC32 check = new CRC32();
            check.update(type);
            check.update(data);
            if ((int) check.getValue() != crc) {
                throw new AssertionError("bad CRC in " + new String(type, StandardCharsets.US_ASCII));
            }
            out.add(new Chunk(new String(type, StandardCharsets.US_ASCII), data));
        }
        return out;
    }

    static List<String> chunkTypes(byte[] png) {
        return chunks(png).stream().map(Chunk::type).toList();
    }

    static Header header(byte[] png) {
        Chunk ihdr = chunks(png).get(0);
        if (!ihdr.type().equals("IHDR")) {
            throw new AssertionError("first chunk is " + ihdr.type());
        }
        ByteBuffer b = ByteBuffer.wrap(ihdr.data());
        return new Header(b.getInt(), b.getInt(), b.get() & 0xFF, b.get() & 0xFF);
    }

    static byte[] chunkData(byte[] png, String type) {
        return chunks(png).stream().filter(c -> c.type().equals(type)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + type + " chunk")).data();
    }

    /** The concatenated, inflated IDAT stream: filter byte + scanline, row after row. */
    static byte[] inflatedImageData(byte[] png) {
        ByteArrayOutputStream idat = new ByteArrayOutputStream();
        for (Chunk c : chunks(png)) {
            if (c.type().equals("IDAT")) {
                idat.writeBytes(c.data());
            }
        }
        return inflate(idat.toByteArray());
    }

    static byte[] inflate(byte[] zlib) {
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(zlib);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[65536];
            while (!inflater.finished()) {
                int n = inflater.inflate(buf);
                if (n == 0 && inflater.needsInput()) {
                    throw new AssertionError("zlib stream ends early");
                }
                out.write(buf, 0, n);
            }
            return out.toByteArray();
        } catch (DataFormatException e) {
            throw new AssertionError(e);
        } finally {
            inflater.end();
        }
    }

    /** Writes a PNG from chunks, computing lengths and CRCs. */
    static byte[] build(List<Chunk> chunks) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            out.write(SIGNATURE);
            for (Chunk c : chunks) {
                byte[] type = c.type().getBytes(StandardCharsets.US_ASCII);
                out.writeInt(c.data().length);
                out.write(type);
                out.write(c.data());
                CRC32 crc = new CRC32();
                crc.update(type);
                crc.update(c.data());
                out.writeInt((int) crc.getValue());
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Chunk ihdr(int width, int height, int bitDepth, int colourType) {
        ByteBuffer b = ByteBuffer.allocate(13);
        b.putInt(width).putInt(height).put((byte) bitDepth).put((byte) colourType).put((byte) 0).put((byte) 0)
                .put((byte) 0);
        return new Chunk("IHDR", b.array());
    }

    /** Inserts {@code chunk} before the first IDAT. */
    static byte[] insertBeforeIdat(byte[] png, Chunk chunk) {
        List<Chunk> chunks = new ArrayList<>(chunks(png));
        int at = 0;
        while (!chunks.get(at).type().equals("IDAT")) {
            at++;
        }
        chunks.add(at, chunk);
        return build(chunks);
    }

    /**
     * The samples of a non-interlaced 8- or 16-bit grey / grey+alpha / RGB / RGBA PNG, undoing the
     * five scanline filters of PNG section 9 (None, Sub, Up, Average, Paeth); interleaved, row-major.
     */
    static int[] samples(byte[] png) {
        Header h = header(png);
        int channels = switch (h.colourType()) {
            case 0 -> 1;
            case 2 -> 3;
            case 4 -> 2;
            case 6 -> 4;
            default -> throw new AssertionError("colour type " + h.colourType() + " not handled here");
        };
        if (h.bitDepth() != 8 && h.bitDepth() != 16) {
            throw new AssertionError("bit depth " + h.bitDepth() + " not handled here");
        }
        int bytesPerSample = h.bitDepth() / 8;
        int bpp = channels * bytesPerSample;
        int stride = h.width() * bpp;
        byte[] raw = inflatedImageData(png);
        if (raw.length != (long) h.height() * (stride + 1)) {
            throw new AssertionError("image data has " + raw.length + " bytes, expected " + h.height() * (stride + 1));
        }
        int[] prev = new int[stride];
        int[] cur = new int[stride];
        int[] out = new int[h.width() * h.height() * channels];
        int o = 0;
        for (int y = 0; y < h.height(); y++) {
            int base = y * (stride + 1);
            int filter = raw[base];
            for (int i = 0; i < stride; i++) {
                int x = raw[base + 1 + i] & 0xFF;
                int a = i >= bpp ? cur[i - bpp] : 0;
                int b = prev[i];
                int c = i >= bpp ? prev[i - bpp] : 0;
                int v = switch (filter) {
                    case 0 -> x;
                    case 1 -> x + a;
                    case 2 -> x + b;
                    case 3 -> x + (a + b) / 2;
                    case 4 -> x + paeth(a, b, c);
                    default -> throw new AssertionError("filter type " + filter);
                };
                cur[i] = v & 0xFF;
            }
            for (int i = 0; i < stride; i += bytesPerSample) {
                out[o++] = bytesPerSample == 1 ? cur[i] : cur[i] << 8 | cur[i + 1];
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return out;
    }

    private static int paeth(int a, int b, int c) {
        int p = a + b - c;
        int pa = Math.abs(p - a);
        int pb = Math.abs(p - b);
        int pc = Math.abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }
}
