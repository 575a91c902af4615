package io.sr4j.server;

import io.sr4j.io.ImageDecodeException;
import io.sr4j.io.ImageEncodeException;
import io.sr4j.pipeline.ImageSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asynchronous jobs: accepted into the shared {@link WorkQueue}, run through
 * {@link ImagePipeline#runFile} (images) or {@link VideoPipeline#run} (videos), kept in the
 * {@link JobStore} so that they survive a restart (jobs found queued or running are queued again at
 * start-up; a video continues from its finished segments), removed when they expire.
 */
final class JobService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(JobService.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final JobStore store;
    private final WorkQueue queue;
    private final ImagePipeline pipeline;
    private final VideoPipeline videos;
    private final ServerMetrics metrics;
    private final Duration ttl;
    private final Duration timeout;
    private final Duration videoTimeout;
    private final Clock clock;
    private final Map<String, Job> jobs = new ConcurrentHashMap<>();
    /** Keeps requests off the folders of running jobs: their worker settles them when it stops. */
    private final JobFolders folders = new JobFolders(this::settle);
    private final ScheduledExecutorService sweeper;

    JobService(JobStore store, WorkQueue queue, ImagePipeline pipeline, VideoPipeline videos, ServerMetrics metrics,
               Duration ttl, Duration timeout, Duration videoTimeout, Clock clock) {
        this.store = store;
        this.queue = queue;
        this.pipeline = pipeline;
        this.videos = videos;
        this.metrics = metrics;
        this.ttl = ttl;
        this.timeout = timeout;
        this.videoTimeout = videoTimeout;
        this.clock = clock;
        for (JobState state : JobState.values()) {
            metrics.watchJobs(state.id(), () -> jobs.values().stream().filter(j -> j.state() == state).count());
        }
        this.sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sr4j-job-expiry");
            t.setDaemon(true);
            return t;
        });
        long period = Math.max(1, Math.min(60, ttl.toSeconds() / 4));
        sweeper.scheduleWithFixedDelay(this::expire, period, period, TimeUnit.SECONDS);
    }

    /** Loads the jobs on disk: expired ones are removed, unfinished ones queued again. */
    void recover() throws IOException {
        Instant now = clock.instant();
        int requeued = 0;
        for (Job job : store.loadAll()) {
            if (job.expired(now)) {
                store.delete(job.id());
                continue;
            }
            if (job.state().finished()) {
                jobs.put(job.id(), job);
                continue;
            }
            Job again = job.requeued();
            jobs.put(job.id(), again);
            store.save(again);
            queue.submitRecovered(() -> run(job.id()));
            requeued++;
        }
        if (requeued > 0) {
            LOG.info("{} unfinished job(s) from the last run queued again", requeued);
        }
    }

    /**
     * Accepts a job: takes a place in the queue, stores the upload, checks it (an image by its header,
     * a video by a probe) and queues it.
     *
     * @param imageParams the parameters, read with the image default model
     * @param videoParams the parameters, read with the video default model (asked only for a video)
     * @throws ApiError 503 when the queue is full, 400/413/422 for a bad upload (nothing is kept then)
     */
    Job submit(UpscaleParams imageParams, Supplier<UpscaleParams> videoParams, UploadReader reader,
               UploadReader.Upload upload) throws IOException {
        WorkQueue.Ticket ticket = queue.admit();
        String id = newId();
        boolean accepted = false;
        try {
            store.create(id);
            Path input = store.input(id);
            Optional<VideoContainer> video;
            try (OutputStream out = Files.newOutputStream(input)) {
                video = reader.copySniffed(upload, out);
            }
            Instant now = clock.instant();
            Job job = video.isPresent()
                    ? videoJob(id, input, upload.name(), videoParams.get(), video.get(), now)
                    : imageJob(id, input, upload.name(), imageParams.forImage(), now);
            store.save(job);
            jobs.put(id, job);
            queue.submit(ticket, () -> run(id));
            accepted = true;
            return job;
        } finally {
            if (!accepted) {
                ticket.close();
                store.delete(id);
            }
        }
    }

    private Job imageJob(String id, Path input, String name, UpscaleParams params, Instant now) throws IOException {
        int[] size = pipeline.check(ImageSource.file(input, name), params);
        return Job.queued(id, params, name, size[0], size[1], null, now, now.plus(ttl));
    }

    private Job videoJob(String id, Path input, String name, UpscaleParams params, VideoContainer sniffed,
                         Instant now) {
        VideoContainer container = params.container(sniffed);
        VideoPipeline.Check check = videos.check(input, name, params, container);
        Job.Video video = new Job.Video(container.id(), check.frameRate(), check.seconds(), check.frames(), null);
        return Job.queued(id, params, name, check.width(), check.height(), video, now, now.plus(ttl));
    }

    Optional<Job> find(String id) {
        return JobStore.isId(id) ? Optional.ofNullable(jobs.get(id)) : Optional.empty();
    }

    /** The result file of a job that succeeded. */
    Path resultFile(Job job) {
        return store.result(job.id(), JobStore.extension(job));
    }

    /**
     * Cancels a queued or running job (it ends as {@code cancelled}, its files removed), or deletes
     * a finished one with its result. Files a running job's worker still uses are removed as soon as
     * it has stopped (at its next tile); the answer does not wait for that.
     *
     * @return the job's state after the call (the finished state if it ended before the cancel came
     *         in); empty if there is no such job
     */
    Optional<Job> cancelOrDelete(String id) {
        Optional<Job> found = find(id);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Job job = found.get();
        if (job.state().finished()) {
            jobs.remove(id);
            folders.settleUnlessHeld(id);
            return Optional.of(job);
        }
        Instant now = clock.instant();
        Job ended = job.ended(JobState.CANCELLED, "cancelled", "cancelled by the client", now, now.plus(ttl));
        if (!jobs.replace(id, job, ended)) {
            return find(id); // it finished (or was deleted) this very moment: that stands
        }
        folders.settleUnlessHeld(id);
        return Optional.of(ended);
    }

    /**
     * Makes a job's folder match the job in memory, when no worker writes in it: a job no longer
     * known (deleted, expired) loses its folder; a cancelled one keeps only its record.
     */
    private void settle(String id) {
        Job job = jobs.get(id);
        try {
            if (job == null) {
                store.delete(id);
            } else if (job.state() == JobState.CANCELLED) {
                store.save(job);
                store.removeWork(job); // also the segments a video left before a restart
            }
        } catch (UncheckedIOException e) {
            LOG.warn("cannot clean the files of job {}", id, e);
        }
    }

    /** The worker's side of a job: it holds the job's folder until it has stopped. */
    private Void run(String id) {
        folders.hold(id);
        try {
            work(id);
        } finally {
            folders.release(id);
        }
        return null;
    }

    private void work(String id) {
        Job queued = jobs.get(id);
        if (queued == null || queued.state() != JobState.QUEUED) {
            return; // cancelled or deleted while it waited
        }
        long start = System.nanoTime();
        Job running = queued.running(clock.instant());
        if (!jobs.replace(id, queued, running)) {
            return; // cancelled this very moment
        }
        store.save(running);
        Duration limit = running.video() != null ? videoTimeout : timeout;
        long deadline = start + limit.toNanos();
        WorkControl limits = WorkControl.deadline(deadline, limit.toSeconds() + " s");
        WorkControl control = fraction -> {
            Job now = jobs.get(id);
            if (now == null || now.state() == JobState.CANCELLED) {
                throw new WorkStopped(WorkStopped.Why.CANCELLED, "cancelled by the client");
            }
            limits.progress(fraction);
            jobs.computeIfPresent(id, (key, j) -> j.state() == JobState.RUNNING
                    ? j.withProgress((int) Math.floor(fraction * 100)) : j);
        };
        String outcome = "ok";
        try {
            UnaryOperator<Job> success = running.video() != null ? runVideo(running, control) : runImage(running, control);
            finish(id, success);
        } catch (WorkStopped e) {
            outcome = e.why().name().toLowerCase(java.util.Locale.ROOT);
            switch (e.why()) {
                case CANCELLED -> { } // release() settles the folder
                case TIMEOUT -> fail(id, "timeout", running.inputName() + ": " + e.getMessage());
                case SHUTDOWN -> requeueForNextStart(id);
            }
        } catch (ApiError e) {
            outcome = "failed";
            fail(id, e.code(), e.getMessage());
        } catch (ImageDecodeException e) {
            outcome = "failed";
            fail(id, ImagePipeline.unprocessable(e).code(), e.getMessage());
        } catch (ImageEncodeException | IOException | UncheckedIOException e) {
            outcome = "failed";
            LOG.warn("job {} failed writing its result", id, e);
            fail(id, "write_failed", "the result could not be written; try again later");
        } catch (RuntimeException | OutOfMemoryError e) {
            outcome = "failed";
            LOG.error("job {} failed", id, e);
            fail(id, "internal_error", "the server failed on this job (" + e.getClass().getSimpleName() + ")");
        } finally {
            metrics.work("job", outcome, Duration.ofNanos(System.nanoTime() - start));
        }
    }

    private UnaryOperator<Job> runImage(Job job, WorkControl control) throws IOException {
        ImagePipeline.Outcome done = pipeline.runFile(store.input(job.id()), format -> store.result(job.id(), format),
                job.inputName(), job.params(), control);
        return j -> j.succeeded(done, clock.instant(), clock.instant().plus(ttl));
    }

    private UnaryOperator<Job> runVideo(Job job, WorkControl control) {
        Path output = store.result(job.id(), job.video().container());
        VideoPipeline.Outcome done = videos.run(store.input(job.id()), output, job.inputName(), job.params(), control);
        return j -> j.succeeded(done, clock.instant(), clock.instant().plus(ttl));
    }

    /**
     * Records how a running job ended: on disk first, then in memory, so a client that sees the end
     * finds the files as they will stay. A cancel or delete that came in meanwhile wins: the folder
     * is then settled by {@link JobFolders#release}.
     */
    private void finish(String id, UnaryOperator<Job> change) {
        Job current = jobs.get(id);
        if (current == null || current.state() != JobState.RUNNING) {
            return;
        }
        Job next = change.apply(current);
        store.save(next);
        store.removeWork(next);
        jobs.replace(id, current, next);
    }

    private void fail(String id, String code, String message) {
        finish(id, j -> j.ended(JobState.FAILED, code, message, clock.instant(), clock.instant().plus(ttl)));
    }

    /** The server stops under a running job: it stays on disk as queued and runs again at the next start. */
    private void requeueForNextStart(String id) {
        Job job = jobs.computeIfPresent(id, (key, j) -> j.requeued());
        if (job != null) {
            store.save(job);
        }
    }

    /** Removes finished jobs whose time is up, with their files. */
    void expire() {
        Instant now = clock.instant();
        for (Job job : jobs.values()) {
            if (job.expired(now) && jobs.remove(job.id(), job)) {
                folders.settleUnlessHeld(job.id()); // a cancelled job's worker may still be stopping
            }
        }
    }

    private static String newId() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /**
     * Call after the work queue has stopped: every job that did not finish is recorded as queued,
     * to run again at the next start.
     */
    @Override
    public void close() {
        sweeper.shutdownNow();
        for (Job job : jobs.values()) {
            if (!job.state().finished()) {
                try {
                    store.save(job.requeued());
                } catch (UncheckedIOException e) {
                    LOG.warn("cannot record job {} for the next start", job.id(), e);
                }
            }
        }
    }
}
