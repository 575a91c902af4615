package io.sr4j.diffusion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sr4j.image.PlanarImage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DiffusionSamplerTest {
    private static final NoiseSchedule COSINE = NoiseSchedule.cosine(1000);

    /** The exact ε of a distribution with all its mass at the condition: ε* = (z − √ᾱ·x₀)/√(1−ᾱ). */
    private static final Denoiser POINT = (z, condition, alphaBar) -> {
        float[] x0 = condition.data();
        double[] eps = new double[z.length];
        for (int k = 0; k < z.length; k++) {
            eps[k] = (z[k] - Math.sqrt(alphaBar) * x0[k]) / Math.sqrt(1 - alphaBar);
        }
        return eps;
    };

    /**
     * The exact E[ε | z] of per-value Gaussian data x₀ ~ N(μ, s²), μ the condition:
     * √(1−ᾱ)·(z − √ᾱ·μ)/(ᾱ·s² + 1 − ᾱ).
     */
    static Denoiser gaussian(double s) {
        return (z, condition, alphaBar) -> {
            float[] mu = condition.data();
            double[] eps = new double[z.length];
            for (int k = 0; k < z.length; k++) {
                eps[k] = Math.sqrt(1 - alphaBar) * (z[k] - Math.sqrt(alphaBar) * mu[k])
                        / (alphaBar * s * s + 1 - alphaBar);
            }
            return eps;
        };
    }

    static PlanarImage ramp(int width, int height) {
        PlanarImage image = new PlanarImage(width, height, 3);
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    image.set(c, x, y, (float) (0.2 + 0.6 * (x + 2 * y + 5 * c) / (width + 2 * height + 10.0)));
                }
            }
        }
        return image;
    }

    static PlanarImage sample(SamplerSettings settings, PlanarImage condition, Denoiser denoiser, WindowGrid grid) {
        return new DiffusionSampler(COSINE, settings).sample(condition, denoiser, grid, SampleBounds.NONE,
                SamplingProgress.NONE);
    }

    private static double maxDifference(PlanarImage a, PlanarImage b) {
        double most = 0;
        for (int k = 0; k < a.data().length; k++) {
            most = Math.max(most, Math.abs(a.data()[k] - b.data()[k]));
        }
        return most;
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 7, 20, 333, 1000})
    void everySamplerReturnsThePointOfAOnePointDistribution(int steps) {
        PlanarImage x0 = ramp(24, 16);
        for (SamplerSettings settings : new SamplerSettings[] {
                SamplerSettings.defaults().withSteps(steps),
                SamplerSettings.defaults().withSteps(steps).withEta(1),
                SamplerSettings.defaults().withSteps(steps).withKind(SamplerKind.DDPM)}) {
            PlanarImage out = sample(settings, x0, POINT, WindowGrid.whole(24, 16));
            assertTrue(maxDifference(out, x0) < 1e-5, settings + ": off by " + maxDifference(out, x0));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"ddpm", "ddim-eta1", "ddim"})
    void samplesOfGaussianDataHaveItsMeanAndSpread(String which) {
        double s = 0.3;
        PlanarImage mu = ramp(64, 64);
        SamplerSettings settings = switch (which) {
            case "ddpm" -> SamplerSettings.defaults().withKind(SamplerKind.DDPM).withSteps(200);
            case "ddim-eta1" -> SamplerSettings.defaults().withEta(1).withSteps(200);
            default -> SamplerSettings.defaults().withSteps(250); // the probability-flow ODE: coarser steps shrink the spread
        };
        PlanarImage out = sample(settings.withSeed(7), mu, gaussian(s), WindowGrid.whole(64, 64));
        int n = out.data().length;
        double sum = 0;
        double squares = 0;
        for (int k = 0; k < n; k++) {
            double d = out.data()[k] - mu.data()[k];
            sum += d;
            squares += d * d;
        }
        double mean = sum / n;
        double std = Math.sqrt(squares / n - mean * mean);
        // 12288 values: the mean's standard error is s/√n ≈ 0.003, the std's about 0.7 %
        assertEquals(0, mean, 0.012, which + " mean offset");
        assertEquals(s, std, 0.03 * s, which + " std");
    }

    @Test
    void theSeedDecidesThePixels() {
        PlanarImage mu = ramp(32, 24);
        for (SamplerSettings settings : new SamplerSettings[] {SamplerSettings.defaults().withSteps(10),
                SamplerSettings.defaults().withKind(SamplerKind.DDPM).withSteps(10)}) {
            PlanarImage a = sample(settings.withSeed(5), mu, gaussian(0.2), WindowGrid.whole(32, 24));
            PlanarImage again = sample(settings.withSeed(5), mu, gaussian(0.2), WindowGrid.whole(32, 24));
            PlanarImage other = sample(settings.withSeed(6), mu, gaussian(0.2), WindowGrid.whole(32, 24));
            assertEquals(a, again, settings + ": the same seed must give the same pixels");
            assertTrue(maxDifference(a, other) > 0.1, settings + ": another seed must give other pixels");
        }
    }

    @Test
    void ddpmDrawsFreshNoiseWhereDdimDoesNot() {
        // Same start (same seed), so the two differ only by DDPM's per-step noise.
        PlanarImage mu = ramp(32, 32);
        PlanarImage ddim = sample(SamplerSettings.defaults().withSteps(10), mu, gaussian(0.2), WindowGrid.whole(32, 32));
        PlanarImage ddpm = sample(SamplerSettings.defaults().withSteps(10).withKind(SamplerKind.DDPM), mu,
                gaussian(0.2), WindowGrid.whole(32, 32));
        assertTrue(maxDifference(ddim, ddpm) > 0.1);
    }

    @Test
    void windowsGiveTheWholeImagesResultForAPointwiseNetwork() {
        PlanarImage mu = ramp(96, 80);
        SamplerSettings ddpm = SamplerSettings.defaults().withKind(SamplerKind.DDPM).withSteps(12).withSeed(3);
        PlanarImage whole = sample(ddpm, mu, gaussian(0.25), WindowGrid.whole(96, 80));
        WindowGrid grid = new WindowGrid(96, 80, 40, 16, 4, 8);
        assertTrue(grid.size() >= 9, "several windows each way: " + grid.windows());
        PlanarImage tiled = sample(ddpm, mu, gaussian(0.25), grid);
        assertTrue(maxDifference(whole, tiled) < 1e-5, "off by " + maxDifference(whole, tiled));
    }

    @Test
    void stepsOutsideOneToTheTrainingStepsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> SamplerSettings.defaults().withSteps(0));
        assertThrows(IllegalArgumentException.class, () -> SamplerSettings.defaults().withSteps(1001));
        assertThrows(IllegalArgumentException.class, () -> SamplerSettings.defaults().withSteps(-3));
        SamplerSettings fifty = SamplerSettings.defaults().withSteps(50);
        new DiffusionSampler(NoiseSchedule.cosine(50), fifty);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new DiffusionSampler(NoiseSchedule.cosine(49), fifty));
        assertTrue(e.getMessage().contains("1..49"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SamplerSettings.defaults().withEta(1.5));
    }

    @Test
    void estimatesAreClippedToTheBounds() {
        // A network that always predicts ε = 0 claims x̂₀ = z/√ᾱ: huge at the first step unless clipped.
        Denoiser silent = (z, condition, alphaBar) -> new double[z.length];
        SampleBounds unit = new SampleBounds() {
            @Override
            public double lower(int index) {
                return -1;
            }

            @Override
            public double upper(int index) {
                return 1;
            }
        };
        PlanarImage out = new DiffusionSampler(COSINE, SamplerSettings.defaults().withSteps(5))
                .sample(ramp(16, 16), silent, WindowGrid.whole(16, 16), unit, SamplingProgress.NONE);
        for (float v : out.data()) {
            assertTrue(v >= -1 && v <= 1, "outside the bounds: " + v);
        }
    }

    @Test
    void progressCountsEveryWindowOfEveryStep() {
        int[] calls = {0};
        int[] last = new int[4];
        new DiffusionSampler(COSINE, SamplerSettings.defaults().withSteps(3)).sample(ramp(96, 80), POINT,
                new WindowGrid(96, 80, 48, 16, 4, 8), SampleBounds.NONE, (step, steps, window, windows) -> {
                    calls[0]++;
                    last[0] = step;
                    last[1] = steps;
                    last[2] = window;
                    last[3] = windows;
                });
        assertEquals(3 * last[3], calls[0]);
        assertEquals(3, last[0]);
        assertEquals(3, last[1]);
        assertEquals(last[3], last[2]);
    }

    /**
     * A local network that sees where its window is: the Gaussian-data ε plus a share of the 5×5 box
     * mean of z, taken with zeros outside the window (a network's padding), and of the window's
     * mean condition (a normalisation layer's statistics), so that every window predicts a little
     * differently.
     */
    private static final Denoiser LOCAL = (z, condition, alphaBar) -> {
        int w = condition.width();
        int h = condition.height();
        double[] smoothed = new double[z.length];
        for (int c = 0; c < condition.channels(); c++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    double sum = 0;
                    for (int dy = -2; dy <= 2; dy++) {
                        for (int dx = -2; dx <= 2; dx++) {
                            int yy = y + dy;
                            int xx = x + dx;
                            if (yy >= 0 && yy < h && xx >= 0 && xx < w) {
                                sum += z[(c * h + yy) * w + xx];
                            }
                        }
                    }
                    smoothed[(c * h + y) * w + x] = sum / 25;
                }
            }
        }
        // A statistic of the whole window, as a network's normalisation layers take one.
        double mean = 0;
        for (float v : condition.data()) {
            mean += v;
        }
        mean /= condition.data().length;
        double[] eps = gaussian(0.3).predictNoise(z, condition, alphaBar);
        for (int k = 0; k < eps.length; k++) {
            eps[k] += 0.5 * smoothed[k] + 2 * (mean - 0.5);
        }
        return eps;
    };

    @Test
    void blendedWindowsLeaveNoSeamWhereCutWindowsDo() {
        int width = 160;
        int height = 128;
        PlanarImage mu = ramp(width, height);
        SamplerSettings settings = SamplerSettings.defaults().withSteps(10).withSeed(11);
        // A margin below the network's radius of 2, so the window borders do reach the blend.
        WindowGrid blended = new WindowGrid(width, height, 64, 32, 1, 8);
        WindowGrid cut = new WindowGrid(width, height, 40, 0, 0, 8);
        double blendedRatio = seamRatio(sample(settings, mu, LOCAL, blended), mu, blended);
        double cutRatio = seamRatio(sample(settings, mu, LOCAL, cut), mu, cut);
        assertTrue(cutRatio > 1.5, "the measure must see a hard cut's seam: " + cutRatio);
        assertTrue(blendedRatio < 1.1, "gradient energy at window borders over elsewhere: " + blendedRatio);
    }

    /**
     * Squared step between neighbouring columns of the picture's mean over its rows (a seam is a
     * step along the whole border; the sample's own pixel-to-pixel noise averages out), where
     * windows meet (their overlap, or the cut between abutting windows, widened by the network's
     * radius), over the same elsewhere.
     */
    private static double seamRatio(PlanarImage image, PlanarImage mu, WindowGrid grid) {
        boolean[] border = new boolean[image.width() - 1];
        java.util.List<io.sr4j.tile.Rect> windows = grid.windows();
        for (int i = 1; i < windows.size(); i++) {
            io.sr4j.tile.Rect previous = windows.get(i - 1);
            io.sr4j.tile.Rect next = windows.get(i);
            if (previous.y() == next.y()) {
                for (int x = Math.max(0, next.x() - 3); x < previous.right() + 2 && x < border.length; x++) {
                    border[x] = true;
                }
            }
        }
        double[] profile = new double[image.width()];
        for (int c = 0; c < image.channels(); c++) {
            for (int y = 0; y < image.height(); y++) {
                for (int x = 0; x < image.width(); x++) {
                    profile[x] += image.get(c, x, y) - mu.get(c, x, y);
                }
            }
        }
        double[] energy = new double[2];
        int[] count = new int[2];
        for (int x = 0; x < border.length; x++) {
            double d = (profile[x + 1] - profile[x]) / (image.channels() * image.height());
            int at = border[x] ? 0 : 1;
            energy[at] += d * d;
            count[at]++;
        }
        return (energy[0] / count[0]) / (energy[1] / count[1]);
    }
}
