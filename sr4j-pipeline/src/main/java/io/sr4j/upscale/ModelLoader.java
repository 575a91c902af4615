package io.sr4j.upscale;

import io.sr4j.engine.Engine;
import io.sr4j.engine.EngineException;
import io.sr4j.engine.InferenceSession;
import io.sr4j.engine.SessionOptions;
import io.sr4j.engine.TensorSpec;
import io.sr4j.engine.ncnn.ConvertedModel;
import io.sr4j.engine.ncnn.ImportOptions;
import io.sr4j.engine.ncnn.NcnnImporter;
import io.sr4j.diffusion.SamplerSettings;
import io.sr4j.engine.onnx.OnnxFiles;
import io.sr4j.engine.onnx.OnnxModelReader;
import io.sr4j.engine.pytorch.DetectedArchitecture;
import io.sr4j.engine.pytorch.PytorchCheckpoints;
import io.sr4j.engine.pytorch.PytorchImporter;
import io.sr4j.engine.pytorch.StateDict;
import io.sr4j.engine.quant.ActivationRange;
import io.sr4j.engine.quant.Int8Quantiser;
import io.sr4j.engine.tfjs.TfjsImportOptions;
import io.sr4j.engine.tfjs.TfjsImporter;
import io.sr4j.image.PlanarImage;
import io.sr4j.model.FetchListener;
import io.sr4j.model.FileRole;
import io.sr4j.model.LocalModel;
import io.sr4j.model.ModelFamily;
import io.sr4j.model.ModelFormat;
import io.sr4j.model.ModelInfo;
import io.sr4j.model.ModelStore;
import io.sr4j.model.PostProcess;
import io.sr4j.resample.ResampleFilter;
import io.sr4j.tile.BorderMode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Turns a model reference (a catalogue id, an {@code .onnx} file, an ncnn {@code .param} file or a
 * PyTorch checkpoint) into a runnable {@link ImageModel}: fetches catalogue models into the store,
 * converts ncnn models and checkpoints to ONNX once and caches the graph in the store, and opens
 * the engine sessions.
 */
final class ModelLoader {
    /**
     * Bump when the converter's output changes, so cached graphs are rebuilt.
     */
    static final String CONVERTER_VERSION = "ncnn2onnx-3";
    /** Likewise for the TF.js converter. */
    static final String TFJS_CONVERTER_VERSION = "tfjs2onnx-2";

    /** Padding for models sr4j knows nothing about (user files): a safe middle value. */
    static final int DEFAULT_PADDING = 16;

    private final ModelStore store;
    private final Engine engine;
    private final SessionOptions sessionOptions;
    private final FetchListener listener;
    private final int paddingOverride;
    private final Precision precision;
    /** How diffusion models are sampled. */
    private SamplerSettings sampling = SamplerSettings.defaults();
    /** Activation ranges of the model being loaded, calibrated on its plain graph once and shared by its variants. */
    private Map<String, ActivationRange> int8Ranges;

    /** @param paddingOverride tile padding to use instead of the catalogue's, or −1 */
    ModelLoader(ModelStore store, Engine engine, SessionOptions sessionOptions, FetchListener listener,
            int paddingOverride) {
        this(store, engine, sessionOptions, listener, paddingOverride, Precision.FP32);
    }

    /**
     * @param paddingOverride tile padding to use instead of the catalogue's, or −1
     * @param precision       the networks' arithmetic; int8 graphs are calibrated, rewritten and stored
     *                        beside the float ones the first time
     */
    ModelLoader(ModelStore store, Engine engine, SessionOptions sessionOptions, FetchListener listener,
            int paddingOverride, Precision precision) {
        this.precision = Objects.requireNonNull(precision, "precision");
        this.paddingOverride = paddingOverride;
        this.store = store;
        this.engine = engine;
        this.sessionOptions = sessionOptions;
        this.listener = listener;
    }

    /** The sampling of the diffusion models this loader loads (default {@link SamplerSettings#defaults()}). */
    ModelLoader sampling(SamplerSettings settings) {
        this.sampling = Objects.requireNonNull(settings, "settings");
        return this;
    }

    /** Loads a catalogue model. */
    ImageModel load(ModelInfo info, int tileSize, int threads) {
        if (info.isResampler()) {
            return new ResamplerModel(ResampleFilter.parse(info.id()), threads);
        }
        if (info.family() == ModelFamily.DEBLUR) {
            return new DeblurModel(threads);
        }
        if (info.isDiffusion()) {
            return loadDiffusion(info, tileSize, threads);
        }
        if (info.format() == ModelFormat.BUILTIN) {
            return loadBuiltinNetwork(info, tileSize);
        }
        if (info.format() == ModelFormat.TFJS) {
            return loadTfjs(info, tileSize);
        }
        if (info.format() == ModelFormat.PYTORCH) {
            // Catalogued checkpoints run like a user's --model FILE.pth (their catalogue padding is
            // the one the importer derives; ModelCatalogTest checks they agree).
            return loadCheckpoint(store.ensurePresent(info.id(), listener).file(FileRole.PYTORCH_CHECKPOINT), tileSize);
        }
        if (info.format() != ModelFormat.NCNN) {
            throw new IllegalArgumentException("model " + info.id() + " has format " + info.format()
                    + ", which this version of sr4j cannot run");
        }
        LocalModel local = store.ensurePresent(info.id(), listener);
        Path param = local.file(FileRole.NCNN_PARAM);
        Path bin = local.file(FileRole.NCNN_BIN);
        ImportOptions base = ImportOptions.plain();
        if (info.postProcess() == PostProcess.ADD_NEAREST_INPUT) {
            // The residual the reference program adds after the network, moved into the graph; the
            // network crops exactly the catalogued padding from its input.
            base = base.withInputResidual(info.scale(), info.tiling().padding());
        }
        List<InferenceSession> opened = new ArrayList<>();
        try {
            InferenceSession plain = open(info, param, bin, base, "plain", opened);
            TiledNetwork.Sessions sessions = TiledNetwork.Sessions.plainOnly(plain);
            if (info.sharedSeStatistics()) {
                InferenceSession in = open(info, param, bin, base.withInjectedStatistics(ImportOptions.ALL),
                        "stats-in", opened);
                List<String> names = statisticNames(in);
                sessions = new TiledNetwork.Sessions(plain, statisticStages(info, param, bin, base, names, opened), in,
                        names);
            }
            int padding = paddingOverride >= 0 ? paddingOverride : info.tiling().padding();
            return new TiledNetwork(sessions, info.scale(), padding, info.tiling().alignment(),
                    tileBorder(info.tiling().border()), tiles(tileSize, converted(info, "plain"), padding, info));
        } catch (RuntimeException e) {
            opened.forEach(InferenceSession::close);
            throw e;
        }
    }

    /**
     * A TF.js catalogue model: one plain graph, converted once and cached. The graph takes and gives
     * 0..1 like every other; networks trained on 0..255 get the scaling inside it.
     */
    private ImageModel loadTfjs(ModelInfo info, int tileSize) {
        Path modelJson = store.ensurePresent(info.id(), listener).file(FileRole.TFJS_MODEL);
        Path cached = store.convertedPath(info.id(), TFJS_CONVERTER_VERSION);
        try {
            if (!Files.isRegularFile(cached)) {
                TfjsImporter.convert(modelJson, new TfjsImportOptions(info.inputRange().max())).writeTo(cached);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the converted model " + cached + ": " + e.getMessage(), e);
        }
        InferenceSession session = engine.open(withPrecision(info, cached, TFJS_CONVERTER_VERSION, cached), sessionOptions);
        try {
            int padding = paddingOverride >= 0 ? paddingOverride : info.tiling().padding();
            return new TiledNetwork(TiledNetwork.Sessions.plainOnly(session), info.scale(), padding,
                    info.tiling().alignment(), tileBorder(info.tiling().border()),
                    tiles(tileSize, cached, padding, info));
        } catch (RuntimeException e) {
            session.close();
            throw e;
        }
    }

    /** One of sr4j's own networks: an ONNX graph inside the jar, nothing to fetch or convert. */
    private ImageModel loadBuiltinNetwork(ModelInfo info, int tileSize) {
        byte[] graph = builtinGraph(info);
        return network(engine.open(withPrecision(graph), info.id(), sessionOptions), info.scale(),
                info.tiling().padding(),
                tileBorder(info.tiling().border()), tileSize);
    }

    private static byte[] builtinGraph(ModelInfo info) {
        try (InputStream in = ModelLoader.class.getResourceAsStream(info.builtinResource())) {
            if (in == null) {
                throw new IllegalStateException("built-in model " + info.id() + " is missing its graph "
                        + info.builtinResource() + " (a broken build?)");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + info.builtinResource() + ": " + e.getMessage(), e);
        }
    }

    /**
     * A diffusion network inside the jar, with the sampler around it: the schedule, gain, alignment
     * and receptive radius come from the graph's metadata; --tile sets the window (in input pixels,
     * as for other networks). Always fp32: int8 noise predictions would be rescaled by 1/√ᾱ.
     */
    private ImageModel loadDiffusion(ModelInfo info, int tileSize, int threads) {
        byte[] graph = builtinGraph(info);
        DiffusionMetadata metadata = DiffusionMetadata.read(OnnxModelReader.read(graph).metadataEntries(),
                info.builtinResource());
        int window = tileSize == Upscaler.AUTO_TILE_SIZE ? DiffusionModel.DEFAULT_WINDOW : tileSize * metadata.scale();
        InferenceSession session = engine.open(graph, info.id(), sessionOptions);
        try {
            return new DiffusionModel(session, metadata, sampling, window, threads, info.id());
        } catch (RuntimeException e) {
            session.close();
            throw e;
        }
    }

    /** A plain one-graph network, tiled; closes the session if that fails. */
    private TiledNetwork network(InferenceSession session, int scale, int padding, BorderMode border, int tileSize) {
        try {
            // No cached graph to measure: automatic tiling keeps the default square tiles.
            int size = tileSize == Upscaler.AUTO_TILE_SIZE ? Upscaler.DEFAULT_TILE_SIZE : tileSize;
            return new TiledNetwork(TiledNetwork.Sessions.plainOnly(session), scale,
                    paddingOverride >= 0 ? paddingOverride : padding, 1, border, TileChoice.fixed(size));
        } catch (RuntimeException e) {
            session.close();
            throw e;
        }
    }

    /**
     * Loads a model file the user named: {@code .onnx}, {@code .param} with its {@code .bin} beside
     * it, or a PyTorch checkpoint / safetensors file (told by its content, whatever its name).
     */
    ImageModel loadFile(Path file, int tileSize) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("model file " + file + " does not exist");
        }
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (!name.endsWith(".onnx") && !name.endsWith(".param") && PytorchCheckpoints.isCheckpoint(file)) {
            return loadCheckpoint(file, tileSize);
        }
        InferenceSession session;
        if (name.endsWith(".onnx") && precision == Precision.INT8) {
            session = engine.open(withPrecision(readModelFile(file)), file.toString(), sessionOptions);
        } else if (name.endsWith(".onnx")) {
            session = engine.open(file, sessionOptions);
        } else if (name.endsWith(".param")) {
            Path bin = file.resolveSibling(file.getFileName().toString().replaceAll("(?i)\\.param$", ".bin"));
            if (!Files.isRegularFile(bin)) {
                throw new IllegalArgumentException("ncnn model " + file + " needs its weights " + bin
                        + ", which does not exist");
            }
            ConvertedModel converted = NcnnImporter.convert(file, bin, ImportOptions.plain());
            session = engine.open(withPrecision(converted.onnx()), file.toString(), sessionOptions);
        } else {
            throw new IllegalArgumentException("model file " + file
                    + " is neither .onnx, ncnn .param nor a PyTorch checkpoint (.pth/.pt/.ckpt/.safetensors):"
                    + " give a catalogue id (see 'sr4j models list') or one of those");
        }
        Sidecar sidecar;
        int scale;
        try {
            sidecar = Sidecar.of(file);
            scale = sidecar != null ? sidecar.scale() : probeScale(session, file);
        } catch (RuntimeException e) {
            session.close();
            throw e;
        }
        if (sidecar != null && sidecar.tileWindow() > 1) {
            return windowedNetwork(session, scale, sidecar.padding(), sidecar.tileWindow(), tileSize);
        }
        return network(session, scale, sidecar != null ? sidecar.padding() : DEFAULT_PADDING, BorderMode.REFLECT,
                tileSize);
    }

    /**
     * A PyTorch checkpoint: the architecture, scale and tile padding are read from its tensor
     * shapes on every load (cheap: no weights are converted); the ONNX graph is converted once and
     * cached in the store under the file's hash.
     */
    private ImageModel loadCheckpoint(Path file, int tileSize) {
        StateDict dict = PytorchCheckpoints.read(file);
        DetectedArchitecture arch = PytorchImporter.detect(dict);
        Path cached = store.convertedFilePath(file, PytorchImporter.CONVERTER_VERSION);
        try {
            if (!Files.isRegularFile(cached)) {
                PytorchImporter.convert(dict).converted().writeTo(cached);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the converted model " + cached + ": " + e.getMessage(), e);
        }
        InferenceSession session = precision == Precision.FP32 ? engine.open(cached, sessionOptions)
                : engine.open(withPrecision(readModelFile(cached)), file.toString(), sessionOptions);
        if (!arch.windowed()) {
            return network(session, arch.scale(), arch.tilePadding(), BorderMode.REFLECT, tileSize);
        }
        return windowedNetwork(session, arch.scale(), arch.tilePadding(), arch.tileWindow(), tileSize);
    }

    /**
     * A window-attention network (SwinIR, HAT), tiled on its window grid and inside the image, so
     * that each tile sees the windows the whole image would; a --tile-padding is rounded up to
     * whole windows. Closes the session if that fails.
     */
    private TiledNetwork windowedNetwork(InferenceSession session, int scale, int padding, int window,
            int tileSize) {
        try {
            int size = tileSize == Upscaler.AUTO_TILE_SIZE ? Upscaler.DEFAULT_TILE_SIZE : tileSize;
            int aligned = DetectedArchitecture.alignPadding(paddingOverride >= 0 ? paddingOverride : padding, window);
            return new TiledNetwork(TiledNetwork.Sessions.plainOnly(session), scale, aligned, window,
                    BorderMode.REFLECT, TileChoice.fixed(size), true);
        } catch (RuntimeException e) {
            session.close();
            throw e;
        }
    }

    /** A user's model declares no scale: run a small input through it and measure. */
    private static int probeScale(InferenceSession session, Path file) {
        if (session.inputs().size() != 1 || session.outputs().size() != 1) {
            throw new IllegalArgumentException("model " + file + " has " + session.inputs().size() + " inputs and "
                    + session.outputs().size() + " outputs; sr4j runs image models with one of each");
        }
        int probe = 64;
        PlanarImage out;
        try {
            out = session.run(new PlanarImage(probe, probe, 3));
        } catch (IllegalArgumentException | EngineException e) {
            // The session's own message names the tensor, not the file the user gave (OnnxLoadFuzzTest).
            throw new IllegalArgumentException("model " + file + " cannot run on a 3x64x64 RGB image ("
                    + e.getMessage() + "); sr4j runs image models taking 1x3xHxW", e);
        }
        if (out.channels() != 3 || out.width() % probe != 0 || out.width() != out.height()) {
            throw new IllegalArgumentException("model " + file + " turned a 3x64x64 input into " + out
                    + "; sr4j expects an RGB image model enlarging by a whole factor");
        }
        return out.width() / probe;
    }

    /** A fixed tile size, or for {@link Upscaler#AUTO_TILE_SIZE} one chosen from the graph's measured width. */
    private static TileChoice tiles(int tileSize, Path graph, int padding, ModelInfo info) {
        if (tileSize != Upscaler.AUTO_TILE_SIZE) {
            return TileChoice.fixed(tileSize);
        }
        int alignment = info.tiling().alignment();
        return TileChoice.automatic(ActivationWidths.of(graph, ActivationWidths.probeEdge(padding, alignment)),
                TileChoice.DEFAULT_BUDGET_BYTES);
    }

    private Path converted(ModelInfo info, String variant) {
        return store.convertedPath(info.id(), CONVERTER_VERSION + "-" + variant);
    }

    /** Opens one graph variant of a catalogue model, converting it the first time and caching the graph. */
    private InferenceSession open(ModelInfo info, Path param, Path bin, ImportOptions options, String variant,
            List<InferenceSession> opened) {
        Path cached = converted(info, variant);
        try {
            if (!Files.isRegularFile(cached)) {
                NcnnImporter.convert(param, bin, options).writeTo(cached);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the converted model " + cached + ": " + e.getMessage(), e);
        }
        InferenceSession session = engine.open(withPrecision(info, cached, CONVERTER_VERSION + "-" + variant,
                converted(info, "plain")), sessionOptions);
        opened.add(session);
        return session;
    }

    /**
     * The graph to run for a stored float graph: itself for fp32; for int8 its int8 form, stored beside
     * it under its own key the first time. Calibration runs on the model's plain graph (one image in,
     * one out) and its ranges serve every variant, which share its tensor names.
     */
    private Path withPrecision(ModelInfo info, Path floatGraph, String key, Path plainGraph) {
        if (precision == Precision.FP32) {
            return floatGraph;
        }
        Path cached = store.convertedPath(info.id(), key + "-" + Int8Quantiser.VERSION);
        if (!Files.isRegularFile(cached)) {
            byte[] graph = readModelFile(floatGraph);
            if (int8Ranges == null) {
                int8Ranges = new Int8Quantiser(engine, sessionOptions).calibrate(readModelFile(plainGraph));
            }
            try {
                OnnxFiles.writeAtomically(cached, Int8Quantiser.quantise(graph, int8Ranges));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the int8 model " + cached + ": " + e.getMessage(), e);
            }
        }
        return cached;
    }

    /** An in-memory graph (built-in network, user file) in the chosen precision; int8 is calibrated anew. */
    private byte[] withPrecision(byte[] floatGraph) {
        if (precision == Precision.FP32) {
            return floatGraph;
        }
        return Int8Quantiser.quantise(floatGraph, new Int8Quantiser(engine, sessionOptions).calibrate(floatGraph));
    }

    private static byte[] readModelFile(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the model " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * How the SE means are shared across tiles. Measured on a 150×140 photo crop in 3×3 tiles against
     * whole-image output (TiledEqualsWholeTest): waifu2x CUnet is as close with one pass for all its
     * blocks (0.92 vs 0.93 levels max) at half the cost; Real-CUGAN needs its blocks synchronised one
     * by one (54–57 dB) — one pass gives 49–53 dB.
     */
    private List<TiledNetwork.Stage> statisticStages(ModelInfo info, Path param, Path bin, ImportOptions base,
            List<String> names, List<InferenceSession> opened) {
        if (info.family() != ModelFamily.REALCUGAN) {
            return List.of(new TiledNetwork.Stage(
                    open(info, param, bin, base.withExposedStatistics(), "stats-out", opened), names));
        }
        List<TiledNetwork.Stage> stages = new ArrayList<>();
        for (int k = 0; k < names.size(); k++) {
            InferenceSession stage = open(info, param, bin, base.withInjectedStatistics(k).withExposedStatistics(),
                    "stats-stage" + k, opened);
            stages.add(new TiledNetwork.Stage(stage, List.of(names.get(k))));
        }
        return stages;
    }

    /** The statistics inputs of an injected-statistics graph: every input after the image. */
    private static List<String> statisticNames(InferenceSession injected) {
        List<TensorSpec> inputs = injected.inputs();
        return inputs.subList(1, inputs.size()).stream().map(TensorSpec::name).toList();
    }

    static BorderMode tileBorder(io.sr4j.model.BorderMode border) {
        return switch (border) {
            case REFLECT -> BorderMode.REFLECT;
            case REPLICATE -> BorderMode.REPLICATE;
            case SYMMETRIC -> throw new IllegalArgumentException("symmetric borders are for resamplers, not networks");
        };
    }
}
