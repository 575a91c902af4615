package io.sr4j.engine.quant;

import io.sr4j.engine.Engine;
import io.sr4j.engine.FloatTensor;
import io.sr4j.engine.InferenceSession;
import io.sr4j.engine.SessionOptions;
import io.sr4j.engine.onnx.Dim;
import io.sr4j.engine.onnx.OnnxGraphBuilder;
import io.sr4j.image.PlanarImage;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Measures the range of every planned activation of a float graph by running it on real images with
 * those tensors as extra outputs. Deterministic: the same graph, images and method give the same
 * ranges.
 */
final class Calibrator {
    /** Tensors fetched per run: bounds the memory the extra outputs take (each is a whole feature map). */
    private static final int TENSORS_PER_RUN = 40;
    /** Values kept per tensor and image for the percentile method (every k-th value, evenly spread). */
    private static final int SAMPLES_PER_IMAGE = 1 << 16;
    /** Share of values clipped at each end by {@link RangeMethod#PERCENTILE}. */
    private static final double TAIL = 1e-4;

    private Calibrator() {
    }

    /**
     * The ranges of {@code tensors} in {@code graph} over {@code images} (each run as one 1×3×H×W
     * input; the graph's first input takes the image, further inputs are not supported).
     */
    static Map<String, ActivationRange> calibrate(Engine engine, SessionOptions options, OnnxGraphBuilder graph,
            List<String> tensors, List<PlanarImage> images, RangeMethod method) {
        if (graph.graphInputs().size() != 1) {
            throw new IllegalArgumentException("calibration runs graphs with one image input, this one has "
                    + graph.graphInputs().size() + " inputs");
        }
        String input = graph.graphInputs().get(0).name();
        Map<String, ActivationRange> ranges = new LinkedHashMap<>();
        for (int start = 0; start < tensors.size(); start += TENSORS_PER_RUN) {
            List<String> batch = tensors.subList(start, Math.min(tensors.size(), start + TENSORS_PER_RUN));
            OnnxGraphBuilder probe = withOutputs(graph, batch);
            try (InferenceSession session = engine.open(probe.build(), "calibration", options)) {
                List<Observed> observed = new ArrayList<>();
                batch.forEach(t -> observed.add(new Observed(method == RangeMethod.PERCENTILE)));
                for (PlanarImage image : images) {
                    Map<String, FloatTensor> outputs = session.run(Map.of(input, FloatTensor.fromImage(image)), batch);
                    for (int i = 0; i < batch.size(); i++) {
                        observed.get(i).add(outputs.get(batch.get(i)).buffer());
                    }
                }
                for (int i = 0; i < batch.size(); i++) {
                    ranges.put(batch.get(i), observed.get(i).range());
                }
            }
        }
        return ranges;
    }

    /** A copy of {@code graph} that also outputs {@code tensors}. */
    private static OnnxGraphBuilder withOutputs(OnnxGraphBuilder graph, List<String> tensors) {
        OnnxGraphBuilder copy = QdqRewriter.rewrite(graph, Map.of());
        for (String t : tensors) {
            if (copy.graphOutputs().stream().noneMatch(o -> o.name().equals(t))) {
                copy.output(t, Dim.unknown(), Dim.unknown(), Dim.unknown(), Dim.unknown());
            }
        }
        return copy;
    }

    /**
     * What one tensor held over all images: exact extremes, and for percentile ranges an even sample
     * of values.
     */
    private static final class Observed {
        private final boolean sampled;
        private float min = Float.POSITIVE_INFINITY;
        private float max = Float.NEGATIVE_INFINITY;
        private float[] sample = new float[0];

        Observed(boolean sampled) {
            this.sampled = sampled;
        }

        void add(FloatBuffer values) {
            int n = values.remaining();
            for (int i = 0; i < n; i++) {
                float v = values.get(i);
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
            if (!sampled) {
                return;
            }
            int step = Math.max(1, n / SAMPLES_PER_IMAGE);
            float[] taken = new float[(n + step - 1) / step];
            for (int i = 0, k = 0; i < n; i += step) {
                taken[k++] = values.get(i);
            }
            float[] merged = Arrays.copyOf(sample, sample.length + taken.length);
            System.arraycopy(taken, 0, merged, sample.length, taken.length);
            sample = merged;
        }

        ActivationRange range() {
            if (!sampled || sample.length == 0) {
                return new ActivationRange(min, max);
            }
            float[] sorted = sample.clone();
            Arrays.sort(sorted);
            int clip = (int) Math.floor(TAIL * sorted.length);
            return new ActivationRange(sorted[clip], sorted[sorted.length - 1 - clip]);
        }
    }
}
