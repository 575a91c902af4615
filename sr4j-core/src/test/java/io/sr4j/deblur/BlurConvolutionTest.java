package io.sr4j.deblur;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import io.sr4j.image.PlanarImage;
import org.junit.jupiter.api.Test;

class BlurConvolutionTest {
    @Test
    void aDeltaBecomesTheKernelUnturned() {
        BlurKernel k = CameraShake.upTo25Pixels().kernel(5); // asymmetric, so a flip would show
        PlanarImage delta = new PlanarImage(41, 41, 3);
        delta.set(1, 20, 20, 1f);
        PlanarImage out = Convolution.convolve(delta, k);
        for (int y = 0; y < k.height(); y++) {
            for (int x = 0; x < k.width(); x++) {
                assertThat((double) out.get(1, 20 - k.centreX() + x, 20 - k.centreY() + y))
                        .isCloseTo(k.weight(x, y), offset(1e-6));
            }
        }
        assertThat(out.get(0, 20, 20)).isZero();
    }

    @Test
    void flatImagesStayFlatUpToTheEdges() {
        PlanarImage flat = new PlanarImage(30, 20, 3);
        java.util.Arrays.fill(flat.data(), 0.6f);
        PlanarImage out = Convolution.convolve(flat, BlurKernel.motion(25, 120));
        for (float v : out.data()) {
            assertThat((double) v).isCloseTo(0.6, offset(1e-5));
        }
    }

    @Test
    void gaussianKernelMatchesTheSeparableBlurOfTheDegradations() {
        PlanarImage image = WienerDeconvolutionTest.smoothImage(48, 40);
        PlanarImage separable = io.sr4j.quality.Degradations.gaussianBlur(image, 1.5);
        PlanarImage full = io.sr4j.quality.Degradations.blur(image, BlurKernel.gaussian(1.5, 5));
        for (int i = 0; i < full.data().length; i++) {
            assertThat((double) full.data()[i]).isCloseTo(separable.data()[i], offset(1.01 / 255));
        }
    }
}
