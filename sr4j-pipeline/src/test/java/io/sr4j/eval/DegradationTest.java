package io.sr4j.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sr4j.deblur.BlurKernel;
import io.sr4j.image.PlanarImage;
import io.sr4j.quality.Degradations;
import io.sr4j.testing.TestPhotos;
import org.junit.jupiter.api.Test;

class DegradationTest {
    @Test
    void readsTheBlurFormsAndKeepsTheirKernels() {
        assertThat(Degradation.parse("blur:motion:15:30").kernel()).contains(BlurKernel.motion(15, 30));
        assertThat(Degradation.parse("BLUR:defocus:3").kernel()).contains(BlurKernel.defocus(3));
        assertThat(Degradation.parse("blur:gauss:2").kernel()).contains(BlurKernel.gaussian(2));
        // The older spelling is the same Gaussian.
        assertThat(Degradation.parse("blur:2")).isEqualTo(Degradation.parse("blur:gauss:2"));
        assertThat(Degradation.parse("jpeg:30").kernel()).isEmpty();
        assertThat(Degradation.parse("blur:motion:12.5:-45").toString()).isEqualTo("blur:motion:12.5:-45");
    }

    @Test
    void combinesBlurWithNoiseAndJpegInTheOrderWritten() {
        Degradation d = Degradation.parse("blur:motion:15:30 + noise:2+jpeg:90");
        assertThat(d.toString()).isEqualTo("blur:motion:15:30+noise:2+jpeg:90");
        assertThat(d.steps()).hasSize(3);
        assertThat(d.kernel()).contains(BlurKernel.motion(15, 30));

        PlanarImage photo = TestPhotos.crop("coffee.png", 100, 100, 48, 40);
        PlanarImage expected = Degradations.jpeg(Degradations.gaussianNoise(
                Degradations.blur(photo, BlurKernel.motion(15, 30)), 2, 7), 90);
        assertThat(d.apply(photo, 7)).isEqualTo(expected);
    }

    @Test
    void gradesAreTheFaultsEnhanceCorrects() {
        Degradation d = Degradation.parse("exposure:0.4+wb:1.2:1:0.8+gamma:1.5+contrast:0.7");
        assertThat(d.toString()).isEqualTo("exposure:0.4+wb:1.2:1:0.8+gamma:1.5+contrast:0.7");
        PlanarImage photo = TestPhotos.crop("coffee.png", 100, 100, 48, 40);
        PlanarImage dark = Degradation.parse("exposure:0.4").apply(photo, 0);
        assertThat(dark).isEqualTo(Degradations.quantize(io.sr4j.enhance.ToneCurves.of(
                io.sr4j.enhance.EnhanceParameters.exposure(0.4)).apply(photo)));
        assertThatThrownBy(() -> Degradation.parse("exposure:0")).hasMessageContaining("exposure gain must be in");
        assertThatThrownBy(() -> Degradation.parse("wb:1:1")).hasMessageContaining("'wb:1:1' is not a known step");
        assertThatThrownBy(() -> Degradation.parse("gamma:2+gamma:1.5")).hasMessageContaining("repeats a kind");
    }

    @Test
    void refusesBadTextListingTheForms() {
        for (String bad : new String[] {"blur:motion:15", "blur:motion:15:x", "blur:defocus:0", "blur:gauss:-1",
            "blur:box:3", "jpeg:90+blur:gauss:2", "blur:gauss:1+blur:gauss:2", "jpeg:90+jpeg:80", "jpeg:90+",
            "blur:defocus:1000", "none+jpeg:90"}) {
            assertThatThrownBy(() -> Degradation.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("degradation '" + bad + "'")
                    .hasMessageContaining("blur:motion:LEN:ANGLE").hasMessageContaining("jpeg:Q");
        }
        assertThatThrownBy(() -> Degradation.parse("jpeg:90+blur:gauss:2")).hasMessageContaining("blur must be the first");
        assertThatThrownBy(() -> Degradation.parse("blur:motion:15:x")).hasMessageContaining("'x' is not a number");
        assertThatThrownBy(() -> Degradation.parse("blur:defocus:0")).hasMessageContaining("radius must be > 0");
    }

    @Test
    void baselinesAreSpelledByNameWithAnOptionalSetting() {
        assertThat(DeblurBaseline.parse("wiener").label()).startsWith("wiener(nsr=").endsWith("@true-kernel");
        assertThat(DeblurBaseline.parse("wiener:0.01").label()).isEqualTo("wiener(nsr=0.01)@true-kernel");
        assertThat(DeblurBaseline.parse("richardson-lucy:12").label())
                .isEqualTo("richardson-lucy(iterations=12)@true-kernel");
        assertThatThrownBy(() -> DeblurBaseline.parse("lucy")).hasMessageContaining("use wiener");
        assertThatThrownBy(() -> DeblurBaseline.parse("wiener:-1")).hasMessageContaining("> 0");
        assertThatThrownBy(() -> DeblurBaseline.parse("richardson-lucy:x")).hasMessageContaining("richardson-lucy:ITERATIONS");
    }
}
