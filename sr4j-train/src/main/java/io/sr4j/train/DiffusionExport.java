package io.sr4j.train;

import io.sr4j.diffusion.NoiseSchedule;
import io.sr4j.engine.onnx.Dim;
import io.sr4j.engine.onnx.OnnxGraphBuilder;
import java.util.List;
import java.util.Locale;

/**
 * Writes a {@link DiffusionUNet} as the ONNX graph the diffusion sampler runs: inputs
 * {@code noisy} z_t and {@code condition} (bicubic ×scale of the low-resolution image, 0..1), both
 * [1, 3, height, width], and {@code alpha_bar} [1]; output {@code eps} [1, 3, height, width]. The
 * metadata tells the sampler how the model was trained (see docs/TRAINING.md).
 */
final class DiffusionExport {
    static final String NOISY = "noisy";
    static final String CONDITION = "condition";
    static final String ALPHA_BAR = "alpha_bar";
    static final String EPS = "eps";

    private DiffusionExport() {
    }

    static byte[] export(DiffusionUNet net, NoiseSchedule schedule, double residualGain, String name,
            String description) {
        OnnxGraphBuilder g = new OnnxGraphBuilder(name);
        Dim[] image = {Dim.of(1), Dim.of(3), Dim.named("height"), Dim.named("width")};
        g.input(NOISY, image);
        g.input(CONDITION, image);
        g.input(ALPHA_BAR, Dim.of(1));
        g.producer("sr4j-train", "1");
        g.docString(description);
        g.metadata("scale", Integer.toString(net.scale()));
        g.metadata("diffusion.prediction", "eps");
        g.metadata("diffusion.schedule", schedule.name());
        g.metadata("diffusion.train_steps", Integer.toString(schedule.steps()));
        g.metadata("diffusion.residual_gain", String.format(Locale.ROOT, "%s", (float) residualGain));
        g.metadata("diffusion.alignment", Integer.toString(net.alignment()));
        g.metadata("diffusion.receptive_radius", Integer.toString(net.receptiveRadius()));
        String out = net.describe(new GraphOps(g), NOISY, CONDITION, ALPHA_BAR);
        g.node("Identity", List.of(out), EPS);
        g.output(EPS, image);
        return g.build();
    }
}
