package io.sr4j.engine.pytorch;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code torch.save} before PyTorch 1.6: five pickles in a row — the magic number
 * 0x1950a86a20f9469cfc6c, the protocol version 1001, a dict describing the saving system, the
 * object (storages as persistent ids), the list of storage keys — followed, for each key in that
 * order, by an int64 element count and the storage's raw bytes.
 */
final class LegacyCheckpoint {
    static final BigInteger MAGIC = new BigInteger("1950a86a20f9469cfc6c", 16);
    private static final long PROTOCOL = 1001;

    private LegacyCheckpoint() {
    }

    static StateDict read(ByteBuffer file, String source, PickleLimits limits) {
        ByteBuffer in = file.duplicate().order(ByteOrder.LITTLE_ENDIAN).position(0);
        if (!MAGIC.equals(pickle(in, limits, null, "magic number"))) {
            throw new BadCheckpointException("legacy checkpoint without its magic number");
        }
        Object protocol = pickle(in, limits, null, "protocol version");
        if (!Long.valueOf(PROTOCOL).equals(protocol)) {
            throw new BadCheckpointException("legacy checkpoint protocol " + protocol + " (sr4j reads " + PROTOCOL + ")");
        }
        if (!(pickle(in, limits, null, "system info") instanceof Map<?, ?> info)) {
            throw new BadCheckpointException("legacy checkpoint's system info is not a dict");
        }
        if (Boolean.FALSE.equals(info.get("little_endian"))) {
            throw new BadCheckpointException("legacy checkpoint saved on a big-endian machine is not supported");
        }
        StorageIds ids = new StorageIds();
        Object root = pickle(in, limits, ids::load, "object");
        if (!(pickle(in, limits, null, "storage keys") instanceof List<?> keys)) {
            throw new BadCheckpointException("legacy checkpoint's storage key list is not a list");
        }
        Map<String, ByteBuffer> storages = new HashMap<>();
        for (Object k : keys) {
            if (!(k instanceof String key) || ids.get(key) == null) {
                throw new BadCheckpointException("legacy checkpoint lists storage "
                        + (k instanceof String s ? AllowedGlobal.printable(s) : PickleReader.typeName(k))
                        + " that no tensor uses");
            }
            StorageRef ref = ids.get(key);
            if (in.remaining() < 8) {
                throw truncated(key, in);
            }
            long count = in.getLong();
            if (count != ref.numel()) {
                throw new BadCheckpointException("storage " + AllowedGlobal.printable(key) + " holds " + count
                        + " elements but its tensors declare " + ref.numel());
            }
            long bytes = StorageIds.byteSize(ref);
            if (bytes > in.remaining()) {
                throw truncated(key, in);
            }
            storages.put(key, in.slice(in.position(), (int) bytes).order(ByteOrder.LITTLE_ENDIAN));
            in.position(in.position() + (int) bytes);
        }
        return StateDictAssembler.assemble(source, CheckpointFormat.LEGACY, root, ref -> {
            ByteBuffer bytes = storages.get(ref.key());
            if (bytes == null) {
                throw new BadCheckpointException("storage " + AllowedGlobal.printable(ref.key())
                        + " is used by a tensor but missing from the file's storage list");
            }
            return bytes;
        });
    }

    private static Object pickle(ByteBuffer in, PickleLimits limits, java.util.function.Function<Object, Object> ids,
            String what) {
        try {
            return PickleReader.read(in, limits, ids);
        } catch (BadCheckpointException e) {
            throw new BadCheckpointException("legacy checkpoint's " + what + " pickle: " + e.getMessage(), e);
        }
    }

    private static BadCheckpointException truncated(String key, ByteBuffer in) {
        return new BadCheckpointException("storage " + AllowedGlobal.printable(key) + " runs past the end of the file"
                + " at offset " + in.position() + ": truncated");
    }
}
