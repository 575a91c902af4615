package io.sr4j.eval;

import io.sr4j.deblur.BlurKernel;
import io.sr4j.engine.Engine;
import io.sr4j.image.Picture;
import io.sr4j.image.PlanarImage;
import io.sr4j.io.ImageDecoder;
import io.sr4j.io.ImageEncoder;
import io.sr4j.io.ImageFormat;
import io.sr4j.metrics.MetricOptions;
import io.sr4j.metrics.Metrics;
import io.sr4j.metrics.QualityMetrics;
import io.sr4j.model.FetchListener;
import io.sr4j.model.ModelStore;
import io.sr4j.quality.Degradations;
import io.sr4j.resample.ResampleFilter;
import io.sr4j.resample.Resampler;
import io.sr4j.upscale.TileProgress;
import io.sr4j.upscale.Precision;
import io.sr4j.upscale.Upscaler;
import io.sr4j.pipeline.ImageRestorer;
import io.sr4j.pipeline.ImageSource;
import io.sr4j.pipeline.LoadedModels;
import io.sr4j.pipeline.ModelResolver;
import io.sr4j.pipeline.OutputTarget;
import io.sr4j.pipeline.PipelineSpec;
import io.sr4j.pipeline.RestoreOptions;
import io.sr4j.pipeline.RestoreProgress;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Measures models the way SR papers do. For every high-resolution (HR) image: crop it to a
 * multiple of the scale (the papers' {@code modcrop}; optionally first to a centred square of at
 * most {@link Builder#maxSize} pixels), reduce it by MATLAB-exact bicubic with antialiasing, round
 * to 8-bit, optionally degrade it ({@link Degradation}), then run every model on that
 * low-resolution (LR) input and measure PSNR and SSIM on Y of the 8-bit output against HR, with
 * {@code scale} pixels shaved from each border ({@link MetricOptions#forScale}). For a 1× run
 * ({@code scale 1}) the input is the degraded HR image itself. With {@link Builder#baselines}, the
 * degraded input and the non-blind deblurring baselines (given the blur's true kernel) are
 * measured as well.
 *
 * <p>Each model is loaded once and run on every image; the time per image is the model's run
 * alone. Reads the HR files; writes only the optional side-by-side crops.
 */
public final class Evaluation {
    /** Extensions read from an HR directory. */
    private static final Set<String> IMAGE_EXTENSIONS = Set.of("png", "jpg", "jpeg", "bmp", "tif", "tiff", "webp");
    /** Edge of the HR square shown in side-by-side crops. */
    private static final int CROP_EDGE = 128;
    /** The label of the degraded input, measured beside the baselines (bicubic-enlarged above scale 1). */
    public static final String INPUT_LABEL = "input";

    private final List<Path> hrImages;
    private final int scale;
    private final List<String> models;
    private final List<String> pipelines;
    private final boolean stagesApart;
    private final Degradation degradation;
    private final int maxSize;
    private final int tileSize;
    private final int threads;
    private final ModelStore store;
    private final Engine engine;
    private final Path cropsDir;
    private final Precision precision;
    private final List<DeblurBaseline> baselines;

    private Evaluation(Builder b) {
        this.baselines = List.copyOf(b.baselines);
        this.hrImages = List.copyOf(b.hrImages);
        this.scale = b.scale;
        this.models = List.copyOf(b.models);
        this.pipelines = List.copyOf(b.pipelines);
        this.stagesApart = b.stagesApart;
        this.degradation = b.degradation;
        this.maxSize = b.maxSize;
        this.tileSize = b.tileSize;
        this.threads = b.threads;
        this.store = b.store;
        this.engine = b.engine;
        this.cropsDir = b.cropsDir;
        this.precision = b.precision;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Told of each result as soon as it is measured (a front end prints it). */
    @FunctionalInterface
    public interface Listener {
        void measured(EvalResult result);

        /** A listener that ignores everything. */
        static Listener silent() {
            return result -> { };
        }
    }

    /** One prepared image: its name, the HR reference and the model input. */
    private record Sample(String name, PlanarImage hr, PlanarImage lr) {
        long pixels() {
            return (long) hr.width() * hr.height();
        }
    }

    /**
     * Runs every model on every image.
     *
     * @throws io.sr4j.io.ImageDecodeException for an unreadable HR image
     * @throws io.sr4j.model.ModelNotFoundException for an unknown model id
     * @throws IllegalArgumentException if an image is too small for the scale and SSIM window
     */
    public EvalReport run(Listener listener) {
        Objects.requireNonNull(listener, "listener");
        List<Sample> samples = new ArrayList<>();
        for (int i = 0; i < hrImages.size(); i++) {
            samples.add(prepare(hrImages.get(i), i));
        }
        List<EvalResult> results = new ArrayList<>();
        MetricOptions metric = MetricOptions.forScale(scale);
        Resampler bicubic = Resampler.of(ResampleFilter.BICUBIC).withThreads(threads);
        List<String> labels = new ArrayList<>();
        for (String id : models) {
            // An int8 run is labelled apart, so fp32 and int8 reports can be read side by side.
            String model = precision == Precision.FP32 ? id : id + "@" + precision;
            labels.add(model);
            try (Upscaler upscaler = upscaler(id)) {
                for (Sample s : samples) {
                    long start = System.nanoTime();
                    PlanarImage out = upscaler.upscale(s.lr(), scale, TileProgress.none());
                    double seconds = (System.nanoTime() - start) / 1e9;
                    out = Degradations.quantize(out);
                    Metrics m = QualityMetrics.measure(s.hr(), out, metric);
                    EvalResult result = new EvalResult(s.name(), model, m.psnr(), m.ssim(), seconds, s.pixels());
                    results.add(result);
                    listener.measured(result);
                    if (cropsDir != null) {
                        PlanarImage baseline = Degradations.quantize(bicubic.resize(s.lr(), s.hr().width(),
                                s.hr().height()));
                        writeCrops(s, baseline, out, model);
                    }
                }
            }
        }
        for (String text : pipelines) {
            PipelineSpec spec = PipelineSpec.parse(text);
            String label = spec + (stagesApart ? " (8-bit file between stages)" : "");
            labels.add(label);
            try (LoadedModels loaded = LoadedModels.fromBuilders(this::upscalerBuilder)) {
                List<ImageRestorer> runs = restorers(spec, loaded);
                if (!samples.isEmpty()) {
                    // Models load on first use: one untimed run, so that each image's time is the
                    // pipeline's work alone, as a model's is (its upscaler is built before timing).
                    PlanarImage warm = samples.get(0).lr();
                    for (ImageRestorer run : runs) {
                        warm = throughFiles(run, warm, samples.get(0).name());
                    }
                }
                for (Sample s : samples) {
                    long start = System.nanoTime();
                    PlanarImage out = s.lr();
                    for (ImageRestorer run : runs) {
                        out = throughFiles(run, out, s.name());
                    }
                    double seconds = (System.nanoTime() - start) / 1e9;
                    if (out.width() != s.hr().width() || out.height() != s.hr().height()) {
                        throw new IllegalArgumentException("pipeline " + spec + " made " + out.width() + "x"
                                + out.height() + " of " + s.name() + ", not the HR size " + s.hr().width() + "x"
                                + s.hr().height() + ": its stages must enlarge by the scale, " + scale);
                    }
                    Metrics m = QualityMetrics.measure(s.hr(), out, metric);
                    EvalResult result = new EvalResult(s.name(), label, m.psnr(), m.ssim(), seconds, s.pixels());
                    results.add(result);
                    listener.measured(result);
                }
            }
        }
        if (!baselines.isEmpty()) {
            runBaselines(samples, metric, bicubic, labels, results, listener);
        }
        List<String> names = samples.stream().map(Sample::name).toList();
        return new EvalReport(scale, degradation, labels, names, results);
    }

    /**
     * The degraded input itself ({@link #INPUT_LABEL}) and every non-blind baseline, handed the
     * degradation's true kernel; above scale 1 each output is enlarged by bicubic.
     */
    private void runBaselines(List<Sample> samples, MetricOptions metric, Resampler bicubic, List<String> labels,
            List<EvalResult> results, Listener listener) {
        BlurKernel kernel = degradation.kernel().orElseThrow();
        labels.add(INPUT_LABEL);
        for (Sample s : samples) {
            measure(s, INPUT_LABEL, s.lr(), 0, metric, bicubic, results, listener);
        }
        for (DeblurBaseline baseline : baselines) {
            labels.add(baseline.label());
            for (Sample s : samples) {
                long start = System.nanoTime();
                PlanarImage out = Degradations.quantize(baseline.method().restore(s.lr(), kernel));
                double seconds = (System.nanoTime() - start) / 1e9;
                measure(s, baseline.label(), out, seconds, metric, bicubic, results, listener);
            }
        }
    }

    private void measure(Sample s, String label, PlanarImage lrOut, double seconds, MetricOptions metric,
            Resampler bicubic, List<EvalResult> results, Listener listener) {
        PlanarImage out = scale == 1 ? lrOut
                : Degradations.quantize(bicubic.resize(lrOut, s.hr().width(), s.hr().height()));
        Metrics m = QualityMetrics.measure(s.hr(), out, metric);
        EvalResult result = new EvalResult(s.name(), label, m.psnr(), m.ssim(), seconds, s.pixels());
        results.add(result);
        listener.measured(result);
    }

    /**
     * The runs of a pipeline: one, or with {@link Builder#stagesApart} one per stage, as separate
     * commands with a file between them would run it.
     */
    private List<ImageRestorer> restorers(PipelineSpec spec, LoadedModels loaded) {
        ModelResolver resolver = new ModelResolver(store != null ? store : ModelStore.open(), true);
        RestoreOptions options = RestoreOptions.builder().metadata(RestoreOptions.Metadata.STRIP)
                .encoder(ImageEncoder.builder().format(ImageFormat.PNG).build()).build();
        if (!stagesApart || spec.auto()) {
            return List.of(new ImageRestorer(spec, resolver, loaded, options));
        }
        return spec.stages().stream()
                .map(stage -> new ImageRestorer(PipelineSpec.of(List.of(stage)), resolver, loaded, options)).toList();
    }

    /** The image as a user gets it: an 8-bit PNG in, the pipeline's 8-bit PNG out, decoded. */
    private static PlanarImage throughFiles(ImageRestorer run, PlanarImage input, String name) {
        byte[] png = ImageEncoder.builder().format(ImageFormat.PNG).build().encode(Picture.of(input));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        run.restore(ImageSource.bytes(png, name), OutputTarget.stream(out), RestoreProgress.none());
        return new ImageDecoder().decode(out.toByteArray(), name).rgb();
    }

    private Upscaler upscaler(String model) {
        return upscalerBuilder().model(model).build();
    }

    /** A builder with the evaluation's settings, no model yet. */
    private Upscaler.Builder upscalerBuilder() {
        Upscaler.Builder b = Upscaler.builder().tileSize(tileSize).threads(threads)
                .precision(precision).fetchListener(FetchListener.silent());
        if (store != null) {
            b.store(store);
        }
        if (engine != null) {
            b.engine(engine);
        }
        return b;
    }

    private Sample prepare(Path file, int index) {
        PlanarImage hr = new ImageDecoder().decode(file).rgb();
        if (maxSize > 0 && (hr.width() > maxSize || hr.height() > maxSize)) {
            int w = Math.min(maxSize, hr.width());
            int h = Math.min(maxSize, hr.height());
            hr = hr.crop((hr.width() - w) / 2, (hr.height() - h) / 2, w, h);
        }
        int w = hr.width() - hr.width() % scale;
        int h = hr.height() - hr.height() % scale;
        String name = file.getFileName().toString();
        if (w < scale || h < scale) {
            throw new IllegalArgumentException(file + ": " + hr.width() + "x" + hr.height()
                    + " is smaller than the scale " + scale);
        }
        hr = Degradations.quantize(hr.crop(0, 0, w, h));
        PlanarImage lr = hr;
        if (scale > 1) {
            lr = Degradations.quantize(Resampler.of(ResampleFilter.BICUBIC).withThreads(threads)
                    .resize(hr, w / scale, h / scale));
        }
        return new Sample(name, hr, degradation.apply(lr, index));
    }

    /** bicubic | model | HR, the centred square of each, side by side. */
    private void writeCrops(Sample s, PlanarImage baseline, PlanarImage out, String model) {
        int edge = Math.min(CROP_EDGE, Math.min(s.hr().width(), s.hr().height()));
        int x = (s.hr().width() - edge) / 2;
        int y = (s.hr().height() - edge) / 2;
        PlanarImage[] parts = {baseline.crop(x, y, edge, edge), out.crop(x, y, edge, edge),
            s.hr().crop(x, y, edge, edge)};
        PlanarImage strip = new PlanarImage(edge * parts.length, edge, 3);
        for (int p = 0; p < parts.length; p++) {
            for (int c = 0; c < 3; c++) {
                for (int row = 0; row < edge; row++) {
                    System.arraycopy(parts[p].data(), parts[p].planeOffset(c) + row * edge, strip.data(),
                            strip.planeOffset(c) + row * strip.width() + p * edge, edge);
                }
            }
        }
        String base = s.name().replaceFirst("\\.[^.]+$", "");
        Path file = cropsDir.resolve(base + "_" + model + ".png");
        ImageEncoder.builder().format(ImageFormat.PNG).build().write(Picture.of(strip), file);
    }

    /**
     * The images an HR directory holds: its files with an image extension, sorted by name.
     *
     * @throws IllegalArgumentException if it is not a directory or holds no image
     */
    public static List<Path> imagesIn(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException(dir + ": not a directory");
        }
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> images = files.filter(Files::isRegularFile).filter(Evaluation::isImage).sorted().toList();
            if (images.isEmpty()) {
                throw new IllegalArgumentException(dir + ": no images (" + String.join(", ",
                        IMAGE_EXTENSIONS.stream().sorted().toList()) + ")");
            }
            return images;
        } catch (IOException e) {
            throw new UncheckedIOException(dir + ": cannot list (" + e.getMessage() + ")", e);
        }
    }

    private static boolean isImage(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        int dot = name.lastIndexOf('.');
        return dot > 0 && IMAGE_EXTENSIONS.contains(name.substring(dot + 1));
    }

    /** Settings of an {@link Evaluation}; {@link #build()} checks them. */
    public static final class Builder {
        private List<Path> hrImages = List.of();
        private int scale = 4;
        private List<String> models = List.of();
        private List<String> pipelines = List.of();
        private boolean stagesApart;
        private Degradation degradation = Degradation.NONE;
        private int maxSize;
        private int tileSize = Upscaler.DEFAULT_TILE_SIZE;
        private int threads = Runtime.getRuntime().availableProcessors();
        private ModelStore store;
        private Engine engine;
        private Path cropsDir;
        private Precision precision = Precision.FP32;
        private List<DeblurBaseline> baselines = List.of();

        private Builder() {
        }

        /**
         * Non-blind deblurring baselines, given the degradation's true blur kernel; the degraded
         * input is then measured too, as {@link #INPUT_LABEL}. Needs a blur in the degradation.
         */
        public Builder baselines(List<DeblurBaseline> methods) {
            this.baselines = List.copyOf(methods);
            return this;
        }

        /** The networks' arithmetic (default fp32); int8 results are labelled {@code id@int8}. */
        public Builder precision(Precision value) {
            this.precision = Objects.requireNonNull(value, "value");
            return this;
        }

        /** The HR images (PNG or other lossless files are the usual choice). */
        public Builder images(List<Path> files) {
            this.hrImages = List.copyOf(files);
            return this;
        }

        /** The enlargement factor, ≥ 1; default 4. */
        public Builder scale(int factor) {
            if (factor < 1) {
                throw new IllegalArgumentException("scale must be >= 1, got " + factor);
            }
            this.scale = factor;
            return this;
        }

        /** Catalogue ids to run (baselines such as {@code bicubic} and {@code lanczos} included). */
        public Builder models(List<String> ids) {
            this.models = List.copyOf(ids);
            return this;
        }

        /** What is done to the LR inputs; default none. */
        /**
         * Pipeline specs to measure beside the models ({@code denoise=1,sr=2}), each from an 8-bit
         * PNG of the LR image to the PNG a user would get.
         *
         * @throws io.sr4j.pipeline.PipelineSpecException for a spec that cannot run
         */
        public Builder pipelines(List<String> specs) {
            specs.forEach(PipelineSpec::parse);
            this.pipelines = List.copyOf(specs);
            return this;
        }

        /**
         * Run each pipeline's stages as separate runs with an 8-bit PNG between them, as separate
         * commands would (to measure what one pipeline saves).
         */
        public Builder stagesApart(boolean apart) {
            this.stagesApart = apart;
            return this;
        }

        public Builder degradation(Degradation d) {
            this.degradation = Objects.requireNonNull(d, "degradation");
            return this;
        }

        /** Crop each HR image to a centred square of at most {@code pixels} first; 0 (default) keeps it whole. */
        public Builder maxSize(int pixels) {
            if (pixels < 0) {
                throw new IllegalArgumentException("max size must be >= 0, got " + pixels);
            }
            this.maxSize = pixels;
            return this;
        }

        /** Tile edge of the networks. */
        public Builder tileSize(int size) {
            this.tileSize = size;
            return this;
        }

        /** Threads for the networks and the resampler. */
        public Builder threads(int count) {
            if (count < 1) {
                throw new IllegalArgumentException("threads must be >= 1, got " + count);
            }
            this.threads = count;
            return this;
        }

        /** Where models are found and fetched to; default the user's store. */
        public Builder store(ModelStore modelStore) {
            this.store = Objects.requireNonNull(modelStore, "modelStore");
            return this;
        }

        /** An engine shared with the caller; by default each model's upscaler has its own. */
        public Builder engine(Engine sharedEngine) {
            this.engine = Objects.requireNonNull(sharedEngine, "sharedEngine");
            return this;
        }

        /** Write {@code IMAGE_MODEL.png} side-by-side crops (bicubic | model | HR) into this existing directory. */
        public Builder saveCrops(Path dir) {
            this.cropsDir = dir;
            return this;
        }

        /** @throws IllegalArgumentException if no image or no model is given */
        public Evaluation build() {
            if (hrImages.isEmpty()) {
                throw new IllegalArgumentException("no HR images to evaluate on");
            }
            if (models.isEmpty() && pipelines.isEmpty() && baselines.isEmpty()) {
                throw new IllegalArgumentException("no models, pipelines or baselines to evaluate");
            }
            if (!baselines.isEmpty() && degradation.kernel().isEmpty()) {
                throw new IllegalArgumentException("the deblurring baselines are given the true blur kernel: the "
                        + "degradation (" + degradation + ") needs a blur step, e.g. blur:motion:15:30");
            }
            if (cropsDir != null && !Files.isDirectory(cropsDir)) {
                throw new IllegalArgumentException(cropsDir + ": crop directory does not exist");
            }
            return new Evaluation(this);
        }
    }
}
