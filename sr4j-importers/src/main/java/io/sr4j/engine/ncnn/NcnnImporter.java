package io.sr4j.engine.ncnn;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Converts ncnn models ({@code .param} text + {@code .bin} weights) to ONNX graphs that
 * {@link io.sr4j.engine.OrtEngine} runs.
 *
 * <p>Pure: reads the two files (or their contents), returns bytes, writes nothing. Caching the
 * result is the caller's business ({@link ConvertedModel#writeTo} writes it atomically).
 *
 * <p>Supported layers: Input, Convolution, ConvolutionDepthWise (fused activations 0–6, dilation,
 * stride, explicit or SAME padding, pad value), Deconvolution, InnerProduct, PReLU, ReLU, Sigmoid,
 * Clip, PixelShuffle, Interp (nearest, bilinear, bicubic; scales, fixed or reference size),
 * BinaryOp (every op but atan2; scalar and broadcast forms), Eltwise, Concat, Split, Crop (slice,
 * reference and fixed forms), Pooling (global and windowed max/average), Scale, Noop, Dropout.
 * Anything else fails with a {@link ModelImportException} naming the file, layer and problem.
 * Weights may be fp32, fp16 or table-quantised; int8 models are refused.
 */
public final class NcnnImporter {
    private NcnnImporter() {
    }

    /** Converts a model from its two files. */
    public static ConvertedModel convert(Path param, Path bin, ImportOptions options) {
        Objects.requireNonNull(param, "param");
        Objects.requireNonNull(bin, "bin");
        Objects.requireNonNull(options, "options");
        return convert(NcnnParamParser.parse(param), NcnnWeights.read(bin), options);
    }

    /** Converts an already parsed network with its weights (read from the start). */
    public static ConvertedModel convert(NcnnNetwork network, NcnnWeights weights, ImportOptions options) {
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(weights, "weights");
        Objects.requireNonNull(options, "options");
        if (weights.position() != 0) {
            throw new IllegalArgumentException("weights of " + weights.source() + " were already read from");
        }
        return new NcnnConverter(network, weights, options).convert();
    }

    /** Converts a model given as {@code .param} text and {@code .bin} bytes. */
    public static ConvertedModel convert(String paramText, byte[] bin, String name, ImportOptions options) {
        Objects.requireNonNull(paramText, "paramText");
        Objects.requireNonNull(bin, "bin");
        Objects.requireNonNull(name, "name");
        return convert(NcnnParamParser.parse(paramText, name + ".param"), new NcnnWeights(bin, name + ".bin"),
                options);
    }
}
