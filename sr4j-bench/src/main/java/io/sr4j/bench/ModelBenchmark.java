package io.sr4j.bench;

import io.sr4j.image.Picture;
import io.sr4j.image.PlanarImage;
import io.sr4j.model.ModelInfo;
import io.sr4j.model.ModelStore;
import io.sr4j.upscale.NetworkGraphs;
import io.sr4j.upscale.Upscaler;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.UnaryOperator;

/**
 * Times one model enlarging one image in memory (no decoding or encoding): the model is loaded
 * (converted and cached on first use), run once to warm up, then {@code repetitions} times. The
 * network's useful work is counted from its graph for the whole image ({@link GraphFlops}), so the
 * achieved rate shows what tiling, padding and statistics passes cost besides the network itself.
 */
public final class ModelBenchmark {
    private final ModelStore store;
    private final int threads;
    private final int repetitions;
    private final UnaryOperator<Upscaler.Builder> settings;

    /**
     * @param settings applied to every upscaler's builder after the model and threads (tile size,
     *                 precision…); {@code b -> b} for the defaults
     */
    public ModelBenchmark(ModelStore store, int threads, int repetitions, UnaryOperator<Upscaler.Builder> settings) {
        if (repetitions < 1) {
            throw new IllegalArgumentException("repetitions must be >= 1, got " + repetitions);
        }
        this.store = Objects.requireNonNull(store, "store");
        this.threads = threads;
        this.repetitions = repetitions;
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /** Loads {@code modelId}, times it on {@code image} and counts its work. */
    public Result run(String modelId, PlanarImage image) {
        ModelInfo info = store.catalog().get(modelId);
        Picture picture = Picture.of(image);
        long loadStart = System.nanoTime();
        double[] seconds = new double[repetitions];
        try (Upscaler upscaler = settings.apply(Upscaler.builder().store(store).model(modelId).threads(threads))
                .build()) {
            double loadSeconds = (System.nanoTime() - loadStart) / 1e9;
            int scale = upscaler.nativeScale() == 0 ? 2 : upscaler.nativeScale();
            upscaler.upscale(picture, scale, io.sr4j.upscale.TileProgress.none());
            for (int r = 0; r < repetitions; r++) {
                long start = System.nanoTime();
                upscaler.upscale(picture, scale, io.sr4j.upscale.TileProgress.none());
                seconds[r] = (System.nanoTime() - start) / 1e9;
            }
            OptionalLong macs = NetworkGraphs.plainGraph(store, info)
                    .map(graph -> OptionalLong.of(GraphFlops.multiplyAccumulates(graph, image.width(), image.height())))
                    .orElse(OptionalLong.empty());
            return new Result(modelId, image.width(), image.height(), loadSeconds, seconds, macs,
                    PeakMemory.residentHighWaterBytes());
        }
    }

    /**
     * One model's figures.
     *
     * @param seconds    one entry per timed run
     * @param macs       the network's multiply-accumulates for the whole image, if it is a network
     * @param peakResident the process's peak resident memory so far (VmHWM), where known
     */
    public record Result(String model, int width, int height, double loadSeconds, double[] seconds, OptionalLong macs,
            OptionalLong peakResident) {
        public double medianSeconds() {
            return Stats.median(seconds);
        }

        /** Input megapixels per second (median run). */
        public double megapixelsPerSecond() {
            return (double) width * height / 1e6 / medianSeconds();
        }

        /** The network's FLOPs (2 × MACs) for the whole image divided by the median time. */
        public Optional<Double> gigaflopsPerSecond() {
            return macs.isPresent() ? Optional.of(2.0 * macs.getAsLong() / medianSeconds() / 1e9) : Optional.empty();
        }

        /** Milliseconds per input megapixel (median run). */
        public double millisecondsPerMegapixel() {
            return 1e3 / megapixelsPerSecond();
        }
    }
}
