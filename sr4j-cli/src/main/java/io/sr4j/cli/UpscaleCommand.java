package io.sr4j.cli;

import io.sr4j.pipeline.PipelineSpec;
import io.sr4j.pipeline.SizeRequest;
import io.sr4j.pipeline.StageSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code sr4j upscale INPUT -o OUTPUT}: one image in, one enlarged (or reduced) image out. A
 * shorthand for {@code sr4j restore --pipeline sr=SCALE:MODEL} ({@code auto=SCALE} with
 * {@code --model auto}).
 */
@Command(
        name = "upscale",
        mixinStandardHelpOptions = true,
        description = {"Enlarge an image with a super-resolution network or a classical filter.",
            "A scale other than the network's own runs the network, then resizes its output with bicubic."},
        footer = {"", "Examples:",
            "  # x4 with sr4j's built-in sr4j-fast-x4 (nothing to download)",
            "  sr4j upscale photo.jpg -o photo_x4.png",
            "  # Real-ESRGAN's compact x4 network (fetched on first use)",
            "  sr4j upscale photo.jpg -o photo_x4.png --model realesrgan-x4fast",
            "  sr4j upscale art.png -o art_x2.png --model realcugan-up2x-denoise1x",
            "  # x3 with sr4j-fast-x3; x3 from a x4 network: the network, then bicubic by 3/4",
            "  sr4j upscale photo.jpg -o photo_x3.png --scale 3",
            "  sr4j upscale photo.jpg -o photo_x3.png --scale 3 --model realesrgan-x4fast",
            "  # classical filters, any factor",
            "  sr4j upscale photo.jpg -o photo_x4.png --model bicubic",
            "  sr4j upscale photo.jpg -o half.jpg --model lanczos --scale 0.5 --jpeg-quality 92",
            "  # smaller tiles, less memory",
            "  sr4j upscale big.png -o big_x4.png --tile 128",
            "  # fit a width, model chosen by scale; keep transparency sharp",
            "  sr4j upscale logo.png -o logo_1920.png --width 1920 --model auto --alpha model",
            "  sr4j upscale photo.png -o out.png --model my-model.onnx",
            "  # diffusion (sampled detail; slow): 20 steps, reproducible per seed",
            "  sr4j upscale photo.png -o out.png --model sr4j-diffusion-x4 --steps 20 --seed 1"})
final class UpscaleCommand extends ImageCommand {
    @Option(names = {"-m", "--model"}, paramLabel = "MODEL",
            description = {"A model id from 'sr4j models list' (networks, or the classical filters nearest, "
                    + "bilinear, bicubic, lanczos), an .onnx / ncnn .param file, or auto (assess each image, "
                    + "then the measured-best networks for it). Default: sr4j's built-in network for the scale "
                    + "(sr4j-fast-x2, -x3 or -x4, nothing to download; x8 = x4 network, then bicubic)."})
    String model;

    @Option(names = {"-s", "--scale"}, paramLabel = "S",
            description = "Scale factor, any number > 0 (e.g. 4, 3, 2.5, 0.5). Default: the model's own scale "
                    + "(4 for classical filters, auto and the built-in default).")
    Double scale;

    @Option(names = "--width", paramLabel = "W", description = "Output width; the height follows the aspect ratio "
            + "(with --height: the largest size that fits both).")
    Integer width;

    @Option(names = "--height", paramLabel = "H", description = "Output height; the width follows the aspect ratio.")
    Integer height;

    @Override
    String defaultNameTemplate() {
        return "{name}_x{scale}.{ext}";
    }

    @Override
    public Integer call() {
        return run(spec());
    }

    /** The pipeline these options ask for. */
    PipelineSpec spec() {
        if (scale != null && (!(scale > 0) || Double.isInfinite(scale))) {
            throw usage("--scale must be a number > 0, got " + Sizes.scale(scale));
        }
        if (width != null && width < 1 || height != null && height < 1) {
            throw usage("--width and --height must be >= 1, got " + (width != null && width < 1 ? width : height));
        }
        if (scale != null && (width != null || height != null)) {
            throw usage("give --scale or --width/--height, not both");
        }
        SizeRequest size = scale != null ? SizeRequest.of(scale)
                : width != null || height != null ? SizeRequest.fit(width == null ? 0 : width, height == null ? 0 : height)
                : SizeRequest.none();
        if (AUTO.equals(model)) {
            return PipelineSpec.auto(size.isNone() ? SizeRequest.of(DEFAULT_SCALE) : size);
        }
        return PipelineSpec.of(java.util.List.of(StageSpec.sr(size, model)));
    }
}
