package io.sr4j.spark;

import io.sr4j.model.FetchListener;
import io.sr4j.model.ModelFetchException;
import io.sr4j.model.ModelStore;
import io.sr4j.pipeline.LoadedModels;
import io.sr4j.model.Verification;
import io.sr4j.upscale.Upscaler;
import java.util.HashMap;
import java.util.Map;

/**
 * The models of one executor JVM: each {@link Upscaler} is built on the first task that needs it and
 * then shared by every task of every job that runs in this JVM with the same settings (an Upscaler
 * is thread-safe; {@link LoadedModels} per set of settings). Before a model is loaded, its files are
 * checked against the SHA-256 recorded in the catalogue; a model that fails the check is fetched
 * again (or the task fails, naming the file). The upscalers live as long as the JVM; a shutdown hook
 * closes them.
 */
final class ExecutorModels {
    /** What an upscaler depends on besides the model: the settings it was built with. */
    private record Key(int tileSize, int threads, String storeRoot) {
    }

    private static final Map<Key, LoadedModels> LOADED = new HashMap<>();
    private static boolean hookAdded;

    private ExecutorModels() {
    }

    /** The models for the job's tile, threads and store; each built on first use. */
    static synchronized LoadedModels models(BatchSettings settings) {
        Key key = new Key(settings.tileSize(), settings.threads(), settings.storeRoot());
        LoadedModels models = LOADED.get(key);
        if (models == null) {
            ModelStore store = store(settings);
            models = new LoadedModels(ref -> {
                String id = ref.info().orElseThrow().id();
                verified(store, id);
                // OrtEngine opens sessions on a large-stack thread
                return Upscaler.builder().store(store).model(id).tileSize(settings.tileSize())
                        .threads(settings.threads()).fetchListener(LOG).build();
            });
            LOADED.put(key, models);
            if (!hookAdded) {
                Runtime.getRuntime().addShutdownHook(new Thread(ExecutorModels::closeAll, "sr4j-models-close"));
                hookAdded = true;
            }
        }
        return models;
    }

    /** The models this JVM holds for jobs with these settings (tests check that tasks share them). */
    static synchronized java.util.Set<String> loaded(BatchSettings settings) {
        LoadedModels models = LOADED.get(new Key(settings.tileSize(), settings.threads(), settings.storeRoot()));
        return models == null ? java.util.Set.of() : models.loadedKeys();
    }

    static ModelStore store(BatchSettings settings) {
        return settings.storeRoot() == null ? ModelStore.open() : new ModelStore(StoreLocation.resolve(settings.storeRoot()));
    }

    /** Checks every file of the model by SHA-256; installs it again when a file is missing or differs. */
    private static void verified(ModelStore store, String modelId) {
        if (!store.catalog().get(modelId).hasFiles()) {
            return;
        }
        Verification check = store.verify(modelId);
        if (check.ok()) {
            return;
        }
        LOG.message("Model " + modelId + " in " + store.root() + " failed its check (" + String.join("; ",
                check.problems()) + "); fetching it again.");
        store.fetch(modelId, LOG);
        Verification again = store.verify(modelId);
        if (!again.ok()) {
            throw new ModelFetchException("Model " + modelId + " in " + store.root() + " does not match the catalogue: "
                    + String.join("; ", again.problems()));
        }
    }


    private static synchronized void closeAll() {
        LOADED.values().forEach(LoadedModels::close);
        LOADED.clear();
    }

    /** Executors have no console: messages go to the executor's log (its stderr). */
    private static final FetchListener LOG = text -> System.err.println("sr4j-spark: " + text);
}
