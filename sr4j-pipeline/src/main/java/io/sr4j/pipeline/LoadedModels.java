package io.sr4j.pipeline;

import io.sr4j.upscale.Upscaler;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The models a face has loaded, each once and shared by every image (an {@link Upscaler} is safe
 * for concurrent use): a model is fetched, converted and loaded on first need, and not at all when
 * no image needs it. How a model is built (tiles, threads, store, engine, precision) is the face's
 * choice, given as a loader.
 */
public final class LoadedModels implements AutoCloseable {
    private final Function<ModelRef, Upscaler> loader;
    private final Map<String, Upscaler> loaded = new ConcurrentHashMap<>();
    private final Map<String, Optional<String>> hashes = new ConcurrentHashMap<>();

    /** @param loader builds the upscaler of a model; called once per model */
    public LoadedModels(Function<ModelRef, Upscaler> loader) {
        this.loader = loader;
    }

    /** Models built from fresh builders with the face's settings (no model set yet). */
    public static LoadedModels fromBuilders(Supplier<Upscaler.Builder> builders) {
        return new LoadedModels(ref -> ref.configure(builders.get()).build());
    }

    /**
     * The model's upscaler, loading it on first use; a diffusion model comes sampled as the ref
     * asks, a view of the one loaded graph (so clients asking for many seeds load nothing more).
     */
    public Upscaler get(ModelRef model) {
        Upscaler upscaler = loaded.computeIfAbsent(model.key(), key -> loader.apply(model));
        return model.isDiffusion() ? upscaler.withSampling(model.sampling()) : upscaler;
    }

    /** The model's weights hash for the provenance note, computed once. */
    public String weightsSha256(ModelRef model) {
        return hashes.computeIfAbsent(model.key(), k -> Optional.ofNullable(model.weightsSha256())).orElse(null);
    }

    /** Keys ({@link ModelRef#key()}) of the models loaded so far. */
    public Set<String> loadedKeys() {
        return Set.copyOf(loaded.keySet());
    }

    @Override
    public void close() {
        loaded.values().forEach(Upscaler::close);
        loaded.clear();
    }
}
