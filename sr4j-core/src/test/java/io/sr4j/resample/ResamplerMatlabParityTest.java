package io.sr4j.resample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import io.sr4j.image.PlanarImage;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Parity with MATLAB's imresize: real photos against float64 reference outputs made by the
 * independent numpy implementation in {@code tools/fixtures/matlab_imresize.py}, and small 1-D
 * cases whose results were worked out by hand from the kernel formulas.
 */
class ResamplerMatlabParityTest {
    /**
     * The project's contract is 1e-4. What is left once the algorithm is right is float32
     * rounding of the input (k/255), of the intermediate image, of the output and of the fixture
     * file, a few 1e-8 each; this tighter bound still passes with a wide margin and would catch
     * a wrong kernel, mapping, edge rule, antialiasing width or a float accumulator.
     */
    private static final double TOLERANCE = 1e-6;

    private static ExecutorService pool;

    @BeforeAll
    static void startPool() {
        pool = Executors.newFixedThreadPool(3);
    }

    @AfterAll
    static void stopPool() {
        pool.shutdownNow();
    }

    static List<Fixtures.Case> cases() {
        return Fixtures.cases();
    }

    @Test
    void fixtureSetCoversWhatTheContractNames() {
        List<Fixtures.Case> cases = cases();
        assertThat(cases).extracting(c -> c.filter()).contains(ResampleFilter.values());
        assertThat(cases).extracting(Fixtures.Case::name).contains(
                "astronaut_bicubic_x1_4", "astronaut_bicubic_x1_3", "astronaut_bicubic_x2",
                "astronaut_bicubic_x3", "coffee_bicubic_x0.7", "coffee_bicubic_x1.5");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesMatlabReference(Fixtures.Case c, TestReporter reporter) {
        PlanarImage src = Fixtures.input(c);
        PlanarImage expected = Fixtures.reference(c.file());
        Resampler resampler = Resampler.of(c.filter()).withAntialiasing(c.antialias());

        PlanarImage actual = run(resampler, src, c);

        assertThat(actual.channels()).isEqualTo(expected.channels());
        assertThat(actual.width()).as("width").isEqualTo(expected.width());
        assertThat(actual.height()).as("height").isEqualTo(expected.height());
        double maxDiff = maxAbsDiff(actual, expected);
        reporter.publishEntry(c.name() + " max abs diff", String.format("%.3g", maxDiff));
        assertThat(maxDiff).as("max |java - matlab reference| for %s", c.name()).isLessThanOrEqualTo(TOLERANCE);

        // The same case on 4 threads must not change a single bit.
        PlanarImage parallel = run(resampler.withThreads(4).withExecutor(pool), src, c);
        assertThat(ResamplerPropertiesTest.firstBitDifference(parallel, actual)).isEqualTo(-1);
    }

    private static PlanarImage run(Resampler resampler, PlanarImage src, Fixtures.Case c) {
        return switch (c.mode()) {
            case "scale" -> resampler.scale(src, Double.parseDouble(c.a()), Double.parseDouble(c.b()));
            case "size" -> resampler.resize(src, Integer.parseInt(c.a()), Integer.parseInt(c.b()));
            default -> throw new IllegalStateException("unknown mode " + c.mode());
        };
    }

    static double maxAbsDiff(PlanarImage a, PlanarImage b) {
        float[] x = a.data();
        float[] y = b.data();
        double max = 0;
        for (int i = 0; i < x.length; i++) {
            max = Math.max(max, Math.abs((double) x[i] - y[i]));
        }
        return max;
    }

    // ---- 1-D cases worked out by hand (the derivations are in tools/fixtures/matlab_imresize.py) ----

    @Test
    void bicubicDoublesTwoSamplesAsWorkedOutByHand() {
        // u = 0.75: weights -0.0234375, 0.2265625, 0.8671875, -0.0703125 on mirrored values 1, 0, 0, 1.
        float[] expected = {-0.09375f, 0.203125f, 0.796875f, 1.09375f};
        assertThat(row(Resampler.of(ResampleFilter.BICUBIC).scale(row(0, 1), 2, 1))).containsExactly(expected);
        assertThat(column(Resampler.of(ResampleFilter.BICUBIC).scale(column(0, 1), 1, 2))).containsExactly(expected);
    }

    @Test
    void antialiasedBilinearHalvingAsWorkedOutByHand() {
        // Kernel 0.5 tri(0.5 d): weights 1/8, 3/8, 3/8, 1/8 around u = 1.5 and 3.5, mirrored edges.
        assertThat(row(Resampler.of(ResampleFilter.BILINEAR).scale(row(1, 2, 3, 4), 0.5, 1)))
                .containsExactly(1.625f, 3.375f);
        assertThat(column(Resampler.of(ResampleFilter.BILINEAR).scale(column(1, 2, 3, 4), 1, 0.5)))
                .containsExactly(1.625f, 3.375f);
        // Without antialiasing the triangle keeps width 2: plain averages of the pairs.
        assertThat(row(Resampler.of(ResampleFilter.BILINEAR).withAntialiasing(false).scale(row(1, 2, 3, 4), 0.5, 1)))
                .containsExactly(1.5f, 3.5f);
    }

    @Test
    void antialiasedBicubicHalvingAsWorkedOutByHand() {
        // Kernel 0.5 cubic(0.5 d), ten taps; positions -2..5 mirror to samples 3 2 1 1 2 3 4 4.
        assertThat(row(Resampler.of(ResampleFilter.BICUBIC).scale(row(1, 2, 3, 4), 0.5, 1)))
                .containsExactly(1.4609375f, 3.5390625f);
    }

    @Test
    void separableOnAnOuterProduct() {
        // Rows [0 1] x columns [1 2 3 4]: x2 vertically, x1/2 horizontally -> outer product of the above.
        PlanarImage src = new PlanarImage(4, 2, 1, new float[] {0, 0, 0, 0, 1, 2, 3, 4});
        PlanarImage out = Resampler.of(ResampleFilter.BICUBIC).resize(src, 2, 4);
        double[] ys = {-0.09375, 0.203125, 0.796875, 1.09375};
        double[] xs = {1.4609375, 3.5390625};
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 2; x++) {
                assertThat((double) out.get(0, x, y)).isCloseTo(ys[y] * xs[x], offset(1e-6));
            }
        }
    }

    @Test
    void nearestRoundsHalvesUpAndRepeatsWhenEnlarging() {
        // x1/2: u = 1.5 and 3.5 fall on halves; MATLAB's box [-0.5, 0.5) takes the right-hand sample.
        assertThat(row(Resampler.of(ResampleFilter.NEAREST).scale(row(1, 2, 3, 4), 0.5, 1))).containsExactly(2f, 4f);
        // x3: u = 2/3, 1, 4/3, 5/3, 2, 7/3.
        assertThat(row(Resampler.of(ResampleFilter.NEAREST).scale(row(5, 7), 3, 1)))
                .containsExactly(5f, 5f, 5f, 7f, 7f, 7f);
    }

    private static PlanarImage row(float... values) {
        return new PlanarImage(values.length, 1, 1, values.clone());
    }

    private static PlanarImage column(float... values) {
        return new PlanarImage(1, values.length, 1, values.clone());
    }

    private static float[] row(PlanarImage image) {
        assertThat(image.height()).isEqualTo(1);
        return image.data();
    }

    private static float[] column(PlanarImage image) {
        assertThat(image.width()).isEqualTo(1);
        return image.data();
    }
}
