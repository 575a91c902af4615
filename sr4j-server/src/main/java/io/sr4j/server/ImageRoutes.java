package io.sr4j.server;

import io.javalin.http.Context;
import io.sr4j.io.ImageFormat;
import io.sr4j.model.ModelCatalog;
import io.sr4j.pipeline.ImageSource;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code POST /api/v1/upscale} (images only) and the {@code /api/v1/jobs} routes (images and videos,
 * told apart by the upload's first bytes).
 */
final class ImageRoutes {
    private final WorkQueue queue;
    private final ImagePipeline pipeline;
    private final JobService jobs;
    private final UploadReader reader;
    private final ModelCatalog catalog;
    private final String defaultModel;
    private final String defaultVideoModel;
    private final Duration timeout;
    private final ServerMetrics metrics;

    ImageRoutes(WorkQueue queue, ImagePipeline pipeline, JobService jobs, UploadReader reader, ModelCatalog catalog,
                String defaultModel, String defaultVideoModel, Duration timeout, ServerMetrics metrics) {
        this.queue = queue;
        this.pipeline = pipeline;
        this.jobs = jobs;
        this.reader = reader;
        this.catalog = catalog;
        this.defaultModel = defaultModel;
        this.defaultVideoModel = defaultVideoModel;
        this.timeout = timeout;
        this.metrics = metrics;
    }

    /** Parameters from the query string, or from the multipart form's text fields. */
    private UpscaleParams params(Context ctx, String model) {
        return UpscaleParams.parse(name -> {
            String value = ctx.queryParam(name);
            return value != null || !ctx.isMultipartFormData() ? value : formField(ctx, name);
        }, catalog, model);
    }

    private String formField(Context ctx, String name) {
        try {
            return ctx.formParam(name);
        } catch (Exception e) { // Jetty's ServletException arrives undeclared through Kotlin code
            throw reader.multipartFailure(e);
        }
    }

    /** Synchronous: the image comes back in the response. */
    void upscale(Context ctx) throws Exception {
        reader.checkDeclaredLength(ctx, reader.maxImageBytes());
        UpscaleParams params = params(ctx, defaultModel).forImage();
        if (params.samplesDiffusion()) {
            // Its network runs once per step: seconds to minutes, as long as a client should wait on a socket.
            throw ApiError.unprocessable("diffusion_needs_job", "a diffusion model runs its network once per step "
                    + "(" + params.sampling() + "); it runs as a job: POST the image to /api/v1/jobs, poll GET "
                    + "/api/v1/jobs/{id}, then fetch its result", null);
        }
        Future<ImagePipeline.Encoded> work;
        String name;
        // The place is taken before the body is read: a full server reads no uploads.
        WorkQueue.Ticket ticket = queue.admit();
        boolean submitted = false;
        try {
            UploadReader.Upload upload = reader.upload(ctx, reader.maxImageBytes());
            name = upload.name();
            ByteArrayOutputStream buffer = new ByteArrayOutputStream();
            reader.copy(upload, buffer);
            byte[] bytes = buffer.toByteArray();
            refuseVideo(bytes, name);
            pipeline.check(ImageSource.bytes(bytes, name), params);
            long deadline = System.nanoTime() + timeout.toNanos();
            WorkControl control = WorkControl.deadline(deadline, timeout.toSeconds() + " s");
            work = queue.submit(ticket, () -> timed(() -> pipeline.run(bytes, name, params, control)));
            submitted = true;
        } finally {
            if (!submitted) {
                ticket.close();
            }
        }
        ImagePipeline.Encoded result;
        try {
            // The worker stops itself at the deadline; the margin covers the tile that is running then.
            result = work.get(timeout.toMillis() + 30_000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw asApiError(e.getCause(), name);
        } catch (TimeoutException e) {
            work.cancel(true);
            throw new ApiError(504, "timeout", name + ": took longer than the limit of " + timeout.toSeconds() + " s");
        }
        ImagePipeline.Outcome o = result.outcome();
        ctx.contentType(mimeType(o.format()));
        ctx.header("Content-Disposition", "inline; filename=\"" + resultName(name, o.format()) + "\"");
        ctx.header("X-Sr4j-Input-Size", o.inputWidth() + "x" + o.inputHeight());
        ctx.header("X-Sr4j-Output-Size", o.outputWidth() + "x" + o.outputHeight());
        ctx.header("X-Sr4j-Pipeline", o.pipeline());
        ctx.result(result.bytes());
    }

    private <T> T timed(java.util.concurrent.Callable<T> work) throws Exception {
        long start = System.nanoTime();
        String outcome = "failed";
        try {
            T value = work.call();
            outcome = "ok";
            return value;
        } finally {
            metrics.work("sync", outcome, Duration.ofNanos(System.nanoTime() - start));
        }
    }

    private static RuntimeException asApiError(Throwable cause, String name) {
        if (cause instanceof ApiError api) {
            return api;
        }
        if (cause instanceof WorkStopped stopped) {
            return stopped.why() == WorkStopped.Why.TIMEOUT
                    ? new ApiError(504, "timeout", name + ": " + stopped.getMessage())
                    : ApiError.unavailable("stopping", "the server is stopping; try again shortly", 5);
        }
        if (cause instanceof RuntimeException runtime) {
            return runtime; // mapped by the server's exception handlers
        }
        return new IllegalStateException(cause);
    }

    /** A video takes minutes to hours: never on the synchronous route, whose client waits. */
    private static void refuseVideo(byte[] upload, String name) {
        byte[] head = java.util.Arrays.copyOf(upload, Math.min(upload.length, VideoSniffer.HEAD_BYTES));
        if (VideoSniffer.sniff(head).isPresent()) {
            throw ApiError.unprocessable("video_needs_job", name + ": is a video; videos run as jobs: POST it to "
                    + "/api/v1/jobs, poll GET /api/v1/jobs/{id}, then fetch its result", null);
        }
    }

    /** {@code POST /api/v1/jobs}: 202 with the job and its URL. */
    void submitJob(Context ctx) throws IOException {
        reader.checkDeclaredLength(ctx, reader.maxAnyBytes());
        UpscaleParams params = params(ctx, defaultModel);
        Job job = jobs.submit(params, () -> params(ctx, defaultVideoModel), reader,
                reader.upload(ctx, reader.maxAnyBytes()));
        ctx.status(202);
        ctx.header("Location", "/api/v1/jobs/" + job.id());
        ctx.json(JobView.of(job));
    }

    void getJob(Context ctx) {
        ctx.json(JobView.of(job(ctx)));
    }

    void jobResult(Context ctx) throws IOException {
        Job job = job(ctx);
        if (job.state() != JobState.SUCCEEDED) {
            throw new ApiError(409, "not_ready", "job " + job.id() + " is " + job.state().id()
                    + (job.state().finished() ? "; it has no result" : "; poll GET /api/v1/jobs/" + job.id()));
        }
        Path file = jobs.resultFile(job);
        if (!Files.exists(file)) {
            throw ApiError.notFound("job " + job.id() + " has expired");
        }
        String extension = JobStore.extension(job);
        ctx.contentType(job.video() != null ? VideoContainer.fromName(extension).orElseThrow().mimeType()
                : mimeType(ImageFormat.fromName(job.resultFormat()).orElseThrow()));
        ctx.header("Content-Disposition", "attachment; filename=\"" + resultName(job.inputName(), extension) + "\"");
        ctx.header("Content-Length", Long.toString(Files.size(file)));
        ctx.result(Files.newInputStream(file));
    }

    void deleteJob(Context ctx) {
        Job before = job(ctx);
        Job after = jobs.cancelOrDelete(before.id()).orElseThrow(() -> ApiError.notFound("no job " + before.id()));
        if (before.state().finished()) {
            ctx.status(204); // deleted with its result
        } else {
            ctx.json(JobView.of(after)); // cancelled; kept (as cancelled) until it expires
        }
    }

    private Job job(Context ctx) {
        String id = ctx.pathParam("id");
        return jobs.find(id).orElseThrow(() -> ApiError.notFound("no job " + id + " (it may have expired)"));
    }

    static String mimeType(ImageFormat format) {
        return "image/" + format.id();
    }

    /** {@code photo.jpg} → {@code photo_sr4j.png}. */
    static String resultName(String inputName, ImageFormat format) {
        return resultName(inputName, format.extensions().get(0));
    }

    /** {@code clip.webm} + {@code mkv} → {@code clip_sr4j.mkv}. */
    static String resultName(String inputName, String extension) {
        int dot = inputName.lastIndexOf('.');
        String base = dot > 0 ? inputName.substring(0, dot) : inputName;
        return base + "_sr4j." + extension.toLowerCase(Locale.ROOT);
    }
}
