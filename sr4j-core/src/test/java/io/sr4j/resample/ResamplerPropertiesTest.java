package io.sr4j.resample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import io.sr4j.image.PlanarImage;

import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Scale;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/** Properties every filter and scale must keep, on random sizes, factors and contents. */
class ResamplerPropertiesTest {
    private static ExecutorService pool;

    @BeforeContainer
    static void startPool() {
        pool = Executors.newFixedThreadPool(4);
    }

    @AfterContainer
    static void stopPool() {
        pool.shutdownNow();
    }

    @Property(tries = 300)
    void constantImageStaysConstant(@ForAll ResampleFilter filter, @ForAll boolean antialias,
                                    @ForAll @IntRange(min = 1, max = 40) int w, @ForAll @IntRange(min = 1, max = 40) int h,
                                    @ForAll @DoubleRange(min = 0.03, max = 7) @Scale(10) double sx,
                                    @ForAll @DoubleRange(min = 0.03, max = 7) @Scale(10) double sy,
                                    @ForAll @DoubleRange(min = -4, max = 4) double level) {
        float value = (float) level;
        PlanarImage src = new PlanarImage(w, h, 2);
        Arrays.fill(src.data(), value);

        PlanarImage out = Resampler.of(filter).withAntialiasing(antialias).scale(src, sx, sy);

        // Weights are normalised to sum 1 in double, so only rounding far below float32 is left.
        for (float v : out.data()) {
            assertThat((double) v).isCloseTo(value, offset(1e-6));
        }
    }

    @Property(tries = 1000)
    void outputLengthIsTheSmallestIntegerNotBelowScaleTimesLength(@ForAll @IntRange(min = 1, max = 100_000) int in,
                                                                  @ForAll @DoubleRange(min = 1e-4, max = 50) @Scale(10) double scale) {
        int out = Resampler.outputLength(in, scale);
        double exact = scale * in; // MATLAB: ceil(scale .* size), in double
        assertThat((double) out).isGreaterThanOrEqualTo(exact);
        assertThat(out - 1.0).isLessThan(exact);
        assertThat(out).isPositive();
    }

    @Property(tries = 200)
    void imagesComeOutInTheAskedSizes(@ForAll ResampleFilter filter,
                                      @ForAll @IntRange(min = 1, max = 30) int w, @ForAll @IntRange(min = 1, max = 30) int h,
                                      @ForAll @DoubleRange(min = 0.05, max = 5) @Scale(10) double sx,
                                      @ForAll @DoubleRange(min = 0.05, max = 5) @Scale(10) double sy,
                                      @ForAll @IntRange(min = 1, max = 90) int outW, @ForAll @IntRange(min = 1, max = 90) int outH) {
        PlanarImage src = new PlanarImage(w, h, 1);
        Resampler resampler = Resampler.of(filter);

        PlanarImage scaled = resampler.scale(src, sx, sy);
        assertThat(scaled.width()).isEqualTo(Resampler.outputLength(w, sx));
        assertThat(scaled.height()).isEqualTo(Resampler.outputLength(h, sy));

        PlanarImage resized = resampler.resize(src, outW, outH);
        assertThat(resized.width()).isEqualTo(outW);
        assertThat(resized.height()).isEqualTo(outH);
    }

    /**
     * f(x, y) = a + b x + c y on the input grid. Output sample X (0-based) sits at input coordinate
     * (X + 1) / s + (1 - 1/s) / 2 - 1; wherever the kernel stays inside the image, linear and Keys
     * cubic interpolation reproduce f there exactly.
     */
    @Property(tries = 200)
    void enlargingReproducesALinearRampInTheInterior(@ForAll("rampFilters") ResampleFilter filter,
                                                     @ForAll @IntRange(min = 8, max = 30) int w,
                                                     @ForAll @IntRange(min = 8, max = 30) int h,
                                                     @ForAll @DoubleRange(min = 1, max = 6) @Scale(10) double sx,
                                                     @ForAll @DoubleRange(min = 1, max = 6) @Scale(10) double sy,
                                                     @ForAll @DoubleRange(min = -1, max = 1) double a,
                                                     @ForAll @DoubleRange(min = -0.05, max = 0.05) double b,
                                                     @ForAll @DoubleRange(min = -0.05, max = 0.05) double c) {
        PlanarImage src = new PlanarImage(w, h, 1);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                src.set(0, x, y, (float) (a + b * x + c * y));
            }
        }
        PlanarImage out = Resampler.of(filter).scale(src, sx, sy);

        double support = filter.support();
        int checked = 0;
        for (int y = 0; y < out.height(); y++) {
            double v = (y + 1) / sy + 0.5 * (1 - 1 / sy) - 1;
            if (v - support < 0 || v + support > h - 1) {
                continue;
            }
            for (int x = 0; x < out.width(); x++) {
                double u = (x + 1) / sx + 0.5 * (1 - 1 / sx) - 1;
                if (u - support < 0 || u + support > w - 1) {
                    continue;
                }
                assertThat((double) out.get(0, x, y)).as("(%d, %d)", x, y)
                        .isCloseTo(a + b * u + c * v, offset(1e-5));
                checked++;
            }
        }
        assertThat(checked).as("interior samples checked").isPositive();
    }

    @Provide
    Arbitrary<ResampleFilter> rampFilters() {
        return Arbitraries.of(ResampleFilter.BILINEAR, ResampleFilter.BICUBIC);
    }

    @Property(tries = 200)
    void nearestEnlargeThenShrinkByTheSameIntegerReturnsTheInput(@ForAll @IntRange(min = 1, max = 50) int w,
                                                                 @ForAll @IntRange(min = 1, max = 50) int h,
                                                                 @ForAll @IntRange(min = 1, max = 3) int channels,
                                                                 @ForAll @IntRange(min = 2, max = 4) int factor,
                                                                 @ForAll long seed) {
        PlanarImage src = random(w, h, channels, seed);
        Resampler nearest = Resampler.of(ResampleFilter.NEAREST);

        PlanarImage up = nearest.scale(src, factor);
        assertThat(up.width()).isEqualTo(w * factor);
        PlanarImage back = nearest.scale(up, 1.0 / factor);

        assertThat(back).isEqualTo(src);
    }

    @Property(tries = 300)
    void multiThreadedIsBitIdenticalToSingleThreaded(@ForAll ResampleFilter filter, @ForAll boolean antialias,
                                                     @ForAll @IntRange(min = 1, max = 60) int w,
                                                     @ForAll @IntRange(min = 1, max = 60) int h,
                                                     @ForAll @IntRange(min = 1, max = 3) int channels,
                                                     @ForAll @DoubleRange(min = 0.05, max = 5) @Scale(10) double sx,
                                                     @ForAll @DoubleRange(min = 0.05, max = 5) @Scale(10) double sy,
                                                     @ForAll @IntRange(min = 2, max = 7) int threads,
                                                     @ForAll boolean ownPool,
                                                     @ForAll long seed) {
        PlanarImage src = random(w, h, channels, seed);
        Resampler single = Resampler.of(filter).withAntialiasing(antialias);
        Resampler multi = ownPool ? single.withThreads(threads).withExecutor(pool) : single.withThreads(threads);

        PlanarImage expected = single.scale(src, sx, sy);
        PlanarImage actual = multi.scale(src, sx, sy);

        assertThat(firstBitDifference(actual, expected)).isEqualTo(-1);
    }

    @Example
    void multiThreadedIsBitIdenticalOnALargerImage() {
        PlanarImage src = random(640, 480, 3, 42);
        for (ResampleFilter filter : ResampleFilter.values()) {
            for (double scale : new double[] {0.3, 1.7}) {
                PlanarImage expected = Resampler.of(filter).scale(src, scale);
                PlanarImage actual = Resampler.of(filter).withThreads(4).withExecutor(pool).scale(src, scale);
                assertThat(firstBitDifference(actual, expected)).as("%s x%s", filter, scale).isEqualTo(-1);
            }
        }
    }

    @Property(tries = 300)
    void weightsOfEveryOutputSampleSumToOneAndIndicesStayInside(@ForAll ResampleFilter filter, @ForAll boolean antialias,
                                                                @ForAll @IntRange(min = 1, max = 200) int in,
                                                                @ForAll @DoubleRange(min = 0.01, max = 10) @Scale(10) double scale) {
        int out = Resampler.outputLength(in, scale);
        Contributions c = Contributions.of(in, out, scale, filter, antialias);
        for (int i = 0; i < out; i++) {
            double sum = 0;
            for (int k = 0; k < c.taps; k++) {
                sum += c.weight[i * c.taps + k];
                assertThat(c.index[i * c.taps + k]).isBetween(0, in - 1);
            }
            assertThat(sum).isCloseTo(1.0, offset(1e-12));
        }
    }

    /** Index of the first sample whose bits differ, -1 if the images are bit-for-bit equal. */
    static int firstBitDifference(PlanarImage a, PlanarImage b) {
        assertThat(a.sameShape(b)).as("%s vs %s", a, b).isTrue();
        float[] x = a.data();
        float[] y = b.data();
        for (int i = 0; i < x.length; i++) {
            if (Float.floatToRawIntBits(x[i]) != Float.floatToRawIntBits(y[i])) {
                return i;
            }
        }
        return -1;
    }

    static PlanarImage random(int w, int h, int channels, long seed) {
        Random random = new Random(seed);
        PlanarImage image = new PlanarImage(w, h, channels);
        float[] data = image.data();
        for (int i = 0; i < data.length; i++) {
            data[i] = random.nextFloat();
        }
        return image;
    }
}
