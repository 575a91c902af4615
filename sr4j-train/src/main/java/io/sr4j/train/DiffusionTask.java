package io.sr4j.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sr4j.diffusion.NoiseSchedule;
import io.sr4j.image.PlanarImage;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Trains the {@link DiffusionUNet} denoiser: ε-prediction, MSE loss, on examples from
 * {@link DiffusionExamples}. Validation is deterministic: on each held-out crop and at each of the
 * config's fixed t, with noise from a fixed seed, it measures the ε-MSE and the PSNR of the
 * one-step estimate x̂₀ = (z_t − √(1−ᾱ)·ε̂)/√ᾱ, i.e. of clamp(condition + x̂₀/g, 0, 1).
 */
final class DiffusionTask implements TrainingTask<DiffusionExamples.Batch> {
    private static final long VALIDATION_SEED = 0x5EED;

    private final TrainConfig config;
    private final DiffusionUNet net;
    private final NoiseSchedule schedule;
    private final double gain;
    private final DiffusionExamples examples;
    private final Validation validation;
    private double bicubic = Double.NaN;
    private double lastEpsMse = Double.NaN;

    DiffusionTask(TrainConfig config, NDManager manager, PatchSampler sampler, Validation validation) {
        this.config = config;
        this.validation = validation;
        schedule = config.diffusion().noiseSchedule();
        gain = config.diffusion().residualGain();
        examples = new DiffusionExamples(sampler, schedule, gain, config.seed());
        net = new DiffusionUNet(config.network(), config.scale());
        net.initializeForTraining(manager, config.data().batch(), config.data().patch() * config.scale());
        for (PhotoSet.Pair p : validation.photos()) {
            if (p.hr().width() % net.alignment() != 0 || p.hr().height() % net.alignment() != 0) {
                throw new IllegalArgumentException("validation photo " + p.name() + " is smaller than data.validationCrop"
                        + " and its crop (" + p.hr().width() + "×" + p.hr().height() + ") is not a multiple of "
                        + net.alignment());
            }
        }
    }

    @Override
    public AbstractBlock network() {
        return net;
    }

    @Override
    public String signature() {
        return signature(config.network(), config.scale());
    }

    static String signature(TrainConfig.Network n, int scale) {
        return "diffusion-c" + n.channels() + "-l" + n.levels() + "-b" + n.blocks() + "-e" + n.embedding()
                + "-x" + scale;
    }

    @Override
    public DiffusionExamples.Batch batch(long step) {
        return examples.batch(step);
    }

    /** Mean squared error of the predicted noise. */
    @Override
    public NDArray loss(NDManager scope, ParameterStore store, DiffusionExamples.Batch batch) {
        Shape image = new Shape(batch.size(), 3, batch.edge(), batch.edge());
        NDList in = new NDList(scope.create(batch.noisy(), image), scope.create(batch.condition(), image),
                scope.create(batch.alphaBar(), new Shape(batch.size())));
        NDArray eps = scope.create(batch.eps(), image);
        NDArray predicted = net.forward(store, in, true).singletonOrThrow();
        return predicted.sub(eps).square().mean();
    }

    @Override
    public boolean validates() {
        return !validation.isEmpty();
    }

    @Override
    public double baselinePsnr() {
        if (Double.isNaN(bicubic)) {
            bicubic = validation.mean(p -> DiffusionExamples.condition(p.lr(), config.scale()));
        }
        return bicubic;
    }

    @Override
    public double validate(NDManager manager, long step, TrainingListener listener) {
        List<Integer> steps = config.diffusion().validationSteps();
        double[] squaredError = {0};
        long[] count = {0};
        double psnr = 0;
        for (int t : steps) {
            psnr += validation.mean(p -> {
                OneStep one = oneStep(manager, p, t);
                squaredError[0] += one.squaredError();
                count[0] += one.values();
                return one.estimate();
            });
        }
        psnr /= steps.size();
        lastEpsMse = squaredError[0] / count[0];
        listener.diffusionValidated(step, lastEpsMse, psnr, baselinePsnr());
        return psnr;
    }

    private record OneStep(PlanarImage estimate, double squaredError, long values) {
    }

    /** Noises one held-out crop to step t with fixed noise and denoises it in one step. */
    private OneStep oneStep(NDManager manager, PhotoSet.Pair p, int t) {
        PlanarImage condition = DiffusionExamples.condition(p.lr(), config.scale());
        float[] c = condition.data();
        float[] hr = p.hr().data();
        float[] x0 = new float[c.length];
        for (int i = 0; i < c.length; i++) {
            x0[i] = (float) ((hr[i] - c[i]) * gain);
        }
        float a = (float) schedule.alphaBar(t);
        float[] eps = DiffusionExamples.gaussian(new SplittableRandom(VALIDATION_SEED + 1000L * p.name().hashCode() + t),
                c.length);
        float[] z = DiffusionExamples.noise(x0, eps, new float[] {a}, c.length);
        float[] predicted;
        try (NDManager scope = manager.newSubManager()) {
            Shape image = new Shape(1, 3, condition.height(), condition.width());
            NDList in = new NDList(scope.create(z, image), scope.create(c, image), scope.create(new float[] {a}, new Shape(1)));
            predicted = net.forward(new ParameterStore(scope, false), in, false).singletonOrThrow().toFloatArray();
        }
        double squared = 0;
        PlanarImage estimate = new PlanarImage(condition.width(), condition.height(), 3);
        float[] e = estimate.data();
        for (int i = 0; i < c.length; i++) {
            double d = predicted[i] - eps[i];
            squared += d * d;
            double x0Hat = (z[i] - Math.sqrt(1 - a) * predicted[i]) / Math.sqrt(a);
            e[i] = (float) Math.min(1, Math.max(0, c[i] + x0Hat / gain));
        }
        return new OneStep(estimate, squared, c.length);
    }

    @Override
    public String description(long steps) {
        TrainConfig.Network n = config.network();
        return String.format(Locale.ROOT, "sr4j-train diffusion denoiser x%d (U-Net: %d channels, %d levels, %d blocks,"
                        + " embedding %d, %d parameters; eps-prediction, %s schedule over %d steps, residual gain %s;"
                        + " %d steps, seed %d)", config.scale(), n.channels(), n.levels(), n.blocks(), n.embedding(),
                net.parameterCount(), schedule.name(), schedule.steps(), (float) gain, steps, config.seed());
    }

    @Override
    public byte[] onnx(String name, String description) {
        return DiffusionExport.export(net, schedule, gain, name, description);
    }

    @Override
    public String sidecar(String name, String description, double psnr, double baseline) {
        TrainConfig.Network n = config.network();
        ObjectNode root = new ObjectMapper().createObjectNode();
        root.put("name", name);
        root.put("scale", config.scale());
        root.put("network", "diffusion");
        root.put("inputRange", "0..1");
        root.put("channelOrder", "RGB");
        root.put("channels", n.channels());
        root.put("levels", n.levels());
        root.put("blocks", n.blocks());
        root.put("embedding", n.embedding());
        root.put("parameters", net.parameterCount());
        root.put("alignment", net.alignment());
        root.put("receptiveRadius", net.receptiveRadius());
        root.put("description", description);
        if (!Double.isNaN(psnr)) {
            root.put("validationOneStepPsnr", Math.round(psnr * 1000) / 1000.0);
            root.put("validationBicubicPsnr", Math.round(baseline * 1000) / 1000.0);
            root.put("validationEpsMse", Math.round(lastEpsMse * 1e6) / 1e6);
        }
        return ExportedModel.pretty(root);
    }
}
