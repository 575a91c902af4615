package io.sr4j.engine.pytorch;

import java.util.Locale;

/**
 * Element types of stored tensors, named as safetensors names them. Each knows the PyTorch
 * storage class that holds it ({@code torch.FloatStorage}, …) and its size in bytes.
 */
public enum DType {
    F64("DoubleStorage", 8),
    F32("FloatStorage", 4),
    F16("HalfStorage", 2),
    BF16("BFloat16Storage", 2),
    I64("LongStorage", 8),
    I32("IntStorage", 4),
    I16("ShortStorage", 2),
    I8("CharStorage", 1),
    U8("ByteStorage", 1),
    BOOL("BoolStorage", 1);

    private final String storageClass;
    private final int size;

    DType(String storageClass, int size) {
        this.storageClass = storageClass;
        this.size = size;
    }

    /** Bytes per element. */
    public int size() {
        return size;
    }

    /** The class name PyTorch pickles for a storage of this type, in module {@code torch}. */
    String storageClass() {
        return storageClass;
    }

    /** The type a safetensors header names ({@code "F32"}, {@code "BF16"}, …), or null if sr4j has none. */
    static DType ofSafetensors(String code) {
        for (DType t : values()) {
            if (t.name().equals(code.toUpperCase(Locale.ROOT))) {
                return t;
            }
        }
        return null;
    }
}
