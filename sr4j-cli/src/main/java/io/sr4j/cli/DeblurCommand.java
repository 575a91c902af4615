package io.sr4j.cli;

import io.sr4j.pipeline.PipelineSpec;
import io.sr4j.pipeline.StageSpec;
import java.util.List;
import picocli.CommandLine.Command;

/**
 * {@code sr4j deblur INPUT… -o OUTPUT}: blind removal of motion, defocus and Gaussian blur, keeping
 * the size. A shorthand for {@code sr4j restore --pipeline deblur}.
 */
@Command(
        name = "deblur",
        mixinStandardHelpOptions = true,
        description = {"Remove camera-shake (motion), defocus and Gaussian blur; the output has the input's size.",
            "Blind: the blur is estimated from each image's own spectrum (a straight streak up to 31 px at any "
                    + "angle, a defocus disc up to 8 px, a Gaussian up to 4 px) and undone by a Wiener filter; "
                    + "an image with no blur found is written unchanged. 'sr4j assess' prints the blur it finds."},
        footer = {"", "Examples:",
            "  sr4j deblur shaky.jpg -o sharp.png",
            "  sr4j deblur photos/ -o sharp/            # every image, named {name}_deblurred.{ext}",
            "  # then enlarge, in one pipeline: sr4j restore shaky.jpg -o big.png --pipeline deblur,sr=2"})
final class DeblurCommand extends ImageCommand {
    @Override
    String defaultNameTemplate() {
        return "{name}_deblurred.{ext}";
    }

    @Override
    public Integer call() {
        return run(PipelineSpec.of(List.of(StageSpec.deblur())));
    }
}
