package io.sr4j.pipeline;

import io.sr4j.color.ColourProfiles;
import io.sr4j.color.HdrConversion;
import io.sr4j.color.IccConversion;
import io.sr4j.color.SdrTransfer;
import io.sr4j.enhance.Enhancer;
import io.sr4j.enhance.ToneCurves;
import io.sr4j.image.Cicp;
import io.sr4j.image.ImageMetadata;
import io.sr4j.image.Picture;
import io.sr4j.image.PlanarImage;
import io.sr4j.image.SourceInfo;
import io.sr4j.io.ImageDecodeException;
import io.sr4j.io.ImageEncodeException;
import io.sr4j.io.ImageFormat;
import io.sr4j.io.Provenance;
import io.sr4j.io.XmpPackets;
import io.sr4j.model.TierTable;
import io.sr4j.upscale.BandTransform;
import io.sr4j.upscale.OutputGeometry;
import io.sr4j.upscale.OutputOptions;
import io.sr4j.upscale.TileProgress;
import io.sr4j.upscale.UpscaleResult;
import io.sr4j.upscale.TileReuse;
import io.sr4j.upscale.Upscaler;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

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
        this.planner = new StagePlanner(spec, resolver, options.quality(), TierTable.standard());
    }

    public PipelineSpec spec() {
        return spec;
    }

    public RestoreOptions options() {
        return options;
    }

    /**
     * Reads {@code source}, restores it and writes {@code target}.
     *
     * @throws ImageDecodeException            for unreadable input
     * @throws io.sr4j.io.ImageEncodeException for an unwritable output
     * @throws io.sr4j.Sr4jException           when the work cannot fit in memory
     */
    public RestoreResult restore(ImageSource source, OutputTarget target, RestoreProgress progress) {
        long start = System.nanoTime();
        Picture decoded = source.decode(options.maxPixels());
        return restore(decoded, source, target, progress, start);
    }

    /** File to file: {@link #restore(ImageSource, OutputTarget, RestoreProgress)} of two paths. */
    public RestoreResult restore(Path input, Path output, RestoreProgress progress) {
        return restore(ImageSource.file(input), OutputTarget.file(output), progress);
    }

    /**
     * Restores a picture already decoded from {@code source} (a caller that checked it before
     * loading anything); {@code source} gives its name and, for {@code auto}, its bytes.
     */
    public RestoreResult restore(Picture decoded, ImageSource source, OutputTarget target, RestoreProgress progress) {
        return restore(decoded, source, target, progress, System.nanoTime());
    }

    /**
     * The stages that would run on {@code decoded}, without running them: for callers that check
     * sizes or name outputs first.
     */
    public List<PlannedStep> plan(Picture decoded, ImageSource source) {
        return planner.plan(ColourProfiles.toSrgb(decoded), source::readAll, this::nativeScale);
    }

    /**
     * The largest image, in pixels, that any stage makes for an input of {@code width × height}
     * (its output, or a network's output at its own scale before a resize), and the final size:
     * for checking a limit before any work. With {@code auto}, the size asked of it (else ×4)
     * reached by a network of the next native scale up.
     */
    public SizeEstimate estimate(int width, int height) {
        return planner.estimate(width, height, this::nativeScale);
    }

    /**
     * The stages as one operation on video frames of {@code width × height} (sRGB planes in [0, 1]),
     * planned once for every frame; the operation is safe for concurrent use.
     *
     * @throws PipelineSpecException for {@code auto} (an assessment per frame would flicker) and
     *                               for a pipeline without stages that video can run
     */
    public FrameStages frames(int width, int height) {
        if (spec.auto()) {
            throw new PipelineSpecException(spec.toString(), "auto assesses single images; for video name the "
                    + "stages (e.g. denoise=1,sr=2)");
        }
        if (spec.enhances()) {
            throw new PipelineSpecException(StageKind.ENHANCE.token(), "for video, enhance is smoothed over each "
                    + "scene so that it does not flicker: give it to the video options (sr4j video --enhance auto)");
        }
        if (spec.hdr() != null) {
            throw new PipelineSpecException(spec.hdr().toString(), "for video, HDR is the encoder's work (10-bit, "
                    + "metadata over the whole video): give it to the video options (sr4j video --hdr), not per frame");
        }
        Picture probe = Picture.of(new PlanarImage(width, height, 3));
        List<PlannedStep> steps = planner.plan(probe, () -> null, this::nativeScale);
        for (PlannedStep step : steps) {
            if (step.model().isDiffusion()) {
                // Checked before the model loads; the reason is the cost (and each frame would be sampled alone).
                throw new PipelineSpecException(step.model().name(), "a diffusion model runs its network once per "
                        + "step over every pixel (many times a regression network's work per frame), and each frame "
                        + "would draw its own detail: not for video; use a network such as sr4j-fidelity-x4");
            }
        }
        List<Upscaler> upscalers = steps.stream().map(step -> models.get(step.model())).toList();
        List<TileReuse> reuses = new ArrayList<>();
        if (options.tileReuse()) {
            // Each network stage remembers its own previous frame's tiles; a classical filter runs as it is.
            upscalers = upscalers.stream().map(u -> {
                TileReuse memory = new TileReuse();
                return u.reusingTiles(memory).map(view -> {
                    reuses.add(memory);
                    return view;
                }).orElse(u);
            }).toList();
        }
        List<OutputGeometry> sizes = new ArrayList<>();
        int w = width;
        int h = height;
        double overall = 1;
        for (int i = 0; i < steps.size(); i++) {
            OutputGeometry g = steps.get(i).size().geometry(w, h, upscalers.get(i).nativeScale());
            sizes.add(g);
            overall *= g.scale();
            w = g.width();
            h = g.height();
        }
        return new FrameStages(steps, upscalers, reuses, sizes, SizeRequest.format(overall), w, h);
    }

    /**
     * The stages as one operation on video frames of any size, each size planned once
     * ({@link #frames}); safe for concurrent use.
     */
    public UnaryOperator<PlanarImage> frameOperator() {
        Map<Long, FrameStages> bySize = new ConcurrentHashMap<>();
        return frame -> bySize.computeIfAbsent(((long) frame.width() << 32) | frame.height(),
                size -> frames(frame.width(), frame.height())).apply(frame);
    }

    private RestoreResult restore(Picture decoded, ImageSource source, OutputTarget target, RestoreProgress progress,
                                  long start) {
        String name = source.name();
        ImageFormat format = target.format(options.encoder(), decoded.source().format());
        if (spec.hdr() != null && decoded.source().cicp().filter(Cicp::isHdr).isPresent()) {
            throw new ImageDecodeException(name, ImageDecodeException.Reason.UNSUPPORTED_FORMAT, "is already HDR ("
                    + decoded.source().cicp().get() + "); hdr converts "
                    + "SDR pictures");
        }
        if (spec.hdr() != null && format != ImageFormat.PNG) {
            throw new ImageEncodeException(name, "HDR output (" + spec.hdr() + ") is written as 16-bit PNG with a "
                    + "cICP chunk; " + format.displayName() + " cannot say its samples are "
                    + spec.hdr().format().token() + ": choose a .png output");
        }
        // The networks were trained on sRGB: pixels tagged with another profile are converted first.
        Picture picture = ColourProfiles.toSrgb(decoded);
        List<PlannedStep> planned = planner.plan(picture, source::readAll, this::nativeScale);
        // The grade is a colour transform of the last stage's bands; its step carries the bands
        // only when there is no network stage to do it.
        List<PlannedStep> steps = spec.enhances() && planned.size() > 1 ? planned.subList(0, planned.size() - 1)
                : planned;
        int inW = picture.width();
        int inH = picture.height();
        int count = steps.size();
        int tail = chainedTail(steps, picture);
        double overall = 1;
        for (int i = 0; i < tail; i++) {
            PlannedStep step = steps.get(i);
            Upscaler upscaler = models.get(step.model());
            OutputGeometry g = step.size().geometry(picture.width(), picture.height(), upscaler.nativeScale());
            overall *= g.scale();
            picture = upscaler.upscale(picture, g, tiles(progress, i, tail + 1));
        }
        // The rest runs as one stream to the encoder: one network, or networks chained band by band.
        List<Upscaler> parts = steps.subList(tail, count).stream().map(step -> models.get(step.model())).toList();
        Upscaler upscaler = parts.size() == 1 ? parts.get(0)
                : Upscaler.chain(parts, picture.width(), picture.height()).orElseThrow();
        int w = picture.width();
        int h = picture.height();
        OutputGeometry g = null;
        for (int i = tail; i < count; i++) {
            g = steps.get(i).size().geometry(w, h, parts.get(i - tail).nativeScale());
            overall *= g.scale();
            w = g.width();
            h = g.height();
        }
        String scale = SizeRequest.format(overall);
        // The last step's own geometry; a chain's factors count from the chain's input (its
        // networks resize by size alone, a classical filter, never chained, by these factors).
        int before = upscaler.nativeScale() / Math.max(1, parts.get(parts.size() - 1).nativeScale());
        OutputGeometry last = parts.size() == 1 ? g
                : new OutputGeometry(g.width(), g.height(), g.scaleX() * before, g.scaleY() * before);
        OutputOptions outputOptions = OutputOptions.builder().encoder(options.encoder())
                .maxPixels(options.maxPixels()).geometry(last).build();
        Picture described = describe(picture, planned, scale, upscaler.nativeScale() != 0);
        if (spec.enhances()) {
            // Estimated on the whole picture the last stage reads, applied to its output bands.
            ToneCurves grade = ToneCurves.of(Enhancer.classical().estimate(picture.rgb()));
            outputOptions = outputOptions.withColourTransform(grade::applyInPlace);
        }
        HdrTarget hdr = spec.hdr();
        if (hdr != null) {
            // The last stage's float bands become the HDR signal on their way to the encoder: no
            // 8-bit step, 16-bit PNG samples, the code points instead of an ICC profile.
            HdrConversion conversion = hdr.conversion(SdrTransfer.SRGB);
            outputOptions = outputOptions.withColourTransform(outputOptions.colourTransform()
                    .andThen(conversion::toHdrInPlace));
            described = described.withSource(described.source().withCicp(hdr.format().imageCicp()).withBitDepth(16));
        } else if (options.keepProfile()) {
            Optional<byte[]> profile = ColourProfiles.profileToRestore(described.source());
            if (profile.isPresent()) {
                outputOptions = outputOptions.withColourTransform(outputOptions.colourTransform()
                        .andThen(backInto(profile.get())));
                described = described.withSource(described.source().withIccProfile(profile));
            }
        }
        TileProgress lastTiles = tiles(progress, tail, tail + 1);
        UpscaleResult r;
        if (target instanceof OutputTarget.File file) {
            r = upscaler.upscaleToFile(described, name, file.output, format, outputOptions, lastTiles);
        } else if (target instanceof OutputTarget.ByFormat byFormat) {
            r = upscaler.upscaleToFile(described, name, byFormat.output.apply(format), format, outputOptions,
                    lastTiles);
        } else {
            r = upscaler.upscaleToStream(described, name, format, ((OutputTarget.Stream) target).out, outputOptions,
                    lastTiles);
        }
        return new RestoreResult(inW, inH, r.outputWidth(), r.outputHeight(), planned, scale, r.tiles(), format,
                (System.nanoTime() - start) / 1e9, hdr);
    }

    /**
     * Where the steps that stream to the encoder begin: the earliest step from which every step is
     * a network and every one but the last enlarges by its native scale, so that they chain band
     * by band ({@link Upscaler#chain}); the last step when none chains. Pictures with alpha run
     * stage by stage (alpha is enlarged per stage as the colour is).
     */
    private int chainedTail(List<PlannedStep> steps, Picture picture) {
        int count = steps.size();
        if (count == 1 || picture.hasAlpha()) {
            return count - 1;
        }
        int[] widths = new int[count];
        int[] heights = new int[count];
        int w = picture.width();
        int h = picture.height();
        boolean[] nativeStep = new boolean[count];
        for (int i = 0; i < count; i++) {
            widths[i] = w;
            heights[i] = h;
            int own = models.get(steps.get(i).model()).nativeScale();
            OutputGeometry g = steps.get(i).size().geometry(w, h, own);
            nativeStep[i] = own >= 1 && g.width() == w * own && g.height() == h * own;
            w = g.width();
            h = g.height();
        }
        for (int start = 0; start < count - 1; start++) {
            boolean allNative = true;
            for (int i = start; i < count - 1; i++) {
                allNative &= nativeStep[i];
            }
            List<Upscaler> parts = steps.subList(start, count).stream().map(s -> models.get(s.model())).toList();
            if (allNative && Upscaler.chain(parts, widths[start], heights[start]).isPresent()) {
                return start;
            }
        }
        return count - 1;
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
            RestoreResult names = new RestoreResult(0, 0, 0, 0, steps, scale, 0, null, 0, spec.hdr());
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

}
