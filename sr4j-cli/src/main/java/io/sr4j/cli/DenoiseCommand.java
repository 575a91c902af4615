package io.sr4j.cli;

import io.sr4j.pipeline.PipelineSpec;
import io.sr4j.pipeline.StageSpec;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code sr4j denoise INPUT -o OUTPUT}: removes JPEG/compression noise, keeping the size. A
 * shorthand for {@code sr4j restore --pipeline denoise=LEVEL} (or {@code denoise=MODEL}).
 */
@Command(
        name = "denoise",
        mixinStandardHelpOptions = true,
        description = {"Remove JPEG and compression noise; the output has the input's size.",
            "Uses waifu2x CUnet at the chosen level (fetched on first use)."},
        footer = {"", "Examples:",
            "  # level 1: waifu2x-cunet-noise1",
            "  sr4j denoise scan.jpg -o scan_clean.png",
            "  sr4j denoise heavy.jpg -o clean.png --level 3",
            "  sr4j denoise frame.png -o clean.png --model waifu2x-cunet-noise0"})
final class DenoiseCommand extends ImageCommand {
    static final int DEFAULT_LEVEL = 1;

    @Option(names = {"-n", "--level"}, paramLabel = "0..3",
            description = "Noise level: 0 light … 3 heavy JPEG compression. Default: " + DEFAULT_LEVEL + ".")
    Integer level;

    @Option(names = {"-m", "--model"}, paramLabel = "MODEL",
            description = "Another model id or file instead of waifu2x-cunet-noise<level>; a model that also "
                    + "enlarges is run and its output reduced back to the input's size.")
    String model;

    @Override
    String defaultNameTemplate() {
        return "{name}_denoised.{ext}";
    }

    @Override
    public Integer call() {
        if (level != null && model != null) {
            throw usage("--level chooses among waifu2x-cunet-noise0..3; give either --level or --model, not both");
        }
        int chosen = level != null ? level : DEFAULT_LEVEL;
        if (chosen < 0 || chosen > 3) {
            throw usage("--level must be 0, 1, 2 or 3, got " + chosen);
        }
        return run(PipelineSpec.of(List.of(model != null ? StageSpec.denoiseWith(model) : StageSpec.denoise(chosen))));
    }

    /** The catalogue's 1× denoiser for a noise level. */
    static String modelForLevel(int level) {
        return "waifu2x-cunet-noise" + level;
    }
}
