package io.sr4j.engine.ncnn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sr4j.engine.FloatTensor;
import io.sr4j.engine.InferenceSession;
import io.sr4j.engine.OrtEngine;
import io.sr4j.engine.SessionOptions;
import io.sr4j.engine.ncnn.NaiveNcnn.Mat;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One tiny ncnn model per layer form, written here (param text + bin bytes), converted, run in
 * ONNX Runtime and compared with {@link NaiveNcnn}, a plain Java reading of ncnn's layer code, to
 * 1e-4. This checks the converter against the format's semantics, not against itself.
 */
class NcnnLayersTest {
    private static final double TOLERANCE = 1e-4;
    private static OrtEngine engine;
    private static final SessionOptions ONE_THREAD = SessionOptions.builder().intraOpThreads(1).build();

    @BeforeAll
    static void start() {
        engine = new OrtEngine();
    }

    @AfterAll
    static void stop() {
        engine.close();
    }

    // ---- harness ----

    private static Map<String, FloatTensor> run(TinyModel m, Map<String, Mat> inputs) {
        return run(m, ImportOptions.plain(), inputs);
    }

    private static Map<String, FloatTensor> run(TinyModel m, ImportOptions options, Map<String, Mat> inputs) {
        ConvertedModel converted = NcnnImporter.convert(m.param(), m.bin(), "tiny", options);
        try (InferenceSession s = engine.open(converted.onnx(), "tiny", ONE_THREAD)) {
            Map<String, FloatTensor> feeds = new LinkedHashMap<>();
            for (Map.Entry<String, Mat> e : inputs.entrySet()) {
                feeds.put(e.getKey(), FloatTensor.of(e.getValue().d.clone(), e.getValue().onnxShape()));
            }
            return s.run(feeds);
        }
    }

    private static FloatTensor runOne(TinyModel m, Mat x, String output) {
        return run(m, Map.of("x", x)).get(output);
    }

    private static void assertClose(FloatTensor actual, Mat expected) {
        assertThat(actual).as("output").isNotNull();
        long[] shape = expected.dims == 1 ? new long[] {1, expected.c, 1, 1} : expected.onnxShape();
        assertThat(actual.shape()).as("shape").containsExactly(shape);
        float[] a = actual.toArray();
        for (int i = 0; i < a.length; i++) {
            double e = expected.d[i];
            assertThat((double) a[i]).as("element %d of %s", i, expected)
                    .isCloseTo(e, org.assertj.core.data.Offset.offset(TOLERANCE * Math.max(1, Math.abs(e))));
        }
    }

    private static String hint(Mat x) {
        return "0=" + x.w + " 1=" + x.h + " 2=" + x.c;
    }

    private static TinyModel withInput(Mat x) {
        return new TinyModel().layer("Input", "input", List.of(), List.of("x"), hint(x));
    }

    // ---- Convolution ----

    static Stream<Arguments> activations() {
        return Stream.of(Arguments.of(0, ""), Arguments.of(1, ""), Arguments.of(2, " -23310=1,1.000000e-01"),
                Arguments.of(3, " -23310=2,-5.000000e-01,7.000000e-01"), Arguments.of(4, ""), Arguments.of(5, ""),
                Arguments.of(6, " -23310=2,2.000000e-01,5.000000e-01"));
    }

    @ParameterizedTest(name = "activation {0}")
    @MethodSource("activations")
    void convolutionWithStrideDilationAsymmetricPadsAndFusedActivation(int act, String actParams) {
        Random rnd = new Random(10 + act);
        Mat x = NaiveNcnn.random(rnd, 3, 7, 9);
        int out = 4;
        int kh = 2;
        int kw = 3;
        short[] w = TinyModel.randomHalves(rnd, out * 3 * kh * kw);
        float[] bias = TinyModel.randomFloats(rnd, out, 0.5f);
        TinyModel m = withInput(x).layer("Convolution", "conv", List.of("x"), List.of("y"),
                "0=4 1=3 11=2 2=1 12=2 3=2 13=1 4=1 15=2 14=0 16=1 5=1 6=" + w.length + " 9=" + act + actParams)
                .fp16(w).raw(bias);
        float[] p = switch (act) {
            case 2 -> new float[] {0.1f};
            case 3 -> new float[] {-0.5f, 0.7f};
            case 6 -> new float[] {0.2f, 0.5f};
            default -> new float[0];
        };
        Mat padded = NaiveNcnn.pad(x, 0, 1, 1, 2, 0f);
        Mat expected = NaiveNcnn.activate(NaiveNcnn.conv(padded, TinyModel.values(w), bias, out, kh, kw, 1, 2, 2, 1, 1),
                act, p);
        assertClose(runOne(m, x, "y"), expected);
    }

    @ParameterizedTest(name = "pad {0}")
    @ValueSource(ints = {-233, -234})
    void convolutionSamePadding(int pad) {
        Random rnd = new Random(3);
        Mat x = NaiveNcnn.random(rnd, 2, 7, 8);
        short[] w = TinyModel.randomHalves(rnd, 3 * 2 * 9);
        TinyModel m = withInput(x).layer("Convolution", "conv", List.of("x"), List.of("y"),
                "0=3 1=3 3=2 4=" + pad + " 15=" + pad + " 14=" + pad + " 16=" + pad + " 6=54").fp16(w);
        int[] pads = NaiveNcnn.samePads(7, 8, 3, 3, 2, 2, 1, 1, pad == -233);
        Mat expected = NaiveNcnn.conv(NaiveNcnn.pad(x, pads[0], pads[1], pads[2], pads[3], 0f), TinyModel.values(w), null,
                3, 3, 3, 2, 2, 1, 1, 1);
        assertClose(runOne(m, x, "y"), expected);
    }

    @Test
    void convolutionPadsWithItsPadValue() {
        Random rnd = new Random(4);
        Mat x = NaiveNcnn.random(rnd, 2, 5, 6);
        short[] w = TinyModel.randomHalves(rnd, 2 * 2 * 9);
        TinyModel m = withInput(x).layer("Convolution", "conv", List.of("x"), List.of("y"),
                "0=2 1=3 4=1 18=7.500000e-01 6=36").fp16(w);
        Mat expected = NaiveNcnn.conv(NaiveNcnn.pad(x, 1, 1, 1, 1, 0.75f), TinyModel.values(w), null, 2, 3, 3, 1, 1, 1, 1, 1);
        assertClose(runOne(m, x, "y"), expected);
    }

    @Test
    void depthwiseConvolutionUsesGroups() {
        Random rnd = new Random(5);
        Mat x = NaiveNcnn.random(rnd, 6, 5, 5);
        float[] w = TinyModel.randomFloats(rnd, 6 * 2 * 9, 0.3f);
        float[] b = TinyModel.randomFloats(rnd, 6, 0.3f);
        TinyModel m = withInput(x).layer("ConvolutionDepthWise", "dw", List.of("x"), List.of("y"),
                "0=6 1=3 4=1 5=1 6=108 7=3").fp32(w).raw(b);
        Mat expected = NaiveNcnn.conv(NaiveNcnn.pad(x, 1, 1, 1, 1, 0f), w, b, 6, 3, 3, 1, 1, 1, 1, 3);
        assertClose(runOne(m, x, "y"), expected);
    }

    // ---- Deconvolution ----

    static Stream<Arguments> deconvolutions() {
        // kernel, stride, pad, dilation, output pad: the three forms in the shipped models and one with everything
        return Stream.of(Arguments.of(2, 2, 0, 1, 0), Arguments.of(4, 2, 3, 1, 0), Arguments.of(5, 3, 2, 1, 0),
                Arguments.of(3, 2, 1, 2, 1));
    }

    @ParameterizedTest(name = "k{0} s{1} p{2} d{3} op{4}")
    @MethodSource("deconvolutions")
    void deconvolutionSwapsWeightAxesAndCutsPads(int k, int s, int p, int d, int outPad) {
        Random rnd = new Random(k * 100 + s);
        Mat x = NaiveNcnn.random(rnd, 3, 4, 5);
        int out = 2;
        float[] w = TinyModel.randomFloats(rnd, out * 3 * k * k, 0.5f);
        float[] b = TinyModel.randomFloats(rnd, out, 0.5f);
        TinyModel m = withInput(x).layer("Deconvolution", "deconv", List.of("x"), List.of("y"),
                "0=2 1=" + k + " 2=" + d + " 3=" + s + " 4=" + p + " 18=" + outPad + " 5=1 6=" + w.length
                        + " 9=2 -23310=1,1.000000e-01").fp32(w).raw(b);
        Mat expected = NaiveNcnn.activate(NaiveNcnn.deconv(x, w, b, out, k, k, s, s, d, d, outPad, outPad, p, p, p, p),
                2, new float[] {0.1f});
        assertClose(runOne(m, x, "y"), expected);
    }

    @Test
    void deconvolutionWithAsymmetricPadsAndFp16Weights() {
        Random rnd = new Random(77);
        Mat x = NaiveNcnn.random(rnd, 2, 3, 4);
        short[] w = TinyModel.randomHalves(rnd, 3 * 2 * 3 * 2);
        TinyModel m = withInput(x).layer("Deconvolution", "deconv", List.of("x"), List.of("y"),
                "0=3 1=2 11=3 3=2 13=1 4=1 15=0 14=2 16=1 6=" + w.length).fp16(w);
        Mat expected = NaiveNcnn.deconv(x, TinyModel.values(w), null, 3, 3, 2, 1, 2, 1, 1, 0, 0, 2, 1, 1, 0);
        assertClose(runOne(m, x, "y"), expected);
    }

    static Stream<Arguments> phaseDeconvolutions() {
        // kernel h/w, stride, pads top/left/bottom/right, activation: the shipped forms, uneven kernels and pads
        return Stream.of(Arguments.of(2, 2, 2, 0, 0, 0, 0, 2), Arguments.of(4, 4, 2, 3, 3, 3, 3, 0),
                Arguments.of(5, 5, 3, 2, 2, 2, 2, 0), Arguments.of(3, 5, 2, 0, 4, 1, 2, 1),
                Arguments.of(4, 3, 4, 5, 0, 2, 6, 2), Arguments.of(1, 1, 2, 0, 0, 0, 0, 0));
    }

    /** Conv + DepthToSpace + Slice computes what ConvTranspose does, on the same random layer. */
    @ParameterizedTest(name = "k{0}x{1} s{2} pads {3}/{4}/{5}/{6} act{7}")
    @MethodSource("phaseDeconvolutions")
    void deconvolutionAsPhaseConvolutionMatchesConvTranspose(int kh, int kw, int s, int top, int left, int bottom,
            int right, int act) {
        Random rnd = new Random(kh * 1000 + kw * 100 + s * 10 + top);
        Mat x = NaiveNcnn.random(rnd, 3, 5, 6);
        int out = 4;
        float[] w = TinyModel.randomFloats(rnd, out * 3 * kh * kw, 0.5f);
        float[] b = TinyModel.randomFloats(rnd, out, 0.5f);
        TinyModel m = withInput(x).layer("Deconvolution", "deconv", List.of("x"), List.of("y"),
                "0=" + out + " 1=" + kw + " 11=" + kh + " 3=" + s + " 4=" + left + " 15=" + right + " 14=" + top
                        + " 16=" + bottom + " 5=1 6=" + w.length + " 9=" + act + (act == 2 ? " -23310=1,1.000000e-01" : ""))
                .fp32(w).raw(b);
        FloatTensor phased = run(m, ImportOptions.plain(), Map.of("x", x)).get("y");
        FloatTensor transposed = run(m, ImportOptions.plain().withDeconvolutionAsConvolution(false), Map.of("x", x))
                .get("y");
        Mat expected = NaiveNcnn.activate(NaiveNcnn.deconv(x, w, b, out, kh, kw, s, s, 1, 1, 0, 0, top, bottom, left,
                right), act, new float[] {0.1f});
        assertClose(transposed, expected);
        assertThat(phased.shape()).containsExactly(transposed.shape());
        float[] p = phased.toArray();
        float[] t = transposed.toArray();
        for (int i = 0; i < p.length; i++) {
            assertThat(p[i]).as("element %d", i).isCloseTo(t[i], org.assertj.core.data.Offset.offset(1e-5f));
        }
    }

    // ---- InnerProduct, PReLU, PixelShuffle ----

    @Test
    void innerProductOnAPooledVectorWithActivation() {
        Random rnd = new Random(8);
        Mat x = NaiveNcnn.random(rnd, 5, 4, 3);
        short[] w = TinyModel.randomHalves(rnd, 3 * 5);
        float[] b = TinyModel.randomFloats(rnd, 3, 0.5f);
        TinyModel m = withInput(x)
                .layer("Pooling", "gap", List.of("x"), List.of("g"), "0=1 4=1")
                .layer("InnerProduct", "fc", List.of("g"), List.of("y"), "0=3 1=1 2=15 9=4").fp16(w).raw(b);
        Mat pooled = NaiveNcnn.globalPool(x, false);
        float[] wv = TinyModel.values(w);
        float[] y = new float[3];
        for (int o = 0; o < 3; o++) {
            double sum = b[o];
            for (int i = 0; i < 5; i++) {
                sum += wv[o * 5 + i] * pooled.d[i];
            }
            y[o] = NaiveNcnn.activation((float) sum, 4, null);
        }
        assertClose(runOne(m, x, "y"), Mat.vector(y));
    }

    @Test
    void innerProductFlattensAnImageInChannelRowColumnOrder() {
        Random rnd = new Random(9);
        Mat x = NaiveNcnn.random(rnd, 2, 3, 4);
        float[] w = TinyModel.randomFloats(rnd, 4 * 24, 0.2f);
        TinyModel m = withInput(x).layer("InnerProduct", "fc", List.of("x"), List.of("y"),
                "0=4 2=96 9=2 -23310=1,2.000000e-01").fp32(w);
        float[] y = new float[4];
        for (int o = 0; o < 4; o++) {
            double sum = 0;
            for (int i = 0; i < 24; i++) {
                sum += w[o * 24 + i] * x.d[i];
            }
            y[o] = NaiveNcnn.activation((float) sum, 2, new float[] {0.2f});
        }
        assertClose(runOne(m, x, "y"), Mat.vector(y));
    }

    static Stream<Arguments> prelus() {
        return Stream.of(Arguments.of(1, true), Arguments.of(3, true), Arguments.of(1, false), Arguments.of(3, false));
    }

    @ParameterizedTest(name = "slopes {0}, as convolutions {1}")
    @MethodSource("prelus")
    void preluPerChannelOrShared(int n, boolean asConvolutions) {
        Random rnd = new Random(11);
        Mat x = NaiveNcnn.random(rnd, 3, 4, 4);
        float[] slopes = TinyModel.randomFloats(rnd, n, 0.3f);
        TinyModel m = withInput(x).layer("PReLU", "prelu", List.of("x"), List.of("y"), "0=" + n).raw(slopes);
        ConvertedModel converted = NcnnImporter.convert(m.param(), m.bin(), "tiny",
                ImportOptions.plain().withPreluAsConvolutions(asConvolutions));
        FloatTensor actual;
        try (InferenceSession s = engine.open(converted.onnx(), "tiny", ONE_THREAD)) {
            actual = s.run(Map.of("x", FloatTensor.of(x.d.clone(), x.onnxShape()))).get("y");
        }
        Mat expected = new Mat(3, 4, 4);
        for (int i = 0; i < x.d.length; i++) {
            float s = slopes[n == 1 ? 0 : i / 16];
            expected.d[i] = x.d[i] > 0 ? x.d[i] : x.d[i] * s;
        }
        assertClose(actual, expected);
    }

    @ParameterizedTest(name = "mode {0}")
    @ValueSource(ints = {0, 1})
    void pixelShuffleModes(int mode) {
        Random rnd = new Random(12);
        Mat x = NaiveNcnn.random(rnd, 8, 3, 4);
        TinyModel m = withInput(x).layer("PixelShuffle", "ps", List.of("x"), List.of("y"), "0=2 1=" + mode);
        assertClose(runOne(m, x, "y"), NaiveNcnn.pixelShuffle(x, 2, mode));
    }

    // ---- Interp ----

    static Stream<Arguments> interps() {
        return Stream.of(
                Arguments.of(1, 2f, 2f, false), Arguments.of(1, 2f, 3f, false), Arguments.of(1, 1.5f, 0.5f, false),
                Arguments.of(2, 2f, 2f, false), Arguments.of(2, 0.75f, 0.75f, false), Arguments.of(2, 2f, 3f, true),
                Arguments.of(3, 2f, 2f, false), Arguments.of(3, 4f, 3f, false), Arguments.of(3, 0.5f, 0.5f, false),
                Arguments.of(3, 0.75f, 0.75f, false), Arguments.of(3, 1.7f, 0.6f, false), Arguments.of(3, 2f, 2f, true));
    }

    @ParameterizedTest(name = "type {0} scale {1}x{2} align {3}")
    @MethodSource("interps")
    void interpMatchesNcnnCoordinatesAndEdges(int type, float hs, float ws, boolean align) {
        Random rnd = new Random(13);
        Mat x = NaiveNcnn.random(rnd, 2, 9, 10);
        TinyModel m = withInput(x).layer("Interp", "interp", List.of("x"), List.of("y"),
                "0=" + type + " 1=" + hs + " 2=" + ws + (align ? " 6=1" : ""));
        int oh = (int) (x.h * hs);
        int ow = (int) (x.w * ws);
        Mat expected = switch (type) {
            case 1 -> NaiveNcnn.nearest(x, oh, ow, 1f / hs, 1f / ws);
            case 2 -> NaiveNcnn.bilinear(x, oh, ow, align);
            default -> NaiveNcnn.bicubic(x, oh, ow, align);
        };
        assertClose(runOne(m, x, "y"), expected);
    }

    @ParameterizedTest(name = "type {0}")
    @ValueSource(ints = {1, 2, 3})
    void interpToAFixedSize(int type) {
        Random rnd = new Random(14);
        Mat x = NaiveNcnn.random(rnd, 2, 7, 6);
        TinyModel m = withInput(x).layer("Interp", "interp", List.of("x"), List.of("y"), "0=" + type + " 3=11 4=4");
        Mat expected = switch (type) {
            case 1 -> NaiveNcnn.nearest(x, 11, 4, 7 / 11f, 6 / 4f);
            case 2 -> NaiveNcnn.bilinear(x, 11, 4, false);
            default -> NaiveNcnn.bicubic(x, 11, 4, false);
        };
        assertClose(runOne(m, x, "y"), expected);
    }

    @Test
    void interpToTheSizeOfAReferenceBlob() {
        Random rnd = new Random(15);
        Mat x = NaiveNcnn.random(rnd, 2, 5, 6);
        Mat ref = NaiveNcnn.random(rnd, 1, 8, 13);
        TinyModel m = withInput(x).layer("Input", "input2", List.of(), List.of("r"), hint(ref))
                .layer("Interp", "interp", List.of("x", "r"), List.of("y"), "0=3");
        assertClose(run(m, Map.of("x", x, "r", ref)).get("y"), NaiveNcnn.bicubic(x, 8, 13, false));
    }

    @Test
    void interpOfAVectorFillsPlanes() {
        Random rnd = new Random(16);
        Mat x = NaiveNcnn.random(rnd, 3, 4, 4);
        TinyModel m = withInput(x).layer("Pooling", "gap", List.of("x"), List.of("g"), "0=1 4=1")
                .layer("Interp", "interp", List.of("g"), List.of("y"), "0=1 1=3.0 2=2.0");
        Mat pooled = NaiveNcnn.globalPool(x, false);
        Mat expected = new Mat(3, 3, 2);
        for (int i = 0; i < expected.d.length; i++) {
            expected.d[i] = pooled.d[i / 6];
        }
        assertClose(runOne(m, x, "y"), expected);
    }

    // ---- BinaryOp ----

    static IntStream binaryOps() {
        return IntStream.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 12, 13, 14, 15, 16, 17, 18);
    }

    /** Operands away from zero (division, remainders) and positive where a power's base. */
    private static Mat operand(Random rnd, int op, int c, int h, int w) {
        Mat m = new Mat(c, h, w);
        boolean positive = op == 6 || op == 9;
        for (int i = 0; i < m.d.length; i++) {
            float v = 0.5f + 1.5f * rnd.nextFloat();
            m.d[i] = positive || rnd.nextBoolean() ? v : -v;
        }
        return m;
    }

    @ParameterizedTest(name = "op {0}")
    @MethodSource("binaryOps")
    void binaryOpOnTwoImages(int op) {
        Random rnd = new Random(20 + op);
        Mat a = operand(rnd, op, 2, 3, 4);
        Mat b = operand(rnd, op, 2, 3, 4);
        TinyModel m = new TinyModel().layer("Input", "ia", List.of(), List.of("a"), hint(a))
                .layer("Input", "ib", List.of(), List.of("b"), hint(b))
                .layer("BinaryOp", "op", List.of("a", "b"), List.of("y"), "0=" + op);
        Mat expected = new Mat(2, 3, 4);
        for (int i = 0; i < expected.d.length; i++) {
            expected.d[i] = NaiveNcnn.binary(op, a.d[i], b.d[i]);
        }
        assertClose(run(m, Map.of("a", a, "b", b)).get("y"), expected);
    }

    @ParameterizedTest(name = "op {0}")
    @MethodSource("binaryOps")
    void binaryOpWithAScalar(int op) {
        Random rnd = new Random(40 + op);
        Mat a = operand(rnd, op, 2, 3, 4);
        TinyModel m = withInput(a).layer("BinaryOp", "op", List.of("x"), List.of("y"), "0=" + op + " 1=1 2=7.500000e-01");
        Mat expected = new Mat(2, 3, 4);
        for (int i = 0; i < expected.d.length; i++) {
            expected.d[i] = NaiveNcnn.binary(op, a.d[i], 0.75f);
        }
        assertClose(runOne(m, a, "y"), expected);
    }

    /** A 1-D blob made from an input of shape (n, 1, 1) through global pooling (which keeps its values). */
    private static TinyModel vectorFrom(TinyModel m, String input, int n, String vector) {
        return m.layer("Input", "in_" + input, List.of(), List.of(input), "0=1 1=1 2=" + n)
                .layer("Pooling", "pool_" + input, List.of(input), List.of(vector), "0=1 4=1");
    }

    @Test
    void binaryOpBroadcastsAVectorPerChannelOrPerColumnAsNcnnDoes() {
        Random rnd = new Random(60);
        Mat a = operand(rnd, 1, 4, 3, 5);
        Mat perChannel = operand(rnd, 1, 4, 1, 1);
        Mat perColumn = operand(rnd, 1, 5, 1, 1);
        TinyModel m = withInput(a);
        vectorFrom(m, "vc", 4, "c");
        vectorFrom(m, "vw", 5, "w");
        m.layer("Split", "split", List.of("x"), List.of("x0", "x1", "x2"), "")
                .layer("BinaryOp", "sub_c", List.of("x0", "c"), List.of("y_c"), "0=1")
                .layer("BinaryOp", "rsub_c", List.of("c", "x1"), List.of("y_c_first"), "0=1")
                .layer("BinaryOp", "sub_w", List.of("x2", "w"), List.of("y_w"), "0=1");
        Map<String, FloatTensor> out = run(m, Map.of("x", a, "vc", perChannel, "vw", perColumn));
        Mat byChannel = new Mat(4, 3, 5);
        Mat byChannelFirst = new Mat(4, 3, 5);
        Mat byColumn = new Mat(4, 3, 5);
        for (int c = 0; c < 4; c++) {
            for (int y = 0; y < 3; y++) {
                for (int x = 0; x < 5; x++) {
                    byChannel.set(c, y, x, a.at(c, y, x) - perChannel.d[c]);
                    byChannelFirst.set(c, y, x, perChannel.d[c] - a.at(c, y, x));
                    byColumn.set(c, y, x, a.at(c, y, x) - perColumn.d[x]);
                }
            }
        }
        assertClose(out.get("y_c"), byChannel);
        assertClose(out.get("y_c_first"), byChannelFirst);
        assertClose(out.get("y_w"), byColumn);
    }

    // ---- Eltwise, Concat, Split ----

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"0=0", "0=1", "0=1 -23301=3,2.000000e-01,1.000000e+00,-5.000000e-01", "0=2"})
    void eltwiseOfThree(String params) {
        Random rnd = new Random(70);
        Mat a = NaiveNcnn.random(rnd, 2, 3, 3);
        Mat b = NaiveNcnn.random(rnd, 2, 3, 3);
        Mat c = NaiveNcnn.random(rnd, 2, 3, 3);
        TinyModel m = new TinyModel().layer("Input", "ia", List.of(), List.of("a"), hint(a))
                .layer("Input", "ib", List.of(), List.of("b"), hint(b))
                .layer("Input", "ic", List.of(), List.of("c"), hint(c))
                .layer("Eltwise", "e", List.of("a", "b", "c"), List.of("y"), params);
        float[] coeffs = params.contains("-23301") ? new float[] {0.2f, 1f, -0.5f} : new float[] {1, 1, 1};
        Mat expected = new Mat(2, 3, 3);
        for (int i = 0; i < expected.d.length; i++) {
            expected.d[i] = switch (params.charAt(2)) {
                case '0' -> a.d[i] * b.d[i] * c.d[i];
                case '1' -> coeffs[0] * a.d[i] + coeffs[1] * b.d[i] + coeffs[2] * c.d[i];
                default -> Math.max(a.d[i], Math.max(b.d[i], c.d[i]));
            };
        }
        assertClose(run(m, Map.of("a", a, "b", b, "c", c)).get("y"), expected);
    }

    @ParameterizedTest(name = "axis {0}")
    @ValueSource(ints = {0, 1, 2, -1, -3})
    void concatAlongEachAxis(int axis) {
        Random rnd = new Random(80);
        int norm = axis < 0 ? axis + 3 : axis;
        Mat a = NaiveNcnn.random(rnd, 2, 3, 4);
        Mat b = NaiveNcnn.random(rnd, norm == 0 ? 3 : 2, norm == 1 ? 2 : 3, norm == 2 ? 5 : 4);
        TinyModel m = new TinyModel().layer("Input", "ia", List.of(), List.of("a"), hint(a))
                .layer("Input", "ib", List.of(), List.of("b"), hint(b))
                .layer("Split", "split", List.of("a"), List.of("a0", "a1"), "")
                .layer("Concat", "cat", List.of("a0", "b", "a1"), List.of("y"), "0=" + axis);
        int c = norm == 0 ? a.c * 2 + b.c : a.c;
        int h = norm == 1 ? a.h * 2 + b.h : a.h;
        int w = norm == 2 ? a.w * 2 + b.w : a.w;
        Mat expected = new Mat(c, h, w);
        Mat[] parts = {a, b, a};
        int offset = 0;
        for (Mat p : parts) {
            for (int ch = 0; ch < p.c; ch++) {
                for (int y = 0; y < p.h; y++) {
                    for (int x = 0; x < p.w; x++) {
                        expected.set(ch + (norm == 0 ? offset : 0), y + (norm == 1 ? offset : 0),
                                x + (norm == 2 ? offset : 0), p.at(ch, y, x));
                    }
                }
            }
            offset += norm == 0 ? p.c : (norm == 1 ? p.h : p.w);
        }
        assertClose(run(m, Map.of("a", a, "b", b)).get("y"), expected);
    }

    @Test
    void concatOfVectors() {
        Random rnd = new Random(81);
        Mat a = NaiveNcnn.random(rnd, 2, 3, 3);
        Mat b = NaiveNcnn.random(rnd, 3, 2, 2);
        TinyModel m = new TinyModel().layer("Input", "ia", List.of(), List.of("a"), hint(a))
                .layer("Input", "ib", List.of(), List.of("b"), hint(b))
                .layer("Pooling", "pa", List.of("a"), List.of("va"), "0=0 4=1")
                .layer("Pooling", "pb", List.of("b"), List.of("vb"), "0=1 4=1")
                .layer("Concat", "cat", List.of("va", "vb"), List.of("y"), "0=0");
        float[] ma = NaiveNcnn.globalPool(a, true).d;
        float[] mb = NaiveNcnn.globalPool(b, false).d;
        assertClose(run(m, Map.of("a", a, "b", b)).get("y"),
                Mat.vector(new float[] {ma[0], ma[1], mb[0], mb[1], mb[2]}));
    }

    // ---- Crop ----

    @Test
    void cropNumpySliceAsRealCuganWritesIt() {
        Random rnd = new Random(90);
        Mat x = NaiveNcnn.random(rnd, 3, 12, 13);
        TinyModel m = withInput(x).layer("Crop", "crop", List.of("x"), List.of("y"),
                "-23309=2,4,4 -23310=2,-4,-4 -23311=2,-2,-1");
        assertClose(runOne(m, x, "y"), NaiveNcnn.slice(x, 0, 3, 4, 4, 4, 5));
    }

    @Test
    void cropNumpySliceWithUnsetAndToTheEndBounds() {
        Random rnd = new Random(91);
        Mat x = NaiveNcnn.random(rnd, 4, 6, 7);
        // channel 1.. (end 0 = to the end); rows -233..3 (start unset); columns 2..-233 (end unset)
        TinyModel m = withInput(x).layer("Crop", "crop", List.of("x"), List.of("y"),
                "-23309=3,1,-233,2 -23310=3,0,3,-233 -23311=3,0,1,2");
        assertClose(runOne(m, x, "y"), NaiveNcnn.slice(x, 1, 3, 0, 3, 2, 5));
    }

    @Test
    void cropToAReferenceBlobAsWaifu2xWritesIt() {
        Random rnd = new Random(92);
        Mat x = NaiveNcnn.random(rnd, 3, 12, 13);
        Mat ref = NaiveNcnn.random(rnd, 3, 6, 5);
        TinyModel m = withInput(x).layer("Input", "input2", List.of(), List.of("r"), hint(ref))
                .layer("Crop", "crop", List.of("x", "r"), List.of("y"), "0=2 1=3");
        assertClose(run(m, Map.of("x", x, "r", ref)).get("y"), NaiveNcnn.slice(x, 0, 3, 3, 6, 2, 5));
    }

    @Test
    void cropToAReferenceWithFewerChannelsAndAChannelOffset() {
        Random rnd = new Random(93);
        Mat x = NaiveNcnn.random(rnd, 4, 8, 8);
        Mat ref = NaiveNcnn.random(rnd, 2, 5, 4);
        TinyModel m = withInput(x).layer("Input", "input2", List.of(), List.of("r"), hint(ref))
                .layer("Crop", "crop", List.of("x", "r"), List.of("y"), "0=1 1=2 2=1");
        assertClose(run(m, Map.of("x", x, "r", ref)).get("y"), NaiveNcnn.slice(x, 1, 2, 2, 5, 1, 4));
    }

    @Test
    void cropWithFixedOffsetsSizesAndEndOffsets() {
        Random rnd = new Random(94);
        Mat x = NaiveNcnn.random(rnd, 3, 9, 10);
        // w: from 1, all but 2 at the end; h: from 2, 5 rows; c: from 1, the rest
        TinyModel m = withInput(x).layer("Crop", "crop", List.of("x"), List.of("y"),
                "0=1 6=2 3=-233 1=2 4=5 2=1 5=-233");
        assertClose(runOne(m, x, "y"), NaiveNcnn.slice(x, 1, 2, 2, 5, 1, 7));
    }

    // ---- Pooling ----

    @Test
    void globalPooling() {
        Random rnd = new Random(100);
        Mat x = NaiveNcnn.random(rnd, 3, 5, 6);
        TinyModel m = withInput(x).layer("Split", "s", List.of("x"), List.of("x0", "x1"), "")
                .layer("Pooling", "max", List.of("x0"), List.of("ymax"), "0=0 4=1")
                .layer("Pooling", "avg", List.of("x1"), List.of("yavg"), "0=1 4=1");
        Map<String, FloatTensor> out = run(m, Map.of("x", x));
        assertClose(out.get("ymax"), NaiveNcnn.globalPool(x, true));
        assertClose(out.get("yavg"), NaiveNcnn.globalPool(x, false));
    }

    static Stream<Arguments> poolings() {
        // type, kernel, stride, pad, pad_mode, count_include_pad
        return Stream.of(Arguments.of(0, 2, 2, 0, 1, 0), Arguments.of(0, 3, 2, 1, 0, 0), Arguments.of(1, 3, 2, 1, 0, 0),
                Arguments.of(1, 2, 1, 1, 1, 1), Arguments.of(1, 3, 2, 1, 1, 0), Arguments.of(1, 3, 1, 1, 0, 1));
    }

    @ParameterizedTest(name = "type {0} k{1} s{2} p{3} mode {4} include {5}")
    @MethodSource("poolings")
    void windowedPooling(int type, int k, int s, int p, int mode, int include) {
        Random rnd = new Random(101);
        Mat x = NaiveNcnn.random(rnd, 2, 8, 9);
        TinyModel m = withInput(x).layer("Pooling", "pool", List.of("x"), List.of("y"),
                "0=" + type + " 1=" + k + " 2=" + s + " 3=" + p + " 5=" + mode + " 6=" + include);
        Mat expected = NaiveNcnn.pool(x, type == 0, k, k, s, s, p, p, p, p, mode == 0, include != 0);
        assertClose(runOne(m, x, "y"), expected);
    }

    @Test
    void poolingSamePadding() {
        Random rnd = new Random(102);
        Mat x = NaiveNcnn.random(rnd, 2, 7, 8);
        TinyModel m = withInput(x).layer("Pooling", "pool", List.of("x"), List.of("y"), "0=0 1=3 2=2 5=2");
        int[] pads = NaiveNcnn.samePads(7, 8, 3, 3, 2, 2, 1, 1, true);
        assertClose(runOne(m, x, "y"),
                NaiveNcnn.pool(x, true, 3, 3, 2, 2, pads[0], pads[1], pads[2], pads[3], false, false));
    }

    // ---- Scale, activations, aliases ----

    @Test
    void scaleByABlobAsWaifu2xWritesIt() {
        Random rnd = new Random(110);
        Mat x = NaiveNcnn.random(rnd, 4, 3, 3);
        Mat s = NaiveNcnn.random(rnd, 4, 1, 1);
        TinyModel m = withInput(x);
        vectorFrom(m, "s", 4, "sv").layer("Scale", "scale", List.of("x", "sv"), List.of("y"), "0=-233");
        Mat expected = new Mat(4, 3, 3);
        for (int i = 0; i < expected.d.length; i++) {
            expected.d[i] = x.d[i] * s.d[i / 9];
        }
        assertClose(run(m, Map.of("x", x, "s", s)).get("y"), expected);
    }

    @Test
    void scaleWithStoredScaleAndBias() {
        Random rnd = new Random(111);
        Mat x = NaiveNcnn.random(rnd, 3, 2, 4);
        float[] scale = TinyModel.randomFloats(rnd, 3, 1f);
        float[] bias = TinyModel.randomFloats(rnd, 3, 1f);
        TinyModel m = withInput(x).layer("Scale", "scale", List.of("x"), List.of("y"), "0=3 1=1").raw(scale).raw(bias);
        Mat expected = new Mat(3, 2, 4);
        for (int i = 0; i < expected.d.length; i++) {
            expected.d[i] = x.d[i] * scale[i / 8] + bias[i / 8];
        }
        assertClose(runOne(m, x, "y"), expected);
    }

    @Test
    void standaloneActivationsAndAliases() {
        Random rnd = new Random(120);
        Mat x = NaiveNcnn.random(rnd, 2, 3, 3);
        TinyModel m = withInput(x).layer("Split", "s", List.of("x"), List.of("a", "b", "c", "d", "e"), "")
                .layer("ReLU", "relu", List.of("a"), List.of("relu"), "")
                .layer("ReLU", "leaky", List.of("b"), List.of("leaky"), "0=2.000000e-01")
                .layer("Sigmoid", "sig", List.of("c"), List.of("sig"), "")
                .layer("Clip", "clip", List.of("d"), List.of("clip"), "0=-2.500000e-01 1=5.000000e-01")
                .layer("Noop", "noop", List.of("e"), List.of("n"), "")
                .layer("Dropout", "drop", List.of("n"), List.of("drop"), "0=5.000000e-01");
        Map<String, FloatTensor> out = run(m, Map.of("x", x));
        assertClose(out.get("relu"), NaiveNcnn.activate(x, 1, null));
        assertClose(out.get("leaky"), NaiveNcnn.activate(x, 2, new float[] {0.2f}));
        assertClose(out.get("sig"), NaiveNcnn.activate(x, 4, null));
        assertClose(out.get("clip"), NaiveNcnn.activate(x, 3, new float[] {-0.25f, 0.5f}));
        Mat half = new Mat(2, 3, 3);
        for (int i = 0; i < half.d.length; i++) {
            half.d[i] = x.d[i] * 0.5f;
        }
        assertClose(out.get("drop"), half);
    }

    @Test
    void unconsumedBlobsBecomeOutputsInFileOrder() {
        Mat x = new Mat(1, 2, 2);
        TinyModel m = withInput(x).layer("Split", "s", List.of("x"), List.of("a", "b", "unused"), "")
                .layer("ReLU", "r2", List.of("b"), List.of("second"), "")
                .layer("ReLU", "r1", List.of("a"), List.of("first"), "");
        ConvertedModel c = NcnnImporter.convert(m.param(), m.bin(), "tiny", ImportOptions.plain());
        assertThat(c.inputs()).containsExactly("x");
        assertThat(c.outputs()).containsExactly("second", "first");
    }

    // ---- errors ----

    @Test
    void unsupportedThingsNameFileLayerTypeAndProblem() {
        Mat x = new Mat(3, 4, 4);
        assertImportError(withInput(x).layer("Swish", "sw", List.of("x"), List.of("y"), ""),
                "tiny.param:4: layer 'sw' (Swish): layer type Swish is not supported");
        assertImportError(withInput(x).layer("ReLU", "r", List.of("x"), List.of("y"), "5=1"),
                "layer 'r' (ReLU): parameter 5 is not supported for ReLU");
        assertImportError(withInput(x).layer("BinaryOp", "b", List.of("x"), List.of("y"), "0=10 1=1 2=1.0"),
                "layer 'b' (BinaryOp): BinaryOp atan2 (op 10) has no ONNX operator");
        assertImportError(withInput(x).layer("Convolution", "c", List.of("x"), List.of("y"), "0=2 1=1 6=6 8=1"),
                "layer 'c' (Convolution): int8 quantised convolution");
        assertImportError(withInput(x).layer("Convolution", "c", List.of("x"), List.of("y"), "0=2 1=1 6=6 9=7"),
                "activation type 7 (param 9) is not supported");
        assertImportError(withInput(x).layer("Convolution", "c", List.of("x"), List.of("y"), "0=2 1=3 6=20").fp32(new float[20]),
                "weight_data_size 20 is not a multiple of num_output 2 × kernel 3×3");
        assertImportError(withInput(x).layer("Convolution", "c", List.of("x"), List.of("y"), "0=2 1=1 6=4").fp32(new float[4]),
                "expects 2 input channels (from its weights), but its bottom 'x' has 3");
        assertImportError(withInput(x).layer("Pooling", "p", List.of("x"), List.of("y"), "0=1 7=1 8=2"),
                "adaptive pooling (param 7) is not supported");
        assertImportError(withInput(x).layer("Interp", "i", List.of("x"), List.of("y"), "0=0"),
                "resize_type 0 (param 0) is not 1 (nearest), 2 (bilinear) or 3 (bicubic)");
        assertImportError(withInput(x).layer("Crop", "cr", List.of("x"), List.of("y"), "0=1 3=2"),
                "would give an empty blob");
        assertImportError(withInput(x).layer("Eltwise", "e", List.of("x", "x"), List.of("y"), "0=1 -23301=1,2.0"),
                "Eltwise sum has 2 inputs but 1 coefficients");
        byte[] int8 = {0x38, 0x4b, 0x0d, 0x00, 1, 2, 3, 4, 5, 6, 0, 0};
        assertImportError(withInput(x).layer("Convolution", "c", List.of("x"), List.of("y"), "0=2 1=1 6=6").bytes(int8),
                "weight is stored as int8");
    }

    private static void assertImportError(TinyModel m, String message) {
        assertThatThrownBy(() -> NcnnImporter.convert(m.param(), m.bin(), "tiny", ImportOptions.plain()))
                .isInstanceOf(ModelImportException.class).hasMessageContaining("tiny.param:")
                .hasMessageContaining(message);
    }

    // ---- syncgap statistics and the input residual ----

    /** Two squeeze-excitation blocks: x·sigmoid(fc(relu(fc(mean(x))))), twice. */
    private static TinyModel seModel(Random rnd) {
        TinyModel m = new TinyModel().layer("Input", "input", List.of(), List.of("in0"), "");
        m.layer("Convolution", "conv", List.of("in0"), List.of("c"), "0=4 1=3 4=1 5=1 6=108")
                .fp16(TinyModel.randomHalves(rnd, 108)).raw(TinyModel.randomFloats(rnd, 4, 0.1f));
        String x = "c";
        for (int b = 0; b < 2; b++) {
            m.layer("Split", "split" + b, List.of(x), List.of("s" + b + "a", "s" + b + "b"), "")
                    .layer("Pooling", "mean" + b, List.of("s" + b + "b"), List.of("pooled" + b), "0=1 4=1")
                    .layer("InnerProduct", "fc" + b + "a", List.of("pooled" + b), List.of("h" + b), "0=2 1=1 2=8 9=1")
                    .fp16(TinyModel.randomHalves(rnd, 8)).raw(TinyModel.randomFloats(rnd, 2, 0.1f))
                    .layer("InnerProduct", "fc" + b + "b", List.of("h" + b), List.of("g" + b), "0=4 1=1 2=8 9=4")
                    .fp16(TinyModel.randomHalves(rnd, 8)).raw(TinyModel.randomFloats(rnd, 4, 0.1f))
                    .layer("BinaryOp", "mul" + b, List.of("s" + b + "a", "g" + b), List.of(b == 1 ? "out0" : "se" + b),
                            "0=2");
            x = "se" + b;
        }
        return m;
    }

    @Test
    void statisticsCanBeExposedAndInjected() {
        TinyModel m = seModel(new Random(130));
        Mat x = NaiveNcnn.random(new Random(131), 3, 6, 7);
        ConvertedModel plain = NcnnImporter.convert(m.param(), m.bin(), "se", ImportOptions.plain());
        assertThat(plain.inputs()).containsExactly("in0");
        assertThat(plain.outputs()).containsExactly("out0");
        // plain graphs keep the blob names; exposed or injected statistics are named gap0, gap1
        assertThat(plain.statistics()).extracting(PoolingStatistic::name).containsExactly("pooled0", "pooled1");
        assertThat(plain.statistics()).extracting(PoolingStatistic::role)
                .containsOnly(PoolingStatistic.Role.COMPUTED);
        assertThat(plain.statistics().get(0).channels()).isEqualTo(4);
        assertThat(plain.statistics().get(0).layer()).isEqualTo("mean0");

        ConvertedModel pass = NcnnImporter.convert(m.param(), m.bin(), "se", ImportOptions.statisticsPass());
        assertThat(pass.outputs()).containsExactly("out0", "gap0", "gap1");
        assertThat(pass.statistics()).extracting(PoolingStatistic::role).containsOnly(PoolingStatistic.Role.EXPOSED);
        ConvertedModel inject = NcnnImporter.convert(m.param(), m.bin(), "se", ImportOptions.statisticsInjected());
        assertThat(inject.inputs()).containsExactly("in0", "gap0", "gap1");
        assertThat(inject.outputs()).containsExactly("out0");
        ConvertedModel stage = NcnnImporter.convert(m.param(), m.bin(), "se",
                ImportOptions.plain().withInjectedStatistics(1).withExposedStatistics());
        assertThat(stage.inputs()).containsExactly("in0", "gap0");
        assertThat(stage.outputs()).containsExactly("out0", "gap1");

        FloatTensor input = FloatTensor.of(x.d.clone(), x.onnxShape());
        try (InferenceSession p = engine.open(plain.onnx(), "plain", ONE_THREAD);
                InferenceSession a = engine.open(pass.onnx(), "pass", ONE_THREAD);
                InferenceSession b = engine.open(inject.onnx(), "inject", ONE_THREAD)) {
            float[] reference = p.run(Map.of("in0", input)).get("out0").toArray();
            Map<String, FloatTensor> stats = a.run(Map.of("in0", input));
            assertThat(stats.get("gap0").shape()).containsExactly(1, 4, 1, 1);
            assertThat(stats.get("out0").toArray()).containsExactly(reference);
            // gap0 is the mean of the convolution output per channel
            Map<String, FloatTensor> fed = new LinkedHashMap<>();
            fed.put("in0", input);
            fed.put("gap0", stats.get("gap0"));
            fed.put("gap1", stats.get("gap1"));
            assertThat(TestImages.maxAbsDiff(b.run(fed).get("out0").toArray(), reference)).isLessThanOrEqualTo(1e-6f);
            // other statistics give another output: the injected values are really used
            fed.put("gap0", FloatTensor.of(new float[] {5, -5, 5, -5}, 1, 4, 1, 1));
            assertThat(TestImages.maxAbsDiff(b.run(fed).get("out0").toArray(), reference)).isGreaterThan(1e-3f);
        }
        assertThatThrownBy(() -> NcnnImporter.convert(m.param(), m.bin(), "se",
                ImportOptions.plain().withInjectedStatistics(3))).isInstanceOf(ModelImportException.class)
                .hasMessageContaining("asked to inject 3 pooling statistics, but the model has 2");
    }

    @Test
    void inputResidualIsAddedToTheImageOutput() {
        Random rnd = new Random(140);
        Mat x = NaiveNcnn.random(rnd, 3, 6, 7);
        short[] w = TinyModel.randomHalves(rnd, 12 * 3 * 9);
        TinyModel m = new TinyModel().layer("Input", "input", List.of(), List.of("in0"), "")
                .layer("Convolution", "conv", List.of("in0"), List.of("c"), "0=12 1=3 6=324").fp16(w)
                .layer("PixelShuffle", "ps", List.of("c"), List.of("out0"), "0=2");
        Mat net = NaiveNcnn.pixelShuffle(NaiveNcnn.conv(x, TinyModel.values(w), null, 12, 3, 3, 1, 1, 1, 1, 1), 2, 0);
        Mat expected = new Mat(3, net.h, net.w);
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < net.h; i++) {
                for (int j = 0; j < net.w; j++) {
                    expected.set(c, i, j, net.at(c, i, j) + x.at(c, 1 + i / 2, 1 + j / 2));
                }
            }
        }
        ConvertedModel converted = NcnnImporter.convert(m.param(), m.bin(), "res",
                ImportOptions.plain().withInputResidual(2, 1));
        assertThat(converted.outputs()).containsExactly("out0");
        Map<String, FloatTensor> out = run(m, ImportOptions.plain().withInputResidual(2, 1), Map.of("in0", x));
        assertClose(out.get("out0"), expected);
    }

    @Test
    void inputChannelsAreInferredWithoutAShapeHint() {
        TinyModel m = seModel(new Random(150));
        ConvertedModel c = NcnnImporter.convert(m.param(), m.bin(), "se", ImportOptions.plain());
        try (InferenceSession s = engine.open(c.onnx(), "se", ONE_THREAD)) {
            assertThat(s.inputs().get(0).shape()).containsExactly(1L, 3L, -1L, -1L);
            assertThat(s.inputs().get(0).dimensionNames()).containsExactly("", "", "height", "width");
            assertThat(s.outputs().get(0).shape()).containsExactly(1L, 4L, -1L, -1L);
        }
        List<String> unused = new ArrayList<>();
        assertThat(unused).isEmpty();
    }
}
