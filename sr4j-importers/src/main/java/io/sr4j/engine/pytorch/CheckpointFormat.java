package io.sr4j.engine.pytorch;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HexFormat;
import java.util.Locale;

/** The container formats sr4j reads weights from, recognised by their first bytes (never by extension). */
public enum CheckpointFormat {
    /** {@code torch.save} since PyTorch 1.6: an uncompressed zip with {@code data.pkl} and {@code data/N}. */
    ZIP("zip"),
    /** {@code torch.save} before 1.6: consecutive pickles after a magic number, then raw storages. */
    LEGACY("legacy pickle"),
    /** Hugging Face safetensors: a JSON header and raw tensor bytes, no code at all. */
    SAFETENSORS("safetensors");

    /** The first pickle of a legacy file: PROTO 2, LONG1 of 10 bytes, the magic 0x1950a86a20f9469cfc6c. */
    static final byte[] LEGACY_START = {(byte) 0x80, 0x02, (byte) 0x8a, 0x0a,
        0x6c, (byte) 0xfc, (byte) 0x9c, 0x46, (byte) 0xf9, 0x20, 0x6a, (byte) 0xa8, 0x50, 0x19};

    private final String label;

    CheckpointFormat(String label) {
        this.label = label;
    }

    /** How {@code sr4j models inspect} names it. */
    public String label() {
        return label;
    }

    /**
     * The format of the bytes from position 0 of {@code file}.
     *
     * @throws BadCheckpointException if they start like none of the three formats
     */
    static CheckpointFormat detect(ByteBuffer file) {
        long size = file.capacity();
        if (size >= 4 && file.get(0) == 'P' && file.get(1) == 'K'
                && ((file.get(2) == 3 && file.get(3) == 4) || (file.get(2) == 5 && file.get(3) == 6))) {
            return ZIP;
        }
        if (startsWith(file, LEGACY_START)) {
            return LEGACY;
        }
        if (size >= 10) {
            long headerLength = file.duplicate().order(ByteOrder.LITTLE_ENDIAN).getLong(0);
            if (headerLength >= 2 && headerLength <= size - 8 && file.get(8) == '{') {
                return SAFETENSORS;
            }
        }
        byte[] head = new byte[(int) Math.min(size, 16)];
        file.get(0, head);
        String start = head.length == 0 ? "is empty" : "starts with " + HexFormat.ofDelimiter(" ").formatHex(head);
        if (size > 0 && (file.get(0) & 0xff) == 0x80) {
            throw new BadCheckpointException("a bare pickle without PyTorch's magic number is not a checkpoint sr4j "
                    + "reads (" + start + ")");
        }
        throw new BadCheckpointException(String.format(Locale.ROOT,
                "not a PyTorch checkpoint (zip or legacy) or a safetensors file: it %s", start));
    }

    private static boolean startsWith(ByteBuffer file, byte[] prefix) {
        if (file.capacity() < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (file.get(i) != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
