package io.sr4j.engine.pytorch;

import java.util.HashMap;
import java.util.Map;

/**
 * PyTorch's persistent ids for storages, {@code ('storage', torch.FloatStorage, key, location,
 * numel)} in zip checkpoints, with a sixth element in legacy ones: {@code None} or a view
 * {@code (view_key, offset, numel)}. One instance per file remembers every storage it has seen, so
 * that a key used with two types or sizes is caught.
 */
final class StorageIds {
    private final Map<String, StorageRef> seen = new HashMap<>();

    /** The storage {@code id} names. */
    Object load(Object id) {
        if (!(id instanceof Tuple t) || t.size() < 5 || t.size() > 6 || !"storage".equals(t.get(0))) {
            throw new BadCheckpointException("persistent id is not a ('storage', type, key, location, numel) tuple");
        }
        if (!(t.get(1) instanceof AllowedGlobal type) || type.storageType() == null) {
            throw new BadCheckpointException("persistent id names " + PickleReader.typeName(t.get(1))
                    + " where a torch storage type belongs");
        }
        if (!(t.get(2) instanceof String key)) {
            throw new BadCheckpointException("storage key is a " + PickleReader.typeName(t.get(2)) + ", not a string");
        }
        long numel = AllowedGlobal.integer(t.get(4), "storage size");
        if (numel < 0) {
            throw new BadCheckpointException("storage " + AllowedGlobal.printable(key) + " has a negative size");
        }
        long viewOffset = 0;
        if (t.size() == 6 && t.get(5) != null) {
            if (!(t.get(5) instanceof Tuple view) || view.size() != 3) {
                throw new BadCheckpointException("storage " + AllowedGlobal.printable(key) + " has a malformed view");
            }
            viewOffset = AllowedGlobal.integer(view.get(1), "storage view offset");
            if (viewOffset < 0 || viewOffset > numel) {
                throw new BadCheckpointException("storage " + AllowedGlobal.printable(key) + " has a view at offset "
                        + viewOffset + " outside its " + numel + " elements");
            }
        }
        StorageRef root = seen.computeIfAbsent(key, k -> new StorageRef(k, type.storageType(), numel, 0));
        if (root.dtype() != type.storageType() || root.numel() != numel) {
            throw new BadCheckpointException("storage " + AllowedGlobal.printable(key) + " is declared twice, as "
                    + root.dtype() + "[" + root.numel() + "] and as " + type.storageType() + "[" + numel + "]");
        }
        return viewOffset == 0 ? root : new StorageRef(key, root.dtype(), numel, viewOffset);
    }

    /** The storage with this key, if a persistent id named it. */
    StorageRef get(String key) {
        return seen.get(key);
    }

    /** The bytes a storage needs: its elements times their size. */
    static long byteSize(StorageRef ref) {
        try {
            return Math.multiplyExact(ref.numel(), ref.dtype().size());
        } catch (ArithmeticException e) {
            throw new BadCheckpointException("storage " + AllowedGlobal.printable(ref.key()) + " is too large", e);
        }
    }
}
