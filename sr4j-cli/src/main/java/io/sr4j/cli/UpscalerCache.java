package io.sr4j.cli;

import io.sr4j.upscale.Upscaler;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Builds each model's {@link Upscaler} on first use and keeps it for every later image: a model is
 * fetched, converted and loaded once per run, and not at all when every input fails to decode.
 * With {@code --model auto} images may need different models; each is loaded once.
 */
final class UpscalerCache implements AutoCloseable {
    private final Supplier<Upscaler.Builder> builders;
    private final ConsoleFetchListener fetchListener;
    private final Map<String, Upscaler> loaded = new LinkedHashMap<>();
    private final Map<String, Optional<String>> hashes = new LinkedHashMap<>();

    /** @param builders fresh builders with the command's settings (tile, threads, store, …), no model yet */
    UpscalerCache(Supplier<Upscaler.Builder> builders, ConsoleFetchListener fetchListener) {
        this.builders = builders;
        this.fetchListener = fetchListener;
    }

    Upscaler get(ModelChoice model) {
        Upscaler upscaler = loaded.get(model.key());
        if (upscaler == null) {
            upscaler = model.configure(builders.get()).build();
            fetchListener.endProgressLine();
            loaded.put(model.key(), upscaler);
        }
        return upscaler;
    }

    /** The model's weights hash for the provenance note, computed once per run. */
    String weightsSha256(ModelChoice model) {
        return hashes.computeIfAbsent(model.key(), k -> Optional.ofNullable(model.weightsSha256())).orElse(null);
    }

    @Override
    public void close() {
        loaded.values().forEach(Upscaler::close);
    }
}
