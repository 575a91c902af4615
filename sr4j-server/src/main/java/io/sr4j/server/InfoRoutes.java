package io.sr4j.server;

import io.javalin.http.Context;
import io.sr4j.model.ModelInfo;
import io.sr4j.model.ModelStore;
import io.sr4j.model.QualityTier;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code /health}, {@code /metrics}, {@code /api/openapi.json} and {@code /api/v1/models}. */
final class InfoRoutes {
    static final String OPENAPI_RESOURCE = "/io/sr4j/server/openapi.json";

    private final ModelStore store;
    private final ModelPool models;
    private final WorkQueue queue;
    private final ServerMetrics metrics;
    private final String defaultModel;
    private final String defaultVideoModel;
    private final byte[] openApi;

    InfoRoutes(ModelStore store, ModelPool models, WorkQueue queue, ServerMetrics metrics, String defaultModel,
               String defaultVideoModel) {
        this.store = store;
        this.models = models;
        this.queue = queue;
        this.metrics = metrics;
        this.defaultModel = defaultModel;
        this.defaultVideoModel = defaultVideoModel;
        this.openApi = resource(OPENAPI_RESOURCE);
    }

    /** Read from the jar once; its absence is a packaging mistake. */
    static byte[] resource(String name) {
        try (InputStream in = InfoRoutes.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("resource " + name + " is missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Up, and whether it takes work: 200 {@code ok}, or 503 {@code stopping}. */
    void health(Context ctx) {
        boolean stopping = queue.stopping();
        ctx.status(stopping ? 503 : 200);
        ctx.json(Map.of("status", stopping ? "stopping" : "ok",
                "queue", Map.of("waiting", queue.waiting(), "running", queue.running(), "capacity", queue.capacity(),
                        "workers", queue.workers())));
    }

    void metrics(Context ctx) {
        ctx.contentType("text/plain; version=0.0.4; charset=utf-8");
        ctx.result(metrics.scrape());
    }

    void openApi(Context ctx) {
        ctx.contentType("application/json");
        ctx.result(openApi);
    }

    /** One model as the API lists it. */
    record ModelView(String id, String name, String family, int scale, int noise, String domain, String license,
                     boolean installed, boolean loaded) {
    }

    void models(Context ctx) {
        var loaded = models.loadedIds();
        List<ModelView> list = store.catalog().models().stream()
                .map(m -> view(m, loaded.contains(m.id())))
                .toList();
        // defaultModel is null when the quality tier picks the network (the server names no default)
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("defaultModel", defaultModel);
        body.put("defaultVideoModel", defaultVideoModel);
        body.put("qualityTiers", List.of(QualityTier.values()));
        body.put("defaultQuality", QualityTier.DEFAULT);
        body.put("denoiseLevels", List.of(0, 1, 2, 3));
        body.put("models", list);
        ctx.json(body);
    }

    private ModelView view(ModelInfo m, boolean loaded) {
        boolean installed = !m.hasFiles() || store.isPresent(m.id());
        return new ModelView(m.id(), m.displayName(), m.family().name().toLowerCase(java.util.Locale.ROOT),
                m.scale(), m.noise(), m.domain().name().toLowerCase(java.util.Locale.ROOT), m.license(), installed,
                loaded);
    }
}
