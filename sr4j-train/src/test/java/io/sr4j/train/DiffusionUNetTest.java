package io.sr4j.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.sr4j.diffusion.NoiseSchedule;
import io.sr4j.engine.FloatTensor;
import io.sr4j.engine.InferenceSession;
import io.sr4j.engine.OrtEngine;
import io.sr4j.engine.SessionOptions;
import io.sr4j.engine.onnx.OnnxModelReader;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DiffusionUNetTest {
    static {
        TrainCommand.configureDjl(new String[] {"--threads", "2"});
    }

    private static final TrainConfig.Network SMALL = new TrainConfig.Network("diffusion", 8, null, 3, 1, 16);

    private static DiffusionUNet fresh(NDManager manager, TrainConfig.Network spec) {
        Engine.getInstance().setRandomSeed(3);
        DiffusionUNet net = new DiffusionUNet(spec, 4);
        net.initializeForTraining(manager, 1, 8);
        return net;
    }

    private static float[] random(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) r.nextDouble(-1, 1);
        }
        return v;
    }

    private static float[] djl(DiffusionUNet net, NDManager manager, float[] noisy, float[] condition, float alphaBar,
            int h, int w) {
        try (NDManager scope = manager.newSubManager()) {
            Shape image = new Shape(1, 3, h, w);
            NDList in = new NDList(scope.create(noisy, image), scope.create(condition, image),
                    scope.create(new float[] {alphaBar}, new Shape(1)));
            NDArray out = net.forward(new ParameterStore(scope, false), in, false).singletonOrThrow();
            return out.toFloatArray();
        }
    }

    private static double maxDifference(float[] a, float[] b) {
        double worst = 0;
        for (int i = 0; i < a.length; i++) {
            worst = Math.max(worst, Math.abs(a[i] - b[i]));
        }
        return worst;
    }

    @Test
    void onnxRuntimeOnTheExportGivesDjlsNoisePrediction() {
        int h = 24;
        int w = 40;
        try (NDManager manager = NDManager.newBaseManager()) {
            // The shapes seen at initialisation (8×8) differ from the export's: the graph is size-free.
            DiffusionUNet net = fresh(manager, SMALL);
            byte[] onnx = DiffusionExport.export(net, NoiseSchedule.cosine(1000), 8, "parity", "test");
            float[] noisy = random(3 * h * w, 1);
            float[] condition = random(3 * h * w, 2);
            for (float alphaBar : new float[] {0f, 0.3f, 0.9999f}) {
                float[] expected = djl(net, manager, noisy, condition, alphaBar, h, w);
                try (OrtEngine engine = new OrtEngine();
                        InferenceSession session = engine.open(onnx, "parity", SessionOptions.defaults())) {
                    Map<String, FloatTensor> out = session.run(Map.of(
                            DiffusionExport.NOISY, FloatTensor.of(noisy, 1, 3, h, w),
                            DiffusionExport.CONDITION, FloatTensor.of(condition, 1, 3, h, w),
                            DiffusionExport.ALPHA_BAR, FloatTensor.of(new float[] {alphaBar}, 1)));
                    FloatTensor eps = out.get(DiffusionExport.EPS);
                    assertThat(eps.shape()).containsExactly(1, 3, h, w);
                    float[] got = new float[eps.elementCount()];
                    eps.buffer().get(got);
                    assertThat(maxDifference(got, expected)).as("ᾱ = %s", alphaBar).isLessThan(1e-4);
                }
            }
        }
    }

    @Test
    void theExportCarriesTheSamplersMetadata() {
        try (NDManager manager = NDManager.newBaseManager()) {
            DiffusionUNet net = fresh(manager, SMALL);
            byte[] onnx = DiffusionExport.export(net, NoiseSchedule.cosine(1000), 7.5, "meta", "test");
            Map<String, String> meta = OnnxModelReader.read(onnx).metadataEntries();
            assertThat(meta).containsEntry("scale", "4")
                    .containsEntry("diffusion.prediction", "eps")
                    .containsEntry("diffusion.schedule", "cosine")
                    .containsEntry("diffusion.train_steps", "1000")
                    .containsEntry("diffusion.residual_gain", "7.5")
                    .containsEntry("diffusion.alignment", "4")
                    .containsEntry("diffusion.receptive_radius", Integer.toString(net.receptiveRadius()));
        }
    }

    @Test
    void theNoiseLevelChangesThePrediction() {
        try (NDManager manager = NDManager.newBaseManager()) {
            DiffusionUNet net = fresh(manager, SMALL);
            float[] noisy = random(3 * 16 * 16, 1);
            float[] condition = random(3 * 16 * 16, 2);
            float[] low = djl(net, manager, noisy, condition, 0.05f, 16, 16);
            float[] high = djl(net, manager, noisy, condition, 0.95f, 16, 16);
            float[] again = djl(net, manager, noisy, condition, 0.95f, 16, 16);
            assertThat(maxDifference(high, again)).isZero();
            assertThat(maxDifference(low, high)).isGreaterThan(1e-3);
        }
    }

    /** A pixel changed beyond the receptive radius leaves the output pixel unchanged; one inside changes it. */
    @Test
    void theReceptiveRadiusBoundsWhatAnOutputPixelSees() {
        TrainConfig.Network twoLevels = new TrainConfig.Network("diffusion", 4, null, 2, 1, 8);
        try (NDManager manager = NDManager.newBaseManager()) {
            DiffusionUNet net = fresh(manager, twoLevels);
            int r = net.receptiveRadius();
            int w = 2 * r + 16;
            int h = 8;
            float[] noisy = random(3 * h * w, 1);
            float[] condition = random(3 * h * w, 2);
            float[] base = djl(net, manager, noisy, condition, 0.5f, h, w);
            int x = 4;
            float[] far = noisy.clone();
            far[h / 2 * w + x + r + 2] += 1;
            float[] near = noisy.clone();
            near[h / 2 * w + x + 1] += 1;
            assertThat(djl(net, manager, far, condition, 0.5f, h, w)[h / 2 * w + x]).isEqualTo(base[h / 2 * w + x]);
            assertThat(djl(net, manager, near, condition, 0.5f, h, w)[h / 2 * w + x]).isNotEqualTo(base[h / 2 * w + x]);
        }
    }
}
