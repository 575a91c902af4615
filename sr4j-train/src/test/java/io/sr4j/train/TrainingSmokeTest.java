package io.sr4j.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.NDList;
import ai.djl.training.ParameterStore;
import io.sr4j.engine.FloatTensor;
import io.sr4j.engine.InferenceSession;
import io.sr4j.engine.OrtEngine;
import io.sr4j.image.Picture;
import io.sr4j.image.PlanarImage;
import io.sr4j.io.ImageEncoder;
import io.sr4j.io.ImageFormat;
import io.sr4j.testing.TestPhotos;
import io.sr4j.upscale.TileProgress;
import io.sr4j.upscale.Upscaler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A few dozen steps on tiny crops of real photos: what CI can afford, end to end. */
class TrainingSmokeTest {
    @TempDir
    static Path dir;

    static {
        TrainCommand.configureDjl(new String[] {"--threads", "2"});
    }

    @BeforeAll
    static void photos() throws IOException {
        Files.createDirectories(dir.resolve("data/train"));
        ImageEncoder png = ImageEncoder.builder().format(ImageFormat.PNG).build();
        png.write(Picture.of(TestPhotos.crop("astronaut.png", 100, 50, 120, 120)), dir.resolve("data/train/a.png"));
        png.write(Picture.of(TestPhotos.crop("chelsea.png", 150, 60, 120, 120)), dir.resolve("data/train/b.png"));
        png.write(Picture.of(TestPhotos.crop("coffee.png", 200, 100, 96, 96)), dir.resolve("data/val.png"));
    }

    private static TrainConfig config(String name, int scale, int steps) {
        return new TrainConfig(name, scale, 7, new TrainConfig.Network("fast", 8, 1),
                new TrainConfig.Data(List.of("train"), List.of("val.png"), 1.0, 12, 4, 96, null),
                new TrainConfig.Schedule(steps, 0.003, null, 20, 10), null);
    }

    private static TrainingResult train(TrainConfig cfg, String run, boolean resume) throws IOException {
        return new Training(cfg, new Training.Paths(dir.resolve("data"), dir.resolve(run), dir.resolve("models")), 2)
                .run(resume, TrainingListener.silent());
    }

    @Test
    void lossFallsAndTheExportRunsInTheEngineLikeDjl() throws IOException {
        TrainingResult result = train(config("smoke-x3", 3, 40), "run", false);

        List<Double> losses = result.losses();
        assertThat(losses).hasSize(40);
        double first = losses.subList(0, 10).stream().mapToDouble(d -> d).average().orElseThrow();
        double last = losses.subList(30, 40).stream().mapToDouble(d -> d).average().orElseThrow();
        assertThat(last).isLessThan(first);
        assertThat(result.validationPsnr()).isGreaterThan(20);
        assertThat(dir.resolve("models/smoke-x3.onnx")).isRegularFile();
        assertThat(dir.resolve("models/smoke-x3.onnx.json")).content().contains("\"scale\" : 3");

        // The engine loads the export (sidecar gives scale and padding) and enlarges by 3.
        PlanarImage lr = TestPhotos.crop("coffee.png", 10, 10, 50, 34);
        try (Upscaler up = Upscaler.builder().modelFile(result.model()).threads(2).build()) {
            PlanarImage out = up.upscale(lr, 3, TileProgress.none());
            assertThat(out.width()).isEqualTo(150);
            assertThat(out.height()).isEqualTo(102);
        }
        // ONNX Runtime on the exported graph gives DJL's output (same weights) within 1e-4.
        try (OrtEngine engine = new OrtEngine();
                InferenceSession session = engine.open(result.model(), io.sr4j.engine.SessionOptions.defaults());
                NDManager manager = NDManager.newBaseManager()) {
            PlanarImage ort = session.run(lr);
            PlanarImage djl = djlOutput(result.model(), lr, manager);
            assertThat(ort.width()).isEqualTo(djl.width());
            float worst = 0;
            for (int i = 0; i < ort.data().length; i++) {
                worst = Math.max(worst, Math.abs(ort.data()[i] - djl.data()[i]));
            }
            assertThat(worst).isLessThan(1e-4f);
        }
    }

    /** DJL's output for the final weights: the run's last checkpoint loaded into a fresh network. */
    private static PlanarImage djlOutput(Path model, PlanarImage lr, NDManager manager) throws IOException {
        SrNetwork net = new SrNetwork(new TrainConfig.Network("fast", 8, 1), 3);
        net.initializeForTraining(manager, new Shape(1, 3, lr.height(), lr.width()));
        Training.loadWeights(model.resolveSibling("checkpoint.bin"), net);
        return Validation.forward(net, manager, lr);
    }

    private static final TrainConfig.Network TINY_UNET = new TrainConfig.Network("diffusion", 4, null, 2, 1, 8);

    private static TrainConfig diffusionConfig(String name, int steps) {
        return new TrainConfig(name, 4, 7, TINY_UNET,
                new TrainConfig.Data(List.of("train"), List.of("val.png"), 1.0, 8, 4, 64, null),
                new TrainConfig.Schedule(steps, 0.003, null, 20, 10), null,
                new TrainConfig.Diffusion("cosine", 1000, 20, List.of(300)));
    }

    @Test
    void theDenoisersLossFallsAndItsExportRunsInOnnxRuntimeLikeDjl() throws IOException {
        TrainingResult result = train(diffusionConfig("diffusion-smoke", 30), "diffusion", false);

        List<Double> losses = result.losses();
        double first = losses.subList(0, 10).stream().mapToDouble(d -> d).average().orElseThrow();
        double last = losses.subList(20, 30).stream().mapToDouble(d -> d).average().orElseThrow();
        assertThat(last).isLessThan(first);
        assertThat(result.validationPsnr()).isGreaterThan(10);
        assertThat(result.sidecar()).content().contains("\"network\" : \"diffusion\"").contains("validationEpsMse");

        int h = 16;
        int w = 24;
        float[] noisy = new float[3 * h * w];
        float[] condition = new float[3 * h * w];
        PlanarImage photo = TestPhotos.crop("coffee.png", 10, 10, w, h);
        for (int i = 0; i < noisy.length; i++) {
            noisy[i] = (float) Math.sin(i * 0.37);
            condition[i] = photo.data()[i];
        }
        float alphaBar = 0.4f;
        try (OrtEngine engine = new OrtEngine();
                InferenceSession session = engine.open(result.model(), io.sr4j.engine.SessionOptions.defaults());
                NDManager manager = NDManager.newBaseManager()) {
            var out = session.run(java.util.Map.of(
                    DiffusionExport.NOISY, FloatTensor.of(noisy, 1, 3, h, w),
                    DiffusionExport.CONDITION, FloatTensor.of(condition, 1, 3, h, w),
                    DiffusionExport.ALPHA_BAR, FloatTensor.of(new float[] {alphaBar}, 1)));
            float[] ort = new float[3 * h * w];
            out.get(DiffusionExport.EPS).buffer().get(ort);

            DiffusionUNet net = new DiffusionUNet(TINY_UNET, 4);
            net.initializeForTraining(manager, 1, 8);
            Training.loadWeights(result.model().resolveSibling("checkpoint.bin"), net,
                    DiffusionTask.signature(TINY_UNET, 4));
            Shape image = new Shape(1, 3, h, w);
            float[] djl = net.forward(new ParameterStore(manager, false), new NDList(manager.create(noisy, image),
                    manager.create(condition, image), manager.create(new float[] {alphaBar}, new Shape(1))), false)
                    .singletonOrThrow().toFloatArray();
            float worst = 0;
            for (int i = 0; i < ort.length; i++) {
                worst = Math.max(worst, Math.abs(ort[i] - djl[i]));
            }
            assertThat(worst).isLessThan(1e-4f);
        }
    }

    @Test
    void aResumedDenoiserRunSeesTheSameNoiseAsTheUninterruptedOne() throws IOException {
        TrainingResult straight = train(diffusionConfig("d-straight", 12), "d-straight", false);
        TrainConfig cfg = diffusionConfig("d-resumed", 12);
        TrainingResult stopped = new Training(cfg, new Training.Paths(dir.resolve("data"), dir.resolve("d-resumed"),
                null), 2).run(false, TrainingListener.silent(), 6, true);
        // Stopped with export (sr4j train --stop-after): a model as it stands, and a checkpoint to resume.
        assertThat(stopped.model()).isRegularFile();
        assertThat(stopped.losses()).hasSize(6);
        TrainingResult resumed = train(cfg, "d-resumed", true);
        assertThat(resumed.losses()).containsExactlyElementsOf(straight.losses().subList(6, 12));
        assertThat(resumed.validationPsnr()).isEqualTo(straight.validationPsnr());
    }

    @Test
    void resumingFromACheckpointGivesTheUninterruptedRun() throws IOException {
        TrainingResult straight = train(config("straight", 2, 20), "straight", false);
        // 10 steps of a 20-step run (same schedule), stopped; then resumed to the end.
        TrainConfig cfg = config("resumed", 2, 20);
        new Training(cfg, new Training.Paths(dir.resolve("data"), dir.resolve("resumed"), null), 2)
                .run(false, TrainingListener.silent(), 10);
        TrainingResult resumed = train(cfg, "resumed", true);
        assertThat(resumed.losses()).hasSize(10);
        assertThat(resumed.losses()).containsExactlyElementsOf(straight.losses().subList(10, 20));
        assertThat(resumed.validationPsnr()).isEqualTo(straight.validationPsnr());
    }

    @Test
    void aCheckpointOfAnotherNetworkIsRefused() throws IOException {
        train(config("other", 2, 10), "other", false);
        TrainConfig wider = new TrainConfig("other", 2, 7, new TrainConfig.Network("fast", 12, 1),
                config("x", 2, 10).data(), config("x", 2, 10).schedule(), null);
        assertThatThrownBy(() -> train(wider, "other", true)).hasMessageContaining("belongs to network");
    }
}
