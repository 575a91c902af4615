package io.sr4j.cli;

import io.sr4j.eval.DeblurBaseline;
import io.sr4j.eval.Degradation;
import io.sr4j.eval.EvalReport;
import io.sr4j.eval.Evaluation;
import io.sr4j.io.AtomicFiles;
import io.sr4j.model.ModelStore;
import io.sr4j.upscale.Precision;
import io.sr4j.upscale.Upscaler;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import io.sr4j.pipeline.PipelineSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code sr4j eval}: PSNR/SSIM of models on HR images, as SR papers measure them. */
@Command(
        name = "eval",
        mixinStandardHelpOptions = true,
        description = {"Measure models as SR papers do: each HR image is cropped to a multiple of the scale, "
            + "reduced by MATLAB-exact bicubic (antialiased) and rounded to 8 bits, optionally degraded, then "
            + "enlarged by every model; PSNR and SSIM are computed on Y (BT.601) of the 8-bit output against "
            + "the HR image with SCALE pixels shaved from each border.",
            "Prints each result as it comes (stderr) and the report: the mean per model, then every image."},
        footer = {"", "Examples:",
            "  sr4j eval --hr photos/ --scale 4 --models bicubic,lanczos,realesrgan-x4fast",
            "  sr4j eval --hr photos/ --scale 2 --models bicubic,realcugan-up2x-conservative --out x2.csv",
            "  # 1x restoration of JPEG q30 inputs",
            "  sr4j eval --hr photos/ --scale 1 --degrade jpeg:30 --models bicubic,waifu2x-cunet-noise2",
            "  sr4j eval --hr photos/ --scale 4 --models bicubic,realesrgan-x4plus --crop 256 --save-crops crops/",
            "  # 1x deblurring: the blurred input against Wiener and Richardson-Lucy given the true kernel",
            "  sr4j eval --hr photos/ --scale 1 --degrade blur:motion:15:30+jpeg:90 --baseline wiener,richardson-lucy",
            "  # one pipeline against its stages run as two commands (JPEG q40 inputs)",
            "  sr4j eval --hr photos/ --scale 2 --degrade jpeg:40 --pipeline denoise=1,sr=2",
            "  sr4j eval --hr photos/ --scale 2 --degrade jpeg:40 --pipeline denoise=1,sr=2 --stages-apart"})
final class EvalCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--hr", required = true, paramLabel = "DIR",
            description = "Directory of high-resolution images (png, jpg, bmp, tif, webp), read in name order.")
    Path hrDir;

    @Option(names = "--scale", required = true, paramLabel = "N", description = "Enlargement factor (1 for restoration).")
    int scale;

    @Option(names = {"-m", "--models"}, split = ",", paramLabel = "ID",
            description = "Catalogue ids, comma-separated; 'bicubic' and 'lanczos' are the classical baselines.")
    List<String> models = List.of();

    @Option(names = {"-p", "--pipeline"}, paramLabel = "SPEC", description = {"Also measure a pipeline, as "
            + "'sr4j restore' runs it (8-bit PNG in and out; repeatable), e.g. --pipeline denoise=1,sr=2."})
    List<String> pipelines = List.of();

    @Option(names = "--stages-apart", description = "Run each pipeline's stages one by one with an 8-bit PNG between "
            + "them, as separate commands would.")
    boolean stagesApart;

    @Option(names = "--degrade", paramLabel = "KIND", defaultValue = "none",
            description = {"Damage done to the model input (the bicubic-reduced image; at --scale 1 the HR image): "
                + "none, or steps joined by '+', done in that order, the blur first: blur:motion:LEN:ANGLE "
                + "(pixels, degrees counter-clockwise, 0 = horizontal), blur:defocus:RADIUS (pixels), "
                + "blur:gauss:SIGMA (pixels; blur:SIGMA is the same), noise:SIGMA (0-255 scale), jpeg:Q; "
                + "e.g. blur:motion:15:30+jpeg:90. Default: ${DEFAULT-VALUE}."})
    String degrade;

    @Option(names = "--baseline", split = ",", paramLabel = "METHOD", description = {"Non-blind deblurring "
            + "baselines, measured beside the degraded input ('input'): each is GIVEN THE TRUE KERNEL of the "
            + "--degrade blur, which real photos never come with, so they exist only here, as the score a blind "
            + "model must beat: wiener, wiener:NSR, richardson-lucy, richardson-lucy:ITERATIONS, tv, tv:LAMBDA "
            + "(sparse-gradient prior, what sr4j-deblur runs). Above scale 1 "
            + "the deblurred input is enlarged by bicubic."})
    List<String> baselines = List.of();

    @Option(names = "--crop", paramLabel = "PIXELS",
            description = "First crop each HR image to a centred square of at most PIXELS (keeps runs short).")
    int crop;

    @Option(names = {"-o", "--out"}, paramLabel = "FILE",
            description = "Write the report to FILE (.md Markdown or .csv) instead of stdout.")
    Path out;

    @Option(names = "--save-crops", paramLabel = "DIR",
            description = "Write side-by-side crops (bicubic | model | HR) per image and model into DIR (created).")
    Path cropsDir;

    @Option(names = "--tile", paramLabel = "N", description = "Tile edge in input pixels. Default: ${DEFAULT-VALUE}.")
    int tileSize = Upscaler.DEFAULT_TILE_SIZE;

    @Option(names = "--threads", paramLabel = "N", description = "Threads to use. Default: every core (${DEFAULT-VALUE}).")
    int threads = Runtime.getRuntime().availableProcessors();

    @Mixin
    PrecisionOption precision;

    @Override
    public Integer call() throws IOException {
        Degradation degradation = checkOptions();
        List<DeblurBaseline> methods = baselines.stream().map(DeblurBaseline::parse).toList();
        Precision arithmetic = precision.precision();
        List<Path> images = Evaluation.imagesIn(hrDir);
        ModelStore store = Sr4jCommand.of(spec).store();
        // Unknown ids: usage error before any work. Local models (sr4j train's) count as known.
        models.stream().filter(m -> store.localModel(m).isEmpty()).forEach(store.catalog()::get);
        if (cropsDir != null) {
            Files.createDirectories(cropsDir);
        }
        Evaluation.Builder builder = Evaluation.builder().images(images).scale(scale).models(models)
                .pipelines(pipelines).stagesApart(stagesApart).baselines(methods)
                .degradation(degradation).maxSize(crop).tileSize(tileSize).threads(threads).store(store)
                .precision(arithmetic);
        if (cropsDir != null) {
            builder.saveCrops(cropsDir);
        }
        PrintWriter err = spec.commandLine().getErr();
        EvalReport report = builder.build().run(r -> {
            err.printf(Locale.ROOT, "%s %s: PSNR %.2f dB, SSIM %.4f, %.2f s%n", r.image(), r.model(), r.psnr(),
                    r.ssim(), r.seconds());
            err.flush();
        });
        String text = isCsv() ? report.toCsv() : report.toMarkdown();
        if (out == null) {
            spec.commandLine().getOut().print(text);
            spec.commandLine().getOut().flush();
        } else {
            try {
                AtomicFiles.write(out, stream -> stream.write(text.getBytes(StandardCharsets.UTF_8)));
            } catch (IOException e) {
                throw new UncheckedIOException(out + ": cannot write the report (" + e.getMessage() + ")", e);
            }
            err.println("report written to " + out);
        }
        return Sr4jCommand.OK;
    }

    private boolean isCsv() {
        return out != null && out.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv");
    }

    private Degradation checkOptions() {
        if (models.isEmpty() && pipelines.isEmpty() && baselines.isEmpty()) {
            throw usage("name --models, a --pipeline or a --baseline");
        }
        for (String b : baselines) {
            try {
                DeblurBaseline.parse(b);
            } catch (IllegalArgumentException e) {
                throw usage("--baseline: " + e.getMessage());
            }
        }
        for (String p : pipelines) {
            try {
                PipelineSpec.parse(p);
            } catch (IllegalArgumentException e) {
                throw usage("--pipeline " + p + ": " + e.getMessage());
            }
        }
        if (scale < 1) {
            throw usage("--scale must be >= 1, got " + scale);
        }
        if (crop < 0) {
            throw usage("--crop must be >= 0, got " + crop);
        }
        if (tileSize < 16) {
            throw usage("--tile must be >= 16, got " + tileSize);
        }
        if (threads < 1) {
            throw usage("--threads must be >= 1, got " + threads);
        }
        if (out != null) {
            String name = out.getFileName().toString().toLowerCase(Locale.ROOT);
            if (!name.endsWith(".md") && !name.endsWith(".csv")) {
                throw usage("--out " + out + ": the report is written as .md or .csv");
            }
        }
        if (!Files.isDirectory(hrDir)) {
            throw usage("--hr " + hrDir + ": no such directory");
        }
        Degradation degradation;
        try {
            degradation = Degradation.parse(degrade);
        } catch (IllegalArgumentException e) {
            throw usage("--degrade: " + e.getMessage());
        }
        if (!baselines.isEmpty() && degradation.kernel().isEmpty()) {
            throw usage("--baseline is given the true blur kernel: --degrade needs a blur step (blur:motion:LEN:ANGLE, "
                    + "blur:defocus:R or blur:gauss:SIGMA), got " + degradation);
        }
        return degradation;
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
