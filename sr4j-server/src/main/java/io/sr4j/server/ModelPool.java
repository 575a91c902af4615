package io.sr4j.server;

import io.sr4j.engine.Engine;
import io.sr4j.engine.OrtEngine;
import io.sr4j.model.ModelFormat;
import io.sr4j.model.ModelStore;
import io.sr4j.upscale.Upscaler;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The models the server has loaded, each once and shared by every request (an {@link Upscaler} is
 * safe for concurrent use). One ONNX Runtime engine serves them all; it is made only when the
 * first network is loaded, so a server that only runs classical filters never loads native code.
 */
final class ModelPool implements AutoCloseable {
    private final ModelStore store;
    private final int tileSize;
    private final int threads;
    private final Map<String, Upscaler> loaded = new ConcurrentHashMap<>();
    private Engine engine;

    ModelPool(ModelStore store, int tileSize, int threads) {
        this.store = store;
        this.tileSize = tileSize;
        this.threads = threads;
    }

    /** The upscaler for a catalogue id, loading (and if needed fetching) it on first use. */
    Upscaler get(String id) {
        return loaded.computeIfAbsent(id, key -> {
            Upscaler.Builder builder = Upscaler.builder().model(key).store(store).tileSize(tileSize).threads(threads);
            if (store.catalog().get(key).format() != ModelFormat.BUILTIN) {
                builder.engine(engine());
            }
            return builder.build();
        });
    }

    /** Ids of the models loaded so far. */
    Set<String> loadedIds() {
        return Set.copyOf(loaded.keySet());
    }

    private synchronized Engine engine() {
        if (engine == null) {
            engine = new OrtEngine();
        }
        return engine;
    }

    @Override
    public synchronized void close() {
        loaded.values().forEach(Upscaler::close);
        loaded.clear();
        if (engine != null) {
            engine.close();
            engine = null;
        }
    }
}
