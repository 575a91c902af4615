package io.sr4j.cli;

import io.sr4j.Sr4jException;
import io.sr4j.engine.EngineException;
import io.sr4j.engine.ncnn.ModelImportException;
import io.sr4j.io.AtomicFiles;
import io.sr4j.model.ModelFetchException;
import io.sr4j.model.ModelNotFoundException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Runs the command's per-image work over a list of images: skips those whose output exists (with
 * {@code --skip-existing}), reports a failing image (file and problem) and goes on with the next,
 * and prints one progress line per image: images done/total, input megapixels per second and the
 * estimated time left. A problem with the model stops the whole batch: every image would fail.
 * Before it starts, temporary files a killed run left for these outputs are removed.
 */
final class BatchRunner {
    /** The per-image work of the command. */
    @FunctionalInterface
    interface ImageJob {
        /**
         * Reads {@code input}, writes {@code output}, and returns what to report.
         *
         * @throws Sr4jException for a problem with this image (or, for model exceptions, with every image)
         */
        Done process(Path input, Path output);
    }

    /** What one image took: its input pixels (for the throughput) and the summary line to print. */
    record Done(long inputPixels, String summary) {
    }

    /** An image and where its output goes. */
    record Planned(Path input, Path output) {
    }

    /** Counts of a finished batch. */
    record Outcome(int written, int skipped, int failed) {
        int exitCode() {
            return failed > 0 ? Sr4jCommand.FAILURE : Sr4jCommand.OK;
        }
    }

    private final PrintWriter err;
    private final boolean skipExisting;
    private final LongSupplier clock;

    BatchRunner(PrintWriter err, boolean skipExisting, LongSupplier clock) {
        this.err = err;
        this.skipExisting = skipExisting;
        this.clock = clock;
    }

    /**
     * Runs {@code job} over {@code plan}; {@code unmatched} are arguments that named no file, reported
     * first and counted as failures.
     */
    Outcome run(List<Planned> plan, List<String> unmatched, ImageJob job) {
        removeStaleTemporaryFiles(plan);
        int failed = 0;
        for (String arg : unmatched) {
            report(arg + ": no image files match");
            failed++;
        }
        int written = 0;
        int skipped = 0;
        long pixels = 0;
        long start = clock.getAsLong();
        int total = plan.size();
        for (int i = 0; i < total; i++) {
            Planned item = plan.get(i);
            String position = "[" + (i + 1) + "/" + total + "]";
            if (skipExisting && Files.exists(item.output())) {
                skipped++;
                err.println(position + " " + item.input() + ": skipped, " + item.output() + " exists");
                err.flush();
                continue;
            }
            try {
                Done done = job.process(item.input(), item.output());
                written++;
                pixels += done.inputPixels();
                long elapsed = clock.getAsLong() - start;
                int remaining = total - i - 1;
                err.println(position + " " + done.summary() + "  " + rate(pixels, elapsed) + ", ETA "
                        + ProgressBar.clock((long) ((double) elapsed / written * remaining)));
                err.flush();
            } catch (ModelNotFoundException | ModelFetchException | ModelImportException | EngineException e) {
                throw e; // the model, not this image: the next image would fail the same way
            } catch (Sr4jException | UncheckedIOException e) {
                failed++;
                report(position + " " + e.getMessage() + " (skipped)");
            }
        }
        Outcome outcome = new Outcome(written, skipped, failed);
        err.println(summary(outcome, (clock.getAsLong() - start) / 1e9));
        err.flush();
        return outcome;
    }

    /**
     * A run killed outright ({@code kill -9}) leaves the hidden temporary file of the output it was
     * writing; those of this batch's outputs that no live process holds are removed first.
     */
    private void removeStaleTemporaryFiles(List<Planned> plan) {
        try {
            List<Path> removed = AtomicFiles.removeStaleTemporaryFiles(plan.stream().map(Planned::output).toList());
            if (!removed.isEmpty()) {
                err.println("removed " + removed.size() + " temporary file(s) left by an interrupted run, e.g. "
                        + removed.get(0));
                err.flush();
            }
        } catch (IOException e) {
            report("cannot remove temporary files left by an interrupted run: " + e.getMessage()); // not fatal
        }
    }

    private void report(String message) {
        err.println("sr4j: " + message);
        err.flush();
    }

    static String rate(long pixels, long nanos) {
        return String.format(Locale.ROOT, "%.2f Mpx/s", nanos <= 0 ? 0 : pixels / 1e6 / (nanos / 1e9));
    }

    static String summary(Outcome o, double seconds) {
        return String.format(Locale.ROOT, "%d written, %d skipped, %d failed (%.1f s)", o.written(), o.skipped(),
                o.failed(), seconds);
    }
}
