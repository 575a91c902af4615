package io.sr4j.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;

/** Trains a regression network ({@code fast}, {@code residual}) with L1 loss on HR crops. */
final class RegressionTask implements TrainingTask<PatchSampler.Batch> {
    private final TrainConfig config;
    private final SrNetwork net;
    private final PatchSampler sampler;
    private final Validation validation;
    private double bicubic = Double.NaN;

    RegressionTask(TrainConfig config, NDManager manager, PatchSampler sampler, Validation validation) {
        this.config = config;
        this.sampler = sampler;
        this.validation = validation;
        net = new SrNetwork(config.network(), config.scale());
        int patch = config.data().patch();
        net.initializeForTraining(manager, new Shape(config.data().batch(), 3, patch, patch));
    }

    @Override
    public AbstractBlock network() {
        return net;
    }

    @Override
    public String signature() {
        return Training.signature(net);
    }

    @Override
    public PatchSampler.Batch batch(long step) {
        return sampler.batch(step);
    }

    /** The batch's mean L1 loss. */
    @Override
    public NDArray loss(NDManager scope, ParameterStore store, PatchSampler.Batch batch) {
        int p = batch.patch();
        int hp = p * batch.scale();
        NDArray lrIn = scope.create(batch.lr(), new Shape(batch.size(), 3, p, p));
        NDArray hr = scope.create(batch.hr(), new Shape(batch.size(), 3, hp, hp));
        NDArray out = net.forward(store, new NDList(lrIn), true).singletonOrThrow();
        return out.sub(hr).abs().mean();
    }

    @Override
    public boolean validates() {
        return !validation.isEmpty();
    }

    @Override
    public double baselinePsnr() {
        if (Double.isNaN(bicubic)) {
            bicubic = validation.bicubicPsnr();
        }
        return bicubic;
    }

    @Override
    public double validate(NDManager manager, long step, TrainingListener listener) {
        double psnr = validation.networkPsnr(net, manager);
        listener.validated(step, psnr, baselinePsnr());
        return psnr;
    }

    @Override
    public String description(long steps) {
        TrainConfig.Network n = config.network();
        return "sr4j-train " + n.type() + " x" + config.scale() + " (" + n.channels() + " channels, depth "
                + n.depth() + ", " + steps + " steps, seed " + config.seed() + ")";
    }

    @Override
    public byte[] onnx(String name, String description) {
        return OnnxExport.export(net, name, description);
    }

    @Override
    public String sidecar(String name, String description, double psnr, double baseline) {
        return ExportedModel.sidecarJson(net, name, description, psnr, baseline);
    }
}
