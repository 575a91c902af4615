package io.sr4j.train;

/**
 * The few operations an SR network is written in. A network describes its layers once, against
 * this interface; one implementation runs them in DJL (training), another writes ONNX nodes
 * (export), so the exported graph cannot drift from the trained one.
 *
 * @param <T> a tensor (DJL) or a tensor name (ONNX)
 */
interface NetOps<T> {
    /** {@code layer} applied to {@code x} (zero padding keeps the size). */
    T conv(ConvLayer layer, T x);

    T relu(T x);

    T add(T a, T b);

    /** Channels {@code c·s²} to an {@code s}-times larger image of {@code c} channels (PyTorch's pixel shuffle order). */
    T depthToSpace(T x, int scale);
}
