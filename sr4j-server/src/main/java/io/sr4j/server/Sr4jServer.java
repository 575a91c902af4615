package io.sr4j.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.config.SizeUnit;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import io.javalin.http.staticfiles.Location;
import io.javalin.json.JavalinJackson;
import io.sr4j.io.ImageDecodeException;
import io.sr4j.model.ModelFetchException;
import io.sr4j.model.ModelNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sr4j HTTP service: API v1, jobs, metrics and the web page, in one process with the models
 * loaded once and shared. {@link #start()} binds the port and queues the jobs left over from the
 * last run; {@link #close()} stops taking work, interrupts running work (unfinished jobs run again
 * at the next start) and frees the models.
 *
 * <pre>{@code
 * try (Sr4jServer server = new Sr4jServer(ServerConfig.builder().port(8080).build()).start()) {
 *     server.awaitStop();
 * }
 * }</pre>
 */
public final class Sr4jServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Sr4jServer.class);

    /** A route as registered: method and path template. */
    public record Route(String method, String path) {
    }

    private final ServerConfig config;
    private final ServerMetrics metrics = new ServerMetrics();
    private final WorkQueue queue;
    private final ModelPool models;
    private final JobService jobs;
    private final Javalin app;
    private final List<Route> routes = Collections.synchronizedList(new ArrayList<>());
    private final Path uploadCache;
    /** The larger of the image and video upload limits: Jetty's multipart limit, per request kind checked after. */
    private final long maxAnyUpload;

    public Sr4jServer(ServerConfig config) {
        this.config = config;
        ObjectMapper json = new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
        this.queue = new WorkQueue(config.workers(), config.queueCapacity());
        metrics.watch(queue);
        this.models = new ModelPool(config.store(), config.tileSize(), config.threads());
        ImagePipeline pipeline = new ImagePipeline(models, config.maxInputPixels(),
                config.maxOutputPixels(), metrics);
        VideoPipeline videos = new VideoPipeline(models, config.video(), metrics);
        JobStore store = new JobStore(config.jobsDir(), json);
        this.jobs = new JobService(store, queue, pipeline, videos, metrics, config.jobTtl(), config.jobTimeout(),
                config.video().timeout(), Clock.systemUTC());
        this.uploadCache = prepareUploadCache(config.jobsDir().resolve(".uploads"));
        UploadReader reader = new UploadReader(config.maxUploadBytes(), config.video().maxUploadBytes());
        ImageRoutes images = new ImageRoutes(queue, pipeline, jobs, reader, config.store().catalog(),
                config.defaultModel(), config.video().defaultModel(), config.jobTimeout(), metrics);
        this.maxAnyUpload = reader.maxAnyBytes();
        InfoRoutes info = new InfoRoutes(config.store(), models, queue, metrics, config.defaultModel(),
                config.video().defaultModel());
        this.app = Javalin.create(c -> configure(c, json, images, info));
    }

    private void configure(JavalinConfig c, ObjectMapper json, ImageRoutes images, InfoRoutes info) {
        c.startup.showJavalinBanner = false;
        c.startup.showOldJavalinVersionWarning = false;
        c.jsonMapper(new JavalinJackson(json, false));
        c.jetty.host = config.host();
        c.jetty.port = config.port();
        c.jetty.multipartConfig.cacheDirectory(uploadCache.toString());
        c.jetty.multipartConfig.maxFileSize(maxAnyUpload, SizeUnit.BYTES);
        c.jetty.multipartConfig.maxTotalRequestSize(maxAnyUpload + UploadReader.MULTIPART_OVERHEAD, SizeUnit.BYTES);
        c.jetty.multipartConfig.maxInMemoryFileSize(1, SizeUnit.MB);
        c.staticFiles.add(files -> {
            files.hostedPath = "/";
            files.directory = "/io/sr4j/server/web";
            files.location = Location.CLASSPATH;
            files.headers = Map.of("Cache-Control", "no-cache");
        });
        if (!config.corsOrigins().isEmpty()) {
            c.bundledPlugins.enableCors(cors -> cors.addRule(rule -> {
                if (config.corsOrigins().contains("*")) {
                    rule.anyHost();
                } else {
                    String first = config.corsOrigins().get(0);
                    rule.allowHost(first, config.corsOrigins().subList(1, config.corsOrigins().size())
                            .toArray(String[]::new));
                }
                rule.exposeHeader("Retry-After");
                rule.exposeHeader("Location");
                rule.exposeHeader("Content-Disposition");
                rule.exposeHeader("X-Sr4j-Output-Size");
                rule.exposeHeader("X-Sr4j-Pipeline");
            }));
        }
        c.events.handlerAdded(meta -> {
            HandlerType type = meta.getHttpMethod();
            if (type.isHttpMethod()) {
                routes.add(new Route(type.name(), meta.getPath()));
            }
        });
        c.requestLogger.http((ctx, ms) -> metrics.request(routeOf(ctx), ctx.method().name(), ctx.statusCode(),
                Duration.ofNanos((long) (ms * 1e6))));
        if (config.apiKey() != null) {
            ApiKeyCheck keys = new ApiKeyCheck(config.apiKey());
            c.routes.before(keys::check);
        }
        c.routes.get("/health", info::health);
        c.routes.get("/metrics", info::metrics);
        c.routes.get("/api/openapi.json", info::openApi);
        c.routes.get("/api/v1/models", info::models);
        c.routes.post("/api/v1/upscale", images::upscale);
        c.routes.post("/api/v1/jobs", images::submitJob);
        c.routes.get("/api/v1/jobs/{id}", images::getJob);
        c.routes.get("/api/v1/jobs/{id}/result", images::jobResult);
        c.routes.delete("/api/v1/jobs/{id}", images::deleteJob);
        c.routes.exception(ApiError.class, (e, ctx) -> error(ctx, e));
        c.routes.exception(ImageDecodeException.class, (e, ctx) -> error(ctx, ImagePipeline.unprocessable(e)));
        c.routes.exception(ModelNotFoundException.class,
                (e, ctx) -> error(ctx, ApiError.badRequest("unknown_model", e.getMessage())));
        c.routes.exception(ModelFetchException.class, (e, ctx) -> {
            LOG.warn("model fetch failed", e);
            error(ctx, ApiError.unavailable("model_unavailable", "the model could not be fetched: " + e.getMessage(),
                    60));
        });
        c.routes.exception(HttpResponseException.class,
                (e, ctx) -> error(ctx, new ApiError(e.getStatus(), e.getStatus() == 404 ? "not_found"
                        : "http_" + e.getStatus(), e.getMessage())));
        c.routes.exception(Exception.class, (e, ctx) -> {
            LOG.error("{} {} failed", ctx.method(), ctx.path(), e);
            error(ctx, new ApiError(500, "internal_error", "the server failed on this request ("
                    + e.getClass().getSimpleName() + "); the log has the details"));
        });
        c.routes.error(404, ctx -> {
            if (ctx.result() == null || ctx.result().isEmpty()) {
                error(ctx, ApiError.notFound("no such resource: " + ctx.method() + " " + ctx.path()));
            }
        });
    }

    /** The route template that served {@code ctx}, so metrics are not split per job id. */
    private static String routeOf(Context ctx) {
        try {
            var endpoint = ctx.endpoints().lastHttpEndpoint();
            return endpoint != null ? endpoint.path : "other";
        } catch (RuntimeException e) {
            return "other";
        }
    }

    private void error(Context ctx, ApiError e) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", e.status());
        body.put("code", e.code());
        body.put("message", e.getMessage());
        e.retryAfterSeconds().ifPresent(s -> ctx.header("Retry-After", Long.toString(s)));
        if (e.status() == 503) {
            metrics.refused(e.code());
        }
        if (ctx.method() == HandlerType.POST) {
            // The upload may be partly unread (refused before or while reading): Jetty then cannot reuse
            // the connection, and saying so keeps clients from sending their next request into it.
            ctx.header("Connection", "close");
            drainUnreadUpload(ctx);
        }
        ctx.status(e.status());
        ctx.json(Map.of("error", body));
    }

    /** Most of an unread upload the server reads and discards so that the client sees its error. */
    private static final long DRAIN_LIMIT = 16L << 20;

    /**
     * A client that sends its whole body before reading the answer (no {@code Expect:
     * 100-continue}) gets a connection reset instead of the error if the server closes with body
     * bytes unread; reading and discarding a bounded remainder first lets it see the 413 / 422.
     */
    private static void drainUnreadUpload(Context ctx) {
        try {
            InputStream in = ctx.req().getInputStream();
            byte[] sink = new byte[64 * 1024];
            long drained = 0;
            int n;
            while (drained < DRAIN_LIMIT && (n = in.read(sink)) > 0) {
                drained += n;
            }
        } catch (IOException | RuntimeException ignored) {
            // The body is broken or already consumed by a multipart parser: nothing more to read.
        }
    }

    /** Jetty keeps large multipart parts here while a request runs; leftovers of a crash are removed. */
    private static Path prepareUploadCache(Path dir) {
        try {
            JobStore.deleteTree(dir);
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Queues the jobs left from the last run, then listens. */
    public Sr4jServer start() {
        try {
            jobs.recover();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the jobs directory " + config.jobsDir() + ": "
                    + e.getMessage(), e);
        }
        app.start();
        return this;
    }

    /** The port listened on (the chosen one when the config said 0). */
    public int port() {
        return app.port();
    }

    public ServerConfig config() {
        return config;
    }

    /** Every route registered: what the OpenAPI document must describe. */
    public List<Route> routes() {
        return List.copyOf(routes);
    }

    @Override
    public void close() {
        queue.close();
        app.stop();
        jobs.close();
        models.close();
    }
}
