package io.sr4j.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;

/**
 * What {@link Training} trains, apart from the loop they share (Adam, learning rate schedule,
 * gradient checks, checkpoints, resume, export): a network, its batches and loss, its validation
 * and its ONNX form. Batch {@code k} must depend only on the config's seed and {@code k}, so a
 * resumed run sees the same batches as an uninterrupted one.
 *
 * @param <B> a batch, drawn once per step (and reused should its gradients be computed again)
 */
interface TrainingTask<B> {
    /** The initialised network; its parameters, in their order, are what checkpoints store. */
    AbstractBlock network();

    /** Identifies the network's shape, so a checkpoint is never loaded into another network. */
    String signature();

    B batch(long step);

    /** The batch's loss (a scalar), computed in {@code scope} with gradients recorded. */
    NDArray loss(NDManager scope, ParameterStore store, B batch);

    boolean validates();

    /** The reference on the validation photos (plain bicubic's PSNR). */
    double baselinePsnr();

    /** Validates after {@code step}, reports it, and returns the PSNR the model is judged by. */
    double validate(NDManager manager, long step, TrainingListener listener);

    /** A line naming the architecture and how it was trained, for the ONNX doc string and sidecar. */
    String description(long steps);

    byte[] onnx(String name, String description);

    String sidecar(String name, String description, double psnr, double baseline);
}
