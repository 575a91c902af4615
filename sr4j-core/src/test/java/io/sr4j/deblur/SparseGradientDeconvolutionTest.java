package io.sr4j.deblur;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sr4j.image.PlanarImage;
import io.sr4j.quality.Degradations;
import io.sr4j.testing.TestPhotos;
import org.junit.jupiter.api.Test;

/** The sparse-gradient deconvolution against the Wiener filter it starts from, both given the true kernel. */
class SparseGradientDeconvolutionTest {
    @Test
    void keepsEdgesTheWienerFilterSmoothsOnAPhoto() {
        PlanarImage sharp = TestPhotos.crop("camera.png", 120, 60, 200, 180);
        BlurKernel k = BlurKernel.defocus(4);
        PlanarImage blurred = Degradations.jpeg(Degradations.quantize(Convolution.convolve(sharp, k)), 90);
        WienerDeconvolution wiener = new WienerDeconvolution(WienerDeconvolution.DEFAULT_NSR, 0);
        double w = WienerDeconvolutionTest.psnr(sharp, wiener.restore(blurred, k));
        PlanarImage tv = new SparseGradientDeconvolution(wiener, SparseGradientDeconvolution.DEFAULT_DATA_WEIGHT)
                .restore(blurred, k);
        for (float v : tv.data()) {
            assertThat(v).isBetween(0f, 1f);
        }
        assertThat(WienerDeconvolutionTest.psnr(sharp, tv)).as("Wiener %.2f dB", w).isGreaterThan(w + 0.5);
    }

    @Test
    void aStreakDoesNotRingFromTheCanvasBorder() {
        // The closed-form step is periodic: without the completed border a streak's inverse rings.
        PlanarImage sharp = TestPhotos.crop("coffee.png", 200, 100, 160, 140);
        BlurKernel k = BlurKernel.motion(15, 30);
        PlanarImage blurred = Degradations.quantize(Convolution.convolve(sharp, k));
        double w = WienerDeconvolutionTest.psnr(sharp, new WienerDeconvolution().restore(blurred, k));
        double tv = WienerDeconvolutionTest.psnr(sharp, new SparseGradientDeconvolution().restore(blurred, k));
        assertThat(tv).as("Wiener %.2f dB", w).isGreaterThan(w + 0.5);
    }

    @Test
    void theDataWeightFallsWithTheNoise() {
        assertThat(SparseGradientDeconvolution.dataWeightFor(0.2)).isEqualTo(SparseGradientDeconvolution.DEFAULT_DATA_WEIGHT);
        assertThat(SparseGradientDeconvolution.dataWeightFor(0)).isEqualTo(SparseGradientDeconvolution.DEFAULT_DATA_WEIGHT);
        double mid = SparseGradientDeconvolution.dataWeightFor(1.2);
        assertThat(mid).isLessThan(SparseGradientDeconvolution.DEFAULT_DATA_WEIGHT)
                .isGreaterThan(SparseGradientDeconvolution.dataWeightFor(2.5));
        assertThat(SparseGradientDeconvolution.dataWeightFor(50)).isEqualTo(300);
        assertThatThrownBy(() -> new SparseGradientDeconvolution(new WienerDeconvolution(), 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("data weight");
    }
}
