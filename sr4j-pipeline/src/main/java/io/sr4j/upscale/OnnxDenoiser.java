package io.sr4j.upscale;

import io.sr4j.diffusion.Denoiser;
import io.sr4j.engine.FloatTensor;
import io.sr4j.engine.InferenceSession;
import io.sr4j.image.PlanarImage;
import java.util.List;
import java.util.Map;

/**
 * A diffusion graph as a {@link Denoiser}: inputs {@code noisy} and {@code condition} [1, 3, H, W]
 * and {@code alpha_bar} [1], output {@code eps} [1, 3, H, W] (sr4j-train's export contract).
 */
final class OnnxDenoiser implements Denoiser {
    static final String NOISY = "noisy";
    static final String CONDITION = "condition";
    static final String ALPHA_BAR = "alpha_bar";
    static final String EPS = "eps";

    private final InferenceSession session;

    /** @throws IllegalArgumentException if the graph lacks an input or output of the contract */
    OnnxDenoiser(InferenceSession session, String source) {
        this.session = session;
        List<String> inputs = session.inputs().stream().map(io.sr4j.engine.TensorSpec::name).toList();
        List<String> outputs = session.outputs().stream().map(io.sr4j.engine.TensorSpec::name).toList();
        if (!inputs.containsAll(List.of(NOISY, CONDITION, ALPHA_BAR)) || !outputs.contains(EPS)) {
            throw new IllegalArgumentException("diffusion model " + source + " has inputs " + inputs + " and outputs "
                    + outputs + "; sr4j's sampler needs inputs noisy, condition, alpha_bar and output eps");
        }
    }

    @Override
    public double[] predictNoise(double[] z, PlanarImage condition, double alphaBar) {
        long[] shape = {1, condition.channels(), condition.height(), condition.width()};
        float[] noisy = new float[z.length];
        for (int k = 0; k < z.length; k++) {
            noisy[k] = (float) z[k];
        }
        Map<String, FloatTensor> out = session.run(Map.of(
                NOISY, FloatTensor.of(noisy, shape),
                CONDITION, FloatTensor.fromImage(condition),
                ALPHA_BAR, FloatTensor.of(new float[] {(float) alphaBar}, 1)), List.of(EPS));
        FloatTensor eps = out.get(EPS);
        if (eps.elementCount() != z.length) {
            throw new IllegalStateException("diffusion model returned eps " + eps + " for a window " + condition);
        }
        double[] result = new double[z.length];
        java.nio.FloatBuffer buffer = eps.buffer();
        for (int k = 0; k < result.length; k++) {
            result[k] = buffer.get(k);
        }
        return result;
    }
}
