package io.sr4j.cli;

import io.sr4j.image.Picture;
import io.sr4j.image.PlanarImage;
import io.sr4j.io.ImageDecoder;
import io.sr4j.io.ImageEncoder;
import io.sr4j.resample.ResampleFilter;
import io.sr4j.resample.Resampler;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code sr4j upscale INPUT -o OUTPUT}: one image in, one enlarged (or reduced) image out. */
@Command(
        name = "upscale",
        mixinStandardHelpOptions = true,
        description = "Resize an image by a scale factor with a classical filter.",
        footer = {"", "Examples:",
            "  sr4j upscale photo.jpg -o photo_x4.png --model bicubic --scale 4",
            "  sr4j upscale photo.jpg -o half.jpg --model lanczos --scale 0.5 --quality 92"})
final class UpscaleCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "INPUT", description = "Image to read (PNG, JPEG, BMP, GIF, TIFF, WebP).")
    Path input;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "OUTPUT",
            description = "Image to write; the format follows the extension (.png, .jpg).")
    Path output;

    @Option(names = {"-m", "--model"}, defaultValue = "bicubic", paramLabel = "MODEL",
            description = "nearest, bilinear, bicubic (MATLAB imresize) or lanczos. Default: ${DEFAULT-VALUE}.")
    String model;

    @Option(names = {"-s", "--scale"}, defaultValue = "4", paramLabel = "S",
            description = "Scale factor, any real number > 0 (e.g. 4, 2.5, 0.5). Default: ${DEFAULT-VALUE}.")
    double scale;

    @Option(names = "--quality", defaultValue = "95", paramLabel = "Q",
            description = "JPEG quality 1-100 when writing JPEG. Default: ${DEFAULT-VALUE}.")
    int quality;

    @Override
    public Integer call() throws IOException {
        ResampleFilter filter = parseFilter();
        if (!(scale > 0) || Double.isInfinite(scale)) {
            throw new ParameterException(spec.commandLine(), "--scale must be a number > 0, got " + scale);
        }
        if (quality < 1 || quality > 100) {
            throw new ParameterException(spec.commandLine(), "--quality must be 1..100, got " + quality);
        }
        if (Files.exists(output) && Files.exists(input) && Files.isSameFile(input, output)) {
            throw new ParameterException(spec.commandLine(),
                    "output " + output + " is the input file; sr4j never overwrites its input");
        }
        ImageEncoder encoder = ImageEncoder.builder().jpegQuality(quality).build();
        encoder.formatFor(output); // an unknown extension fails here, before any work

        long start = System.nanoTime();
        Picture picture = new ImageDecoder().decode(input);
        Resampler resampler = Resampler.of(filter).withThreads(Runtime.getRuntime().availableProcessors());
        PlanarImage rgb = resampler.scale(picture.rgb(), scale);
        PlanarImage alpha = picture.alpha().map(a -> resampler.scale(a, scale).clampInPlace(0f, 1f)).orElse(null);
        Picture result = picture.withPixels(rgb, alpha);
        encoder.write(result, output);

        PrintWriter err = spec.commandLine().getErr();
        err.printf(Locale.ROOT, "%s %dx%d -> %s %dx%d (%s x%s, %.2f s)%n", input, picture.width(), picture.height(),
                output, result.width(), result.height(), filter.id(), formatScale(scale),
                (System.nanoTime() - start) / 1e9);
        err.flush();
        return Sr4jCommand.OK;
    }

    private ResampleFilter parseFilter() {
        try {
            return ResampleFilter.parse(model);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "unknown --model '" + model + "': " + e.getMessage());
        }
    }

    private static String formatScale(double s) {
        return s == Math.rint(s) ? Long.toString((long) s) : Double.toString(s);
    }
}
