package io.sr4j.train;

/**
 * The further operations the diffusion U-Net is written in (on top of the convolutions of
 * {@link NetOps}): its skip connections, activations and the noise-level embedding. As with
 * {@link NetOps}, one implementation runs them in DJL and one writes ONNX nodes.
 *
 * @param <T> a tensor (DJL) or a tensor name (ONNX)
 */
interface DiffusionOps<T> extends NetOps<T> {
    /** {@code a} and {@code b} joined along axis 1 (channels of images, features of vectors). */
    T concat(T a, T b);

    /** x·sigmoid(x). */
    T silu(T x);

    /** {@code layer} applied to rows {@code x} [N, in] → [N, out]. */
    T dense(DenseLayer layer, T x);

    /** A constant tensor (broadcast against the batch where its leading dimension is 1). */
    T constant(String name, float[] values, long... shape);

    /** Element-wise with broadcasting. */
    T sub(T a, T b);

    T mul(T a, T b);

    T clip(T x, float min, float max);

    T log(T x);

    T sin(T x);

    T cos(T x);

    /** {@code x} with dimensions of size 1 inserted at {@code axes} (of the result). */
    T unsqueeze(T x, long... axes);
}
