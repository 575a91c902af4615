package io.sr4j.bench.jmh;

import io.sr4j.bench.SyntheticPhoto;
import io.sr4j.image.Picture;
import io.sr4j.upscale.TileProgress;
import io.sr4j.upscale.Upscaler;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A network enlarging one synthetic 256×256 image (0.0655 Mpx) in memory at several tile sizes:
 * the score is milliseconds per image; ms per megapixel = score / 0.0655. A tile of 256 runs the
 * image as one tile, smaller tiles show what tiling costs. Models come from the store (fetched and
 * converted on first use).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1, time = 2)
@Measurement(iterations = 3, time = 4)
@Fork(1)
public class EngineBenchmarks {
    /** Input edge: 256 px. */
    public static final int EDGE = 256;

    @Param({"realesrgan-x4fast", "realcugan-up2x-no-denoise", "realesr-animevideov3-x2"})
    public String model;

    @Param({"256", "128", "64"})
    public int tile;

    private Upscaler upscaler;
    private Picture picture;

    @Setup(Level.Trial)
    public void load() {
        upscaler = Upscaler.builder().model(model).tileSize(tile).build();
        picture = Picture.of(SyntheticPhoto.of(EDGE, EDGE, 1));
    }

    @Benchmark
    public Picture enlarge() {
        return upscaler.upscale(picture, upscaler.nativeScale(), TileProgress.none());
    }

    @TearDown(Level.Trial)
    public void close() {
        upscaler.close();
    }
}
