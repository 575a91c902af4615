package io.sr4j.cli;

import io.sr4j.pipeline.PipelineSpec;
import io.sr4j.pipeline.StageSpec;
import java.util.List;
import picocli.CommandLine.Command;

/**
 * {@code sr4j enhance INPUT… -o OUTPUT}: automatic exposure, white balance and contrast, keeping
 * the size. A shorthand for {@code sr4j restore --pipeline enhance}.
 */
@Command(
        name = "enhance",
        mixinStandardHelpOptions = true,
        description = {"Correct exposure, white balance and contrast automatically; the output has the input's size.",
            "One global grade per image, estimated from its statistics (docs/PIPELINE.md, \"enhance\"); a "
                    + "well-exposed photo is left nearly unchanged."},
        footer = {"", "Examples:",
            "  sr4j enhance dark.jpg -o fixed.jpg",
            "  sr4j enhance photos/ -o graded/            # every image, named {name}_enhanced.{ext}",
            "  # with enlargement: sr4j restore photo.jpg -o big.png --pipeline sr=2,enhance"})
final class EnhanceCommand extends ImageCommand {
    @Override
    String defaultNameTemplate() {
        return "{name}_enhanced.{ext}";
    }

    @Override
    public Integer call() {
        return run(PipelineSpec.of(List.of(StageSpec.enhance())));
    }
}
