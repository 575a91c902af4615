package io.sr4j.cli;

import io.sr4j.Sr4jException;
import io.sr4j.io.ImageDecoder;
import io.sr4j.io.ImageEncodeException;
import io.sr4j.io.ImageEncoder;
import io.sr4j.io.ImageFormat;
import io.sr4j.model.ModelInfo;
import io.sr4j.model.ModelStore;
import io.sr4j.pipeline.ImageRestorer;
import io.sr4j.pipeline.LoadedModels;
import io.sr4j.pipeline.ModelRef;
import io.sr4j.pipeline.ModelResolver;
import io.sr4j.pipeline.PipelineSpec;
import io.sr4j.pipeline.RestoreOptions;
import io.sr4j.pipeline.RestoreResult;
import io.sr4j.pipeline.SizeRequest;
import io.sr4j.pipeline.StageKind;
import io.sr4j.pipeline.StageSpec;
import io.sr4j.upscale.AlphaMode;
import io.sr4j.upscale.Precision;
import io.sr4j.upscale.Upscaler;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * What {@code upscale} and {@code denoise} share: images in, images out through one
 * {@link Upscaler}. Everything that can be checked without work is checked first (options, output
 * format and directory, model id), then each input is decoded (so a bad input costs no model
 * download), the model is loaded on first need and kept for the whole run, and each result is
 * written atomically. Several inputs, directories and globs make a batch ({@link BatchInputs},
 * {@link OutputNames}, {@link BatchRunner}); the per-image work is {@link #upscaleFile}.
 */
abstract class ImageCommand implements Callable<Integer> {
    /** {@code --model auto}: {@link AutoPipeline} picks the model(s) for each image. */
    static final String AUTO = "auto";
    /** The {@code {model}} of output names when no model is named and each image's size picks one. */
    static final String DEFAULT_NAME = "sr4j-fast";
    /** The factor {@code upscale} and {@code --model auto} enlarge by when none is asked. */
    static final int DEFAULT_SCALE = 4;

    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "INPUT",
            description = {"Images to read (PNG, JPEG, BMP, GIF, TIFF, WebP): files, directories and quoted globs "
                    + "('photos/**/*.jpg', expanded by sr4j)."})
    List<String> inputs;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "OUTPUT",
            description = {"Image to write (.png, .jpg, .webp, .bmp); written to a temporary file, then renamed.",
                "With several inputs, a directory or a glob: the directory to write into (created if needed); "
                    + "outputs mirror the input tree under it."})
    Path output;

    @Option(names = {"-r", "--recursive"}, description = "Also read the images in subdirectories of directory inputs.")
    boolean recursive;

    @Option(names = "--name", paramLabel = "TEMPLATE",
            description = {"Output file name in batch mode. Fields: " + OutputNames.FIELDS + ".",
                "Default: {name}_x{scale}.{ext} (upscale), {name}_denoised.{ext} (denoise)."})
    String nameTemplate;

    @Option(names = "--format", paramLabel = "png|jpg|webp|bmp",
            description = "Output format in batch mode. Default: the input's format when sr4j writes it, else PNG.")
    String format;

    @Option(names = "--skip-existing", description = "Batch mode: leave images whose output exists alone "
            + "(resumes an interrupted run).")
    boolean skipExisting;

    @Option(names = "--keep-profile", description = {"Convert the output back into the input's ICC colour profile "
            + "and embed it. Default: pixels are converted to sRGB for the network and written as sRGB."})
    boolean keepProfile;

    @Option(names = "--strip-metadata", description = "Write no EXIF, no XMP and no provenance note (the ICC "
            + "profile is still written when the pixels need it).")
    boolean stripMetadata;

    @Option(names = "--tile", paramLabel = "N",
            description = "Square tiles of this edge in input pixels (>= 16); larger is faster and needs more "
                    + "memory. Default: automatic per image and model: the whole image as one tile when it fits "
                    + "an engine memory budget of about 512 MB, else full-width strips, else square tiles, as "
                    + "large as fit (big images still stream).")
    int tileSize = Upscaler.AUTO_TILE_SIZE;

    @Option(names = "--tile-padding", paramLabel = "P",
            description = "Context pixels around each tile. Default: the value measured for the model "
                    + "(tiled output then matches whole-image output).")
    Integer tilePadding;

    @Option(names = "--threads", paramLabel = "N", description = "Threads to use. Default: every core (${DEFAULT-VALUE}).")
    int threads = Runtime.getRuntime().availableProcessors();

    @Mixin
    PrecisionOption precision;

    @Option(names = "--jpeg-quality", paramLabel = "Q", description = "Encoder quality 1-100 when writing JPEG or "
            + "lossy WebP. Default: ${DEFAULT-VALUE}.")
    int quality = 95;

    @Mixin
    QualityOption tier;

    @Option(names = "--lossless", description = "Write WebP lossless (bit-exact 8-bit RGB/RGBA) instead of lossy.")
    boolean lossless;

    @Option(names = "--alpha", paramLabel = "MODE", description = "How transparency is enlarged: bicubic (default) "
            + "or model (the network on the alpha channel).")
    String alpha = "bicubic";

    @Option(names = "--bit-depth", paramLabel = "auto|8|16", description = "Bits per sample of a PNG output; auto "
            + "keeps the input's (16-bit in, 16-bit out). Default: ${DEFAULT-VALUE}.")
    String bitDepth = "auto";

    @Option(names = "--max-pixels", paramLabel = "N", description = "Refuse inputs with more pixels than this, "
            + "read from the header before decoding (protects against decompression bombs). Default: ${DEFAULT-VALUE}.")
    long maxPixels = ImageDecoder.DEFAULT_MAX_PIXELS;

    @Mixin
    HdrOptions hdr = new HdrOptions();

    @Mixin
    DiffusionOptions diffusion = new DiffusionOptions();

    /** The default {@code --name} template of batch mode. */
    abstract String defaultNameTemplate();

    /**
     * Runs {@code asked} (closed by {@code --hdr}, if given) over the inputs and writes the outputs:
     * one image to one file, or a batch (several inputs, a directory, a glob, or an output directory)
     * through {@link BatchRunner}.
     * The per-image work is the library's {@link ImageRestorer}; this class parses, checks and
     * reports.
     *
     * @param asked what to run; its models are resolved (not loaded) before any input is read
     */
    final int run(PipelineSpec asked) {
        checkOptions();
        PipelineSpec pipeline = hdr.closing(asked, this::usage);
        Precision arithmetic = precision.precision();
        ImageFormat chosenFormat = format == null ? null : ImageFormat.fromName(format)
                .filter(ImageFormat::isWritable)
                .orElseThrow(() -> usage("--format " + format + ": sr4j writes " + writableExtensions()));
        ImageEncoder encoder = ImageEncoder.builder().quality(quality).lossless(lossless)
                .bitDepth(bitDepthChoice()).build();
        if (pipeline.hdr() != null && chosenFormat != null && chosenFormat != ImageFormat.PNG) {
            throw usage("--format " + format + ": HDR output is 16-bit PNG with a cICP chunk");
        }
        boolean batch = isBatch();
        if (!batch) {
            checkOutput(encoder, chosenFormat);
        }
        Sr4jCommand root = Sr4jCommand.of(spec);
        ModelStore store = root.store();
        ConsoleFetchListener fetchListener = new ConsoleFetchListener(spec.commandLine().getErr(), root.interactive());
        ModelResolver resolver = new ModelResolver(store, true).withSampling(diffusion.settings());
        checkDiffusion(pipeline, resolver);
        RestoreOptions options = RestoreOptions.builder().encoder(encoder).maxPixels(maxPixels)
                .keepProfile(keepProfile)
                .metadata(stripMetadata ? RestoreOptions.Metadata.STRIP : RestoreOptions.Metadata.COPY_WITH_PROVENANCE)
                .software("sr4j " + VersionProvider.version()).noteTileSize(tileSize).quality(tier.tier()).build();
        PrintWriter err = spec.commandLine().getErr();
        try (LoadedModels models = new LoadedModels(ref -> {
            Upscaler upscaler = ref.configure(newBuilder(store, fetchListener, arithmetic)).build();
            fetchListener.endProgressLine();
            return upscaler;
        })) {
            // Checked before any work: an unknown id is a usage error even when every input is bad.
            ImageRestorer restorer = new ImageRestorer(pipeline, resolver, models, options);
            BatchRunner.ImageJob job = (in, out) -> restoreFile(restorer, in, out);
            if (!batch) {
                err.println(job.process(Path.of(inputs.get(0)), output).summary());
                err.flush();
                return Sr4jCommand.OK;
            }
            String[] fields = nameFields(pipeline, resolver, models);
            BatchPlan plan = planBatch(new OutputNames(nameTemplate != null ? nameTemplate : defaultNameTemplate(),
                    output, chosenFormat, fields[0], fields[1]));
            return new BatchRunner(err, skipExisting, System::nanoTime)
                    .run(plan.items(), plan.unmatched(), (in, out) -> {
                        prepareBatchOutput(in, out);
                        return job.process(in, out);
                    })
                    .exitCode();
        }
    }

    private Upscaler.Builder newBuilder(ModelStore store, ConsoleFetchListener fetchListener, Precision arithmetic) {
        Upscaler.Builder builder = Upscaler.builder().store(store).tileSize(tileSize).threads(threads)
                .precision(arithmetic)
                .fetchListener(fetchListener).alphaMode("model".equals(alpha) ? AlphaMode.MODEL : AlphaMode.BICUBIC);
        if (tilePadding != null) {
            builder.tilePadding(tilePadding);
        }
        return builder;
    }

    /**
     * The {@code {scale}} and {@code {model}} of output names: the factor asked of the sr stages
     * (their models' own where none is asked; "w1920"/"h1080" when fitting), and the model of the
     * last stage ({@code auto}, or {@value #DEFAULT_NAME} when each image's size picks one).
     */
    private static String[] nameFields(PipelineSpec pipeline, ModelResolver resolver, LoadedModels models) {
        if (pipeline.auto()) {
            return new String[] {pipeline.autoSize().isNone() ? AUTO : pipeline.autoSize().toString(), AUTO};
        }
        double factor = 1;
        String fit = null;
        for (StageSpec stage : pipeline.stages()) {
            if (stage.kind() != StageKind.SR) {
                continue;
            }
            SizeRequest size = stage.size();
            if (size.isFit()) {
                fit = size.toString();
            } else if (size.scale() != null) {
                factor *= size.scale();
            } else if (stage.model() != null) {
                ModelRef ref = resolver.resolve(stage.model());
                int own = ref.catalogueScale().orElseGet(() -> models.get(ref).nativeScale());
                factor *= own == ModelInfo.ANY_SCALE || own == 0 ? DEFAULT_SCALE : own;
            } else {
                factor *= DEFAULT_SCALE; // the built-in network's default
            }
        }
        StageSpec last = pipeline.stages().get(pipeline.stages().size() - 1);
        String model = last.model() != null ? resolver.resolve(last.model()).name()
                : last.kind() == StageKind.DENOISE ? DenoiseCommand.modelForLevel(last.denoiseLevel())
                : last.kind() == StageKind.ENHANCE || last.kind() == StageKind.DEBLUR ? last.kind().token()
                : DEFAULT_NAME;
        return new String[] {fit != null ? fit : Sizes.scale(factor), model};
    }

    /**
     * Sampling options go with a diffusion model: given for none, they are a usage error; used, the
     * settings are printed so that a result can be reproduced.
     */
    private void checkDiffusion(PipelineSpec pipeline, ModelResolver resolver) {
        boolean sampled = false;
        for (StageSpec stage : pipeline.stages()) {
            if (stage.model() != null) {
                try {
                    sampled |= resolver.resolve(stage.model()).isDiffusion();
                } catch (RuntimeException e) {
                    // an unknown model is reported with its suggestions when the pipeline is planned
                }
            }
        }
        if (!sampled && diffusion.given()) {
            throw usage(diffusion.named() + " set how a diffusion model is sampled (--model sr4j-diffusion-x4); "
                    + "this pipeline runs none");
        }
        if (sampled) {
            spec.commandLine().getErr().println("diffusion sampling: " + resolver.sampling());
        }
    }

    /** Batch mode: several inputs, a directory or glob input, or an existing directory as output. */
    private boolean isBatch() {
        if (inputs.size() > 1 || Files.isDirectory(output)) {
            return true;
        }
        String only = inputs.get(0);
        return BatchInputs.isGlob(only) || Files.isDirectory(Path.of(only));
    }

    private record BatchPlan(List<BatchRunner.Planned> items, List<String> unmatched) {
    }

    /** Expands the inputs and names the outputs; two inputs aiming at one output is a usage error. */
    private BatchPlan planBatch(OutputNames names) {
        if (Files.exists(output) && !Files.isDirectory(output)) {
            throw usage("-o " + output + " is a file; with several inputs, a directory or a glob, -o names the "
                    + "directory to write into");
        }
        BatchInputs.Expansion expansion = BatchInputs.expand(inputs, recursive, output);
        Map<Path, Path> byOutput = new HashMap<>();
        List<BatchRunner.Planned> items = new ArrayList<>();
        for (BatchInputs.Item item : expansion.items()) {
            Path out = names.outputFor(item);
            Path clash = byOutput.putIfAbsent(out.toAbsolutePath().normalize(), item.input());
            if (clash != null) {
                throw usage(clash + " and " + item.input() + " would both be written to " + out
                        + "; choose a --name template that tells them apart (e.g. with {inext})");
            }
            items.add(new BatchRunner.Planned(item.input(), out));
        }
        return new BatchPlan(items, expansion.unmatched());
    }

    /** Creates the output's directory and refuses to overwrite the input. */
    private static void prepareBatchOutput(Path in, Path out) {
        try {
            Files.createDirectories(out.toAbsolutePath().getParent());
            if (Files.exists(out) && Files.exists(in) && Files.isSameFile(in, out)) {
                throw new ImageEncodeException(out.toString(), "is the input file; sr4j never overwrites its input");
            }
        } catch (IOException e) {
            throw new ImageEncodeException(out.toString(), "cannot create the output directory ("
                    + e.getMessage() + ")", e);
        }
    }

    /** The per-image work: the library's restorer, with a progress bar and the summary line. */
    private BatchRunner.Done restoreFile(ImageRestorer restorer, Path in, Path out) {
        long start = System.nanoTime();
        Sr4jCommand root = Sr4jCommand.of(spec);
        ProgressBar bar = new ProgressBar(spec.commandLine().getErr(), root.interactive(), System::nanoTime);
        RestoreResult result;
        try {
            result = restorer.restore(in, out, (stage, stages, done, total) -> bar.advanced(done, total));
        } catch (OutOfMemoryError e) {
            throw new Sr4jException(in + ": not enough memory to restore it (Java heap limit "
                    + Sizes.megabytes(Runtime.getRuntime().maxMemory())
                    + "); give Java more with SR4J_JAVA_OPTS=-Xmx…, or choose a smaller --tile", e);
        } finally {
            bar.finish();
        }
        boolean network = result.tiles() > 0;
        String summary = String.format(Locale.ROOT, "%s %dx%d -> %s %dx%d (%s x%s%s, %.2f s)", in,
                result.inputWidth(), result.inputHeight(), out, result.outputWidth(), result.outputHeight(),
                result.modelNames(), result.scale(),
                network ? ", " + result.tiles() + (result.tiles() == 1 ? " tile" : " tiles") : "",
                (System.nanoTime() - start) / 1e9);
        return new BatchRunner.Done((long) result.inputWidth() * result.inputHeight(), summary);
    }

    private ImageEncoder.BitDepth bitDepthChoice() {
        return switch (bitDepth) {
            case "8" -> ImageEncoder.BitDepth.EIGHT;
            case "16" -> ImageEncoder.BitDepth.SIXTEEN;
            default -> ImageEncoder.BitDepth.SOURCE;
        };
    }

    private void checkOptions() {
        if (!alpha.equals("bicubic") && !alpha.equals("model")) {
            throw usage("--alpha must be bicubic or model, got " + alpha);
        }
        if (!bitDepth.equals("auto") && !bitDepth.equals("8") && !bitDepth.equals("16")) {
            throw usage("--bit-depth must be auto, 8 or 16, got " + bitDepth);
        }
        if (maxPixels < 1) {
            throw usage("--max-pixels must be >= 1, got " + maxPixels);
        }
        if (tileSize < 16 && tileSize != Upscaler.AUTO_TILE_SIZE) {
            throw usage("--tile must be >= 16, got " + tileSize);
        }
        if (tilePadding != null && tilePadding < 0) {
            throw usage("--tile-padding must be >= 0, got " + tilePadding);
        }
        if (threads < 1) {
            throw usage("--threads must be >= 1, got " + threads);
        }
        if (quality < 1 || quality > 100) {
            throw usage("--jpeg-quality must be 1..100, got " + quality);
        }
        tier.tier();
        if (nameTemplate != null) {
            try {
                OutputNames.validate(nameTemplate);
            } catch (IllegalArgumentException e) {
                throw usage(e.getMessage());
            }
        }
    }

    /** Output format, input ≠ output, and an existing directory: all before any work. */
    private void checkOutput(ImageEncoder encoder, ImageFormat chosenFormat) {
        Path input = Path.of(inputs.get(0));
        try {
            ImageFormat named = encoder.formatFor(output);
            if (chosenFormat != null && named != chosenFormat) {
                throw usage("--format " + format + " contradicts the output name " + output);
            }
        } catch (ImageEncodeException e) {
            if (ImageFormat.fromFileName(output.toString()).filter(ImageFormat::isWritable).isPresent()) {
                throw e; // a format sr4j writes but cannot here (libwebp did not load): not a usage error
            }
            // The encoder's own advice mentions choosing a format in code; the command line has the extension only.
            String name = output.getFileName() == null ? "" : output.getFileName().toString();
            int dot = name.lastIndexOf('.');
            String ext = dot > 0 && dot < name.length() - 1 ? name.substring(dot + 1) : "";
            throw usage(output + ": " + (ext.isEmpty() ? "no file extension to choose the output format from"
                    : "sr4j cannot write '." + ext + "' files") + "; use one of " + writableExtensions());
        }
        try {
            if (Files.exists(output) && Files.exists(input) && Files.isSameFile(input, output)) {
                throw usage("output " + output + " is the input file; sr4j never overwrites its input");
            }
        } catch (IOException e) {
            throw new Sr4jException("cannot compare " + input + " and " + output + ": " + e.getMessage(), e);
        }
        if (Files.isDirectory(output)) {
            throw usage("output " + output + " is a directory; name the image file to write");
        }
        Path dir = output.toAbsolutePath().getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new ImageEncodeException(output.toString(), "output directory " + dir + " does not exist");
        }
        if (!Files.isWritable(dir)) {
            throw new ImageEncodeException(output.toString(), "cannot write in " + dir + " (permission denied)");
        }
    }

    private static String writableExtensions() {
        List<String> out = new ArrayList<>();
        for (ImageFormat f : ImageFormat.values()) {
            if (f.isWritable()) {
                for (String ext : f.extensions()) {
                    out.add("." + ext);
                }
            }
        }
        return String.join(", ", out);
    }

    final ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
