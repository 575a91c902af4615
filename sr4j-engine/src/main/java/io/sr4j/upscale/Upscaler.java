package io.sr4j.upscale;

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
 * <p>Colour runs through the model; alpha, when present, is enlarged separately with MATLAB-style
 * bicubic. A scale other than the network's own is reached by running the network and then
 * resizing its output with bicubic (e.g. ×3 from a ×4 network: ×4, then reduce by 3/4).
 */
public final class Upscaler implements AutoCloseable {
    /** Tile core edge in input pixels when the caller does not choose one. */
    public static final int DEFAULT_TILE_SIZE = 512;

    private final String modelName;
    private final ModelInfo info;
    private final ImageModel model;
    private final Engine ownedEngine;
    /** Resizes alpha, and network output to a scale other than the network's own. */
    private final Resampler bicubic;
    private volatile boolean closed;

    private Upscaler(String modelName, ModelInfo info, ImageModel model, Engine ownedEngine, int threads) {
        this.modelName = modelName;
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
     * same source info. Colour is clamped to [0, 1].
     */
    public Picture upscale(Picture picture, double scale, TileProgress progress) {
        PlanarImage rgb = upscale(picture.rgb(), scale, progress);
        PlanarImage alpha = picture.alpha()
                .map(a -> bicubic.resize(a, rgb.width(), rgb.height()).clampInPlace(0f, 1f))
                .orElse(null);
        return picture.withPixels(rgb, alpha);
    }

    /** Enlarges colour planes (values in [0, 1]) by {@code scale}; the result is clamped to [0, 1]. */
    public PlanarImage upscale(PlanarImage rgb, double scale, TileProgress progress) {
        checkOpen();
        Objects.requireNonNull(rgb, "rgb");
        Objects.requireNonNull(progress, "progress");
        if (!(scale > 0) || Double.isInfinite(scale)) {
            throw new IllegalArgumentException("scale must be a number > 0, got " + scale);
        }
        int nativeScale = model.nativeScale();
        PlanarImage out;
        if (nativeScale == 0) {
            out = model.enlarge(rgb, scale, progress);
        } else {
            out = model.enlarge(rgb, nativeScale, progress);
            if (scale != nativeScale) {
                out = bicubic.resize(out, Resampler.outputLength(rgb.width(), scale),
                        Resampler.outputLength(rgb.height(), scale));
            }
        }
        return out.clampInPlace(0f, 1f);
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

    /** Settings of an {@link Upscaler}; {@link #build()} loads the model. */
    public static final class Builder {
        private String modelId = "realesrgan-x4fast";
        private Path modelFile;
        private int tileSize = DEFAULT_TILE_SIZE;
        private int padding = -1;
        private int threads = Runtime.getRuntime().availableProcessors();
        private ModelStore store;
        private Engine engine;
        private FetchListener fetchListener = FetchListener.silent();

        private Builder() {
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

        /** Tile core edge in input pixels (≥ 16); larger is faster but needs more memory. */
        public Builder tileSize(int size) {
            if (size < 16) {
                throw new IllegalArgumentException("tile size must be >= 16, got " + size);
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
            ModelInfo info = modelFile == null ? modelStore.catalog().get(modelId) : null;
            boolean needsEngine = info == null || info.format() != ModelFormat.BUILTIN;
            Engine owned = needsEngine && engine == null ? new OrtEngine() : null;
            Engine used = engine != null ? engine : owned;
            try {
                SessionOptions options = SessionOptions.builder().intraOpThreads(threads).build();
                ModelLoader loader = new ModelLoader(modelStore, used, options, fetchListener, padding);
                ImageModel model = info != null ? loader.load(info, tileSize, threads) : loader.loadFile(modelFile, tileSize);
                String name = info != null ? info.id() : modelFile.toString();
                return new Upscaler(name, info, model, owned, threads);
            } catch (RuntimeException e) {
                if (owned != null) {
                    owned.close();
                }
                throw e;
            }
        }
    }
}
