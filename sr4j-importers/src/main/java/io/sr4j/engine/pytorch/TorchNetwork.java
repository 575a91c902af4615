package io.sr4j.engine.pytorch;

/** One recognised architecture with its weights: what it is, and how to write it as ONNX. */
interface TorchNetwork {
    DetectedArchitecture architecture();

    /** The weights under the architecture's own tensor names. */
    TorchWeights weights();

    /** Emits the network applied to the image {@code input} (1×3×H×W); returns the output tensor. */
    String emit(TorchGraph g, String input);
}
