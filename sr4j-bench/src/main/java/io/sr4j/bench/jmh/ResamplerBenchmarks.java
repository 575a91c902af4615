package io.sr4j.bench.jmh;

import io.sr4j.bench.SyntheticPhoto;
import io.sr4j.image.PlanarImage;
import io.sr4j.resample.ResampleFilter;
import io.sr4j.resample.Resampler;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** The classical resamplers enlarging an 800×600 image ×2 and reducing it ×0.5 (milliseconds per image). */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class ResamplerBenchmarks {
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
