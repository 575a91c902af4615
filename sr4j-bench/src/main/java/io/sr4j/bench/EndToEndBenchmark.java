package io.sr4j.bench;

import io.sr4j.image.Picture;
import io.sr4j.io.ImageDecoder;
import io.sr4j.model.ModelStore;
import io.sr4j.upscale.OutputOptions;
import io.sr4j.upscale.TileProgress;
import io.sr4j.upscale.Upscaler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * What the file path costs besides the network: in one process, with one loaded model, alternates
 * (a) one whole-image inference of the decoded picture in memory, as one tile, and (b) the whole
 * file path as a user runs it — decode, tiled upscale at the configured tile size (by default the
 * automatic choice), PNG encode, rename. The ratio b/a pair by pair is the end-to-end overhead,
 * in wall time and in the process's CPU time (every thread; on a machine busy with other work the
 * CPU ratio is the steadier one).
 */
public final class EndToEndBenchmark {
    private final ModelStore store;
    private final int threads;
    private final int repetitions;
    private final int tileSize;

    public EndToEndBenchmark(ModelStore store, int threads, int repetitions, int tileSize) {
        if (repetitions < 1) {
            throw new IllegalArgumentException("repetitions must be >= 1, got " + repetitions);
        }
        this.store = Objects.requireNonNull(store, "store");
        this.threads = threads;
        this.repetitions = repetitions;
        this.tileSize = tileSize;
    }

    /**
     * Times {@code modelId} on {@code input}, writing its output (PNG) into a temporary folder.
     * {@code tileSize} {@link Upscaler#AUTO_TILE_SIZE} times the automatic tiling.
     */
    public Result run(String modelId, Path input) {
        Picture picture = new ImageDecoder().decode(input);
        int whole = Math.max(picture.width(), picture.height());
        double[] inference = new double[repetitions];
        double[] endToEnd = new double[repetitions];
        double[] inferenceCpu = new double[repetitions];
        double[] endToEndCpu = new double[repetitions];
        int tiles = 0;
        Path dir = null;
        try (Upscaler oneTile = build(modelId, whole); Upscaler tiled = build(modelId, tileSize)) {
            dir = Files.createTempDirectory("sr4j-e2e");
            Path output = dir.resolve("out.png");
            int scale = oneTile.nativeScale();
            oneTile.upscale(picture, scale, TileProgress.none());
            tiled.upscaleFile(input, output, OutputOptions.defaults());
            for (int r = 0; r < repetitions; r++) {
                long start = System.nanoTime();
                long cpu = processCpuNanos();
                oneTile.upscale(picture, scale, TileProgress.none());
                inference[r] = (System.nanoTime() - start) / 1e9;
                inferenceCpu[r] = (processCpuNanos() - cpu) / 1e9;
                start = System.nanoTime();
                cpu = processCpuNanos();
                tiles = tiled.upscaleFile(input, output, OutputOptions.defaults()).tiles();
                endToEnd[r] = (System.nanoTime() - start) / 1e9;
                endToEndCpu[r] = (processCpuNanos() - cpu) / 1e9;
            }
            Files.deleteIfExists(output);
        } catch (IOException e) {
            throw new UncheckedIOException("end-to-end benchmark: " + e.getMessage(), e);
        } finally {
            if (dir != null) {
                dir.toFile().delete();
            }
        }
        return new Result(modelId, inference, endToEnd, inferenceCpu, endToEndCpu, tiles);
    }

    /** CPU time of every thread of this process so far. */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private Upscaler build(String modelId, int tile) {
        return Upscaler.builder().store(store).model(modelId).threads(threads).tileSize(tile).build();
    }

    /** Wall and CPU seconds per run of each kind, in run order, and the tiles the file path ran. */
    public record Result(String model, double[] inferenceSeconds, double[] endToEndSeconds,
            double[] inferenceCpuSeconds, double[] endToEndCpuSeconds, int tiles) {
        /** End-to-end wall time over whole-image inference wall time, pair by pair. */
        public double[] ratios() {
            return ratios(endToEndSeconds, inferenceSeconds);
        }

        /** The same in CPU time. */
        public double[] cpuRatios() {
            return ratios(endToEndCpuSeconds, inferenceCpuSeconds);
        }

        private static double[] ratios(double[] a, double[] b) {
            double[] r = new double[a.length];
            for (int i = 0; i < r.length; i++) {
                r[i] = a[i] / b[i];
            }
            return r;
        }
    }
}
