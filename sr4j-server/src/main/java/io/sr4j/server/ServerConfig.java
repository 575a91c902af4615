package io.sr4j.server;

import io.sr4j.model.ModelStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Settings of an {@link Sr4jServer}. Build with {@link #builder()}; every value has a default that
 * suits one machine serving a few users (see {@code sr4j serve --help}).
 *
 * @param host             address to listen on ({@code 127.0.0.1}: this machine only)
 * @param port             TCP port; 0 picks a free one (tests)
 * @param apiKey           when set, every request but {@code /health} and the page's static files needs
 *                         {@code Authorization: Bearer <apiKey>}
 * @param jobsDir          where jobs, their inputs and results live (survives restarts)
 * @param maxUploadBytes   largest upload accepted (413 above)
 * @param maxInputPixels   largest input width × height accepted (422 above)
 * @param maxOutputPixels  largest output (and network intermediate) width × height (422 above)
 * @param queueCapacity    work items that may wait for a worker; more are refused (503 + Retry-After)
 * @param workers          work items run at the same time (each with {@code threads} threads)
 * @param threads          threads one work item's network and resamplers use
 * @param tileSize         tile edge in input pixels
 * @param jobTtl           how long a finished job and its result are kept
 * @param jobTimeout       longest one work item may run before it is stopped
 * @param corsOrigins      origins allowed to call the API from a browser ({@code *}: any); empty: none
 * @param defaultModel     model used when a request names neither a model nor a quality tier, or null
 *                         (the default) to let the default tier pick the network for the scale asked
 * @param store            where models are fetched to and loaded from
 * @param video            limits and defaults of video jobs
 */
public record ServerConfig(String host, int port, String apiKey, Path jobsDir, long maxUploadBytes,
                           long maxInputPixels, long maxOutputPixels, int queueCapacity, int workers, int threads,
                           int tileSize, Duration jobTtl, Duration jobTimeout, List<String> corsOrigins,
                           String defaultModel, ModelStore store, VideoLimits video) {

    public static final int DEFAULT_PORT = 8080;
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final long DEFAULT_MAX_UPLOAD_BYTES = 50L << 20;
    public static final long DEFAULT_MAX_INPUT_PIXELS = 25_000_000L;
    public static final long DEFAULT_MAX_OUTPUT_PIXELS = 100_000_000L;
    public static final int DEFAULT_QUEUE = 16;
    public static final Duration DEFAULT_JOB_TTL = Duration.ofHours(24);
    public static final Duration DEFAULT_JOB_TIMEOUT = Duration.ofMinutes(10);

    public ServerConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(jobsDir, "jobsDir");
        Objects.requireNonNull(jobTtl, "jobTtl");
        Objects.requireNonNull(jobTimeout, "jobTimeout");
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(video, "video");
        corsOrigins = List.copyOf(corsOrigins);
        requirePositive("maxUploadBytes", maxUploadBytes);
        requirePositive("maxInputPixels", maxInputPixels);
        requirePositive("maxOutputPixels", maxOutputPixels);
        requirePositive("workers", workers);
        requirePositive("threads", threads);
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535, got " + port);
        }
        if (queueCapacity < 0) {
            throw new IllegalArgumentException("queue capacity must be >= 0, got " + queueCapacity);
        }
        if (tileSize < 16) {
            throw new IllegalArgumentException("tile size must be >= 16, got " + tileSize);
        }
        if (jobTtl.isNegative() || jobTtl.isZero() || jobTimeout.isNegative() || jobTimeout.isZero()) {
            throw new IllegalArgumentException("job TTL and timeout must be positive");
        }
        if (apiKey != null && apiKey.isBlank()) {
            throw new IllegalArgumentException("an API key must not be blank");
        }
    }

    private static void requirePositive(String name, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be > 0, got " + value);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builder with the defaults of {@code sr4j serve}. */
    public static final class Builder {
        private String host = DEFAULT_HOST;
        private int port = DEFAULT_PORT;
        private String apiKey;
        private Path jobsDir;
        private long maxUploadBytes = DEFAULT_MAX_UPLOAD_BYTES;
        private long maxInputPixels = DEFAULT_MAX_INPUT_PIXELS;
        private long maxOutputPixels = DEFAULT_MAX_OUTPUT_PIXELS;
        private int queueCapacity = DEFAULT_QUEUE;
        private int workers = 1;
        private int threads = Runtime.getRuntime().availableProcessors();
        private int tileSize = 256;
        private Duration jobTtl = DEFAULT_JOB_TTL;
        private Duration jobTimeout = DEFAULT_JOB_TIMEOUT;
        private List<String> corsOrigins = List.of();
        private String defaultModel;
        private ModelStore store;
        private VideoLimits video = VideoLimits.defaults();

        private Builder() {
        }

        public Builder host(String value) {
            host = value;
            return this;
        }

        public Builder port(int value) {
            port = value;
            return this;
        }

        /** Null for an open server. */
        public Builder apiKey(String value) {
            apiKey = value;
            return this;
        }

        /** Default: {@code jobs/} under the model store's root. */
        public Builder jobsDir(Path value) {
            jobsDir = value;
            return this;
        }

        public Builder maxUploadBytes(long value) {
            maxUploadBytes = value;
            return this;
        }

        public Builder maxInputPixels(long value) {
            maxInputPixels = value;
            return this;
        }

        public Builder maxOutputPixels(long value) {
            maxOutputPixels = value;
            return this;
        }

        public Builder queueCapacity(int value) {
            queueCapacity = value;
            return this;
        }

        public Builder workers(int value) {
            workers = value;
            return this;
        }

        public Builder threads(int value) {
            threads = value;
            return this;
        }

        public Builder tileSize(int value) {
            tileSize = value;
            return this;
        }

        public Builder jobTtl(Duration value) {
            jobTtl = value;
            return this;
        }

        public Builder jobTimeout(Duration value) {
            jobTimeout = value;
            return this;
        }

        public Builder corsOrigins(List<String> value) {
            corsOrigins = value;
            return this;
        }

        /** Null (the default): the default quality tier picks the network for each request's scale. */
        public Builder defaultModel(String value) {
            defaultModel = value;
            return this;
        }

        /** Default: {@link ModelStore#open()}. */
        public Builder store(ModelStore value) {
            store = value;
            return this;
        }

        /** Limits and defaults of video jobs; default: {@link VideoLimits#defaults()}. */
        public Builder video(VideoLimits value) {
            video = value;
            return this;
        }

        public ServerConfig build() {
            ModelStore s = store != null ? store : ModelStore.open();
            Path dir = jobsDir != null ? jobsDir : s.root().resolve("jobs");
            return new ServerConfig(host, port, apiKey, dir, maxUploadBytes, maxInputPixels, maxOutputPixels,
                    queueCapacity, workers, threads, tileSize, jobTtl, jobTimeout, corsOrigins, defaultModel, s, video);
        }
    }
}
