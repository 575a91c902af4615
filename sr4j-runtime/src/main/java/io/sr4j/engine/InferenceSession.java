package io.sr4j.engine;

import io.sr4j.image.PlanarImage;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * One loaded model, ready to run. Thread-safe: several threads may call {@code run} at once. Holds
 * native memory: close it when done; any call after {@link #close()} throws
 * {@link IllegalStateException}, and {@code close} waits for runs in flight.
 */
public interface InferenceSession extends AutoCloseable {
    /** The graph inputs, in declaration order. */
    List<TensorSpec> inputs();

    /** The graph outputs, in declaration order. */
    List<TensorSpec> outputs();

    /**
     * Runs a model with one image input and one image output: reads {@code input} as an NCHW tensor
     * [1, C, H, W] and returns the output [1, C', H', W'] as a new image. The input is not changed.
     *
     * @throws IllegalStateException    if the model does not have exactly one input and one output
     * @throws IllegalArgumentException if the image does not fit the input's declared shape
     * @throws EngineException          if the run fails
     */
    PlanarImage run(PlanarImage input);

    /**
     * Runs the model and returns every output, keyed by name in declaration order.
     *
     * @param inputs one tensor per graph input, keyed by name
     */
    default Map<String, FloatTensor> run(Map<String, FloatTensor> inputs) {
        return run(inputs, outputs().stream().map(TensorSpec::name).toList());
    }

    /**
     * Runs the model and returns only the named outputs, in the order asked (the others are not
     * copied out of the runtime).
     *
     * @throws IllegalArgumentException if an input is missing, unknown or of the wrong shape, or an
     *                                  output name is unknown
     * @throws EngineException          if the run fails
     */
    Map<String, FloatTensor> run(Map<String, FloatTensor> inputs, Collection<String> outputNames);

    boolean isClosed();

    /** Releases the native session. Idempotent. */
    @Override
    void close();
}
