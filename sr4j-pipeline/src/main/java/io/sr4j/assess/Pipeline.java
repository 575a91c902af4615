package io.sr4j.assess;

import io.sr4j.pipeline.SizeRequest;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What to run on an image, in order: each step a catalogue model (with {@code :ensemble} for its
 * self-ensemble) and the factor it enlarges by (1 for a denoiser).
 *
 * @param steps  the models to run, first to last; empty when the image needs nothing
 * @param reason why, in a few words
 */
public record Pipeline(List<Step> steps, String reason) {
    /** One model run. */
    public record Step(String model, double scale) {
    }

    public Pipeline {
        steps = List.copyOf(steps);
    }

    /** The product of the steps' factors. */
    public double totalScale() {
        return steps.stream().mapToDouble(Step::scale).reduce(1, (a, b) -> a * b);
    }

    /**
     * The steps as a spec for {@code --pipeline} (io.sr4j.pipeline.PipelineSpec), e.g.
     * {@code deblur,denoise=waifu2x-cunet-noise2,sr=4:sr4j-fast-x4}; {@code sr=1:bicubic} when nothing is needed.
     */
    public String spec() {
        if (steps.isEmpty()) {
            return "sr=1:bicubic";
        }
        return steps.stream().map(s -> s.model().equals(PipelineAdvisor.DEBLURRER) && s.scale() == 1 ? "deblur"
                : s.scale() == 1 ? "denoise=" + s.model()
                : "sr=" + SizeRequest.format(s.scale()) + ":" + s.model()).collect(Collectors.joining(","));
    }

    /** E.g. {@code waifu2x-cunet-noise2 (x1), then realesrgan-x4fast (x4)}. */
    public String describe() {
        if (steps.isEmpty()) {
            return "nothing to do";
        }
        return steps.stream().map(s -> s.model() + " (x" + SizeRequest.format(s.scale()) + ")")
                .collect(Collectors.joining(", then "));
    }
}
