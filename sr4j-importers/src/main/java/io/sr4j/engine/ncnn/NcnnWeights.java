package io.sr4j.engine.ncnn;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Sequential reader of an ncnn {@code .bin} weight file. The file has no header: each layer's
 * blobs follow one another in layer order, so the importer reads them in that order and at the end
 * checks that nothing is left over.
 *
 * <p>Two kinds of blob, as ncnn's {@code ModelBin::load(w, type)}:
 * <ul>
 *   <li><b>flagged</b> (type 0, weights): a 4-byte little-endian tag, then the data. Tag
 *       {@code 0x01306B47}: fp16, byte length rounded up to 4. Tag {@code 0x000D4B38}: int8,
 *       length rounded up to 4. Tag {@code 0x0002C056} or all four tag bytes zero: fp32. Any other
 *       tag: a 256-entry fp32 table, then one uint8 index per element (rounded up to 4).</li>
 *   <li><b>raw</b> (type 1: biases, slopes, scales): {@code count} fp32 values, no tag.</li>
 * </ul>
 * Values are returned as fp32.
 */
public final class NcnnWeights {
    static final int TAG_FP16 = 0x01306B47;
    static final int TAG_INT8 = 0x000D4B38;
    static final int TAG_FP32_SCALED = 0x0002C056;

    /** How a flagged blob was stored in the file. */
    public enum Storage {
        FP32, FP16, INT8, TABLE
    }

    /**
     * A flagged blob as read.
     *
     * @param values  the elements as fp32 (int8 blobs: the integer values, not dequantised)
     * @param storage how the file stored them
     */
    public record Blob(float[] values, Storage storage) {
    }

    private final ByteBuffer data;
    private final String source;

    /** Reads weights from {@code bytes} (not copied). */
    public NcnnWeights(byte[] bytes, String source) {
        this.data = ByteBuffer.wrap(Objects.requireNonNull(bytes, "bytes")).order(ByteOrder.LITTLE_ENDIAN);
        this.source = Objects.requireNonNull(source, "source");
    }

    /** Reads a whole {@code .bin} file into memory. */
    public static NcnnWeights read(Path file) {
        try {
            return new NcnnWeights(Files.readAllBytes(file), file.getFileName().toString());
        } catch (IOException e) {
            throw new ModelImportException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** Byte offset of the next blob. */
    public int position() {
        return data.position();
    }

    /** Bytes not read yet. */
    public int remaining() {
        return data.remaining();
    }

    public int size() {
        return data.limit();
    }

    String source() {
        return source;
    }

    /**
     * Reads a flagged blob of {@code count} elements.
     *
     * @param what who reads it and what it is, for messages ("layer 'conv1' (Convolution) weight")
     */
    public Blob readFlagged(int count, String what) {
        checkCount(count, what);
        need(4, what, "its 4-byte type tag");
        int tag = data.getInt();
        // Every storage takes at least one byte per element: check that much is there before the
        // array is allocated, so a .param declaring billions of weights cannot exhaust the heap
        // (ModelResourceLimitTest). Each branch below checks its exact size.
        need(count, what, "at least " + count + " bytes for " + count + " values");
        float[] out = new float[count];
        Storage storage;
        if (tag == TAG_FP16) {
            storage = Storage.FP16;
            int length = align4(2L * count, what);
            need(length, what, count + " fp16 values (" + length + " bytes)");
            int base = data.position();
            for (int i = 0; i < count; i++) {
                out[i] = Float16.toFloat(data.getShort(base + 2 * i) & 0xffff);
            }
            data.position(base + length);
        } else if (tag == TAG_INT8) {
            // Kept as the integer values: what they mean depends on the layer's int8 scales.
            storage = Storage.INT8;
            int length = align4(count, what);
            need(length, what, count + " int8 values (" + length + " bytes)");
            int base = data.position();
            for (int i = 0; i < count; i++) {
                out[i] = data.get(base + i);
            }
            data.position(base + length);
        } else if (tag == TAG_FP32_SCALED || tag == 0) {
            storage = Storage.FP32;
            need(4L * count, what, count + " fp32 values");
            data.asFloatBuffer().get(out);
            data.position(data.position() + 4 * count);
        } else {
            // Lookup-table quantisation: 256 floats, then one byte index per element.
            storage = Storage.TABLE;
            need(1024, what, "its 256-entry quantisation table");
            float[] table = new float[256];
            data.asFloatBuffer().get(table);
            data.position(data.position() + 1024);
            int length = align4(count, what);
            need(length, what, count + " table indices");
            int base = data.position();
            for (int i = 0; i < count; i++) {
                out[i] = table[data.get(base + i) & 0xff];
            }
            data.position(base + length);
        }
        return new Blob(out, storage);
    }

    /** Reads a raw blob of {@code count} fp32 values (no tag). */
    public float[] readRaw(int count, String what) {
        checkCount(count, what);
        need(4L * count, what, count + " fp32 values");
        float[] out = new float[count];
        data.asFloatBuffer().get(out);
        data.position(data.position() + 4 * count);
        return out;
    }

    private void checkCount(int count, String what) {
        if (count < 0) {
            throw new ModelImportException(source + ": " + what + " has a negative size " + count);
        }
    }

    private int align4(long bytes, String what) {
        long aligned = (bytes + 3) & ~3L;
        if (aligned > Integer.MAX_VALUE) {
            throw new ModelImportException(source + ": " + what + " of " + bytes + " bytes is too large");
        }
        return (int) aligned;
    }

    private void need(long bytes, String what, String description) {
        if (bytes > data.remaining()) {
            throw new ModelImportException(source + " is too short: " + what + " needs " + description
                    + " at byte " + data.position() + ", but only " + data.remaining() + " bytes are left"
                    + " (wrong .bin for this .param, or a truncated file?)");
        }
    }
}
