package io.sr4j.pipeline;

import io.sr4j.color.ColourProfiles;
import io.sr4j.color.IccConversion;
import io.sr4j.image.ImageMetadata;
import io.sr4j.image.Picture;
import io.sr4j.image.SourceInfo;
import io.sr4j.io.ImageDecodeException;
import io.sr4j.io.ImageDecoder;
import io.sr4j.io.ImageFormat;
import io.sr4j.io.Provenance;
import io.sr4j.io.XmpPackets;
import io.sr4j.upscale.BandTransform;
import io.sr4j.upscale.OutputGeometry;
import io.sr4j.upscale.OutputOptions;
import io.sr4j.upscale.TileProgress;
import io.sr4j.upscale.UpscaleResult;
import io.sr4j.upscale.Upscaler;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The one per-image flow every face runs: decode → colour into the working space (sRGB, float) →
 * the pipeline's stages → provenance → encode, written atomically to a file or to a stream.
 *
 * <p>Stages before the last run in memory on float planes: nothing is rounded to 8 bits between
 * stages, and there is no intermediate encode. The last stage streams its output to the encoder
 * band by band (PNG results larger than the heap), through {@link Upscaler#upscaleToFile}. A file
 * and a stream get the same bytes for the same image, spec and options.
 *
 * <pre>{@code
 * ModelResolver resolver = new ModelResolver(ModelStore.open(), true);
 * try (LoadedModels models = LoadedModels.fromBuilders(Upscaler::builder)) {
 *     ImageRestorer restorer = new ImageRestorer(PipelineSpec.parse("denoise=1,sr=2"), resolver, models,
 *             RestoreOptions.builder().build());
 *     restorer.restore(Path.of("scan.jpg"), Path.of("scan_x2.png"), RestoreProgress.none());
 * }
 * }</pre>
 *
 * Safe for concurrent use when the {@link LoadedModels} are.
 */
public final class ImageRestorer {
    private final PipelineSpec spec;
    private final StagePlanner planner;
    private final LoadedModels models;
    private final RestoreOptions options;

    /**
     * Resolves the models the spec names (fetching nothing yet).
     *
     * @throws io.sr4j.model.ModelNotFoundException for a model the resolver does not know
     */
    public ImageRestorer(PipelineSpec spec, ModelResolver resolver, LoadedModels models, RestoreOptions options) {
        this.spec = Objects.requireNonNull(spec, "spec");
        this.models = Objects.requireNonNull(models, "models");
        this.options = Objects.requireNonNull(options, "options");
        this.planner = new StagePlanner(spec, resolver);
    }

    public PipelineSpec spec() {
        return spec;
    }

    public RestoreOptions options() {
        return options;
    }

    /**
     * Reads {@code input}, restores it and writes {@code output} (format from the encoder, else
     * the extension) through a temporary file and a rename.
     *
     * @throws ImageDecodeException for unreadable input
     * @throws io.sr4j.io.ImageEncodeException for an unwritable output
     */
    public RestoreResult restore(Path input, Path output, RestoreProgress progress) {
        long start = System.nanoTime();
        String name = input.toString();
        Picture decoded = new ImageDecoder(options.maxPixels()).decode(input);
        return restore(decoded, () -> readAll(input), name, new FileTarget(output), progress, start);
    }

    /**
     * Restores a picture already decoded into the file {@code output} (atomically).
     *
     * @param sourceBytes the encoded input, read only when {@code auto} assesses it (JPEG tables); may
     *                    return null when unknown
     * @param name        names the input in messages
     */
    public RestoreResult restore(Picture decoded, Supplier<byte[]> sourceBytes, String name, Path output,
                                 RestoreProgress progress) {
        return restore(decoded, sourceBytes, name, new FileTarget(output), progress, System.nanoTime());
    }

    /** As {@link #restore(Picture, Supplier, String, Path, RestoreProgress)}, the same bytes written to {@code out}. */
    public RestoreResult restore(Picture decoded, Supplier<byte[]> sourceBytes, String name, ImageFormat format,
                                 OutputStream out, RestoreProgress progress) {
        return restore(decoded, sourceBytes, name, new StreamTarget(format, out), progress, System.nanoTime());
    }

    /**
     * The stages that would run on {@code picture} (decoded, before colour conversion), without
     * running them: for callers that check sizes or name outputs first.
     */
    public List<PlannedStep> plan(Picture decoded, Supplier<byte[]> sourceBytes) {
        return planner.plan(ColourProfiles.toSrgb(decoded), bytes(sourceBytes), this::nativeScale);
    }

    private RestoreResult restore(Picture decoded, Supplier<byte[]> sourceBytes, String name, Target target,
                                  RestoreProgress progress, long start) {
        // The networks were trained on sRGB: pixels tagged with another profile are converted first.
        Picture picture = ColourProfiles.toSrgb(decoded);
        List<PlannedStep> steps = planner.plan(picture, bytes(sourceBytes), this::nativeScale);
        int inW = picture.width();
        int inH = picture.height();
        int count = steps.size();
        double overall = 1;
        for (int i = 0; i < count - 1; i++) {
            PlannedStep step = steps.get(i);
            Upscaler upscaler = models.get(step.model());
            OutputGeometry g = step.size().geometry(picture.width(), picture.height(), upscaler.nativeScale());
            overall *= g.scale();
            picture = upscaler.upscale(picture, g, tiles(progress, i, count));
        }
        PlannedStep last = steps.get(count - 1);
        Upscaler upscaler = models.get(last.model());
        OutputGeometry g = last.size().geometry(picture.width(), picture.height(), upscaler.nativeScale());
        overall *= g.scale();
        String scale = SizeRequest.format(overall);
        OutputOptions.Builder out = OutputOptions.builder().encoder(options.encoder()).maxPixels(options.maxPixels());
        if (last.size().isFit()) {
            if (last.size().width() > 0) {
                out.width(last.size().width());
            }
            if (last.size().height() > 0) {
                out.height(last.size().height());
            }
        } else {
            out.scale(g.scale());
        }
        OutputOptions outputOptions = out.build();
        Picture described = describe(picture, steps, scale, upscaler.nativeScale() != 0);
        if (options.keepProfile()) {
            Optional<byte[]> profile = ColourProfiles.profileToRestore(described.source());
            if (profile.isPresent()) {
                outputOptions = outputOptions.withColourTransform(backInto(profile.get()));
                described = described.withSource(described.source().withIccProfile(profile));
            }
        }
        UpscaleResult r = target.write(upscaler, described, name, outputOptions, tiles(progress, count - 1, count));
        return new RestoreResult(inW, inH, r.outputWidth(), r.outputHeight(), steps, scale, r.tiles(),
                (System.nanoTime() - start) / 1e9);
    }

    private int nativeScale(ModelRef model) {
        if (model.info().isPresent()) {
            return model.info().get().anyScale() ? 0 : model.info().get().scale();
        }
        return models.get(model).nativeScale();
    }

    private static TileProgress tiles(RestoreProgress progress, int stage, int stages) {
        return (done, total) -> progress.advanced(stage, stages, done, total);
    }

    /** The output's metadata: EXIF and XMP copied with a provenance note, or none. */
    private Picture describe(Picture picture, List<PlannedStep> steps, String scale, boolean network) {
        ImageMetadata metadata = picture.source().metadata();
        if (options.metadata() == RestoreOptions.Metadata.STRIP) {
            metadata = metadata.stripped();
        } else {
            PlannedStep last = steps.get(steps.size() - 1);
            RestoreResult names = new RestoreResult(0, 0, 0, 0, steps, scale, 0, 0);
            Provenance note = new Provenance(options.software(), names.modelNames(), models.weightsSha256(last.model()),
                    scale, network ? options.noteTileSize() : 0, options.clock().instant(), names.spec());
            metadata = metadata.withXmp(XmpPackets.withProvenance(metadata.xmp(), note));
        }
        SourceInfo source = picture.source().withMetadata(metadata);
        return picture.withSource(source);
    }

    /** Output bands from sRGB back into {@code profile} ({@link RestoreOptions#keepProfile()}). */
    private static BandTransform backInto(byte[] profile) {
        if (IccConversion.isSrgb(profile)) {
            return BandTransform.identity();
        }
        IccConversion conversion = IccConversion.fromSrgb(profile);
        return rgb -> conversion.applyRows(rgb, 0, rgb.height());
    }

    private static Supplier<byte[]> bytes(Supplier<byte[]> source) {
        return source == null ? () -> null : source;
    }

    private static byte[] readAll(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new ImageDecodeException(file.toString(), ImageDecodeException.Reason.UNREADABLE,
                    "cannot read the file (" + e.getMessage() + ")", e);
        }
    }

    /** Where the last stage writes. */
    private interface Target {
        UpscaleResult write(Upscaler upscaler, Picture picture, String name, OutputOptions options,
                            TileProgress progress);
    }

    private record FileTarget(Path output) implements Target {
        @Override
        public UpscaleResult write(Upscaler upscaler, Picture picture, String name, OutputOptions options,
                                   TileProgress progress) {
            return upscaler.upscaleToFile(picture, name, output, options, progress);
        }
    }

    private record StreamTarget(ImageFormat format, OutputStream out) implements Target {
        @Override
        public UpscaleResult write(Upscaler upscaler, Picture picture, String name, OutputOptions options,
                                   TileProgress progress) {
            return upscaler.upscaleToStream(picture, name, format, out, options, progress);
        }
    }
}
