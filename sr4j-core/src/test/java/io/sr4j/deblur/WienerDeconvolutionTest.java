package io.sr4j.deblur;

import static org.assertj.core.api.Assertions.assertThat;

import io.sr4j.image.PlanarImage;
import io.sr4j.quality.Degradations;
import io.sr4j.testing.TestPhotos;
import org.junit.jupiter.api.Test;

/** Wiener and Richardson–Lucy given the true kernel. */
class WienerDeconvolutionTest {
    /** A smooth colour image with detail at several scales but nothing near the Nyquist limit. */
    static PlanarImage smoothImage(int w, int h) {
        PlanarImage image = new PlanarImage(w, h, 3);
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    double v = 0.5 + 0.2 * Math.sin(0.21 * x + 0.7 * c) * Math.cos(0.17 * y)
                            + 0.15 * Math.sin(0.05 * (x + 2 * y) + c) + 0.1 * Math.cos(0.4 * x - 0.3 * y + c);
                    image.set(c, x, y, (float) v);
                }
            }
        }
        return image;
    }

    static double psnr(PlanarImage a, PlanarImage b) {
        double se = 0;
        for (int i = 0; i < a.data().length; i++) {
            double d = a.data()[i] - b.data()[i];
            se += d * d;
        }
        return 10 * Math.log10(a.data().length / se);
    }

    @Test
    void wienerWithTheTrueKernelRestoresANoiselessBlur() {
        PlanarImage sharp = smoothImage(96, 80);
        for (BlurKernel k : new BlurKernel[] {BlurKernel.defocus(4), BlurKernel.gaussian(2)}) {
            PlanarImage blurred = Convolution.convolve(sharp, k);
            PlanarImage restored = new WienerDeconvolution(1e-4).restore(blurred, k);
            double before = psnr(sharp, blurred);
            double after = psnr(sharp, restored);
            assertThat(after).as("%s: blurred %.2f dB", k, before).isGreaterThan(35).isGreaterThan(before + 10);
        }
        // A streak's spectrum has zeros, so what falls on them is lost; the rest comes back.
        BlurKernel streak = BlurKernel.motion(15, 30);
        PlanarImage blurred = Convolution.convolve(sharp, streak);
        double before = psnr(sharp, blurred);
        assertThat(psnr(sharp, new WienerDeconvolution(0.01).restore(blurred, streak))).isGreaterThan(before + 8);
    }

    @Test
    void withNoiseBothStayFiniteAndBeatTheBlurredPhoto() {
        PlanarImage sharp = TestPhotos.crop("astronaut.png", 150, 40, 128, 112);
        BlurKernel k = BlurKernel.motion(15, 30);
        PlanarImage blurred = Degradations.gaussianNoise(Convolution.convolve(sharp, k), 2, 1);
        double before = psnr(sharp, blurred);
        for (NonBlindDeconvolution method : new NonBlindDeconvolution[] {new WienerDeconvolution(),
            new RichardsonLucy()}) {
            PlanarImage restored = method.restore(blurred, k);
            for (float v : restored.data()) {
                assertThat(v).isBetween(0f, 1f);
            }
            assertThat(psnr(sharp, restored)).as(method.describe() + " vs blurred %.2f dB", before)
                    .isGreaterThan(before + 1);
        }
    }

    @Test
    void richardsonLucySharpensWithMoreIterations() {
        PlanarImage sharp = smoothImage(64, 64);
        BlurKernel k = BlurKernel.defocus(3);
        PlanarImage blurred = Convolution.convolve(sharp, k);
        double few = psnr(sharp, new RichardsonLucy(3).restore(blurred, k));
        double many = psnr(sharp, new RichardsonLucy(40).restore(blurred, k));
        assertThat(few).isGreaterThan(psnr(sharp, blurred));
        assertThat(many).isGreaterThan(few + 1);
    }

    @Test
    void theIdentityKernelChangesNothing() {
        PlanarImage sharp = smoothImage(33, 17);
        PlanarImage restored = new WienerDeconvolution(1e-9).restore(sharp, BlurKernel.identity());
        assertThat(psnr(sharp, restored)).isGreaterThan(80);
    }
}
