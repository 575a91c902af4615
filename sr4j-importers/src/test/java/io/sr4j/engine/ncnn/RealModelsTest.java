package io.sr4j.engine.ncnn;

import io.sr4j.testing.TestPhotos;
import static org.assertj.core.api.Assertions.assertThat;

import io.sr4j.engine.FloatTensor;
import io.sr4j.engine.InferenceSession;
import io.sr4j.engine.OrtEngine;
import io.sr4j.engine.SessionOptions;
import io.sr4j.image.PlanarImage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every ncnn model sr4j ships converts, consumes its .bin exactly, runs in ONNX Runtime, and
 * upscales a real photo crop sensibly: the output, box-averaged back down by the scale factor,
 * matches the input it came from (PSNR > 25 dB). A wrong weight layout, axis or padding in the
 * converter gives noise or shifted output and fails this by a wide margin.
 */
@Tag("slow")
class RealModelsTest {
    private static OrtEngine engine;
    private static final SessionOptions TWO_THREADS = SessionOptions.builder().intraOpThreads(2).build();

    @BeforeAll
    static void start() {
        engine = new OrtEngine();
    }

    @AfterAll
    static void stop() {
        engine.close();
    }

    /**
     * @param scale      the model's enlargement
     * @param border     input pixels each side the network consumes (output = scale·(in − 2·border))
     * @param statistics global average poolings (squeeze-excitation blocks)
     * @param options    import options the model needs
     * @param size       input crop size (kept small for the heavy RRDBNet models)
     */
    record Case(NpmModels.Model model, int scale, int border, int statistics, ImportOptions options, int size) {
        @Override
        public String toString() {
            return model.name();
        }
    }

    static Stream<Arguments> models() {
        List<Case> cases = new ArrayList<>();
        cases.add(new Case(NpmModels.upscayl("realesrgan-x4fast"), 4, 0, 0, ImportOptions.plain(), 64));
        cases.add(new Case(NpmModels.upscayl("realesrgan-x4plus"), 4, 0, 0, ImportOptions.plain(), 32));
        String esrgan = "real-esrgan/models";
        cases.add(new Case(NpmModels.waifu2x(esrgan, "realesrgan-x4plus-anime"), 4, 0, 0, ImportOptions.plain(), 40));
        for (int s = 2; s <= 4; s++) {
            cases.add(new Case(NpmModels.waifu2x(esrgan, "realesr-animevideov3-x" + s), s, 0, 0, ImportOptions.plain(), 64));
        }
        String cugan = "real-cugan/models-se";
        for (String n : List.of("conservative", "denoise1x", "denoise2x", "denoise3x", "no-denoise")) {
            cases.add(new Case(NpmModels.waifu2x(cugan, "up2x-" + n), 2, 18, 4, ImportOptions.plain(), 76));
        }
        for (String n : List.of("conservative", "denoise3x", "no-denoise")) {
            cases.add(new Case(NpmModels.waifu2x(cugan, "up3x-" + n), 3, 14, 4, ImportOptions.plain(), 72));
            // up4x's residual is outside its ncnn network (the reference program adds it): moved into the graph.
            cases.add(new Case(NpmModels.waifu2x(cugan, "up4x-" + n), 4, 19, 4,
                    ImportOptions.plain().withInputResidual(4, 19), 78));
        }
        String cunet = "waifu2x/models-cunet";
        for (int n = 0; n <= 3; n++) {
            cases.add(new Case(NpmModels.waifu2x(cunet, "noise" + n + "_model"), 1, 28, 4, ImportOptions.plain(), 96));
            cases.add(new Case(NpmModels.waifu2x(cunet, "noise" + n + "_scale2.0x_model"), 2, 18, 4,
                    ImportOptions.plain(), 76));
        }
        cases.add(new Case(NpmModels.waifu2x(cunet, "scale2.0x_model"), 2, 18, 4, ImportOptions.plain(), 76));
        return cases.stream().map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void convertsRunsAndUpscalesSensibly(Case c) {
        NcnnNetwork net = NcnnParamParser.parse(c.model().param());
        NcnnWeights weights = NcnnWeights.read(c.model().bin());
        ConvertedModel converted = NcnnImporter.convert(net, weights, c.options());
        assertThat(weights.remaining()).as("bytes of the .bin not consumed").isZero();
        assertThat(weights.position()).isEqualTo(weights.size());
        assertThat(converted.statistics()).hasSize(c.statistics());

        PlanarImage in = TestPhotos.crop("astronaut.png", 180, 290, c.size(), c.size());
        PlanarImage out;
        try (InferenceSession session = engine.open(converted.onnx(), c.model().name(), TWO_THREADS)) {
            out = session.run(in);
        }
        int expected = c.scale() * (c.size() - 2 * c.border());
        assertThat(out.channels()).isEqualTo(3);
        assertThat(out.width()).isEqualTo(expected);
        assertThat(out.height()).isEqualTo(expected);

        int inner = c.size() - 2 * c.border();
        PlanarImage reference = in.crop(c.border(), c.border(), inner, inner);
        double psnr = TestImages.psnr(TestImages.boxDown(out, c.scale()), reference);
        System.out.printf("%-40s PSNR(box-down output, input) = %.2f dB%n", c.model().name(), psnr);
        assertThat(psnr).as("PSNR of the downscaled output against its input").isGreaterThan(25);
    }

    /**
     * Real-CUGAN's shared statistics: on an input that is one tile, the statistics pass (a) followed
     * by the injected pass (b) fed with (a)'s own statistics is the plain graph.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("cugans")
    void realCuganSyncgapPassesReproduceThePlainGraphOnOneTile(String name, ImportOptions base, int size) {
        NpmModels.Model m = NpmModels.waifu2x("real-cugan/models-se", name);
        ConvertedModel plain = NcnnImporter.convert(m.param(), m.bin(), base);
        ConvertedModel pass = NcnnImporter.convert(m.param(), m.bin(), base.withExposedStatistics());
        ConvertedModel inject = NcnnImporter.convert(m.param(), m.bin(), base.withInjectedStatistics(ImportOptions.ALL));
        assertThat(pass.outputs()).containsExactly("out0", "gap0", "gap1", "gap2", "gap3");
        assertThat(inject.inputs()).containsExactly("in0", "gap0", "gap1", "gap2", "gap3");
        assertThat(inject.statistics()).extracting(PoolingStatistic::channels).containsExactly(64, 128, 128, 64);

        PlanarImage in = TestPhotos.crop("astronaut.png", 100, 120, size, size);
        try (InferenceSession p = engine.open(plain.onnx(), "plain", TWO_THREADS);
                InferenceSession a = engine.open(pass.onnx(), "pass", TWO_THREADS);
                InferenceSession b = engine.open(inject.onnx(), "inject", TWO_THREADS)) {
            float[] reference = p.run(in).data();
            Map<String, FloatTensor> stats =
                    a.run(Map.of("in0", FloatTensor.fromImage(in)));
            assertThat(TestImages.maxAbsDiff(stats.get("out0").toArray(), reference)).isLessThanOrEqualTo(1e-5f);
            Map<String, FloatTensor> feeds = new LinkedHashMap<>();
            feeds.put("in0", FloatTensor.fromImage(in));
            for (String gap : List.of("gap0", "gap1", "gap2", "gap3")) {
                feeds.put(gap, stats.get(gap));
            }
            float[] injected = b.run(feeds).get("out0").toArray();
            assertThat(TestImages.maxAbsDiff(injected, reference)).isLessThanOrEqualTo(1e-5f);
        }
    }

    static Stream<Arguments> cugans() {
        return Stream.of(Arguments.of("up2x-no-denoise", ImportOptions.plain(), 76),
                Arguments.of("up3x-denoise3x", ImportOptions.plain(), 72),
                Arguments.of("up4x-conservative", ImportOptions.plain().withInputResidual(4, 19), 78));
    }

    @Test
    void realCuganUp4xNeedsItsExternalResidual() {
        NpmModels.Model m = NpmModels.waifu2x("real-cugan/models-se", "up4x-no-denoise");
        ConvertedModel bare = NcnnImporter.convert(m.param(), m.bin(), ImportOptions.plain());
        PlanarImage in = TestPhotos.crop("astronaut.png", 180, 290, 78, 78);
        PlanarImage out;
        try (InferenceSession session = engine.open(bare.onnx(), m.name(), TWO_THREADS)) {
            out = session.run(in);
        }
        // Without the residual the network output is a correction around 0, not an image.
        PlanarImage reference = in.crop(19, 19, 40, 40);
        assertThat(TestImages.psnr(TestImages.boxDown(out, 4), reference)).isLessThan(15);
    }
}
