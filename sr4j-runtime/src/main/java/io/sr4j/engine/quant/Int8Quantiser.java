package io.sr4j.engine.quant;

import io.sr4j.engine.Engine;
import io.sr4j.engine.SessionOptions;
import io.sr4j.engine.onnx.OnnxGraphBuilder;
import io.sr4j.engine.onnx.OnnxModelReader;
import io.sr4j.image.PlanarImage;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Static int8 quantisation of sr4j's ONNX graphs: calibrate activation ranges on real photos with
 * the float graph, then rewrite it (or another variant of the same model, sharing tensor names) into
 * QDQ form, which ONNX Runtime's CPU optimiser turns into integer kernels.
 *
 * <pre>{@code
 * Int8Quantiser q = new Int8Quantiser(engine, options);
 * Map<String, ActivationRange> ranges = q.calibrate(floatGraph);
 * byte[] int8Graph = Int8Quantiser.quantise(floatGraph, ranges);
 * }</pre>
 */
public final class Int8Quantiser {
    /**
     * Changes whenever the int8 graphs written change (plan, rewrite, calibration images or method):
     * part of the cache key of stored int8 graphs.
     */
    public static final String VERSION = "int8-4";
    /**
     * The range method used unless told otherwise: min/max, the one that stays close to fp32 on every
     * network measured (percentile clipping costs Real-CUGAN 1.6 dB against HR; docs/PERFORMANCE.md, "int8").
     */
    public static final RangeMethod DEFAULT_METHOD = RangeMethod.MIN_MAX;

    private final Engine engine;
    private final SessionOptions options;
    private final List<PlanarImage> images;
    private final RangeMethod method;

    /** Calibrates on the built-in photos ({@link CalibrationImages}) with the default method. */
    public Int8Quantiser(Engine engine, SessionOptions options) {
        this(engine, options, CalibrationImages.builtIn(), DEFAULT_METHOD);
    }

    /** Calibrates on {@code images} (RGB in [0, 1], sizes the graph accepts) with {@code method}. */
    public Int8Quantiser(Engine engine, SessionOptions options, List<PlanarImage> images, RangeMethod method) {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.options = Objects.requireNonNull(options, "options");
        this.images = List.copyOf(images);
        this.method = Objects.requireNonNull(method, "method");
        if (this.images.isEmpty()) {
            throw new IllegalArgumentException("calibration needs at least one image");
        }
    }

    /**
     * The ranges of the activations {@code floatGraph} (one image input) would quantise, measured by
     * running it on the calibration images.
     *
     * @throws IllegalArgumentException if the graph is not one sr4j can rewrite
     */
    public Map<String, ActivationRange> calibrate(byte[] floatGraph) {
        OnnxGraphBuilder graph = OnnxModelReader.read(floatGraph);
        List<String> tensors = List.copyOf(QuantisationPlan.of(graph).activations());
        return Calibrator.calibrate(engine, options, graph, tensors, images, method);
    }

    /**
     * The int8 QDQ form of {@code floatGraph}: planned activations that have a range in {@code ranges}
     * quantised, convolutions between two of them with int8 weights.
     */
    public static byte[] quantise(byte[] floatGraph, Map<String, ActivationRange> ranges) {
        return QdqRewriter.rewrite(OnnxModelReader.read(floatGraph), ranges).build();
    }
}
