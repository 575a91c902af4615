package io.sr4j.engine.pytorch;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Turns the object a checkpoint's pickle holds into a {@link StateDict}: finds the dict of tensors
 * inside training wrappers, strips DataParallel's {@code module.} prefix and attaches each tensor
 * to its storage's bytes.
 */
final class StateDictAssembler {
    /** Keys training code wraps weights in; earlier ones win (BasicSR saves the EMA weights as params_ema). */
    static final List<String> WRAPPERS = List.of("params_ema", "params", "state_dict", "model");
    static final String MODULE_PREFIX = "module.";
    private static final int MAX_WRAPPER_DEPTH = 4;

    private StateDictAssembler() {
    }

    /**
     * @param storages the bytes of a storage (position 0, capacity its size in the file)
     */
    static StateDict assemble(String source, CheckpointFormat format, Object root,
            Function<StorageRef, ByteBuffer> storages) {
        Object current = root;
        List<String> path = new ArrayList<>();
        for (int depth = 0; depth < MAX_WRAPPER_DEPTH && current instanceof Map<?, ?> map; depth++) {
            String found = null;
            for (String w : WRAPPERS) {
                if (map.get(w) instanceof Map) {
                    found = w;
                    break;
                }
            }
            if (found == null) {
                break;
            }
            path.add(found);
            current = map.get(found);
        }
        if (!(current instanceof Map<?, ?> dict)) {
            throw new BadCheckpointException("the checkpoint holds a " + PickleReader.typeName(current)
                    + ", not a dict of tensors");
        }
        LinkedHashMap<String, TensorRef> refs = new LinkedHashMap<>();
        int skipped = 0;
        for (Map.Entry<?, ?> e : dict.entrySet()) {
            if (e.getKey() instanceof String name && e.getValue() instanceof TensorRef ref) {
                refs.put(name, ref);
            } else {
                skipped++;
            }
        }
        if (refs.isEmpty()) {
            throw new BadCheckpointException("no tensors found" + (path.isEmpty() ? "" : " in " + String.join(".", path))
                    + "; its keys: " + keys(dict));
        }
        String prefix = refs.keySet().stream().allMatch(k -> k.startsWith(MODULE_PREFIX)) ? MODULE_PREFIX : null;
        LinkedHashMap<String, Tensor> tensors = new LinkedHashMap<>();
        Map<String, ByteBuffer> read = new HashMap<>();
        for (Map.Entry<String, TensorRef> e : refs.entrySet()) {
            String name = prefix == null ? e.getKey() : e.getKey().substring(prefix.length());
            TensorRef ref = e.getValue();
            StorageRef storage = ref.storage();
            ByteBuffer bytes = read.computeIfAbsent(storage.key(), k -> storages.apply(storage));
            long offset;
            try {
                offset = Math.addExact(ref.offset(), storage.viewOffset());
            } catch (ArithmeticException overflow) {
                throw new BadCheckpointException("tensor " + name + " has an offset overflowing 64 bits", overflow);
            }
            tensors.put(name, new Tensor(AllowedGlobal.printable(name), storage.dtype(), ref.shape(), ref.stride(),
                    offset, bytes));
        }
        return new StateDict(source, format, path.isEmpty() ? null : String.join(".", path), prefix, tensors,
                skipped);
    }

    /** The first keys of a dict, for messages. */
    static String keys(Map<?, ?> dict) {
        List<String> names = new ArrayList<>();
        for (Object k : dict.keySet()) {
            if (names.size() == 8) {
                names.add("…");
                break;
            }
            names.add(k instanceof String s ? AllowedGlobal.printable(s) : PickleReader.typeName(k));
        }
        return names.isEmpty() ? "(none)" : String.join(", ", names);
    }
}
