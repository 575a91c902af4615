package io.sr4j.server;

import io.sr4j.engine.Engine;
import io.sr4j.engine.OrtEngine;
import io.sr4j.model.ModelFormat;
import io.sr4j.model.ModelStore;
import io.sr4j.model.ModelNotFoundException;
import io.sr4j.pipeline.ImageRestorer;
import io.sr4j.pipeline.LoadedModels;
import io.sr4j.pipeline.ModelResolver;
import io.sr4j.pipeline.PipelineSpecException;
import io.sr4j.pipeline.RestoreOptions;
import io.sr4j.upscale.Upscaler;
import java.util.Set;

/**
 * The models the server has loaded, each once and shared by every request ({@link LoadedModels}),
 * and the resolver that admits catalogue ids only (a client never names a file on the server). One
 * ONNX Runtime engine serves them all; it is made only when the first network is loaded, so a
 * server that only runs classical filters never loads native code.
 */
final class ModelPool implements AutoCloseable {
    private final ModelResolver resolver;
    private final LoadedModels loaded;
    private Engine engine;

    ModelPool(ModelStore store, int tileSize, int threads) {
        this.resolver = new ModelResolver(store, false);
        this.loaded = new LoadedModels(ref -> {
            Upscaler.Builder builder = ref.configure(Upscaler.builder().store(store).tileSize(tileSize)
                    .threads(threads));
            if (ref.info().orElseThrow().format() != ModelFormat.BUILTIN) {
                builder.engine(engine());
            }
            return builder.build();
        });
    }

    LoadedModels models() {
        return loaded;
    }

    ModelResolver resolver() {
        return resolver;
    }

    /**
     * The client's pipeline over the shared models.
     *
     * @throws ApiError 400 {@code bad_pipeline} or {@code unknown_model}
     */
    ImageRestorer restorer(UpscaleParams params, RestoreOptions options) {
        try {
            ModelResolver sampled = params.samplesDiffusion() ? resolver.withSampling(params.sampling()) : resolver;
            return new ImageRestorer(params.spec(), sampled, loaded, options);
        } catch (PipelineSpecException e) {
            throw ApiError.badRequest("bad_pipeline", e.getMessage());
        } catch (ModelNotFoundException e) {
            throw ApiError.badRequest("unknown_model", e.getMessage());
        }
    }

    /** Ids of the models loaded so far. */
    Set<String> loadedIds() {
        return loaded.loadedKeys();
    }

    private synchronized Engine engine() {
        if (engine == null) {
            engine = new OrtEngine();
        }
        return engine;
    }

    @Override
    public synchronized void close() {
        loaded.close();
        if (engine != null) {
            engine.close();
            engine = null;
        }
    }
}
