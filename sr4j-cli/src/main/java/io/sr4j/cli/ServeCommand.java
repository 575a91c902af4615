package io.sr4j.cli;

import io.sr4j.server.ServerConfig;
import io.sr4j.server.Sr4jServer;
import io.sr4j.server.VideoLimits;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code sr4j serve}: the HTTP API and the web page, until Ctrl-C or SIGTERM. */
@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        description = {"Serve the HTTP API (/api/v1) and the web page (/) on one port.",
            "Models are loaded once, on first use, and shared by every request."},
        footer = {"", "Examples:",
            "  sr4j serve                                   # http://127.0.0.1:8080/",
            "  sr4j serve --host 0.0.0.0 --port 9000 --api-key \"$SR4J_KEY\" --cors https://news.example",
            "  curl -s --data-binary @photo.jpg 'http://127.0.0.1:8080/api/v1/upscale?scale=2' -o photo_x2.jpg",
            "  curl -s --data-binary @clip.mp4 'http://127.0.0.1:8080/api/v1/jobs?filename=clip.mp4'   # video: a job",
            "", "See docs/API.md for every endpoint."})
final class ServeCommand implements Callable<Integer> {
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

    @Spec
    CommandSpec spec;

    @Option(names = "--port", paramLabel = "N", description = "TCP port. Default: ${DEFAULT-VALUE}.")
    int port = ServerConfig.DEFAULT_PORT;

    @Option(names = "--host", paramLabel = "ADDR", description = "Address to listen on (0.0.0.0: every interface). "
            + "Default: ${DEFAULT-VALUE} (this machine only).")
    String host = ServerConfig.DEFAULT_HOST;

    @Option(names = "--api-key", paramLabel = "KEY", description = "Require 'Authorization: Bearer KEY' on every "
            + "request but /health and the web page's files (the page asks for the key).")
    String apiKey;

    @Option(names = "--jobs-dir", paramLabel = "DIR", description = "Where jobs and results are kept across "
            + "restarts. Default: $SR4J_HOME/jobs.")
    Path jobsDir;

    @Option(names = "--max-upload-mb", paramLabel = "MB", description = "Largest upload (413 above). "
            + "Default: ${DEFAULT-VALUE}.")
    long maxUploadMb = ServerConfig.DEFAULT_MAX_UPLOAD_BYTES >> 20;

    @Option(names = "--max-pixels", paramLabel = "N", description = "Largest input, width x height (422 above). "
            + "Default: ${DEFAULT-VALUE}.")
    long maxPixels = ServerConfig.DEFAULT_MAX_INPUT_PIXELS;

    @Option(names = "--max-output-pixels", paramLabel = "N", description = "Largest output, width x height (422 "
            + "above). Default: ${DEFAULT-VALUE}.")
    long maxOutputPixels = ServerConfig.DEFAULT_MAX_OUTPUT_PIXELS;

    @Option(names = "--queue", paramLabel = "N", description = "Images that may wait for a worker; more get 503 "
            + "with Retry-After. Default: ${DEFAULT-VALUE}.")
    int queue = ServerConfig.DEFAULT_QUEUE;

    @Option(names = "--workers", paramLabel = "N", description = "Images worked on at once. Default: ${DEFAULT-VALUE}.")
    int workers = 1;

    @Option(names = "--threads", paramLabel = "N", description = "Threads per image. Default: every core / workers.")
    Integer threads;

    @Option(names = "--tile", paramLabel = "N", description = "Tile edge in input pixels. Default: ${DEFAULT-VALUE}.")
    int tile = 256;

    @Option(names = "--model", paramLabel = "ID", description = "Model when a request names neither a model nor a "
            + "quality tier. Default: none, the balanced tier picks the network for each request's scale "
            + "('sr4j models tiers').")
    String model;

    @Option(names = "--job-ttl", paramLabel = "DURATION", description = "How long finished jobs and results are kept "
            + "(90s, 30m, 24h, 7d). Default: 24h.")
    String jobTtl = "24h";

    @Option(names = "--job-timeout", paramLabel = "DURATION", description = "Longest one image may take. Default: 10m.")
    String jobTimeout = "10m";

    @Option(names = "--max-video-mb", paramLabel = "MB", description = "Largest video upload (videos run as jobs; "
            + "413 above). Default: ${DEFAULT-VALUE}.")
    long maxVideoMb = VideoLimits.DEFAULT_MAX_UPLOAD_BYTES >> 20;

    @Option(names = "--max-video-frames", paramLabel = "N", description = "Most frames a video may have (422 above). "
            + "Default: ${DEFAULT-VALUE} (10 min at 30 fps).")
    long maxVideoFrames = VideoLimits.DEFAULT_MAX_FRAMES;

    @Option(names = "--max-video-frame-pixels", paramLabel = "N", description = "Largest output frame, width x height "
            + "(422 above). Default: ${DEFAULT-VALUE} (3840x2160).")
    long maxVideoFramePixels = VideoLimits.DEFAULT_MAX_FRAME_PIXELS;

    @Option(names = "--video-timeout", paramLabel = "DURATION", description = "Longest one video job may take. "
            + "Default: 6h.")
    String videoTimeout = "6h";

    @Option(names = "--video-model", paramLabel = "ID", description = "Model when a video job names none. "
            + "Default: ${DEFAULT-VALUE}.")
    String videoModel = VideoLimits.DEFAULT_MODEL;

    @Option(names = "--cors", paramLabel = "ORIGIN", description = "Let pages from ORIGIN call the API "
            + "(repeatable; * for any).")
    List<String> cors = new ArrayList<>();

    @Override
    public Integer call() throws InterruptedException {
        ServerConfig config = config();
        PrintWriter err = spec.commandLine().getErr();
        CountDownLatch stopped = new CountDownLatch(1);
        Sr4jServer server = new Sr4jServer(config).start();
        // Ctrl-C / SIGTERM: stop taking work; unfinished jobs stay on disk and run at the next start.
        Thread hook = new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "sr4j-serve-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        String shown = config.host().contains(":") ? "[" + config.host() + "]" : config.host();
        err.printf(Locale.ROOT, "sr4j serving on http://%s:%d/ (API /api/v1, jobs in %s%s)%n", shown, server.port(),
                config.jobsDir(), config.apiKey() != null ? ", API key required" : "");
        err.flush();
        stopped.await();
        return Sr4jCommand.OK;
    }

    private ServerConfig config() {
        if (maxUploadMb < 1) {
            throw usage("--max-upload-mb must be >= 1, got " + maxUploadMb);
        }
        if (maxVideoMb < 1) {
            throw usage("--max-video-mb must be >= 1, got " + maxVideoMb);
        }
        if (port < 0 || port > 65535) {
            throw usage("--port must be 0..65535, got " + port);
        }
        Sr4jCommand root = Sr4jCommand.of(spec);
        if (model != null && root.store().catalog().find(model).isEmpty()) {
            throw usage("--model " + model + ": not a catalogue id (see 'sr4j models list')");
        }
        if (root.store().catalog().find(videoModel).isEmpty()) {
            throw usage("--video-model " + videoModel + ": not a catalogue id (see 'sr4j models list')");
        }
        int perImage = threads != null ? threads : Math.max(1, Runtime.getRuntime().availableProcessors() / Math.max(1,
                workers));
        try {
            return ServerConfig.builder().host(host).port(port).apiKey(apiKey).jobsDir(jobsDir)
                    .maxUploadBytes(maxUploadMb << 20).maxInputPixels(maxPixels).maxOutputPixels(maxOutputPixels)
                    .queueCapacity(queue).workers(workers).threads(perImage).tileSize(tile)
                    .jobTtl(duration("--job-ttl", jobTtl)).jobTimeout(duration("--job-timeout", jobTimeout))
                    .corsOrigins(cors).defaultModel(model).store(root.store()).video(VideoLimits.defaults()
                            .withMaxUploadBytes(maxVideoMb << 20).withMaxFrames(maxVideoFrames)
                            .withMaxFramePixels(maxVideoFramePixels).withTimeout(duration("--video-timeout",
                                    videoTimeout)).withDefaultModel(videoModel)).build();
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
    }

    /** {@code 90s}, {@code 30m}, {@code 24h}, {@code 7d}, {@code 500ms}. */
    private Duration duration(String option, String text) {
        Matcher m = DURATION.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw usage(option + " must be a number with a unit (ms, s, m, h, d), e.g. 30m; got '" + text + "'");
        }
        long n = Long.parseLong(m.group(1));
        Duration d = switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
        if (d.isZero()) {
            throw usage(option + " must be more than 0");
        }
        return d;
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
