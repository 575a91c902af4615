package io.sr4j.engine;

import io.sr4j.image.PlanarImage;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.Objects;

/**
 * A dense float32 tensor in row-major order: a shape and a {@link FloatBuffer} of exactly that many
 * elements. It is plain Java memory (garbage-collected), not a native resource.
 *
 * <p>The buffer is either <em>direct</em> in native byte order ({@link #allocateDirect}, {@link #wrap}),
 * which the runtime reads in place without a copy, or a heap array ({@link #of}, {@link #fromImage},
 * and every tensor a session returns), which the runtime copies once when it is an input. A tensor
 * shares its buffer: writes through {@link #buffer()} or to the array given to {@link #of} are
 * visible to it.
 */
public final class FloatTensor {
    private final long[] shape;
    private final FloatBuffer data;

    private FloatTensor(long[] shape, FloatBuffer data) {
        this.shape = shape;
        this.data = data;
    }

    /** A zero-filled tensor in a new direct, native-order buffer (the zero-copy input path). */
    public static FloatTensor allocateDirect(long... shape) {
        int count = elementCount(shape);
        FloatBuffer buffer = ByteBuffer.allocateDirect(count * 4).order(ByteOrder.nativeOrder()).asFloatBuffer();
        return new FloatTensor(shape.clone(), buffer);
    }

    /**
     * Wraps a direct, native-order buffer without copying. The tensor covers the buffer's elements
     * from its position to its limit, which must be exactly the shape's element count.
     */
    public static FloatTensor wrap(FloatBuffer buffer, long... shape) {
        Objects.requireNonNull(buffer, "buffer");
        if (!buffer.isDirect() || buffer.order() != ByteOrder.nativeOrder()) {
            throw new IllegalArgumentException("buffer must be direct and in native byte order"
                    + " (use FloatTensor.of for a float[])");
        }
        int count = elementCount(shape);
        if (buffer.remaining() != count) {
            throw new IllegalArgumentException("buffer holds " + buffer.remaining() + " floats, shape "
                    + Arrays.toString(shape) + " needs " + count);
        }
        return new FloatTensor(shape.clone(), buffer.slice());
    }

    /** Wraps {@code data} (not copied) as a tensor of the given shape. */
    public static FloatTensor of(float[] data, long... shape) {
        Objects.requireNonNull(data, "data");
        int count = elementCount(shape);
        if (data.length != count) {
            throw new IllegalArgumentException("data has " + data.length + " floats, shape "
                    + Arrays.toString(shape) + " needs " + count);
        }
        return new FloatTensor(shape.clone(), FloatBuffer.wrap(data));
    }

    /** The image as an NCHW tensor of shape [1, C, H, W], sharing its array. */
    public static FloatTensor fromImage(PlanarImage image) {
        Objects.requireNonNull(image, "image");
        return of(image.data(), 1, image.channels(), image.height(), image.width());
    }

    /** The shape (a copy). */
    public long[] shape() {
        return shape.clone();
    }

    public int rank() {
        return shape.length;
    }

    /** Size of dimension {@code axis}. */
    public long dim(int axis) {
        return shape[axis];
    }

    public int elementCount() {
        return data.capacity();
    }

    /** A view of the data from element 0 (shares content; position and limit are the view's own). */
    public FloatBuffer buffer() {
        return data.duplicate().clear();
    }

    /** True if the data is a direct buffer the runtime can read in place. */
    public boolean isDirect() {
        return data.isDirect();
    }

    public float get(int index) {
        return data.get(index);
    }

    /** A copy of the data as an array. */
    public float[] toArray() {
        float[] out = new float[data.capacity()];
        data.duplicate().clear().get(out);
        return out;
    }

    /**
     * This [1, C, H, W] tensor as a planar image. A heap tensor whose array is exactly its data is
     * shared, not copied (the case for every tensor a session returns); otherwise the data is copied.
     */
    public PlanarImage toImage() {
        if (shape.length != 4 || shape[0] != 1) {
            throw new IllegalArgumentException("an image tensor has shape [1, C, H, W], this one "
                    + Arrays.toString(shape));
        }
        int c = (int) shape[1];
        int h = (int) shape[2];
        int w = (int) shape[3];
        if (data.hasArray() && data.arrayOffset() == 0 && data.array().length == data.capacity()) {
            return new PlanarImage(w, h, c, data.array());
        }
        return new PlanarImage(w, h, c, toArray());
    }

    @Override
    public String toString() {
        return "FloatTensor" + Arrays.toString(shape) + (data.isDirect() ? " (direct)" : "");
    }

    static int elementCount(long[] shape) {
        Objects.requireNonNull(shape, "shape");
        long count = 1;
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("tensor dimensions must be >= 0, got " + Arrays.toString(shape));
            }
            count *= d;
            if (count > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("tensor " + Arrays.toString(shape)
                        + " is too large for one buffer; process it in tiles");
            }
        }
        return (int) count;
    }
}
