package io.sr4j.cli;

import io.sr4j.Sr4jException;
import io.sr4j.image.Picture;
import io.sr4j.io.ImageDecoder;
import io.sr4j.io.ImageEncodeException;
import io.sr4j.io.ImageEncoder;
import io.sr4j.io.ImageFormat;
import io.sr4j.model.ModelCatalog;
import io.sr4j.model.ModelInfo;
import io.sr4j.model.ModelStore;
import io.sr4j.upscale.AlphaMode;
import io.sr4j.upscale.ModelChooser;
import io.sr4j.upscale.OutputOptions;
import io.sr4j.upscale.TileProgress;
import io.sr4j.upscale.UpscaleResult;
import io.sr4j.upscale.Upscaler;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * What {@code upscale} and {@code denoise} share: one image in, one image out through an
 * {@link Upscaler}. Everything that can be checked without work is checked first (options, output
 * format and directory, model id), then the input is decoded (so a bad input costs no model
 * download), then the model is loaded, run and the result written atomically.
 */
abstract class ImageCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "INPUT", description = "Image to read (PNG, JPEG, BMP, GIF, TIFF, WebP).")
    Path input;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "OUTPUT",
            description = "Image to write (.png, .jpg, .bmp); written to a temporary file, then renamed.")
    Path output;

    @Option(names = "--tile", paramLabel = "N",
            description = "Tile edge in input pixels (>= 16); larger is faster and needs more memory. "
                    + "Default: ${DEFAULT-VALUE}.")
    int tileSize = Upscaler.DEFAULT_TILE_SIZE;

    @Option(names = "--tile-padding", paramLabel = "P",
            description = "Context pixels around each tile. Default: the value measured for the model "
                    + "(tiled output then matches whole-image output).")
    Integer tilePadding;

    @Option(names = "--threads", paramLabel = "N", description = "Threads to use. Default: every core (${DEFAULT-VALUE}).")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = "--quality", paramLabel = "Q", description = "JPEG quality 1-100 when writing JPEG. "
            + "Default: ${DEFAULT-VALUE}.")
    int quality = 95;

    @Option(names = "--alpha", paramLabel = "MODE", description = "How transparency is enlarged: bicubic (default) "
            + "or model (the network on the alpha channel).")
    String alpha = "bicubic";

    @Option(names = "--bit-depth", paramLabel = "auto|8|16", description = "Bits per sample of a PNG output; auto "
            + "keeps the input's (16-bit in, 16-bit out). Default: ${DEFAULT-VALUE}.")
    String bitDepth = "auto";

    @Option(names = "--max-pixels", paramLabel = "N", description = "Refuse inputs with more pixels than this, "
            + "read from the header before decoding (protects against decompression bombs). Default: ${DEFAULT-VALUE}.")
    long maxPixels = ImageDecoder.DEFAULT_MAX_PIXELS;

    /**
     * Runs {@code modelRef} over the input and writes the output.
     *
     * @param modelRef a catalogue id, a model file, or {@code auto}
     * @param scale    the factor asked for, or null for the model's own (4 for classical filters)
     * @param width    width to fit, or null
     * @param height   height to fit, or null
     */
    final int run(String modelRef, Double scale, Integer width, Integer height) {
        checkOptions(scale, width, height);
        OutputOptions options = outputOptions(scale, width, height);
        ImageEncoder encoder = ImageEncoder.builder().jpegQuality(quality).bitDepth(options.bitDepth()).build();
        checkOutput(encoder);
        Sr4jCommand root = Sr4jCommand.of(spec);
        ModelStore store = root.store();
        ConsoleFetchListener fetchListener = new ConsoleFetchListener(spec.commandLine().getErr(), root.interactive());
        Upscaler.Builder builder = Upscaler.builder().store(store).tileSize(tileSize).threads(threads)
                .fetchListener(fetchListener).alphaMode(alphaMode());
        if (tilePadding != null) {
            builder.tilePadding(tilePadding);
        }

        // Decoded before the model is chosen and loaded, so a bad input costs no model download.
        Picture picture = new ImageDecoder(maxPixels).decode(input);
        String ref = modelRef;
        if (AUTO.equals(modelRef)) {
            double wanted = options.geometry(picture.width(), picture.height(), 4).scale();
            ref = new ModelChooser(store.catalog()).choose(wanted, ModelChooser.Content.PHOTO);
        }
        chooseModel(store.catalog(), ref, builder);
        PrintWriter err = spec.commandLine().getErr();
        try (Upscaler upscaler = builder.build()) {
            fetchListener.endProgressLine();
            boolean network = upscaler.nativeScale() != 0;
            ProgressBar bar = new ProgressBar(err, root.interactive() && network, System::nanoTime);
            UpscaleResult result;
            try {
                result = upscaler.upscaleToFile(picture, input.toString(), output, options,
                        network ? bar : TileProgress.none());
            } catch (OutOfMemoryError e) {
                throw new Sr4jException(input + ": not enough memory to enlarge " + picture.width() + "x"
                        + picture.height() + " (Java heap limit " + Sizes.megabytes(Runtime.getRuntime().maxMemory())
                        + "); give Java more with SR4J_JAVA_OPTS=-Xmx…, or choose a smaller --tile", e);
            } finally {
                bar.finish();
            }
            double s = (double) result.outputWidth() / result.inputWidth();
            err.printf(Locale.ROOT, "%s %dx%d -> %s %dx%d (%s x%s%s, %.2f s)%n", input, result.inputWidth(),
                    result.inputHeight(), output, result.outputWidth(), result.outputHeight(), upscaler.modelName(),
                    Sizes.scale(scale != null ? scale : s),
                    network ? ", " + result.tiles() + (result.tiles() == 1 ? " tile" : " tiles") : "",
                    result.seconds());
            err.flush();
        }
        return Sr4jCommand.OK;
    }

    /** {@code --model auto}: let {@link ModelChooser} pick by scale. */
    static final String AUTO = "auto";

    private OutputOptions outputOptions(Double scale, Integer width, Integer height) {
        OutputOptions.Builder b = OutputOptions.builder().jpegQuality(quality).maxPixels(maxPixels)
                .bitDepth(switch (bitDepth) {
                    case "8" -> ImageEncoder.BitDepth.EIGHT;
                    case "16" -> ImageEncoder.BitDepth.SIXTEEN;
                    default -> ImageEncoder.BitDepth.SOURCE;
                });
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

    private AlphaMode alphaMode() {
        return "model".equals(alpha) ? AlphaMode.MODEL : AlphaMode.BICUBIC;
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
        if (tileSize < 16) {
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
    }

    /** Output format, input ≠ output, and an existing directory: all before any work. */
    private void checkOutput(ImageEncoder encoder) {
        try {
            encoder.formatFor(output);
        } catch (ImageEncodeException e) {
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
     * Points {@code builder} at a catalogue model or a model file. A catalogue id wins over a file of
     * the same name in the working directory; anything that is neither is an unknown id (exit 2,
     * with suggestions).
     */
    private Optional<ModelInfo> chooseModel(ModelCatalog catalog, String ref, Upscaler.Builder builder) {
        Optional<ModelInfo> info = catalog.find(ref);
        if (info.isPresent()) {
            builder.model(ref);
            return info;
        }
        Path file = asModelFile(ref);
        if (file == null) {
            catalog.get(ref); // throws ModelNotFoundException with the closest ids
        }
        if (!Files.isRegularFile(file)) {
            throw usage("--model " + ref + ": no such model file (give a catalogue id from 'sr4j models list',"
                    + " an .onnx file or an ncnn .param file)");
        }
        builder.modelFile(file);
        return Optional.empty();
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
