package io.sr4j.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.sr4j.color.YCbCr;
import io.sr4j.image.PlanarImage;
import io.sr4j.metrics.MetricOptions.Channel;
import java.util.Arrays;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class QualityMetricsTest {
    private static final MetricOptions Y = MetricOptions.defaults();
    private static final MetricOptions RGB = MetricOptions.defaults().withChannel(Channel.RGB);
    private static final MetricOptions Y_ROUNDED = MetricOptions.defaults().withRoundY(true);

    /** A smooth random image in [0, 1] with 8-bit samples, so SSIM has structure to see. */
    private static PlanarImage randomImage(Random random, int width, int height, int channels) {
        PlanarImage image = new PlanarImage(width, height, channels);
        float[] d = image.data();
        for (int c = 0; c < channels; c++) {
            double fx = 0.05 + 0.3 * random.nextDouble();
            double fy = 0.05 + 0.3 * random.nextDouble();
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    double v = 0.5 + 0.3 * Math.sin(fx * x + c) * Math.cos(fy * y) + 0.15 * random.nextGaussian();
                    d[image.planeOffset(c) + y * width + x] = Math.round(255 * Math.min(1, Math.max(0, v))) / 255f;
                }
            }
        }
        return image;
    }

    /** {@code image} plus 8-bit Gaussian noise of the given standard deviation (in codes). */
    private static PlanarImage noisy(PlanarImage image, Random random, double sigma) {
        PlanarImage out = image.copy();
        float[] d = out.data();
        for (int i = 0; i < d.length; i++) {
            double v = Math.round(d[i] * 255 + sigma * random.nextGaussian());
            d[i] = (float) (Math.min(255, Math.max(0, v)) / 255);
        }
        return out;
    }

    // ---- closed forms ------------------------------------------------------------------------

    @Test
    void psnrOfAConstantOffsetFollowsTheDefinition() {
        Random random = new Random(1);
        PlanarImage a = randomImage(random, 40, 30, 3).clampInPlace(0.1f, 0.9f);
        PlanarImage b = a.copy();
        float[] d = b.data();
        for (int i = 0; i < d.length; i++) {
            d[i] += 10 / 255f;
        }
        // RGB: every sample differs by 10 codes, MSE = 100.
        assertThat(QualityMetrics.psnr(a, b, RGB)).isCloseTo(10 * Math.log10(255.0 * 255 / 100), within(1e-4));
        // Y: the luma row of the BT.601 table sums to 219, so Y differs by 219 * 10 / 255.
        double dy = 219 * 10 / 255.0;
        assertThat(QualityMetrics.psnr(a, b, Y)).isCloseTo(10 * Math.log10(255.0 * 255 / (dy * dy)), within(1e-4));
    }

    @Test
    void ssimOfFlatImagesIsTheLuminanceTerm() {
        // No variance anywhere: SSIM reduces to (2 mu_a mu_b + C1) / (mu_a^2 + mu_b^2 + C1).
        PlanarImage a = new PlanarImage(20, 15, 1);
        PlanarImage b = new PlanarImage(20, 15, 1);
        Arrays.fill(a.data(), 100 / 255f);
        Arrays.fill(b.data(), 120 / 255f);
        double c1 = Math.pow(0.01 * 255, 2);
        double expected = (2 * 100 * 120 + c1) / (100 * 100 + 120 * 120 + c1);
        assertThat(QualityMetrics.ssim(a, b, RGB)).isCloseTo(expected, within(1e-6));
    }

    @Property(tries = 15)
    void ssimMatchesADirectTwoDimensionalComputation(@ForAll long seed,
            @ForAll @IntRange(min = 11, max = 29) int width, @ForAll @IntRange(min = 11, max = 25) int height) {
        Random random = new Random(seed);
        PlanarImage a = randomImage(random, width, height, 1);
        PlanarImage b = noisy(a, random, 12);
        assertThat(QualityMetrics.ssim(a, b, RGB)).isCloseTo(directSsim(a, b), within(1e-9));
    }

    /**
     * SSIM straight from the paper's definition, written independently of the implementation: a
     * 2-D 11x11 window exp(-(i^2 + j^2) / (2 sigma^2)) normalised to sum 1, two-pass weighted
     * (population) variances and covariance, mean over all window positions inside the image.
     */
    private static double directSsim(PlanarImage a, PlanarImage b) {
        double[][] window = new double[11][11];
        double total = 0;
        for (int i = 0; i < 11; i++) {
            for (int j = 0; j < 11; j++) {
                window[i][j] = Math.exp(-((i - 5) * (i - 5) + (j - 5) * (j - 5)) / (2 * 1.5 * 1.5));
                total += window[i][j];
            }
        }
        double c1 = Math.pow(0.01 * 255, 2);
        double c2 = Math.pow(0.03 * 255, 2);
        double sum = 0;
        int count = 0;
        for (int y0 = 0; y0 + 11 <= a.height(); y0++) {
            for (int x0 = 0; x0 + 11 <= a.width(); x0++) {
                double ma = 0;
                double mb = 0;
                for (int i = 0; i < 11; i++) {
                    for (int j = 0; j < 11; j++) {
                        double w = window[i][j] / total;
                        ma += w * 255.0 * a.get(0, x0 + j, y0 + i);
                        mb += w * 255.0 * b.get(0, x0 + j, y0 + i);
                    }
                }
                double va = 0;
                double vb = 0;
                double cov = 0;
                for (int i = 0; i < 11; i++) {
                    for (int j = 0; j < 11; j++) {
                        double w = window[i][j] / total;
                        double da = 255.0 * a.get(0, x0 + j, y0 + i) - ma;
                        double db = 255.0 * b.get(0, x0 + j, y0 + i) - mb;
                        va += w * da * da;
                        vb += w * db * db;
                        cov += w * da * db;
                    }
                }
                sum += (2 * ma * mb + c1) * (2 * cov + c2) / ((ma * ma + mb * mb + c1) * (va + vb + c2));
                count++;
            }
        }
        return sum / count;
    }

    @Test
    void rgbSsimIsTheMeanOfThePlanesAndRgbPsnrPoolsTheirErrors() {
        Random random = new Random(5);
        PlanarImage a = randomImage(random, 33, 27, 3);
        PlanarImage b = noisy(a, random, 9);
        double ssimSum = 0;
        double mseSum = 0;
        for (int c = 0; c < 3; c++) {
            ssimSum += QualityMetrics.ssim(a.plane(c), b.plane(c), RGB);
            mseSum += 255.0 * 255 / Math.pow(10, QualityMetrics.psnr(a.plane(c), b.plane(c), RGB) / 10);
        }
        assertThat(QualityMetrics.ssim(a, b, RGB)).isCloseTo(ssimSum / 3, within(1e-12));
        assertThat(QualityMetrics.psnr(a, b, RGB)).isCloseTo(10 * Math.log10(255.0 * 255 / (mseSum / 3)), within(1e-9));
    }

    @Test
    void lumaModeMeasuresTheMatlabYPlane() {
        Random random = new Random(9);
        PlanarImage a = randomImage(random, 30, 24, 3);
        PlanarImage b = noisy(a, random, 6);
        // A grey image is measured as it is, so Y-of-RGB equals measuring YCbCr.luma directly.
        PlanarImage ya = YCbCr.luma(a);
        PlanarImage yb = YCbCr.luma(b);
        Metrics viaLuma = QualityMetrics.measure(ya, yb, Y);
        Metrics direct = QualityMetrics.measure(a, b, Y);
        assertThat(direct.psnr()).isCloseTo(viaLuma.psnr(), within(1e-4));
        assertThat(direct.ssim()).isCloseTo(viaLuma.ssim(), within(1e-6));
    }

    @Test
    void roundingYSnapsLumaToIntegers() {
        // Two colours whose Y differs by less than half a code: unrounded they differ, rounded they
        // land on the same integer (Y = 16 + 65.481 r + 128.553 g + 24.966 b).
        PlanarImage a = new PlanarImage(12, 12, 3);
        PlanarImage b = new PlanarImage(12, 12, 3);
        Arrays.fill(a.data(), 100 / 255f);                // Y = 16 + 219 * 100/255 = 101.882...
        Arrays.fill(b.data(), 100 / 255f);
        Arrays.fill(b.data(), 2 * 144, 3 * 144, 101 / 255f); // blue + 1 code: Y + 0.0979
        assertThat(QualityMetrics.psnr(a, b, Y)).isFinite();
        assertThat(QualityMetrics.psnr(a, b, Y_ROUNDED)).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(QualityMetrics.ssim(a, b, Y_ROUNDED)).isEqualTo(1.0);
    }

    // ---- properties --------------------------------------------------------------------------

    @Property(tries = 25)
    void symmetricAndBoundedAndOneOnlyForIdenticalImages(@ForAll long seed,
            @ForAll @IntRange(min = 11, max = 40) int width, @ForAll @IntRange(min = 11, max = 40) int height,
            @ForAll boolean rgb) {
        Random random = new Random(seed);
        MetricOptions options = rgb ? RGB : Y;
        PlanarImage a = randomImage(random, width, height, 3);
        PlanarImage b = noisy(a, random, 1 + 20 * random.nextDouble());

        Metrics ab = QualityMetrics.measure(a, b, options);
        Metrics ba = QualityMetrics.measure(b, a, options);
        assertThat(ba.psnr()).isEqualTo(ab.psnr());
        assertThat(ba.ssim()).isCloseTo(ab.ssim(), within(1e-12));
        assertThat(ab.ssim()).isLessThanOrEqualTo(1.0).isGreaterThan(-1.0);
        assertThat(ab.psnr()).isFinite();

        Metrics aa = QualityMetrics.measure(a, a.copy(), options);
        assertThat(aa.psnr()).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(aa.ssim()).isCloseTo(1.0, within(1e-12));
    }

    @Property(tries = 20)
    void shaveIgnoresExactlyTheBorder(@ForAll long seed, @ForAll @IntRange(min = 1, max = 4) int shave,
            @ForAll boolean rgb) {
        Random random = new Random(seed);
        MetricOptions options = (rgb ? RGB : Y).withShave(shave);
        int width = 24 + random.nextInt(10);
        int height = 22 + random.nextInt(10);
        PlanarImage reference = randomImage(random, width, height, 3);
        PlanarImage test = noisy(reference, random, 5);

        // Scribble over the border only: every pixel within `shave` of an edge.
        PlanarImage scribbled = test.copy();
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    boolean border = x < shave || y < shave || x >= width - shave || y >= height - shave;
                    if (border) {
                        scribbled.set(c, x, y, random.nextInt(256) / 255f);
                    }
                }
            }
        }
        assertThat(QualityMetrics.measure(reference, scribbled, options))
                .isEqualTo(QualityMetrics.measure(reference, test, options));
        // Without the shave the same scribble does change the score...
        MetricOptions noShave = options.withShave(0);
        assertThat(QualityMetrics.psnr(reference, scribbled, noShave))
                .isNotEqualTo(QualityMetrics.psnr(reference, test, noShave));
        // ...and so does a change one pixel inside the shaved border.
        PlanarImage inside = test.copy();
        inside.set(0, shave, shave, 1 - inside.get(0, shave, shave));
        assertThat(QualityMetrics.psnr(reference, inside, options))
                .isNotEqualTo(QualityMetrics.psnr(reference, test, options));
    }

    // ---- errors ------------------------------------------------------------------------------

    @Test
    void mismatchedSizesNameBothSizes() {
        PlanarImage a = new PlanarImage(64, 48, 3);
        PlanarImage b = new PlanarImage(48, 64, 3);
        assertThatThrownBy(() -> QualityMetrics.measure(a, b, Y)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("64x48").hasMessageContaining("48x64");
        assertThatThrownBy(() -> QualityMetrics.psnr(a, new PlanarImage(64, 48, 1), RGB))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("3 planes")
                .hasMessageContaining("1 plane");
    }

    @Test
    void rejectsShavesAndSizesThatLeaveTooLittle() {
        PlanarImage a = new PlanarImage(30, 20, 3);
        assertThatThrownBy(() -> QualityMetrics.psnr(a, a, Y.withShave(10)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("shave 10");
        // 30x20 minus 5 per side is 20x10: PSNR is defined, SSIM's 11x11 window does not fit.
        assertThat(QualityMetrics.psnr(a, a, Y.withShave(5))).isEqualTo(Double.POSITIVE_INFINITY);
        assertThatThrownBy(() -> QualityMetrics.ssim(a, a, Y.withShave(5)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("20x10");
        assertThatThrownBy(() -> QualityMetrics.measure(new PlanarImage(30, 20, 2), new PlanarImage(30, 20, 2), Y))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("channel Y");
    }

    @Test
    void optionsRejectContradictionsAndNonsense() {
        assertThat(MetricOptions.defaults()).isEqualTo(new MetricOptions(Channel.Y, 0, false));
        assertThat(MetricOptions.forScale(4)).isEqualTo(new MetricOptions(Channel.Y, 4, false));
        assertThatThrownBy(() -> MetricOptions.defaults().withShave(-1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-1");
        assertThatThrownBy(() -> MetricOptions.forScale(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Y_ROUNDED.withChannel(Channel.RGB))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("roundY");
        assertThatThrownBy(() -> new MetricOptions(null, 0, false)).isInstanceOf(NullPointerException.class);
    }
}
