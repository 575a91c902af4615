package io.sr4j.bench.jmh;

import io.sr4j.bench.SyntheticPhoto;
import io.sr4j.image.PlanarImage;
import io.sr4j.metrics.MetricOptions;
import io.sr4j.metrics.QualityMetrics;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;

/** PSNR and SSIM (Y channel, as {@code sr4j eval} measures) of two 800×600 images, milliseconds per pair. */
public class MetricsBenchmarks extends QuickBenchmark {
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
