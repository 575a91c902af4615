package io.sr4j.cli;

import io.sr4j.Sr4jException;
import io.sr4j.color.ColourProfiles;
import io.sr4j.color.IccConversion;
import io.sr4j.image.ImageMetadata;
import io.sr4j.image.Picture;
import io.sr4j.image.SourceInfo;
import io.sr4j.io.ImageDecoder;
import io.sr4j.io.ImageEncodeException;
import io.sr4j.io.ImageEncoder;
import io.sr4j.io.ImageFormat;
import io.sr4j.io.Provenance;
import io.sr4j.io.XmpPackets;
import io.sr4j.model.ModelCatalog;
import io.sr4j.model.ModelInfo;
import io.sr4j.model.ModelStore;
import io.sr4j.upscale.AlphaMode;
import io.sr4j.upscale.BandTransform;
import io.sr4j.upscale.ModelChooser;
import io.sr4j.upscale.OutputOptions;
import io.sr4j.upscale.TileProgress;
import io.sr4j.upscale.UpscaleResult;
import io.sr4j.upscale.Precision;
import io.sr4j.upscale.Upscaler;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
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

    @Option(names = "--quality", paramLabel = "Q", description = "Quality 1-100 when writing JPEG or lossy WebP. "
            + "Default: ${DEFAULT-VALUE}.")
    int quality = 95;

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

    /** The default {@code --name} template of batch mode. */
    abstract String defaultNameTemplate();

    /**
     * Runs {@code modelRef} over the inputs and writes the outputs: one image to one file, or a
     * batch (several inputs, a directory, a glob, or an output directory) through {@link BatchRunner}.
     *
     * @param modelRef a catalogue id, a model file, {@code auto}, or null for the built-in network
     *                 that fits the scale ({@link ModelChooser#chooseBuiltIn})
     * @param scale    the factor asked for, or null for the model's own (4 for classical filters and auto)
     * @param width    width to fit, or null
     * @param height   height to fit, or null
     */
    final int run(String modelRef, Double scale, Integer width, Integer height) {
        checkOptions(scale, width, height);
        Precision arithmetic = precision.precision();
        ImageFormat chosenFormat = format == null ? null : ImageFormat.fromName(format)
                .filter(ImageFormat::isWritable)
                .orElseThrow(() -> usage("--format " + format + ": sr4j writes " + writableExtensions()));
        ImageEncoder encoder = ImageEncoder.builder().quality(quality).lossless(lossless)
                .bitDepth(bitDepthChoice()).build();
        OutputOptions options = outputOptions(scale, width, height, encoder);
        boolean batch = isBatch();
        if (!batch) {
            checkOutput(encoder, chosenFormat);
        }
        Sr4jCommand root = Sr4jCommand.of(spec);
        ModelStore store = root.store();
        ConsoleFetchListener fetchListener = new ConsoleFetchListener(spec.commandLine().getErr(), root.interactive());
        ModelChooser chooser = new ModelChooser(store.catalog());
        boolean fitting = width != null || height != null;
        if (modelRef == null && !fitting) {
            modelRef = chooser.chooseBuiltIn(scale != null ? scale : ImageModels.DEFAULT_SCALE);
        }
        // Checked before any work: an unknown id is a usage error even when every input is bad.
        ModelChoice fixed = modelRef == null || AUTO.equals(modelRef) ? null : chooseModel(store, modelRef);
        ImageModels modelsFor = fixed != null ? ImageModels.fixed(fixed)
                : modelRef != null ? new AutoPipeline(store.catalog()) : builtInFor(chooser, store);
        PrintWriter err = spec.commandLine().getErr();
        try (UpscalerCache models = new UpscalerCache(() -> newBuilder(store, fetchListener, arithmetic),
                fetchListener)) {
            BatchRunner.ImageJob job = (in, out) -> upscaleFile(models, modelsFor, options, in, out);
            if (!batch) {
                err.println(job.process(Path.of(inputs.get(0)), output).summary());
                err.flush();
                return Sr4jCommand.OK;
            }
            String modelName = fixed != null ? fixed.name() : modelRef != null ? AUTO : DEFAULT_NAME;
            BatchPlan plan = planBatch(new OutputNames(nameTemplate != null ? nameTemplate : defaultNameTemplate(),
                    output, chosenFormat, scaleName(scale, width, height, fixed, models), modelName));
            return new BatchRunner(err, skipExisting, System::nanoTime)
                    .run(plan.items(), plan.unmatched(), (in, out) -> {
                        prepareBatchOutput(in, out);
                        return job.process(in, out);
                    })
                    .exitCode();
        }
    }

    /**
     * No model named and a size to fit: the built-in network for the scale that size asks of each
     * image (a download-free default, like the one for a scale).
     */
    private static ImageModels builtInFor(ModelChooser chooser, ModelStore store) {
        return (file, picture, options) -> {
            double wanted = options.geometry(picture.width(), picture.height(), ImageModels.DEFAULT_SCALE).scale();
            return List.of(ModelChoice.catalogued(store.catalog().get(chooser.chooseBuiltIn(wanted))));
        };
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

    /** The {@code {scale}} of output names: the factor, "w1920"/"h1080" when fitting, the model's own by default. */
    private static String scaleName(Double scale, Integer width, Integer height, ModelChoice fixed,
                                    UpscalerCache models) {
        if (scale != null) {
            return Sizes.scale(scale);
        }
        if (width != null || height != null) {
            return (width != null ? "w" + width : "") + (height != null ? "h" + height : "");
        }
        if (fixed == null) {
            return Sizes.scale(4);
        }
        int nativeScale = fixed.info().map(ModelInfo::scale).orElseGet(() -> models.get(fixed).nativeScale());
        return Sizes.scale(defaultScale(nativeScale));
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

    /**
     * The per-image work: decodes {@code in}, converts it to sRGB, runs the model (loaded on first
     * use; with {@code --model auto} the models its assessment calls for), and writes {@code out}
     * atomically, streaming PNG output band by band.
     */
    private BatchRunner.Done upscaleFile(UpscalerCache models, ImageModels modelsFor, OutputOptions options, Path in,
                                         Path out) {
        long start = System.nanoTime();
        // The networks were trained on sRGB: pixels tagged with another profile are converted first.
        Picture picture = ColourProfiles.toSrgb(new ImageDecoder(options.maxPixels()).decode(in));
        List<ModelChoice> steps = modelsFor.steps(in, picture, options);
        ModelChoice last = steps.get(steps.size() - 1);
        for (ModelChoice restore : steps.subList(0, steps.size() - 1)) {
            // Restoration before the enlarger (auto: JPEG/noise removal at 1x), in memory at the input's size.
            picture = models.get(restore).upscale(picture, 1.0, TileProgress.none());
        }
        Upscaler upscaler = models.get(last);
        boolean network = upscaler.nativeScale() != 0;
        double s = options.geometry(picture.width(), picture.height(), upscaler.nativeScale()).scale();
        Picture described = describe(picture, steps, models, s, network);
        OutputOptions perImage = options;
        if (keepProfile) {
            Optional<byte[]> profile = ColourProfiles.profileToRestore(described.source());
            if (profile.isPresent()) {
                perImage = options.withColourTransform(backInto(profile.get()));
                described = described.withSource(described.source().withIccProfile(profile));
            }
        }
        Sr4jCommand root = Sr4jCommand.of(spec);
        ProgressBar bar = new ProgressBar(spec.commandLine().getErr(), root.interactive() && network, System::nanoTime);
        UpscaleResult result;
        try {
            result = upscaler.upscaleToFile(described, in.toString(), out, perImage, network ? bar : TileProgress.none());
        } catch (OutOfMemoryError e) {
            throw new Sr4jException(in + ": not enough memory to enlarge " + picture.width() + "x"
                    + picture.height() + " (Java heap limit " + Sizes.megabytes(Runtime.getRuntime().maxMemory())
                    + "); give Java more with SR4J_JAVA_OPTS=-Xmx…, or choose a smaller --tile", e);
        } finally {
            bar.finish();
        }
        String summary = String.format(Locale.ROOT, "%s %dx%d -> %s %dx%d (%s x%s%s, %.2f s)", in,
                result.inputWidth(), result.inputHeight(), out, result.outputWidth(), result.outputHeight(),
                modelNames(steps), Sizes.scale(s),
                network ? ", " + result.tiles() + (result.tiles() == 1 ? " tile" : " tiles") : "",
                (System.nanoTime() - start) / 1e9);
        return new BatchRunner.Done((long) result.inputWidth() * result.inputHeight(), summary);
    }

    /** Output bands from sRGB back into {@code profile} ({@code --keep-profile}). */
    private static BandTransform backInto(byte[] profile) {
        if (IccConversion.isSrgb(profile)) {
            return BandTransform.identity();
        }
        IccConversion conversion = IccConversion.fromSrgb(profile);
        return rgb -> conversion.applyRows(rgb, 0, rgb.height());
    }

    /**
     * The output's metadata: EXIF and XMP copied, with a provenance note in the XMP, unless
     * {@code --strip-metadata}.
     */
    private Picture describe(Picture picture, List<ModelChoice> steps, UpscalerCache models, double s,
                             boolean network) {
        ImageMetadata metadata = picture.source().metadata();
        if (stripMetadata) {
            metadata = metadata.stripped();
        } else {
            ModelChoice last = steps.get(steps.size() - 1);
            Provenance note = new Provenance("sr4j " + VersionProvider.version(), modelNames(steps),
                    models.weightsSha256(last), Sizes.scale(s), network ? tileSize : 0, Instant.now());
            metadata = metadata.withXmp(XmpPackets.withProvenance(metadata.xmp(), note));
        }
        SourceInfo source = picture.source().withMetadata(metadata);
        return picture.withSource(source);
    }

    private static String modelNames(List<ModelChoice> steps) {
        return String.join(" then ", steps.stream().map(ModelChoice::name).toList());
    }

    /** The scale used when none is asked for: the network's own, or 4 for classical filters. */
    private static double defaultScale(int nativeScale) {
        return nativeScale == ModelInfo.ANY_SCALE ? 4 : nativeScale;
    }

    private OutputOptions outputOptions(Double scale, Integer width, Integer height, ImageEncoder encoder) {
        OutputOptions.Builder b = OutputOptions.builder().encoder(encoder).maxPixels(maxPixels);
        if (scale != null) {
            b.scale(scale);
        }
        if (width != null) {
            b.width(width);
        }
        if (height != null) {
            b.height(height);
        }
        return b.build();
    }

    private ImageEncoder.BitDepth bitDepthChoice() {
        return switch (bitDepth) {
            case "8" -> ImageEncoder.BitDepth.EIGHT;
            case "16" -> ImageEncoder.BitDepth.SIXTEEN;
            default -> ImageEncoder.BitDepth.SOURCE;
        };
    }

    private void checkOptions(Double scale, Integer width, Integer height) {
        if (scale != null && (!(scale > 0) || Double.isInfinite(scale))) {
            throw usage("--scale must be a number > 0, got " + Sizes.scale(scale));
        }
        if (width != null && width < 1 || height != null && height < 1) {
            throw usage("--width and --height must be >= 1, got " + (width != null && width < 1 ? width : height));
        }
        if (scale != null && (width != null || height != null)) {
            throw usage("give --scale or --width/--height, not both");
        }
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
            throw usage("--quality must be 1..100, got " + quality);
        }
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

    /**
     * The catalogue model or model file {@code ref} names. A catalogue id wins over a file of the
     * same name in the working directory; anything that is neither is an unknown id (exit 2, with
     * suggestions).
     */
    private ModelChoice chooseModel(ModelStore store, String ref) {
        ModelCatalog catalog = store.catalog();
        Optional<ModelInfo> info = catalog.find(ref);
        if (info.isPresent()) {
            return ModelChoice.catalogued(info.get());
        }
        Path file = asModelFile(ref);
        if (file == null) {
            // A local model (sr4j train's output in $SR4J_HOME/local-models) is named like a catalogue id.
            file = store.localModel(ref).orElse(null);
        }
        if (file == null) {
            catalog.get(ref); // throws ModelNotFoundException with the closest ids
        }
        if (!Files.isRegularFile(file)) {
            throw usage("--model " + ref + ": no such model file (give a catalogue id from 'sr4j models list',"
                    + " an .onnx file or an ncnn .param file)");
        }
        return ModelChoice.file(file);
    }

    /** The path {@code ref} names if it reads as a file (an extension sr4j loads, a directory part, or an existing file). */
    private static Path asModelFile(String ref) {
        String lower = ref.toLowerCase(Locale.ROOT);
        try {
            Path path = Path.of(ref);
            if (lower.endsWith(".onnx") || lower.endsWith(".param") || ref.indexOf('/') >= 0
                    || ref.indexOf(java.io.File.separatorChar) >= 0 || Files.exists(path)) {
                return path;
            }
        } catch (InvalidPathException e) {
            return null;
        }
        return null;
    }

    final ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
