package io.sr4j.engine.ncnn;

import io.sr4j.engine.onnx.OnnxFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * An ncnn model converted to ONNX.
 *
 * @param onnx       the serialised ONNX {@code ModelProto} (shared, do not modify)
 * @param source     the {@code .param} file it came from
 * @param inputs     graph input names in order: the image input(s) first, then injected statistics
 * @param outputs    graph output names in order: the image output(s) first, then exposed statistics
 * @param statistics every global average pooling of the model, in order (empty for most models)
 */
public record ConvertedModel(byte[] onnx, String source, List<String> inputs, List<String> outputs,
        List<PoolingStatistic> statistics) {
    public ConvertedModel {
        Objects.requireNonNull(onnx, "onnx");
        Objects.requireNonNull(source, "source");
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
        statistics = List.copyOf(statistics);
    }

    /** The first graph input: the image. */
    public String imageInput() {
        return inputs.get(0);
    }

    /** The first graph output: the image. */
    public String imageOutput() {
        return outputs.get(0);
    }

    /** Writes the ONNX model to {@code file} atomically (temporary file, then rename). */
    public Path writeTo(Path file) throws IOException {
        return OnnxFiles.writeAtomically(file, onnx);
    }

    @Override
    public String toString() {
        return "ConvertedModel[" + source + ", " + onnx.length + " bytes, inputs " + inputs + ", outputs " + outputs
                + "]";
    }
}
