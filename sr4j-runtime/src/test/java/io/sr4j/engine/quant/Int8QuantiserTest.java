package io.sr4j.engine.quant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sr4j.engine.InferenceSession;
import io.sr4j.engine.OrtEngine;
import io.sr4j.engine.SessionOptions;
import io.sr4j.engine.onnx.Dim;
import io.sr4j.engine.onnx.OnnxAttribute;
import io.sr4j.engine.onnx.OnnxDataType;
import io.sr4j.engine.onnx.OnnxGraphBuilder;
import io.sr4j.engine.onnx.OnnxModelReader;
import io.sr4j.image.PlanarImage;
import io.sr4j.testing.TestPhotos;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The int8 pass on a small convolutional network built here (the shape of sr4j's SR networks: RGB
 * in, 16-channel body with LeakyRelu, Relu and a skip Add, RGB out), calibrated on the built-in
 * photo crops and run on a crop of a different real photo.
 */
class Int8QuantiserTest {
    private static final SessionOptions TWO_THREADS = SessionOptions.builder().intraOpThreads(2).build();
    private static OrtEngine engine;

    @BeforeAll
    static void start() {
        engine = new OrtEngine();
    }

    @AfterAll
    static void stop() {
        engine.close();
    }

    @Test
    void theInt8GraphQuantisesTheBodyAndStaysCloseToFloatOnARealPhoto() {
        byte[] fp32 = smallNetwork();
        Int8Quantiser quantiser = new Int8Quantiser(engine, TWO_THREADS);
        byte[] int8 = Int8Quantiser.quantise(fp32, quantiser.calibrate(fp32));

        OnnxGraphBuilder g = OnnxModelReader.read(int8);
        Set<String> int8Weights = g.graphInitializers().stream().filter(t -> t.type() == OnnxDataType.INT8)
                .filter(t -> t.dims().length == 4).map(OnnxGraphBuilder.Initializer::name)
                .collect(Collectors.toSet());
        // The 16→16 body convs get int8 weights; the RGB ends (3 channels) stay float.
        assertThat(int8Weights).containsExactlyInAnyOrder("w2_quantized", "w3_quantized");
        assertThat(g.graphInitializers()).anyMatch(t -> t.name().equals("w1") && t.type() == OnnxDataType.FLOAT);
        assertThat(g.graphNodes().stream().filter(n -> n.opType().equals("QuantizeLinear")).count())
                .isGreaterThanOrEqualTo(4);
        // Conv → Relu: quantised after the Relu only, so ONNX Runtime can fold the Relu into the conv.
        assertThat(g.graphNodes()).noneMatch(n -> n.opType().equals("QuantizeLinear")
                && n.inputs().get(0).equals("c2"));

        PlanarImage photo = TestPhotos.crop("astronaut.png", 160, 60, 96, 96);
        float[] expected = run(fp32, photo);
        float[] actual = run(int8, photo);
        // Bound: the body activations calibrate to ranges of about 3–12.5 (s2: −6.0..6.5), so each uint8
        // rounding adds noise of step/√12 = range/255/√12 ≈ 0.004–0.014 rms; the last conv (16 → 3,
        // He weights, gain ≈ √2) carries s2's to ≈ 0.02 and the earlier ones add less. About 0.03 in
        // all (measured 0.034); 0.06 leaves room for other CPUs' rounding while a wrong scale, zero
        // point or weight layout gives errors of the order of the signal (rms > 0.5).
        assertThat(rms(expected)).isGreaterThan(0.5);
        assertThat(rmsDifference(expected, actual)).isLessThan(0.06);
        assertThat(rmsDifference(expected, actual)).isGreaterThan(0); // it really runs in int8
    }

    @Test
    void calibrationIsDeterministic() {
        byte[] fp32 = smallNetwork();
        Map<String, ActivationRange> first = new Int8Quantiser(engine, TWO_THREADS).calibrate(fp32);
        Map<String, ActivationRange> second = new Int8Quantiser(engine, TWO_THREADS).calibrate(fp32);

        assertThat(second).isEqualTo(first);
        // The RGB input stays float (its conv has 3 input channels); the body's activations are measured.
        assertThat(first.keySet()).containsExactlyInAnyOrder("s1", "c2r", "c3", "s2");
        assertThat(Int8Quantiser.quantise(fp32, second)).isEqualTo(Int8Quantiser.quantise(fp32, first));
    }

    @Test
    void percentileRangesLieWithinTheExtremes() {
        byte[] fp32 = smallNetwork();
        List<PlanarImage> images = CalibrationImages.builtIn();
        Map<String, ActivationRange> extremes = new Int8Quantiser(engine, TWO_THREADS, images, RangeMethod.MIN_MAX)
                .calibrate(fp32);
        Map<String, ActivationRange> percentiles = new Int8Quantiser(engine, TWO_THREADS, images,
                RangeMethod.PERCENTILE).calibrate(fp32);

        assertThat(percentiles.keySet()).isEqualTo(extremes.keySet());
        extremes.forEach((name, outer) -> {
            ActivationRange inner = percentiles.get(name);
            assertThat(inner.min()).as(name).isGreaterThanOrEqualTo(outer.min());
            assertThat(inner.max()).as(name).isLessThanOrEqualTo(outer.max());
        });
    }

    @Test
    void rangesGiveUint8ScaleAndZeroPointHoldingZeroExactly() {
        ActivationRange mixed = new ActivationRange(-1f, 3f);
        assertThat(mixed.scale()).isEqualTo(4f / 255f);
        assertThat(mixed.zeroPoint()).isEqualTo(64);
        assertThat(new ActivationRange(0.25f, 2f).zeroPoint()).isZero(); // widened down to 0
        assertThat(new ActivationRange(-3f, -1f).zeroPoint()).isEqualTo(255);
        assertThat(new ActivationRange(0f, 0f).scale()).isEqualTo(1f);
        assertThatThrownBy(() -> new ActivationRange(1f, 0f)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ActivationRange(0f, Float.NaN)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void calibrationRefusesGraphsWithMoreThanTheImageAsInput() {
        OnnxGraphBuilder g = new OnnxGraphBuilder("two-inputs");
        g.input("a", Dim.of(1), Dim.of(3), Dim.unknown(), Dim.unknown());
        g.input("b", Dim.of(1), Dim.of(3), Dim.unknown(), Dim.unknown());
        g.node("Add", List.of("a", "b"), "y");
        g.output("y", Dim.of(1), Dim.of(3), Dim.unknown(), Dim.unknown());

        assertThatThrownBy(() -> new Int8Quantiser(engine, TWO_THREADS).calibrate(g.build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("one image input");
    }

    private static float[] run(byte[] graph, PlanarImage image) {
        try (InferenceSession session = engine.open(graph, "test", TWO_THREADS)) {
            return session.run(image).data();
        }
    }

    /**
     * x → conv 3→16, LeakyRelu → conv 16→16, Relu → conv 16→16 → + skip → conv 16→3: seeded He-style
     * random weights, so the activations have the spread of a real network's.
     */
    private static byte[] smallNetwork() {
        Random random = new Random(7);
        OnnxGraphBuilder g = new OnnxGraphBuilder("small");
        g.input("x", Dim.of(1), Dim.of(3), Dim.named("h"), Dim.named("w"));
        conv(g, random, "x", "w1", 3, 16, "c1");
        g.node("LeakyRelu", List.of("c1"), "s1", OnnxAttribute.of("alpha", 0.1f));
        conv(g, random, "s1", "w2", 16, 16, "c2");
        g.node("Relu", List.of("c2"), "c2r");
        conv(g, random, "c2r", "w3", 16, 16, "c3");
        g.node("Add", List.of("c3", "s1"), "s2");
        conv(g, random, "s2", "w4", 16, 3, "y");
        g.output("y", Dim.of(1), Dim.of(3), Dim.named("h"), Dim.named("w"));
        return g.build();
    }

    private static void conv(OnnxGraphBuilder g, Random random, String in, String weight, int cin, int cout,
            String out) {
        float[] w = new float[cout * cin * 9];
        double std = Math.sqrt(2.0 / (cin * 9));
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) (random.nextGaussian() * std);
        }
        float[] b = new float[cout];
        for (int i = 0; i < b.length; i++) {
            b[i] = (float) (0.1 * random.nextGaussian());
        }
        g.initializer(weight, w, cout, cin, 3, 3);
        g.initializer(weight + "_bias", b, cout);
        g.node("Conv", List.of(in, weight, weight + "_bias"), out, OnnxAttribute.ints("kernel_shape", 3, 3),
                OnnxAttribute.ints("pads", 1, 1, 1, 1));
    }

    private static double rms(float[] a) {
        double sum = 0;
        for (float v : a) {
            sum += v * v;
        }
        return Math.sqrt(sum / a.length);
    }

    private static double rmsDifference(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += (a[i] - b[i]) * (a[i] - b[i]);
        }
        return Math.sqrt(sum / a.length);
    }
}
