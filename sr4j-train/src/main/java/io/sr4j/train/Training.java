package io.sr4j.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One training run: loads the photos, trains (a {@link TrainingTask}: L1 loss for the regression
 * networks, ε-MSE for the diffusion denoiser) with Adam and a cosine learning rate,
 * validates, checkpoints ({@code checkpoint.bin} in the run folder; {@code resume} continues from
 * it exactly) and exports the result to ONNX.
 */
public final class Training {
    /** Where a run keeps its checkpoint, config copy and exported model. */
    public record Paths(Path dataRoot, Path runDir, Path modelsDir) {
    }

    private final TrainConfig config;
    private final Paths paths;
    private final int threads;

    public Training(TrainConfig config, Paths paths, int threads) {
        this.config = config;
        this.paths = paths;
        this.threads = threads;
    }

    /** The default local models folder: {@code $SR4J_HOME/local-models} (default {@code ~/.cache/sr4j/local-models}). */
    public static Path defaultModelsDir() {
        return io.sr4j.model.ModelStore.open().localModelsDir();
    }

    /**
     * Runs (or, with {@code resume}, continues) the training.
     *
     * @throws IllegalArgumentException for missing photos or a checkpoint of another network
     */
    public TrainingResult run(boolean resume, TrainingListener listener) throws IOException {
        return run(resume, listener, Long.MAX_VALUE);
    }

    /**
     * As {@link #run(boolean, TrainingListener)}, but stops after step {@code stopAfter} (with a
     * checkpoint, no export; the result's model is then null), as an interrupted run would.
     */
    TrainingResult run(boolean resume, TrainingListener listener, long stopAfter) throws IOException {
        return run(resume, listener, stopAfter, false);
    }

    /**
     * As {@link #run(boolean, TrainingListener, long)}; with {@code exportWhenStopped}, a run
     * stopped at {@code stopAfter} is also validated and exported as it stands ({@code sr4j train
     * --stop-after}: a run cut short by a time budget still yields a model; {@code --resume} later
     * continues the whole schedule from the checkpoint).
     */
    public TrainingResult run(boolean resume, TrainingListener listener, long stopAfter, boolean exportWhenStopped)
            throws IOException {
        TrainConfig.Data data = config.data();
        int scale = config.scale();
        List<Path> validationFiles = data.validation().stream().map(v -> TrainConfig.resolve(paths.dataRoot(), v)).toList();
        Set<Path> exclude = new HashSet<>();
        for (Path v : validationFiles) {
            if (!Files.isRegularFile(v)) {
                throw new IllegalArgumentException("validation photo " + v + " does not exist");
            }
            exclude.add(v.toAbsolutePath().normalize());
        }
        List<Path> trainFiles = PhotoSet.list(
                data.train().stream().map(t -> TrainConfig.resolve(paths.dataRoot(), t)).toList(), exclude);
        PhotoSet train = PhotoSet.load(trainFiles, scale, data.hrDownscale(), 0, threads);
        Validation validation = new Validation(
                PhotoSet.load(validationFiles, scale, data.hrDownscale(), data.validationCrop(), threads), scale);
        PatchSampler sampler = new PatchSampler(train, scale, data.patch(), data.batch(), config.seed(),
                new Degrader(data.degrade()));
        Files.createDirectories(paths.runDir());
        Files.writeString(paths.runDir().resolve("config.json"), config.toJson());

        Engine.getInstance().setRandomSeed((int) config.seed());
        try (NDManager manager = NDManager.newBaseManager()) {
            TrainingTask<?> task = config.network().isDiffusion()
                    ? new DiffusionTask(config, manager, sampler, validation)
                    : new RegressionTask(config, manager, sampler, validation);
            return train(task, manager, resume, listener, stopAfter, exportWhenStopped, trainFiles.size(),
                    validationFiles.size());
        }
    }

    /** The loop every task shares: Adam steps, validation, checkpoints, export. */
    private <B> TrainingResult train(TrainingTask<B> task, NDManager manager, boolean resume,
            TrainingListener listener, long stopAfter, boolean exportWhenStopped, int trainPhotos, int validationPhotos)
            throws IOException {
        List<NDArray> params = new ArrayList<>();
        List<float[]> weights = new ArrayList<>();
        for (var p : task.network().getParameters()) {
            NDArray a = p.getValue().getArray();
            a.setRequiresGradient(true);
            params.add(a);
            weights.add(a.toFloatArray());
        }
        Adam adam = new Adam(weights.stream().map(w -> w.length).toList());
        Path checkpoint = paths.runDir().resolve("checkpoint.bin");
        String signature = task.signature();
        long step = 0;
        if (config.initFrom() != null && !(resume && Files.isRegularFile(checkpoint))) {
            Path init = Path.of(config.initFrom());
            if (!Files.isRegularFile(init)) {
                throw new IllegalArgumentException("initFrom checkpoint " + init + " does not exist");
            }
            loadWeights(init, task.network(), signature);
            for (int i = 0; i < params.size(); i++) {
                weights.set(i, params.get(i).toFloatArray());
            }
            listener.info("starting from the weights of " + init);
        }
        if (resume && Files.isRegularFile(checkpoint)) {
            step = Checkpoint.read(checkpoint, signature, weights, adam);
            for (int i = 0; i < params.size(); i++) {
                params.get(i).set(FloatBuffer.wrap(weights.get(i)));
            }
            listener.info("resumed from " + checkpoint + " at step " + step);
        }
        double bicubic = task.baselinePsnr();
        listener.started(trainPhotos, validationPhotos, bicubic, step, config.schedule().steps());
        List<Double> losses = new ArrayList<>();
        TrainConfig.Schedule schedule = config.schedule();
        double psnr = Double.NaN;
        long start = System.nanoTime();
        long firstStep = step;
        ParameterStore store = new ParameterStore(manager, false);
        while (step < schedule.steps()) {
            if (step >= stopAfter) {
                Checkpoint.write(checkpoint, signature, step, weights, adam);
                if (!exportWhenStopped) {
                    return new TrainingResult(null, null, losses, psnr, bicubic);
                }
                listener.info("stopped after step " + step + " of " + schedule.steps());
                break;
            }
            double lr = Adam.cosine(step, schedule.steps(), schedule.learningRate(), schedule.minLearningRate());
            double loss = step(task, store, manager, task.batch(step), params, weights, adam, lr, step + 1, listener);
            losses.add(loss);
            step++;
            double rate = (step - firstStep) / ((System.nanoTime() - start) / 1e9);
            listener.stepped(step, schedule.steps(), loss, lr, rate);
            boolean last = step == schedule.steps();
            if (task.validates() && (step % schedule.validateEvery() == 0 || last)) {
                psnr = task.validate(manager, step, listener);
            }
            if (step % schedule.checkpointEvery() == 0 || last) {
                Checkpoint.write(checkpoint, signature, step, weights, adam);
            }
        }
        if (task.validates() && Double.isNaN(psnr)) {
            psnr = task.validate(manager, step, listener);
        }
        String description = task.description(step);
        byte[] onnx = task.onnx(config.name(), description);
        String sidecar = task.sidecar(config.name(), description, psnr, bicubic);
        Path model = ExportedModel.write(paths.runDir(), config.name(), onnx, sidecar);
        listener.info("exported " + model);
        if (paths.modelsDir() != null) {
            Path installed = ExportedModel.write(paths.modelsDir(), config.name(), onnx, sidecar);
            listener.info("installed as model '" + config.name() + "' (" + installed + ")");
        }
        return new TrainingResult(model, ExportedModel.sidecarOf(model), losses, psnr, bicubic);
    }

    /**
     * Tries of one step's forward and backward pass before the run stops. PyTorch's oneDNN
     * convolution backward pass on some CPUs (seen on AVX-512 Zen 4) now and then returns NaN
     * weight gradients for finite inputs and loss; a second pass over the same batch gives the
     * correct ones. Without this check one such gradient turns every weight into NaN.
     */
    static final int GRADIENT_TRIES = 4;

    /** One optimiser step; returns the batch's loss. */
    private static <B> double step(TrainingTask<B> task, ParameterStore store, NDManager manager, B batch,
            List<NDArray> params, List<float[]> weights, Adam adam, double lr, long t, TrainingListener listener) {
        for (int attempt = 1; ; attempt++) {
            double loss = forwardBackward(task, store, manager, batch);
            List<float[]> gradients = takeGradients(params);
            if (Double.isFinite(loss) && gradients.stream().allMatch(Training::finite)) {
                for (int i = 0; i < params.size(); i++) {
                    adam.update(i, weights.get(i), gradients.get(i), lr, t);
                    params.get(i).set(FloatBuffer.wrap(weights.get(i)));
                }
                return loss;
            }
            if (attempt == GRADIENT_TRIES || !Double.isFinite(loss)) {
                throw new IllegalStateException("training diverged at step " + t + ": "
                        + (Double.isFinite(loss) ? "non-finite gradients " + attempt + " times" : "loss " + loss)
                        + " (a lower learningRate may help)");
            }
            listener.info("step " + t + ": non-finite gradients from the backward pass, computing them again");
        }
    }

    /** The batch's loss; its gradients accumulate into the (cleared) parameter gradients. */
    private static <B> double forwardBackward(TrainingTask<B> task, ParameterStore store, NDManager manager, B batch) {
        try (NDManager scope = manager.newSubManager();
                GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray loss = task.loss(scope, store, batch);
            collector.backward(loss);
            return loss.getFloat();
        }
    }

    /** Copies each parameter's gradient out and clears it (a fill, not ×0, so a NaN is cleared too). */
    static List<float[]> takeGradients(List<NDArray> params) {
        List<float[]> gradients = new ArrayList<>(params.size());
        for (NDArray param : params) {
            try (NDArray grad = param.getGradient()) {
                gradients.add(grad.toFloatArray());
                grad.set(new NDIndex("..."), 0f);
            }
        }
        return gradients;
    }

    private static boolean finite(float[] values) {
        for (float v : values) {
            if (!Float.isFinite(v)) {
                return false;
            }
        }
        return true;
    }

    /** Identifies the network shape a checkpoint belongs to. */
    static String signature(SrNetwork net) {
        TrainConfig.Network n = net.spec();
        return n.type() + "-c" + n.channels() + "-d" + n.depth() + "-x" + net.scale();
    }

    /** Loads a checkpoint's weights into an initialised network (to export or inspect it). */
    static void loadWeights(Path checkpoint, SrNetwork net) throws IOException {
        loadWeights(checkpoint, net, signature(net));
    }

    /** Loads a checkpoint's weights into an initialised network of the given signature. */
    static void loadWeights(Path checkpoint, AbstractBlock net, String signature) throws IOException {
        List<NDArray> params = new ArrayList<>();
        List<float[]> weights = new ArrayList<>();
        for (var p : net.getParameters()) {
            params.add(p.getValue().getArray());
            weights.add(new float[(int) p.getValue().getArray().size()]);
        }
        Checkpoint.read(checkpoint, signature, weights, new Adam(weights.stream().map(w -> w.length).toList()));
        for (int i = 0; i < params.size(); i++) {
            params.get(i).set(FloatBuffer.wrap(weights.get(i)));
        }
    }

}
