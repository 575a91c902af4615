package io.sr4j.bench.jmh;

import io.sr4j.bench.SyntheticPhoto;
import io.sr4j.image.PlanarImage;
import io.sr4j.resample.ResampleFilter;
import io.sr4j.resample.Resampler;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/** The classical resamplers enlarging an 800×600 image ×2 and reducing it ×0.5 (milliseconds per image). */
public class ResamplerBenchmarks extends QuickBenchmark {
    @Param({"nearest", "bilinear", "bicubic", "lanczos"})
    public String filter;

    @Param({"1", "2"})
    public int threads;

    private Resampler resampler;
    private PlanarImage image;

    @Setup
    public void setUp() {
        resampler = Resampler.of(ResampleFilter.parse(filter)).withThreads(threads);
        image = SyntheticPhoto.of(800, 600, 1);
    }

    @Benchmark
    public PlanarImage enlarge2x() {
        return resampler.scale(image, 2);
    }

    @Benchmark
    public PlanarImage reduceHalf() {
        return resampler.scale(image, 0.5);
    }
}
