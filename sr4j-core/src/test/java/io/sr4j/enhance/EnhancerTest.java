package io.sr4j.enhance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sr4j.image.PlanarImage;
import io.sr4j.metrics.MetricOptions;
import io.sr4j.metrics.QualityMetrics;
import io.sr4j.quality.Degradations;
import io.sr4j.testing.TestPhotos;
import java.util.List;
import org.junit.jupiter.api.Test;

class EnhancerTest {
    private static final MetricOptions RGB = new MetricOptions(MetricOptions.Channel.RGB, 0, false);

    @Test
    void tabulatedCurvesFollowTheExactGrade() {
        EnhanceParameters p = new EnhanceParameters(0.05, 0.97, 1.2, 1.0, 0.8, 1.7, 0.85);
        PlanarImage ramp = new PlanarImage(1001, 1, 3);
        for (int i = 0; i < ramp.data().length; i++) {
            ramp.data()[i] = (i % 1001) / 1000f;
        }
        PlanarImage graded = ToneCurves.of(p).apply(ramp);
        double[] gains = {1.2, 1.0, 0.8};
        for (int c = 0; c < 3; c++) {
            for (int x = 0; x <= 1000; x++) {
                assertThat((double) graded.get(c, x, 0)).isCloseTo(ToneCurves.exact(p, gains[c], x / 1000.0),
                        org.assertj.core.data.Offset.offset(1e-3)); // a quarter of an 8-bit code, at the kinks
            }
        }
    }

    @Test
    void identityLeavesEveryPixelAndAGradeInvertsItsOpposite() {
        PlanarImage photo = TestPhotos.crop("astronaut.png", 100, 0, 256, 256);
        assertThat(ToneCurves.of(EnhanceParameters.IDENTITY).apply(photo)).isEqualTo(photo);
        // Exposure ×0.5 then ×2: exact where nothing clipped (all of it at ×0.5).
        PlanarImage back = ToneCurves.of(EnhanceParameters.exposure(2))
                .apply(ToneCurves.of(EnhanceParameters.exposure(0.5)).apply(photo));
        assertThat(QualityMetrics.psnr(photo, back, RGB)).isGreaterThan(60);
    }

    @Test
    void aWellExposedPhotoIsLeftNearlyUnchanged() {
        for (String name : List.of("astronaut.png", "chelsea.png", "coffee.png", "motorcycle_left.png")) {
            PlanarImage photo = TestPhotos.rgb(name);
            PlanarImage out = Enhancer.classical().enhance(photo);
            assertThat(QualityMetrics.psnr(photo, out, MetricOptions.defaults())).as(name + ": " + Enhancer.classical().estimate(photo))
                    .isGreaterThan(35);
        }
    }

    @Test
    void anUnderexposedPhotoIsBroughtBack() {
        PlanarImage photo = TestPhotos.rgb("astronaut.png");
        PlanarImage dark = Degradations.quantize(ToneCurves.of(EnhanceParameters.exposure(0.3)).apply(photo));
        EnhanceParameters found = Enhancer.classical().estimate(dark);
        assertThat(found.exposure()).as(found.toString()).isGreaterThan(2);
        double before = QualityMetrics.psnr(photo, dark, RGB);
        double after = QualityMetrics.psnr(photo, ToneCurves.of(found).apply(dark), RGB);
        assertThat(after).as(found.toString()).isGreaterThan(before + 5);
    }

    @Test
    void aDarkenedMidtoneIsLiftedByGamma() {
        PlanarImage photo = TestPhotos.crop("coffee.png", 100, 50, 300, 300);
        PlanarImage dull = Degradations.quantize(ToneCurves.of(EnhanceParameters.gamma(2.2)).apply(photo));
        EnhanceParameters found = Enhancer.classical().estimate(dull);
        assertThat(found.gamma()).as(found.toString()).isLessThan(0.8);
        assertThat(QualityMetrics.psnr(photo, ToneCurves.of(found).apply(dull), RGB))
                .isGreaterThan(QualityMetrics.psnr(photo, dull, RGB) + 3);
    }

    @Test
    void aGreyPictureGetsNoColourAndAStrongCastIsReduced() {
        PlanarImage grey = TestPhotos.rgb("camera.png");
        EnhanceParameters onGrey = Enhancer.classical().estimate(grey);
        assertThat(onGrey.red()).isEqualTo(onGrey.green()).isEqualTo(onGrey.blue());
        PlanarImage cast = Degradations.quantize(ToneCurves.of(EnhanceParameters.whiteBalance(1.8, 1, 0.55))
                .apply(grey));
        EnhanceParameters found = Enhancer.classical().estimate(cast);
        assertThat(found.red()).as(found.toString()).isLessThan(0.9);
        assertThat(found.blue()).as(found.toString()).isGreaterThan(1.1);
    }

    @Test
    void parametersAverageInTheLogarithmAndRefuseNonsense() {
        EnhanceParameters mean = EnhanceParameters.mean(List.of(EnhanceParameters.exposure(2),
                EnhanceParameters.exposure(8)));
        assertThat(mean.exposure()).isCloseTo(4, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(EnhanceParameters.exposure(2).toString()).isEqualTo("exposure +1.00 EV");
        assertThat(EnhanceParameters.IDENTITY.toString()).isEqualTo("unchanged");
        assertThatThrownBy(() -> EnhanceParameters.gamma(0)).hasMessageContaining("gamma");
        assertThatThrownBy(() -> new EnhanceParameters(0.5, 0.4, 1, 1, 1, 1, 1)).hasMessageContaining("black");
        assertThatThrownBy(() -> Enhancer.classical().estimate(new PlanarImage(4, 4, 1)))
                .hasMessageContaining("3 colour planes");
    }
}
