package io.sr4j.engine.tfjs;

import io.sr4j.engine.ncnn.ConvertedModel;
import io.sr4j.engine.ncnn.ModelImportException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Converts TensorFlow.js layers models ({@code model.json} and the weight shards its manifest names)
 * to ONNX graphs that {@link io.sr4j.engine.OrtEngine} runs: input {@code [1, C, H, W]} named after
 * the Keras input layer, output {@code [1, C', H', W']} named after the output layer (or
 * {@code output} when {@link TfjsImportOptions#networkRange()} adds value scaling).
 *
 * <p>Pure: reads the files, returns bytes, writes nothing. Supported layers: InputLayer, Conv2D
 * (same/valid padding, strides, dilation, groups, bias, fused activation), Activation (linear, relu,
 * sigmoid, tanh, elu, selu, softplus, softsign, exponential, relu6, hard_sigmoid, swish), ReLU,
 * LeakyReLU, PReLU (one slope per channel), Concatenate, Add, UpSampling2D (nearest, bilinear),
 * Dropout, and UpscalerJS's MultiplyBeta and PixelShuffle2x/3x/4x/8x. Anything else fails with a
 * {@link ModelImportException} naming the file, the layer and its class.
 */
public final class TfjsImporter {
    private TfjsImporter() {
    }

    /** Converts {@code model.json}, reading its weight shards from the same directory. */
    public static ConvertedModel convert(Path modelJson, TfjsImportOptions options) {
        Objects.requireNonNull(modelJson, "modelJson");
        Objects.requireNonNull(options, "options");
        byte[] json;
        try {
            json = Files.readAllBytes(modelJson);
        } catch (IOException e) {
            throw new ModelImportException(modelJson + ": cannot be read (" + e.getMessage() + ")", e);
        }
        Path dir = modelJson.toAbsolutePath().getParent();
        TfjsModel model = TfjsModel.parse(json, modelJson.toString());
        TfjsWeights weights = TfjsWeights.read(model, path -> Files.readAllBytes(shard(dir, path, model.source())));
        return new TfjsConverter(model, weights, options).convert();
    }

    /**
     * Converts a model given as {@code model.json} bytes and a reader for its shards (tests and
     * in-memory use); {@code name} stands for the file in messages.
     */
    public static ConvertedModel convert(byte[] modelJson, ShardSource shards, String name, TfjsImportOptions options) {
        Objects.requireNonNull(modelJson, "modelJson");
        Objects.requireNonNull(shards, "shards");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(options, "options");
        TfjsModel model = TfjsModel.parse(modelJson, name);
        return new TfjsConverter(model, TfjsWeights.read(model, shards), options).convert();
    }

    /** The bytes of a weight shard, by the path the weights manifest gives. */
    @FunctionalInterface
    public interface ShardSource {
        byte[] read(String path) throws IOException;
    }

    /** A manifest path resolved in the model's directory; paths that leave it are refused. */
    private static Path shard(Path dir, String path, String source) {
        Path p = dir.resolve(path).normalize();
        if (!p.startsWith(dir)) {
            throw new ModelImportException(source + ": weight shard path '" + path + "' leaves the model's directory");
        }
        return p;
    }
}
