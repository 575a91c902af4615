package io.sr4j.engine;

import java.nio.file.Path;

/**
 * Runs ONNX graphs. An engine opens one {@link InferenceSession} per model; sessions are reused
 * for every image and may be run from several threads at once.
 *
 * <p>An engine is the owner of last resort of its sessions: closing it closes every session it
 * opened that is still open. Opening a session on a closed engine throws
 * {@link IllegalStateException}.
 */
public interface Engine extends AutoCloseable {
    /**
     * Opens a session for a serialised ONNX model ({@code ModelProto} bytes).
     *
     * @param source a short description of where the model came from, used in error messages
     * @throws EngineException if the runtime rejects the model or the options
     */
    InferenceSession open(byte[] onnxModel, String source, SessionOptions options);

    /** Opens a session for an {@code .onnx} file. */
    InferenceSession open(Path onnxFile, SessionOptions options);

    /** Opens a session with {@link SessionOptions#defaults()}. */
    default InferenceSession open(byte[] onnxModel, String source) {
        return open(onnxModel, source, SessionOptions.defaults());
    }

    /** What runs the models, e.g. "ONNX Runtime 1.29.0". */
    String description();

    /** Closes every session this engine opened that is still open. Idempotent. */
    @Override
    void close();
}
