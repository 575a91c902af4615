package io.sr4j.bench.jmh;

import io.sr4j.bench.SyntheticPhoto;
import io.sr4j.image.PlanarImage;
import io.sr4j.metrics.MetricOptions;
import io.sr4j.metrics.QualityMetrics;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** PSNR and SSIM (Y channel, as {@code sr4j eval} measures) of two 800×600 images, milliseconds per pair. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class MetricsBenchmarks {
    private PlanarImage reference;
    private PlanarImage test;
    private final MetricOptions options = MetricOptions.forScale(4);

    @Setup
    public void setUp() {
        reference = SyntheticPhoto.of(800, 600, 1);
        test = SyntheticPhoto.of(800, 600, 2);
    }

    @Benchmark
    public double psnr() {
        return QualityMetrics.psnr(reference, test, options);
    }

    @Benchmark
    public double ssim() {
        return QualityMetrics.ssim(reference, test, options);
    }
}
