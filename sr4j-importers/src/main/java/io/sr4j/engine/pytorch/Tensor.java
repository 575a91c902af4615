package io.sr4j.engine.pytorch;

import io.sr4j.engine.ncnn.Float16;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * One stored tensor: its element type as stored, shape, and a strided view (offset and strides in
 * elements, as PyTorch keeps them) of the bytes of its storage. The bytes are read only when
 * {@link #toFloatArray()} is called.
 *
 * <p>Construction checks the view against the storage: every element it reaches lies inside the
 * bytes the file holds, and it has no more elements than its storage (so a tiny file cannot
 * declare a broadcast view of billions of elements).
 */
public final class Tensor {
    private final DType dtype;
    private final long[] shape;
    private final long[] stride;
    private final long offset;
    private final long numel;
    private final ByteBuffer storage;

    /**
     * @param storage the storage's bytes (position 0, the byte order of the file); its capacity
     *                bounds the view
     */
    Tensor(String name, DType dtype, long[] shape, long[] stride, long offset, ByteBuffer storage) {
        this.dtype = dtype;
        this.shape = shape.clone();
        this.stride = stride.clone();
        this.offset = offset;
        this.storage = storage;
        long available = storage.capacity() / dtype.size();
        if (offset < 0) {
            throw new BadCheckpointException("tensor " + name + " has a negative storage offset");
        }
        try {
            long count = 1;
            long last = offset;
            for (int i = 0; i < shape.length; i++) {
                if (shape[i] < 0 || stride[i] < 0) {
                    throw new BadCheckpointException("tensor " + name + " has a negative size or stride: size "
                            + Arrays.toString(shape) + ", stride " + Arrays.toString(stride));
                }
                count = Math.multiplyExact(count, shape[i]);
                if (shape[i] > 0) {
                    last = Math.addExact(last, Math.multiplyExact(shape[i] - 1, stride[i]));
                }
            }
            this.numel = count;
            if (count > 0 && last >= available) {
                throw new BadCheckpointException("tensor " + name + " (size " + Arrays.toString(shape) + ", stride "
                        + Arrays.toString(stride) + ", offset " + offset + ") needs element " + last
                        + " of its storage, which holds only " + available + " " + dtype + " elements");
            }
            if (count > available) {
                throw new BadCheckpointException("tensor " + name + " has " + count + " elements but its storage only "
                        + available + " (overlapping views are not supported)");
            }
        } catch (ArithmeticException e) {
            throw new BadCheckpointException("tensor " + name + " has a size overflowing 64 bits: "
                    + Arrays.toString(shape), e);
        }
    }

    public DType dtype() {
        return dtype;
    }

    /** The sizes of its dimensions (a copy). */
    public long[] shape() {
        return shape.clone();
    }

    /** Elements between neighbours along each dimension in its storage (a copy). */
    public long[] stride() {
        return stride.clone();
    }

    /** Elements of the storage before the first element. */
    public long offset() {
        return offset;
    }

    /** The number of elements (1 for a scalar). */
    public long numel() {
        return numel;
    }

    /**
     * The elements in row-major order of {@link #shape()}, whatever the strides, converted to float:
     * F16 and BF16 exactly, F64 rounded, integers and booleans by value.
     *
     * @throws IllegalStateException if there are more elements than a Java array holds
     */
    public float[] toFloatArray() {
        if (numel > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException("tensor of " + numel + " elements is too large for one float array");
        }
        float[] out = new float[(int) numel];
        if (numel == 0) {
            return out;
        }
        int dims = shape.length;
        long[] index = new long[dims];
        long position = offset;
        for (int i = 0; i < out.length; i++) {
            out[i] = element(position);
            // Advance the multi-index like an odometer, keeping the storage position in step.
            for (int d = dims - 1; d >= 0; d--) {
                index[d]++;
                position += stride[d];
                if (index[d] < shape[d]) {
                    break;
                }
                position -= stride[d] * index[d];
                index[d] = 0;
            }
        }
        return out;
    }

    private float element(long position) {
        int at = (int) (position * dtype.size()); // in range: checked against the capacity above
        return switch (dtype) {
            case F32 -> storage.getFloat(at);
            case F64 -> (float) storage.getDouble(at);
            case F16 -> Float16.toFloat(storage.getShort(at));
            // bfloat16 is the top half of a float32.
            case BF16 -> Float.intBitsToFloat((storage.getShort(at) & 0xffff) << 16);
            case I64 -> storage.getLong(at);
            case I32 -> storage.getInt(at);
            case I16 -> storage.getShort(at);
            case I8 -> storage.get(at);
            case U8 -> storage.get(at) & 0xff;
            case BOOL -> storage.get(at) != 0 ? 1f : 0f;
        };
    }

    @Override
    public String toString() {
        return dtype + Arrays.toString(shape);
    }
}
