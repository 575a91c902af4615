package io.sr4j.deblur;

/**
 * How well a blur hypothesis explains an observed {@link GradientSpectrum}. A sharp photo's
 * gradient spectrum is roughly flat, tilted by a power law; blurred by {@code h} and with sensor
 * or compression noise added it becomes {@code c · |ω|^β · (|H(ω)|² + ρ |D(ω)|²)}, |D|² being the
 * pixel-difference spectrum (white noise, differenced). In logarithms that is linear in
 * {@code log c} and β once ρ is fixed, so each hypothesis is fitted by least squares for every ρ
 * of a grid and scored by the residual variance: the log spectrum weighs the deep zeros a blur
 * leaves as much as the strong low frequencies.
 *
 * <p>Only the half-plane is read (a real image's spectrum is symmetric), without DC, the lowest
 * ring (one tile's window smears it), the bins on the two axes (a photo's horizontal and vertical
 * edges put a cross there that no blur explains) and the frequencies above 0.28 cycles per pixel:
 * JPEG quantises them away (q90 took a Gaussian for a disc and missed discs with 0.45; on six photos
 * outside the evaluation set, 0.28 found every kernel of the test after q90), and demosaicing and
 * the 8-pixel block grid live there too.
 */
final class SpectrumFit {
    /** Noise-to-signal ratios tried: from a clean raw photo to a noisy JPEG. */
    static final double[] NOISE_RATIOS = {1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2, 1e-1};
    private static final double MAX_RADIUS = 0.28;
    private static final int MIN_RADIUS_BINS = 2;

    private final int size;
    private final Fft fft;
    private final int[] bins;
    private final double[] logPower;
    private final double[] difference;
    private final double[] tilt;
    private final double tiltMean;
    private final double tiltVariance;

    /** The result for one hypothesis: its residual variance and the noise-to-signal ratio that gave it. */
    record Score(double misfit, double noiseRatio) {
    }

    SpectrumFit(GradientSpectrum observed) {
        this.size = observed.size();
        this.fft = new Fft(size, size);
        int[] chosen = new int[size * size];
        int count = 0;
        for (int v = 0; v <= size / 2; v++) {
            for (int u = 0; u < size; u++) {
                int su = u <= size / 2 ? u : u - size;
                double radius = Math.hypot(su, v);
                boolean onAxis = Math.abs(su) <= 1 || v <= 1;
                if (!onAxis && radius >= MIN_RADIUS_BINS && radius / size <= MAX_RADIUS) {
                    chosen[count++] = v * size + u;
                }
            }
        }
        bins = java.util.Arrays.copyOf(chosen, count);
        logPower = new double[count];
        difference = new double[count];
        tilt = new double[count];
        double sum = 0;
        for (int i = 0; i < count; i++) {
            int u = bins[i] % size;
            int v = bins[i] / size;
            logPower[i] = Math.log(observed.power(u, v) + 1e-30);
            difference[i] = 4 - 2 * Math.cos(2 * Math.PI * u / size) - 2 * Math.cos(2 * Math.PI * v / size);
            tilt[i] = Math.log(difference[i]);
            sum += tilt[i];
        }
        tiltMean = sum / count;
        double var = 0;
        for (double t : tilt) {
            var += (t - tiltMean) * (t - tiltMean);
        }
        tiltVariance = var / count;
    }

    int size() {
        return size;
    }

    /** The best fit of the kernel whose power spectrum on this grid is {@code kernelPower} (row-major, size²). */
    Score score(double[] kernelPower) {
        double best = Double.POSITIVE_INFINITY;
        double bestRatio = NOISE_RATIOS[0];
        int n = bins.length;
        for (double rho : NOISE_RATIOS) {
            double sum = 0;
            double sumSq = 0;
            double cross = 0;
            for (int i = 0; i < n; i++) {
                double r = logPower[i] - Math.log(kernelPower[bins[i]] + rho * difference[i]);
                sum += r;
                sumSq += r * r;
                cross += r * (tilt[i] - tiltMean);
            }
            double mean = sum / n;
            double variance = sumSq / n - mean * mean;
            double covariance = cross / n;
            double misfit = variance - covariance * covariance / tiltVariance;
            if (misfit < best) {
                best = misfit;
                bestRatio = rho;
            }
        }
        return new Score(best, bestRatio);
    }

    /** |H(ω)|² of {@code kernel} on this grid, its centre at the origin. Not safe for concurrent use. */
    double[] kernelPower(BlurKernel kernel) {
        if (kernel.width() > size || kernel.height() > size) {
            throw new IllegalArgumentException("a " + kernel.width() + "x" + kernel.height()
                    + " kernel does not fit a " + size + "-bin spectrum");
        }
        int n = size * size;
        double[] re = new double[n];
        double[] im = new double[n];
        for (int y = 0; y < kernel.height(); y++) {
            for (int x = 0; x < kernel.width(); x++) {
                int u = Math.floorMod(x - kernel.centreX(), size);
                int v = Math.floorMod(y - kernel.centreY(), size);
                re[v * size + u] += kernel.weight(x, y);
            }
        }
        fft.transform(re, im, false);
        for (int i = 0; i < n; i++) {
            re[i] = re[i] * re[i] + im[i] * im[i];
        }
        return re;
    }
}
