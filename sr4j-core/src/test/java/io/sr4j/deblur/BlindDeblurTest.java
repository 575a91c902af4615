package io.sr4j.deblur;

import static org.assertj.core.api.Assertions.assertThat;

import io.sr4j.image.PlanarImage;
import io.sr4j.quality.Degradations;
import io.sr4j.testing.TestPhotos;
import org.junit.jupiter.api.Test;

/** Blind deblurring end to end: estimate, deconvolve over windows, pass sharp images through. */
class BlindDeblurTest {
    private final BlindDeblur deblur = new BlindDeblur(2);

    @Test
    void liftsAMotionBlurredPhotoAboveWienerGivenTheTrueKernel() {
        PlanarImage sharp = TestPhotos.crop("coffee.png", 100, 50, 320, 300);
        BlurKernel k = BlurKernel.motion(14.6, 63);
        PlanarImage blurred = Degradations.quantize(Convolution.convolve(sharp, k));
        BlindDeblur.Result r = deblur.restore(blurred);
        double before = WienerDeconvolutionTest.psnr(sharp, blurred);
        double blind = WienerDeconvolutionTest.psnr(sharp, r.image());
        double known = WienerDeconvolutionTest.psnr(sharp, new WienerDeconvolution().restore(blurred, k));
        assertThat(r.estimate().kind()).isEqualTo(BlurEstimate.Kind.MOTION);
        assertThat(blind).as("blurred %.2f dB, Wiener with the true kernel %.2f dB", before, known)
                .isGreaterThan(before + 3).isGreaterThan(known + 0.5);
    }

    @Test
    void windowsOfALargeImageJoinWithoutSeams() {
        PlanarImage full = TestPhotos.rgb("astronaut.png"); // 512 x 512: two windows a side for a 5 px disc
        BlurKernel k = BlurKernel.defocus(5);
        PlanarImage blurred = Degradations.quantize(Convolution.convolve(full, k));
        NonBlindDeconvolution wiener = new WienerDeconvolution(WienerDeconvolution.DEFAULT_NSR, 0);
        PlanarImage windowed = deblur.deconvolve(blurred, k, wiener);
        PlanarImage whole = wiener.restore(blurred, k);
        assertThat(BlindDeblur.starts(512, SpectralCanvas.largestImageSide(BlindDeblur.CANVAS, k),
                2 * k.width())).hasSizeGreaterThan(1);
        // Away from the picture's own border the windows agree with one whole-image filter.
        PlanarImage a = windowed.crop(32, 32, 448, 448);
        PlanarImage b = whole.crop(32, 32, 448, 448);
        assertThat(WienerDeconvolutionTest.psnr(a, b)).isGreaterThan(40);
        assertThat(WienerDeconvolutionTest.psnr(full, windowed))
                .isGreaterThan(WienerDeconvolutionTest.psnr(full, blurred) + 3);
    }

    @Test
    void aSharpPhotoPassesUnchanged() {
        PlanarImage sharp = Degradations.quantize(TestPhotos.crop("chelsea.png", 0, 0, 300, 256));
        BlindDeblur.Result r = deblur.restore(sharp);
        assertThat(r.estimate().blurred()).isFalse();
        assertThat(r.image()).isEqualTo(sharp);
    }

    @Test
    void windowStartsCoverTheSideWithTheLastFlush() {
        assertThat(BlindDeblur.starts(100, 200, 20)).containsExactly(0);
        assertThat(BlindDeblur.starts(500, 200, 20)).containsExactly(0, 180, 300);
    }
}
