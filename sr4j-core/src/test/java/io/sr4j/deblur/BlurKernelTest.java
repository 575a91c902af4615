package io.sr4j.deblur;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import org.junit.jupiter.api.Test;

class BlurKernelTest {
    private static double sum(BlurKernel k) {
        double s = 0;
        for (double w : k.weights()) {
            s += w;
        }
        return s;
    }

    /** {sum w·dx, sum w·dy, sum w·dx², sum w·dy², sum w·dx·dy} about the centre sample. */
    private static double[] moments(BlurKernel k) {
        double[] m = new double[5];
        for (int y = 0; y < k.height(); y++) {
            for (int x = 0; x < k.width(); x++) {
                double w = k.weight(x, y);
                double dx = x - k.centreX();
                double dy = y - k.centreY();
                m[0] += w * dx;
                m[1] += w * dy;
                m[2] += w * dx * dx;
                m[3] += w * dy * dy;
                m[4] += w * dx * dy;
            }
        }
        return m;
    }

    @Test
    void everyKernelSumsToOneAndIsCentred() {
        for (BlurKernel k : new BlurKernel[] {BlurKernel.motion(15, 30), BlurKernel.motion(7.3, 200),
            BlurKernel.defocus(3), BlurKernel.defocus(5.5), BlurKernel.gaussian(2), CameraShake.upTo25Pixels().kernel(7)}) {
            assertThat(sum(k)).isCloseTo(1, offset(1e-9));
            assertThat(k.width() % 2).isEqualTo(1);
            double[] m = moments(k);
            assertThat(m[0]).as("centre of mass x of %s", k).isCloseTo(0, offset(1e-6));
            assertThat(m[1]).as("centre of mass y of %s", k).isCloseTo(0, offset(1e-6));
            for (double w : k.weights()) {
                assertThat(w).isGreaterThanOrEqualTo(0);
            }
        }
    }

    @Test
    void motionAtZeroDegreesIsHorizontalAndAtNinetyVertical() {
        BlurKernel horizontal = BlurKernel.motion(15, 0);
        BlurKernel vertical = BlurKernel.motion(15, 90);
        for (int y = 0; y < horizontal.height(); y++) {
            for (int x = 0; x < horizontal.width(); x++) {
                if (y != horizontal.centreY()) {
                    assertThat(horizontal.weight(x, y)).isZero();
                }
                if (x != vertical.centreX()) {
                    assertThat(vertical.weight(x, y)).isZero();
                }
                // The vertical streak is the horizontal one transposed.
                assertThat(vertical.weight(y, x)).isCloseTo(horizontal.weight(x, y), offset(1e-12));
            }
        }
        // A uniform segment of length L has variance L²/12, plus about 1/6 from the bilinear splat
        // (and a little from sampling the segment at 1/16 pixel with both ends included).
        assertThat(moments(horizontal)[2]).isCloseTo(15 * 15 / 12.0 + 1 / 6.0, offset(0.2));
        assertThat(moments(horizontal)[3]).isZero();
    }

    @Test
    void motionAtFortyFiveDegreesRisesToTheRightAndIsPointSymmetric() {
        BlurKernel k = BlurKernel.motion(12, 45);
        double[] m = moments(k);
        // Rows grow downwards, so rising to the right means x and y vary in opposite senses.
        assertThat(m[4]).isLessThan(-5);
        assertThat(m[2]).isCloseTo(m[3], offset(1e-9));
        for (int y = 0; y < k.height(); y++) {
            for (int x = 0; x < k.width(); x++) {
                assertThat(k.weight(x, y)).isCloseTo(k.weight(k.width() - 1 - x, k.height() - 1 - y), offset(1e-12));
            }
        }
        // A longer streak spreads further along its direction.
        assertThat(moments(BlurKernel.motion(24, 45))[2]).isGreaterThan(3 * m[2]);
    }

    @Test
    void defocusDiscHasTheRadiusAndAreaAsked() {
        double radius = 4.5;
        BlurKernel k = BlurKernel.defocus(radius);
        double peak = k.weight(k.centreX(), k.centreY());
        // Weights are pixel coverage / area: 1/(π r²) inside the disc.
        assertThat(peak).isCloseTo(1 / (Math.PI * radius * radius), offset(1e-4));
        double coveredArea = sum(k) / peak;
        assertThat(coveredArea).isCloseTo(Math.PI * radius * radius, offset(0.01 * Math.PI * radius * radius));
        for (int y = 0; y < k.height(); y++) {
            for (int x = 0; x < k.width(); x++) {
                double d = Math.hypot(x - k.centreX(), y - k.centreY());
                if (d > radius + Math.sqrt(0.5)) {
                    assertThat(k.weight(x, y)).isZero();
                } else if (d < radius - Math.sqrt(0.5)) {
                    assertThat(k.weight(x, y)).isCloseTo(peak, offset(1e-12));
                }
            }
        }
        // Circular: the same spread along x and y and no tilt.
        double[] m = moments(k);
        assertThat(m[2]).isCloseTo(m[3], offset(1e-9));
        assertThat(m[4]).isCloseTo(0, offset(1e-9));
        // Variance of a uniform disc is r²/4 per axis.
        assertThat(m[2]).isCloseTo(radius * radius / 4, offset(0.1));
    }

    @Test
    void gaussianHasTheSigmaAsked() {
        for (double sigma : new double[] {1, 2, 3.5}) {
            double[] m = moments(BlurKernel.gaussian(sigma));
            assertThat(Math.sqrt(m[2])).isCloseTo(sigma, offset(0.01 * sigma));
            assertThat(Math.sqrt(m[3])).isCloseTo(sigma, offset(0.01 * sigma));
            assertThat(m[4]).isCloseTo(0, offset(1e-9));
        }
    }

    @Test
    void cameraShakeIsRepeatableBoundedAndVaried() {
        CameraShake shake = CameraShake.upTo25Pixels();
        assertThat(shake.kernel(3)).isEqualTo(shake.kernel(3));
        assertThat(shake.kernel(3)).isNotEqualTo(shake.kernel(4));
        BlurKernel k = shake.kernel(11);
        assertThat(k.width()).isEqualTo(27);
        // The outermost ring stays empty (the margin kept for the bilinear splat).
        for (int i = 0; i < k.width(); i++) {
            assertThat(k.weight(i, 0) + k.weight(0, i) + k.weight(i, 26) + k.weight(26, i)).isZero();
        }
        // A blur, not a point: the weight spreads over many pixels.
        long touched = java.util.Arrays.stream(k.weights()).filter(w -> w > 0).count();
        assertThat(touched).isGreaterThan(20);
    }

    @Test
    void badArgumentsAreRefusedWithTheReason() {
        assertThatThrownBy(() -> BlurKernel.motion(-1, 0)).hasMessageContaining("length must be >= 0");
        assertThatThrownBy(() -> BlurKernel.defocus(0)).hasMessageContaining("radius must be > 0");
        assertThatThrownBy(() -> BlurKernel.gaussian(Double.NaN)).hasMessageContaining("sigma must be > 0");
        assertThatThrownBy(() -> BlurKernel.of(2, 1, new double[] {1, 1})).hasMessageContaining("odd");
        assertThatThrownBy(() -> BlurKernel.of(1, 1, new double[] {0})).hasMessageContaining("all zero");
        assertThatThrownBy(() -> new CameraShake(4, 10)).hasMessageContaining("odd");
    }
}
