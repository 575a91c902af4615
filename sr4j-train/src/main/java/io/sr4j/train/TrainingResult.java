package io.sr4j.train;

import java.nio.file.Path;
import java.util.List;

/**
 * The outcome of a run.
 *
 * @param model          the exported ONNX graph (null if the run was stopped before its end)
 * @param sidecar        its JSON description (scale, padding) beside it
 * @param losses         the loss of every step run in this session, in order (mean L1 for the
 *                       regression networks, ε-MSE for the diffusion denoiser)
 * @param validationPsnr Y-channel PSNR on the validation photos at the end (NaN without any; for
 *                       the denoiser, of its one-step estimate)
 * @param bicubicPsnr    the same for plain bicubic
 */
public record TrainingResult(Path model, Path sidecar, List<Double> losses, double validationPsnr,
        double bicubicPsnr) {
    public TrainingResult {
        losses = List.copyOf(losses);
    }
}
