package io.sr4j.engine.pytorch;

import io.sr4j.engine.ncnn.ConvertedModel;
import java.util.Objects;

/**
 * A PyTorch checkpoint converted to ONNX: the graph (image input {@code input}, 1×3×H×W in 0..1;
 * output {@code output}, 1×3×sH×sW) and what was recognised.
 */
public record PytorchModel(ConvertedModel converted, DetectedArchitecture architecture) {
    public PytorchModel {
        Objects.requireNonNull(converted, "converted");
        Objects.requireNonNull(architecture, "architecture");
    }

    /** The serialised ONNX model. */
    public byte[] onnx() {
        return converted.onnx();
    }
}
