package io.sr4j.cli;

import io.sr4j.pipeline.PipelineSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code sr4j restore INPUT… -o OUTPUT --pipeline SPEC}: any chain of stages in the one
 * vocabulary the server, the Spark job and video read too. {@code upscale} and {@code denoise}
 * are shorthands for one-stage pipelines.
 */
@Command(
        name = "restore",
        mixinStandardHelpOptions = true,
        description = {"Run a restoration pipeline: stages in order, in float between stages (no 8-bit step, no "
                + "intermediate file)."},
        footer = {"", "Spec: stages separated by commas, each NAME or NAME=VALUE:",
            "  deblur                1x blind removal of motion, defocus and Gaussian blur (before sr)",
            "  denoise[=0..3|MODEL]  1x JPEG noise removal (waifu2x CUnet; level 1)",
            "  sr[=SCALE|wW|hH|MODEL|SCALE:MODEL]",
            "                        super-resolution (default: built-in, x4)",
            "  enhance[=auto]        automatic exposure, white balance and contrast (last, before hdr)",
            "  auto[=SCALE]          alone: the assessment builds it per image",
            "  hdr=hdr10|hlg[:PEAK[:WHITE]]  the finished picture as HDR, 16-bit PNG (last)",
            "", "Examples:",
            "  # JPEG noise out, then x2, in one pass (no intermediate file)",
            "  sr4j restore scan.jpg -o scan_x2.png --pipeline denoise=1,sr=2",
            "  # a shaky photo: blur out, then x2",
            "  sr4j restore shaky.jpg -o sharp_x2.png --pipeline deblur,sr=2",
            "  # a chosen network, to a width",
            "  sr4j restore photo.jpg -o wide.png -p sr=w3840:realesrgan-x4fast",
            "  # x4 as two x2 passes of waifu2x CUnet",
            "  sr4j restore art.png -o art_x4.png \\",
            "      -p sr=2:waifu2x-cunet-x2,sr=2:waifu2x-cunet-x2",
            "  # what the assessment says each photo needs",
            "  sr4j restore photos/ -o out/ --pipeline auto"})
final class RestoreCommand extends ImageCommand {
    @Option(names = {"-p", "--pipeline"}, required = true, paramLabel = "SPEC",
            description = "The stages to run, e.g. denoise=1,sr=4 (see below).")
    String pipeline;

    @Override
    String defaultNameTemplate() {
        return "{name}_restored.{ext}";
    }

    @Override
    public Integer call() {
        return run(parse());
    }

    private PipelineSpec parse() {
        try {
            return PipelineSpec.parse(pipeline);
        } catch (IllegalArgumentException e) {
            throw usage("--pipeline " + pipeline + ": " + e.getMessage());
        }
    }
}
