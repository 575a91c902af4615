package io.sr4j.pipeline;

import io.sr4j.diffusion.SamplerSettings;
import io.sr4j.model.ModelCatalog;
import io.sr4j.model.ModelInfo;
import io.sr4j.model.ModelNotFoundException;
import io.sr4j.model.ModelStore;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Turns what a user wrote for a model into a {@link ModelRef}: a catalogue id, a local model of
 * the store ({@code sr4j train}'s output, named like an id), or — where the face allows files — a
 * model file. A catalogue id wins over a file of the same name in the working directory.
 */
public final class ModelResolver {
    private final ModelStore store;
    private final boolean filesAllowed;
    private final SamplerSettings sampling;

    /**
     * @param filesAllowed whether a model may be a file path (the command line, a library user), or only
     *                     catalogue ids (a server: a client never names a file on it)
     */
    public ModelResolver(ModelStore store, boolean filesAllowed) {
        this(store, filesAllowed, SamplerSettings.defaults());
    }

    private ModelResolver(ModelStore store, boolean filesAllowed, SamplerSettings sampling) {
        this.store = store;
        this.filesAllowed = filesAllowed;
        this.sampling = Objects.requireNonNull(sampling, "sampling");
    }

    /** A resolver that gives the diffusion models it resolves these sampling settings. */
    public ModelResolver withSampling(SamplerSettings settings) {
        return new ModelResolver(store, filesAllowed, settings);
    }

    /** The sampling settings diffusion models get. */
    public SamplerSettings sampling() {
        return sampling;
    }

    public ModelCatalog catalog() {
        return store.catalog();
    }

    /**
     * The model {@code ref} names.
     *
     * @throws ModelNotFoundException for a name that is neither a known id nor (where allowed) a file,
     *                                with the closest ids
     */
    public ModelRef resolve(String ref) {
        if (ref.toLowerCase(Locale.ROOT).endsWith(ModelRef.ENSEMBLE_SUFFIX)) {
            ModelRef network = resolve(ref.substring(0, ref.length() - ModelRef.ENSEMBLE_SUFFIX.length()));
            if (network.info().filter(ModelInfo::isResampler).isPresent()) {
                throw new IllegalArgumentException(ref + ": the self-ensemble averages a network's runs on flipped "
                        + "and turned copies; a classical filter gives the same pixels every time");
            }
            return network.withSelfEnsemble(true);
        }
        ModelCatalog catalog = store.catalog();
        Optional<ModelInfo> info = catalog.find(ref);
        if (info.isPresent()) {
            return ModelRef.catalogued(info.get()).withSampling(sampling);
        }
        if (!filesAllowed) {
            throw new ModelNotFoundException(ref, catalog.suggest(ref, 3));
        }
        Path file = asModelFile(ref);
        if (file == null) {
            file = store.localModel(ref).orElse(null);
        }
        if (file == null) {
            throw new ModelNotFoundException(ref, catalog.suggest(ref, 3));
        }
        if (!Files.isRegularFile(file)) {
            throw new ModelNotFoundException(ref, "no such model file: " + ref + " (give a catalogue id from "
                    + "'sr4j models list', an .onnx file, an ncnn .param file or a PyTorch checkpoint)");
        }
        return ModelRef.file(file);
    }

    /** A catalogue entry by id (for the stages' own defaults, which are always catalogued). */
    public ModelRef catalogued(String id) {
        return ModelRef.catalogued(store.catalog().get(id)).withSampling(sampling);
    }

    /** The path {@code ref} names if it reads as a file (an extension sr4j loads, a directory part, or an existing file). */
    private static Path asModelFile(String ref) {
        String lower = ref.toLowerCase(Locale.ROOT);
        try {
            Path path = Path.of(ref);
            if (lower.endsWith(".onnx") || lower.endsWith(".param") || lower.endsWith(".pth") || lower.endsWith(".pt")
                    || lower.endsWith(".ckpt") || lower.endsWith(".safetensors") || ref.indexOf('/') >= 0
                    || ref.indexOf(java.io.File.separatorChar) >= 0 || Files.exists(path)) {
                return path;
            }
        } catch (InvalidPathException e) {
            return null;
        }
        return null;
    }
}
