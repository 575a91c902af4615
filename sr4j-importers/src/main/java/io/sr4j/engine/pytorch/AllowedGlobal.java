package io.sr4j.engine.pytorch;

import java.util.LinkedHashMap;
import java.util.Locale;

/**
 * The only globals a checkpoint's pickle may name. A pickle is a program: GLOBAL names any Python
 * callable and REDUCE calls it, which is how a malicious {@code .pth} runs {@code os.system}. Here a
 * GLOBAL outside this list fails at once, and REDUCE of a listed one builds a plain Java value
 * (a map, a tensor description); nothing the file names is ever looked up or called.
 */
enum AllowedGlobal {
    ORDERED_DICT("collections", "OrderedDict", null),
    REBUILD_TENSOR_V2("torch._utils", "_rebuild_tensor_v2", null),
    REBUILD_PARAMETER("torch._utils", "_rebuild_parameter", null),
    REBUILD_PARAMETER_WITH_STATE("torch._utils", "_rebuild_parameter_with_state", null),
    DOUBLE_STORAGE("torch", DType.F64),
    FLOAT_STORAGE("torch", DType.F32),
    HALF_STORAGE("torch", DType.F16),
    BFLOAT16_STORAGE("torch", DType.BF16),
    LONG_STORAGE("torch", DType.I64),
    INT_STORAGE("torch", DType.I32),
    SHORT_STORAGE("torch", DType.I16),
    CHAR_STORAGE("torch", DType.I8),
    BYTE_STORAGE("torch", DType.U8),
    BOOL_STORAGE("torch", DType.BOOL);

    /** Tensors of more dimensions than this are refused (SR weights have at most 5). */
    static final int MAX_DIMS = 32;

    private final String module;
    private final String name;
    private final DType storageType;

    AllowedGlobal(String module, String name, DType storageType) {
        this.module = module;
        this.name = name;
        this.storageType = storageType;
    }

    AllowedGlobal(String module, DType storageType) {
        this(module, storageType.storageClass(), storageType);
    }

    /**
     * The allowed global {@code module.name}.
     *
     * @throws BadCheckpointException naming the global if it is not on the list
     */
    static AllowedGlobal of(String module, String name) {
        for (AllowedGlobal g : values()) {
            if (g.module.equals(module) && g.name.equals(name)) {
                return g;
            }
        }
        throw new BadCheckpointException("refused global " + printable(module) + "." + printable(name)
                + ": sr4j reads only tensors, dicts and storages from a pickle and never calls what a file names"
                + " (allowed: collections.OrderedDict, torch._utils._rebuild_tensor_v2/_rebuild_parameter,"
                + " torch.*Storage)");
    }

    /** The element type if this is a storage class, else null. */
    DType storageType() {
        return storageType;
    }

    String qualifiedName() {
        return module + "." + name;
    }

    /** The value {@code REDUCE} (or {@code NEWOBJ}) of this global with {@code args} stands for. */
    Object reduce(Tuple args) {
        switch (this) {
            case ORDERED_DICT:
                if (args.size() != 0) {
                    throw new BadCheckpointException("collections.OrderedDict with arguments is not supported");
                }
                return new LinkedHashMap<Object, Object>();
            case REBUILD_TENSOR_V2:
                return rebuildTensor(args);
            case REBUILD_PARAMETER:
            case REBUILD_PARAMETER_WITH_STATE:
                // (data, requires_grad, backward_hooks[, state]): a Parameter is its data for reading weights.
                if (args.size() < 3 || !(args.get(0) instanceof TensorRef tensor)) {
                    throw new BadCheckpointException(qualifiedName() + " expects a tensor and flags");
                }
                return tensor;
            default:
                throw new BadCheckpointException(qualifiedName() + " cannot be called from a checkpoint");
        }
    }

    /** (storage, storage_offset, size, stride, requires_grad, backward_hooks[, metadata]). */
    private static TensorRef rebuildTensor(Tuple args) {
        if (args.size() < 4 || !(args.get(0) instanceof StorageRef storage)) {
            throw new BadCheckpointException("torch._utils._rebuild_tensor_v2 expects (storage, offset, size, stride, …)");
        }
        long offset = integer(args.get(1), "storage offset");
        long[] shape = integers(args.get(2), "size");
        long[] stride = integers(args.get(3), "stride");
        if (shape.length != stride.length) {
            throw new BadCheckpointException("tensor size has " + shape.length + " dimensions but stride has "
                    + stride.length);
        }
        return new TensorRef(storage, offset, shape, stride);
    }

    private static long[] integers(Object value, String what) {
        if (!(value instanceof Tuple t)) {
            throw new BadCheckpointException("tensor " + what + " is not a tuple");
        }
        if (t.size() > MAX_DIMS) {
            throw new BadCheckpointException("tensor " + what + " has " + t.size() + " dimensions (at most "
                    + MAX_DIMS + ")");
        }
        long[] out = new long[t.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = integer(t.get(i), what);
        }
        return out;
    }

    static long integer(Object value, String what) {
        if (value instanceof Long l) {
            return l;
        }
        throw new BadCheckpointException(what + " is not an integer of 64 bits");
    }

    /** A name from the file, safe to print: at most 80 characters, control characters escaped. */
    static String printable(String text) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length() && i < 80; i++) {
            char c = text.charAt(i);
            out.append(c < 0x20 || c == 0x7f ? String.format(Locale.ROOT, "\\x%02x", (int) c) : String.valueOf(c));
        }
        return text.length() > 80 ? out + "…" : out.toString();
    }
}
