package io.sr4j.upscale;

import io.sr4j.diffusion.SamplerSettings;
import io.sr4j.engine.Engine;
import io.sr4j.engine.OrtEngine;
import io.sr4j.engine.SessionOptions;
import io.sr4j.image.Picture;
import io.sr4j.image.PlanarImage;
import io.sr4j.model.FetchListener;
import io.sr4j.model.ModelFormat;
import io.sr4j.model.ModelInfo;
import io.sr4j.model.ModelStore;
import io.sr4j.resample.ResampleFilter;
import io.sr4j.resample.Resampler;
import io.sr4j.resample.StreamingResampler;
import io.sr4j.image.RowSink;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Enlarges pictures with one model: a network from the catalogue (fetched and converted on first
 * use), a user's {@code .onnx} / ncnn file, or a classical filter. Build it once and reuse it: the
 * network session is loaded once and may serve several threads. Close it to free native memory.
 *
 * <pre>{@code
 * try (Upscaler upscaler = Upscaler.builder().model("realesrgan-x4fast").build()) {
 *     Picture big = upscaler.upscale(ImageDecoder.decode(Path.of("photo.jpg")));
 * }
 * }</pre>
 *
 * <p>Colour runs through the model; alpha, when present, is enlarged separately (MATLAB-style
 * bicubic, or the network: {@link AlphaMode}). A scale other than the network's own is reached by
 * running the network and then resizing its output with bicubic (e.g. ×3 from a ×4 network: ×4,
 * then reduce by 3/4). Everything streams: {@link #upscale(Picture, OutputGeometry, RowSink,
 * TileProgress)} hands the output over in bands, and {@link #upscaleFile} writes PNGs far larger
 * than the heap.
 */
public final class Upscaler implements AutoCloseable {
    /**
     * Tile core edge in input pixels for callers that want a fixed default, and where automatic
     * tiling has no measurement to go on (a user's model file, a built-in network).
     */
    public static final int DEFAULT_TILE_SIZE = 512;
    /**
     * {@link Builder#tileSize} value for automatic tiling, the builder's default: per image, the whole
     * image as one tile, else full-width strips, else square tiles, as large as an engine memory budget
     * allows (estimated from the network's widest activation, measured once per model).
     */
    public static final int AUTO_TILE_SIZE = 0;

    private final String modelName;
    private final ModelInfo info;
    private final ImageModel model;
    private final Engine ownedEngine;
    /** Resizes alpha, and network output to a scale other than the network's own. */
    private final Resampler bicubic;
    private final AlphaMode alphaMode;
    private final int threads;
    private volatile boolean closed;

    private Upscaler(String modelName, ModelInfo info, ImageModel model, Engine ownedEngine, int threads,
            AlphaMode alphaMode) {
        this.modelName = modelName;
        this.alphaMode = alphaMode;
        this.threads = threads;
        this.info = info;
        this.model = model;
        this.ownedEngine = ownedEngine;
        this.bicubic = Resampler.of(ResampleFilter.BICUBIC).withThreads(threads);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The model's catalogue id, or the file it was loaded from. */
    public String modelName() {
        return modelName;
    }

    /** The catalogue entry, if the model came from the catalogue. */
    public Optional<ModelInfo> modelInfo() {
        return Optional.ofNullable(info);
    }

    /** Threads used for the network, resizing and PNG compression. */
    public int threads() {
        return threads;
    }

    /**
     * This upscaler with a diffusion model sampled with {@code settings}: a view sharing the loaded
     * graph (closing it frees nothing, the upscaler it came from owns the graph); any other model
     * is returned as it is.
     *
     * @throws IllegalArgumentException if the settings ask for more steps than the model was trained with
     */
    public Upscaler withSampling(SamplerSettings settings) {
        if (!(model instanceof DiffusionModel diffusion) || settings.equals(diffusion.settings())) {
            return this;
        }
        checkOpen();
        return new Upscaler(modelName, info, diffusion.sampledWith(settings), null, threads, alphaMode);
    }

    /** The factor the model enlarges by in one pass; 0 for classical filters (any factor). */
    public int nativeScale() {
        return model.nativeScale();
    }

    /** Enlarges by the model's native scale (networks only). */
    public Picture upscale(Picture picture) {
        if (model.nativeScale() == 0) {
            throw new IllegalArgumentException(modelName + " enlarges by any factor: say which");
        }
        return upscale(picture, model.nativeScale(), TileProgress.none());
    }

    /**
     * Enlarges {@code picture} by {@code scale} (any factor &gt; 0); returns a new picture with the
     * same source info. Colour and alpha are clamped to [0, 1]. The whole output is held in memory;
     * see {@link #upscale(Picture, OutputGeometry, RowSink, TileProgress)} for images too large for that.
     */
    public Picture upscale(Picture picture, double scale, TileProgress progress) {
        return upscale(picture, outputGeometry(picture.width(), picture.height(), scale), progress);
    }

    /** Enlarges {@code picture} to {@code target}, the whole output in memory (float, clamped to [0, 1]). */
    public Picture upscale(Picture picture, OutputGeometry target, TileProgress progress) {
        BandCollector collector = new BandCollector(target.width(), target.height());
        upscale(picture, target, collector, progress);
        return picture.withPixels(collector.rgb(), collector.alpha());
    }

    /** Enlarges colour planes (values in [0, 1]) by {@code scale}; the result is clamped to [0, 1]. */
    public PlanarImage upscale(PlanarImage rgb, double scale, TileProgress progress) {
        Objects.requireNonNull(rgb, "rgb");
        return upscale(Picture.of(rgb), scale, progress).rgb();
    }

    /**
     * The output size and coordinate mapping for enlarging {@code width × height} by {@code scale}:
     * {@code ceil(scale × edge)} per edge.
     *
     * @throws IllegalArgumentException if the scale is not a finite number &gt; 0
     */
    public OutputGeometry outputGeometry(int width, int height, double scale) {
        if (!(scale > 0) || Double.isInfinite(scale)) {
            throw new IllegalArgumentException("scale must be a number > 0, got " + scale);
        }
        return OutputGeometry.ofScale(width, height, scale);
    }

    /**
     * Enlarges {@code picture} to {@code target}, streaming: the output goes to {@code sink} band by
     * band, top to bottom, colour and (for pictures with alpha) alpha clamped to [0, 1], and is
     * never whole in memory. Only a band of network output rows (one tile row), a resize window
     * and, for {@link AlphaMode#MODEL}, the enlarged alpha plane are held.
     *
     * <p>A network runs at its native scale; a target of another size is reached by a streaming
     * bicubic resize of its output (antialiased when reducing). Alpha is enlarged separately (see
     * {@link Builder#alphaMode}); colour under transparent pixels is first filled in from its
     * surroundings so that the network does not draw dark halos along transparent edges.
     */
    public void upscale(Picture picture, OutputGeometry target, RowSink sink, TileProgress progress) {
        checkOpen();
        Objects.requireNonNull(picture, "picture");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(sink, "sink");
        Objects.requireNonNull(progress, "progress");
        PlanarImage rgb = picture.rgb();
        AlphaRows alphaRows = null;
        if (picture.hasAlpha()) {
            PlanarImage alpha = picture.alpha().orElseThrow();
            if (TransparentFill.needed(alpha)) {
                rgb = TransparentFill.fill(rgb, alpha);
            }
            alphaRows = alphaMode == AlphaMode.MODEL ? AlphaRows.of(upscaleAlphaWithModel(alpha, target, progress))
                    : AlphaRows.resized(alpha, bicubic, target);
        }
        AlphaRows alphaSource = alphaRows;
        RowSink clamped = (band, ignored) -> sink.rows(band.clampInPlace(0f, 1f),
                alphaSource == null ? null : alphaSource.next(band.height()));
        model.enlarge(rgb, target, progress, toTarget(picture.width(), picture.height(), target, clamped));
    }

    /**
     * Where the model's bands go: straight to {@code next} when the model produces {@code target}
     * itself, else through a streaming resize from the network's native size.
     */
    private RowSink toTarget(int width, int height, OutputGeometry target, RowSink next) {
        int scale = model.nativeScale();
        if (scale == 0 || (target.width() == width * scale && target.height() == height * scale)) {
            return next;
        }
        int netW = width * scale;
        int netH = height * scale;
        StreamingResampler resize = bicubic.streaming(netW, netH, target.width(), target.height(),
                (double) target.width() / netW, (double) target.height() / netH, 3, band -> next.rows(band, null));
        return (band, alpha) -> resize.push(band);
    }

    /** Alpha through the network: copied to three channels, enlarged, the channel mean taken. */
    private PlanarImage upscaleAlphaWithModel(PlanarImage alpha, OutputGeometry target, TileProgress progress) {
        int n = alpha.planeSize();
        PlanarImage grey = new PlanarImage(alpha.width(), alpha.height(), 3);
        for (int c = 0; c < 3; c++) {
            System.arraycopy(alpha.data(), 0, grey.data(), c * n, n);
        }
        BandCollector collector = new BandCollector(target.width(), target.height());
        upscale(Picture.of(grey), target, collector, progress);
        PlanarImage rgb = collector.rgb();
        int m = rgb.planeSize();
        float[] d = rgb.data();
        PlanarImage out = new PlanarImage(rgb.width(), rgb.height(), 1);
        for (int i = 0; i < m; i++) {
            out.data()[i] = (d[i] + d[m + i] + d[2 * m + i]) / 3f;
        }
        return out;
    }

    /**
     * Float samples the streaming path holds at once for an input of {@code width × height} and
     * this target, besides the input itself (for the memory guard).
     */
    long workingSamples(int width, int height, boolean alpha, OutputGeometry target) {
        long samples = model.bandSamples(width, height, target);
        if (model.nativeScale() != 0 && target.width() != width * model.nativeScale()) {
            samples += StreamingCosts.resizeSamples(target.width(), target.scaleY() / model.nativeScale(), 3);
        }
        if (alpha) {
            samples += 3L * width * height; // the filled colour copy
            samples += alphaMode == AlphaMode.MODEL ? 4 * target.pixels()
                    : StreamingCosts.resizeSamples(target.width(), target.scaleY(), 1);
        }
        return samples;
    }

    /**
     * The networks of {@code parts}, in order, as one upscaler that streams each stage's output
     * band by band into the next (no whole intermediate image), for an input of {@code width ×
     * height}; the same pixels as running the parts one after the other at their native scales.
     * Empty where a stage after the first needs its whole input (image-wide statistics over
     * several tiles) or a part is a classical filter. The chain does not own the parts: close them,
     * not it.
     */
    public static Optional<Upscaler> chain(java.util.List<Upscaler> parts, int width, int height) {
        java.util.List<ImageModel> models = parts.stream().map(u -> u.model).toList();
        if (parts.size() < 2 || !ChainedModel.chains(models, width, height)) {
            return Optional.empty();
        }
        String name = String.join(" then ", parts.stream().map(Upscaler::modelName).toList());
        Upscaler last = parts.get(parts.size() - 1);
        return Optional.of(new Upscaler(name, null, new ChainedModel(models), null, last.threads,
                parts.get(0).alphaMode));
    }

    /** How this upscaler enlarges alpha. */
    public AlphaMode alphaMode() {
        return alphaMode;
    }

    /**
     * Reads {@code input}, enlarges it and writes {@code output} (format from its extension),
     * streaming to PNG so that outputs far larger than the heap can be written; other formats are
     * encoded from a whole in-memory image. The output appears only when complete (temporary file,
     * then rename). Memory is estimated first: an input or output that cannot fit the Java heap is
     * refused before any work, with a message naming the file.
     *
     * @return sizes, tiles and time
     * @throws io.sr4j.io.ImageDecodeException for unreadable input
     * @throws io.sr4j.io.ImageEncodeException for an unwritable output or one its format cannot hold
     * @throws io.sr4j.Sr4jException          when the work cannot fit in memory
     */
    public UpscaleResult upscaleFile(Path input, Path output, OutputOptions options, TileProgress progress) {
        checkOpen();
        return new FileUpscale(this, options).run(input, output, progress);
    }

    /**
     * As {@link #upscaleFile(Path, Path, OutputOptions, TileProgress)} for a picture already decoded
     * (a caller that checks its inputs before loading a model); {@code inputName} names it in
     * messages. The picture's own size is used; {@link OutputOptions#maxPixels()} is not applied.
     */
    public UpscaleResult upscaleToFile(Picture picture, String inputName, Path output, OutputOptions options,
            TileProgress progress) {
        checkOpen();
        Objects.requireNonNull(picture, "picture");
        return new FileUpscale(this, options).run(picture, inputName, output, progress, System.nanoTime());
    }

    /** As {@link #upscaleToFile(Picture, String, Path, OutputOptions, TileProgress)} in {@code format}, whatever the file's name. */
    public UpscaleResult upscaleToFile(Picture picture, String inputName, Path output, io.sr4j.io.ImageFormat format,
            OutputOptions options, TileProgress progress) {
        checkOpen();
        Objects.requireNonNull(picture, "picture");
        return new FileUpscale(this, options).run(picture, inputName, output, format, progress, System.nanoTime());
    }

    /**
     * As {@link #upscaleToFile}, writing the same bytes to {@code out} (not closed) in {@code format}
     * instead of a file: for a caller that sends the result on (an HTTP response). A failure leaves
     * {@code out} with part of the result; the caller discards it.
     */
    public UpscaleResult upscaleToStream(Picture picture, String inputName, io.sr4j.io.ImageFormat format,
            java.io.OutputStream out, OutputOptions options, TileProgress progress) {
        checkOpen();
        Objects.requireNonNull(picture, "picture");
        return new FileUpscale(this, options).run(picture, inputName, format, out, progress, System.nanoTime());
    }

    /** {@link #upscaleFile(Path, Path, OutputOptions, TileProgress)} without progress reports. */
    public UpscaleResult upscaleFile(Path input, Path output, OutputOptions options) {
        return upscaleFile(input, output, options, TileProgress.none());
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("upscaler for " + modelName + " is closed");
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        model.close();
        if (ownedEngine != null) {
            ownedEngine.close();
        }
    }

    /**
     * For the frames of one video stream: a view of this upscaler whose network takes the previous
     * frame's output for every tile whose input is bit-identical to that frame's (the same pixels as
     * this upscaler gives, {@link TileReuse}); {@code memory} holds that frame's tiles and counts.
     * Empty for classical filters. The view shares this upscaler's network: close this one, not it.
     */
    public Optional<Upscaler> reusingTiles(TileReuse memory) {
        Objects.requireNonNull(memory, "memory");
        checkOpen();
        return model.reusingTiles(memory).map(view -> new Upscaler(modelName, info, view, null, threads, alphaMode));
    }

    /** Settings of an {@link Upscaler}; {@link #build()} loads the model. */
    public static final class Builder {
        private String modelId = "realesrgan-x4fast";
        private Path modelFile;
        private int tileSize = AUTO_TILE_SIZE;
        private int padding = -1;
        private int threads = Runtime.getRuntime().availableProcessors();
        private ModelStore store;
        private Engine engine;
        private FetchListener fetchListener = FetchListener.silent();
        private AlphaMode alphaMode = AlphaMode.BICUBIC;
        private Precision precision = Precision.FP32;
        private boolean selfEnsemble;
        private SamplerSettings sampling = SamplerSettings.defaults();

        private Builder() {
        }

        /**
         * How a diffusion model is sampled: sampler, steps, η and seed (default
         * {@link SamplerSettings#defaults()}: DDIM, 20 steps, seed 1). Other models ignore it.
         */
        public Builder sampling(SamplerSettings settings) {
            this.sampling = Objects.requireNonNull(settings, "settings");
            return this;
        }

        /**
         * The network's arithmetic (default {@link Precision#FP32}). {@link Precision#INT8} calibrates
         * and stores an int8 graph the first time a model is used that way.
         */
        public Builder precision(Precision value) {
            this.precision = Objects.requireNonNull(value, "value");
            return this;
        }

        /**
         * Runs the network on the eight flips and quarter turns of each picture and averages the
         * outputs turned back (default off): a little more fidelity for eight times the work, and
         * the whole output held in memory once. Networks only.
         */
        public Builder selfEnsemble(boolean on) {
            this.selfEnsemble = on;
            return this;
        }

        /** How alpha is enlarged (default {@link AlphaMode#BICUBIC}). */
        public Builder alphaMode(AlphaMode mode) {
            this.alphaMode = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /** A catalogue id ({@code sr4j models list}); default {@code realesrgan-x4fast}. */
        public Builder model(String id) {
            this.modelId = Objects.requireNonNull(id, "id");
            this.modelFile = null;
            return this;
        }

        /** A model file instead of a catalogue id: {@code .onnx}, or ncnn {@code .param} with its {@code .bin}. */
        public Builder modelFile(Path file) {
            this.modelFile = Objects.requireNonNull(file, "file");
            return this;
        }

        /**
         * Square tiles of this core edge in input pixels (≥ 16; larger is faster but needs more
         * memory), or {@link #AUTO_TILE_SIZE} (the default) to size them per image and model.
         */
        public Builder tileSize(int size) {
            if (size < 16 && size != AUTO_TILE_SIZE) {
                throw new IllegalArgumentException("tile size must be >= 16 (or automatic), got " + size);
            }
            this.tileSize = size;
            return this;
        }

        /**
         * Context pixels added around each tile; by default the catalogue's value, measured per model so
         * tiled output matches whole-image output. Larger is safer and slower.
         */
        public Builder tilePadding(int pixels) {
            if (pixels < 0) {
                throw new IllegalArgumentException("tile padding must be >= 0, got " + pixels);
            }
            this.padding = pixels;
            return this;
        }

        /** Threads for the network and the resamplers; default: every core. */
        public Builder threads(int count) {
            if (count < 1) {
                throw new IllegalArgumentException("threads must be >= 1, got " + count);
            }
            this.threads = count;
            return this;
        }

        /** Where models are fetched to; default {@code $SR4J_HOME} or {@code ~/.cache/sr4j}. */
        public Builder store(ModelStore modelStore) {
            this.store = Objects.requireNonNull(modelStore, "modelStore");
            return this;
        }

        /** The engine to open sessions with; by default the upscaler makes (and closes) its own. */
        public Builder engine(Engine sharedEngine) {
            this.engine = Objects.requireNonNull(sharedEngine, "sharedEngine");
            return this;
        }

        /** Told when a model must be fetched first (a front end shows it). */
        public Builder fetchListener(FetchListener listener) {
            this.fetchListener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * Resolves and loads the model (fetching and converting it if needed).
         *
         * @throws io.sr4j.model.ModelNotFoundException for an unknown id
         * @throws io.sr4j.model.ModelFetchException    if fetching fails
         * @throws IllegalArgumentException             for an unusable model file
         */
        public Upscaler build() {
            ModelStore modelStore = store != null ? store : ModelStore.open();
            // A catalogue id wins over a local model (sr4j train's output) of the same name.
            Path file = modelFile != null || modelStore.catalog().find(modelId).isPresent() ? modelFile
                    : modelStore.localModel(modelId).orElse(null);
            ModelInfo info = file == null ? modelStore.catalog().get(modelId) : null;
            boolean needsEngine = info == null || !info.runsAsCode();
            Engine owned = needsEngine && engine == null ? new OrtEngine() : null;
            Engine used = engine != null ? engine : owned;
            try {
                SessionOptions options = SessionOptions.builder().intraOpThreads(threads).build();
                ModelLoader loader = new ModelLoader(modelStore, used, options, fetchListener, padding,
                        precision).sampling(sampling);
                ImageModel model = info != null ? loader.load(info, tileSize, threads) : loader.loadFile(file, tileSize);
                if (selfEnsemble) {
                    model = new SelfEnsemble(model);
                }
                String name = info != null ? info.id() : modelFile != null ? modelFile.toString() : modelId;
                return new Upscaler(name, info, model, owned, threads, alphaMode);
            } catch (RuntimeException e) {
                if (owned != null) {
                    owned.close();
                }
                throw e;
            }
        }
    }
}
