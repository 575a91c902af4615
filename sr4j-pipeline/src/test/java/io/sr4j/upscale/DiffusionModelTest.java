package io.sr4j.upscale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sr4j.diffusion.SamplerKind;
import io.sr4j.diffusion.SamplerSettings;
import io.sr4j.engine.OrtEngine;
import io.sr4j.engine.SessionOptions;
import io.sr4j.engine.onnx.Dim;
import io.sr4j.engine.onnx.OnnxGraphBuilder;
import io.sr4j.engine.onnx.OnnxModelReader;
import io.sr4j.image.PlanarImage;
import io.sr4j.resample.ResampleFilter;
import io.sr4j.resample.Resampler;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DiffusionModelTest {
    /** The spread of the tiny graph's residual data x₀ ~ N(0, S²). */
    private static final double S = 0.2;
    private static final double GAIN = 2;
    private static OrtEngine engine;

    @BeforeAll
    static void openEngine() {
        engine = new OrtEngine();
    }

    @AfterAll
    static void closeEngine() {
        engine.close();
    }

    /**
     * A graph with the export contract whose ε is exact for residuals x₀ ~ N(0, S²) per value:
     * ε = √(1−ᾱ)·z/(ᾱ·S² + 1 − ᾱ); the condition enters times 0 (every input is used).
     */
    static byte[] gaussianGraph(Map<String, String> metadata) {
        OnnxGraphBuilder g = new OnnxGraphBuilder("tiny-diffusion");
        Dim[] image = {Dim.of(1), Dim.of(3), Dim.named("H"), Dim.named("W")};
        g.input(OnnxDenoiser.NOISY, image);
        g.input(OnnxDenoiser.CONDITION, image);
        g.input(OnnxDenoiser.ALPHA_BAR, Dim.of(1));
        String one = g.initializer("one", new float[] {1}, 1);
        String variance = g.initializer("variance", new float[] {(float) (S * S)}, 1);
        String zero = g.initializer("zero", new float[] {0}, 1);
        String rest = g.node("Sub", List.of(one, OnnxDenoiser.ALPHA_BAR), "rest");
        String root = g.node("Sqrt", List.of(rest), "root");
        String scaled = g.node("Mul", List.of(OnnxDenoiser.ALPHA_BAR, variance), "scaled");
        String denominator = g.node("Add", List.of(scaled, rest), "denominator");
        String coefficient = g.node("Div", List.of(root, denominator), "coefficient");
        String eps = g.node("Mul", List.of(OnnxDenoiser.NOISY, coefficient), "eps0");
        String unused = g.node("Mul", List.of(OnnxDenoiser.CONDITION, zero), "unused");
        g.node("Add", List.of(eps, unused), OnnxDenoiser.EPS);
        g.output(OnnxDenoiser.EPS, image);
        metadata.forEach(g::metadata);
        return g.build();
    }

    static Map<String, String> metadata() {
        Map<String, String> m = new HashMap<>();
        m.put(DiffusionMetadata.SCALE, "4");
        m.put(DiffusionMetadata.PREDICTION, "eps");
        m.put(DiffusionMetadata.SCHEDULE, "cosine");
        m.put(DiffusionMetadata.TRAIN_STEPS, "1000");
        m.put(DiffusionMetadata.RESIDUAL_GAIN, Double.toString(GAIN));
        m.put(DiffusionMetadata.ALIGNMENT, "8");
        m.put(DiffusionMetadata.RECEPTIVE_RADIUS, "4");
        return m;
    }

    private static DiffusionModel model(Map<String, String> metadata, SamplerSettings settings, int window) {
        byte[] graph = gaussianGraph(metadata);
        DiffusionMetadata read = DiffusionMetadata.read(OnnxModelReader.read(graph).metadataEntries(), "tiny");
        return new DiffusionModel(engine.open(graph, "tiny", SessionOptions.builder().intraOpThreads(1).build()),
                read, settings, window, 1, "tiny");
    }

    private static PlanarImage photo(int width, int height) {
        PlanarImage image = new PlanarImage(width, height, 3);
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    image.set(c, x, y, (float) (0.5 + 0.1 * Math.sin(x * 0.7 + c) * Math.cos(y * 0.4)));
                }
            }
        }
        return image;
    }

    private static PlanarImage enlarge(DiffusionModel model, PlanarImage input, TileProgress progress) {
        List<PlanarImage> bands = new ArrayList<>();
        model.enlarge(input, null, progress, (band, alpha) -> bands.add(band));
        assertEquals(1, bands.size());
        return bands.get(0);
    }

    private static double maxDifference(PlanarImage a, PlanarImage b) {
        double most = 0;
        for (int k = 0; k < a.data().length; k++) {
            most = Math.max(most, Math.abs(a.data()[k] - b.data()[k]));
        }
        return most;
    }

    @Test
    void theOutputIsTheBicubicConditionPlusASampledResidual() {
        PlanarImage input = photo(30, 22); // 120x88: 88 is a multiple of 8, 120 too; the crop is tested below
        Map<String, String> unclipped = metadata(); // residuals of std S/g = 0.1: the default bound would bind
        unclipped.put(DiffusionMetadata.RESIDUAL_CLIP, "1");
        try (DiffusionModel model = model(unclipped, SamplerSettings.defaults().withKind(SamplerKind.DDPM)
                .withSteps(200), DiffusionModel.DEFAULT_WINDOW)) {
            PlanarImage out = enlarge(model, input, TileProgress.none());
            assertEquals(120, out.width());
            assertEquals(88, out.height());
            PlanarImage bicubic = Resampler.of(ResampleFilter.BICUBIC).resize(input, 120, 88);
            double sum = 0;
            double squares = 0;
            int n = out.data().length;
            for (int k = 0; k < n; k++) {
                double d = out.data()[k] - bicubic.data()[k];
                sum += d;
                squares += d * d;
            }
            double mean = sum / n;
            double std = Math.sqrt(squares / n - mean * mean);
            // The residual x₀ ~ N(0, S²) is divided by the gain; the condition (0.4..0.6) keeps it far from clipping.
            assertEquals(0, mean, 0.01);
            assertEquals(S / GAIN, std, 0.05 * S / GAIN);
        }
    }

    @Test
    void theSeedDecidesThePixelsAndOddSizesAreCroppedBack() {
        PlanarImage input = photo(13, 7); // 52x28: padded to 56x32 for the network
        PlanarImage a;
        PlanarImage again;
        PlanarImage other;
        SamplerSettings settings = SamplerSettings.defaults().withSteps(8).withSeed(42);
        try (DiffusionModel model = model(metadata(), settings, 384)) {
            a = enlarge(model, input, TileProgress.none());
            again = enlarge(model, input, TileProgress.none());
        }
        try (DiffusionModel model = model(metadata(), settings.withSeed(43), 384)) {
            other = enlarge(model, input, TileProgress.none());
        }
        assertEquals(52, a.width());
        assertEquals(28, a.height());
        assertEquals(a, again);
        assertTrue(maxDifference(a, other) > 0.05, "another seed, other pixels");
        for (float v : a.data()) {
            assertTrue(v >= 0 && v <= 1);
        }
    }

    @Test
    void windowsGiveTheWholeImagesPixelsForAPointwiseNetworkAndReportProgress() {
        PlanarImage input = photo(40, 28); // 160x112
        SamplerSettings settings = SamplerSettings.defaults().withSteps(5).withEta(1).withSeed(9);
        PlanarImage whole;
        PlanarImage windowed;
        int[] last = new int[3];
        try (DiffusionModel model = model(metadata(), settings, 384)) {
            assertEquals(5, model.tiles(40, 28));
            whole = enlarge(model, input, TileProgress.none());
        }
        try (DiffusionModel model = model(metadata(), settings, 48)) {
            int expected = model.tiles(40, 28);
            assertTrue(expected >= 5 * 6, "several windows per step: " + expected);
            windowed = enlarge(model, input, (done, total) -> {
                last[0]++;
                last[1] = done;
                last[2] = total;
            });
            assertEquals(expected, last[0]);
            assertEquals(expected, last[1]);
            assertEquals(expected, last[2]);
        }
        assertTrue(maxDifference(whole, windowed) < 1e-5, "off by " + maxDifference(whole, windowed));
    }

    @Test
    void aViewWithOtherSamplingSharesTheSessionAndLeavesItOpen() {
        PlanarImage input = photo(10, 8);
        SamplerSettings settings = SamplerSettings.defaults().withSteps(4).withSeed(1);
        try (DiffusionModel base = model(metadata(), settings, 384)) {
            PlanarImage first = enlarge(base, input, TileProgress.none());
            assertTrue(base.sampledWith(settings) == base, "the same settings need no view");
            DiffusionModel view = base.sampledWith(settings.withSeed(2));
            PlanarImage other = enlarge(view, input, TileProgress.none());
            view.close();
            assertTrue(maxDifference(first, other) > 0.05, "the view samples with its own seed");
            try (DiffusionModel fresh = model(metadata(), settings.withSeed(2), 384)) {
                assertEquals(enlarge(fresh, input, TileProgress.none()), other);
            }
            assertEquals(first, enlarge(base, input, TileProgress.none()), "closing the view left the session open");
        }
    }

    @Test
    void moreStepsThanTheModelWasTrainedWithAreRefused() {
        Map<String, String> m = metadata();
        m.put(DiffusionMetadata.TRAIN_STEPS, "50");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> model(m, SamplerSettings.defaults().withSteps(60), 384));
        assertTrue(e.getMessage().contains("1..50"), e.getMessage());
    }

    /** x̂₀ is held within the residual bound at every step, so the output strays from bicubic by at most that. */
    @Test
    void theResidualStaysWithinTheClipTheMetadataNames() {
        Map<String, String> m = metadata();
        m.put(DiffusionMetadata.RESIDUAL_CLIP, "0.01");
        PlanarImage input = photo(16, 16);
        try (DiffusionModel model = model(m, SamplerSettings.defaults().withSteps(20), DiffusionModel.DEFAULT_WINDOW)) {
            PlanarImage out = enlarge(model, input, TileProgress.none());
            PlanarImage bicubic = Resampler.of(ResampleFilter.BICUBIC).resize(input, 64, 64);
            double most = maxDifference(out, bicubic);
            assertTrue(most <= 0.01 + 1e-5, "strayed " + most);
            assertTrue(most > 0.005, "the clip should bind for residuals of std " + S / GAIN + ": " + most);
        }
        assertEquals(DiffusionMetadata.DEFAULT_RESIDUAL_CLIP,
                DiffusionMetadata.read(metadata(), "some.onnx").residualClip());
        Map<String, String> bad = metadata();
        bad.put(DiffusionMetadata.RESIDUAL_CLIP, "0");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DiffusionMetadata.read(bad, "some.onnx"));
        assertTrue(e.getMessage().contains("diffusion.residual_clip"), e.getMessage());
    }

    @Test
    void badMetadataIsNamed() {
        Map<String, String> m = metadata();
        m.remove(DiffusionMetadata.RESIDUAL_GAIN);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DiffusionMetadata.read(m, "some.onnx"));
        assertTrue(e.getMessage().contains("some.onnx") && e.getMessage().contains("diffusion.residual_gain"),
                e.getMessage());
        Map<String, String> v = metadata();
        v.put(DiffusionMetadata.PREDICTION, "v");
        assertThrows(IllegalArgumentException.class, () -> DiffusionMetadata.read(v, "some.onnx"));
        Map<String, String> s = metadata();
        s.put(DiffusionMetadata.SCHEDULE, "sigmoid");
        e = assertThrows(IllegalArgumentException.class, () -> DiffusionMetadata.read(s, "some.onnx"));
        assertTrue(e.getMessage().contains("sigmoid"), e.getMessage());
    }
}
