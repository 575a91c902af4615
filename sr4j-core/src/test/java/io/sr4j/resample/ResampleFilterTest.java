package io.sr4j.resample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import org.junit.jupiter.api.Test;

class ResampleFilterTest {

    @Test
    void kernelValuesFromTheirFormulas() {
        // Keys a = -0.5: 1.5|x|^3 - 2.5|x|^2 + 1 inside 1, -0.5|x|^3 + 2.5|x|^2 - 4|x| + 2 up to 2.
        assertThat(ResampleFilter.BICUBIC.weight(0)).isEqualTo(1.0);
        assertThat(ResampleFilter.BICUBIC.weight(0.5)).isEqualTo(0.5625);
        assertThat(ResampleFilter.BICUBIC.weight(-1.5)).isEqualTo(-0.0625);
        assertThat(ResampleFilter.BICUBIC.weight(1)).isEqualTo(0.0);
        assertThat(ResampleFilter.BICUBIC.weight(2)).isEqualTo(0.0);
        assertThat(ResampleFilter.BILINEAR.weight(-0.25)).isEqualTo(0.75);
        // sinc(1/2) sinc(1/6) = (2/pi)(3/pi).
        assertThat(ResampleFilter.LANCZOS3.weight(0.5)).isCloseTo(6 / (Math.PI * Math.PI), offset(1e-15));
        assertThat(ResampleFilter.LANCZOS3.weight(0)).isEqualTo(1.0);
        assertThat(ResampleFilter.LANCZOS3.weight(3)).isEqualTo(0.0);
        // The box is half-open, as MATLAB's: [-0.5, 0.5).
        assertThat(ResampleFilter.NEAREST.weight(-0.5)).isEqualTo(1.0);
        assertThat(ResampleFilter.NEAREST.weight(0.5)).isEqualTo(0.0);
    }

    @Test
    void supportsAreHalfOfMatlabsKernelWidths() {
        assertThat(ResampleFilter.NEAREST.support()).isEqualTo(0.5);
        assertThat(ResampleFilter.BILINEAR.support()).isEqualTo(1.0);
        assertThat(ResampleFilter.BICUBIC.support()).isEqualTo(2.0);
        assertThat(ResampleFilter.LANCZOS3.support()).isEqualTo(3.0);
    }

    @Property(tries = 500)
    void zeroOutsideTheSupport(@ForAll ResampleFilter filter, @ForAll @DoubleRange(min = 0, max = 100) double beyond) {
        assertThat(filter.weight(filter.support() + beyond + 1e-9)).isEqualTo(0.0);
        assertThat(filter.weight(-filter.support() - beyond - 1e-9)).isEqualTo(0.0);
    }

    @Property(tries = 500)
    void interpolatingKernelsSumToOneOverIntegerShifts(@ForAll @DoubleRange(min = 0, max = 1) double phase) {
        // Partition of unity: what lets linear and Keys cubic interpolation reproduce constants.
        for (ResampleFilter filter : new ResampleFilter[] {ResampleFilter.NEAREST, ResampleFilter.BILINEAR, ResampleFilter.BICUBIC}) {
            double sum = 0;
            for (int k = -4; k <= 4; k++) {
                sum += filter.weight(phase + k);
            }
            assertThat(sum).as("%s at %s", filter, phase).isCloseTo(1.0, offset(1e-12));
        }
    }

    @Test
    void parseAcceptsNamesInAnyCase() {
        assertThat(ResampleFilter.parse("bicubic")).isEqualTo(ResampleFilter.BICUBIC);
        assertThat(ResampleFilter.parse(" BiLinear ")).isEqualTo(ResampleFilter.BILINEAR);
        assertThat(ResampleFilter.parse("NEAREST")).isEqualTo(ResampleFilter.NEAREST);
        assertThat(ResampleFilter.parse("lanczos3")).isEqualTo(ResampleFilter.LANCZOS3);
        assertThat(ResampleFilter.parse("Lanczos")).isEqualTo(ResampleFilter.LANCZOS3);
        for (ResampleFilter filter : ResampleFilter.values()) {
            assertThat(ResampleFilter.parse(filter.id())).isEqualTo(filter);
        }
    }

    @Test
    void parseRejectsUnknownNamesListingTheValidOnes() {
        assertThatThrownBy(() -> ResampleFilter.parse("cubic2"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'cubic2'")
                .hasMessageContaining("nearest, bilinear, bicubic, lanczos3");
        assertThatThrownBy(() -> ResampleFilter.parse(""))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("valid names");
        assertThatThrownBy(() -> ResampleFilter.parse(null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("null");
    }

    @Test
    void antialiasingByDefaultForAllButNearest() {
        assertThat(ResampleFilter.NEAREST.antialiasByDefault()).isFalse();
        assertThat(ResampleFilter.BILINEAR.antialiasByDefault()).isTrue();
        assertThat(ResampleFilter.BICUBIC.antialiasByDefault()).isTrue();
        assertThat(ResampleFilter.LANCZOS3.antialiasByDefault()).isTrue();
        assertThat(Resampler.of(ResampleFilter.NEAREST).antialiasing()).isFalse();
        assertThat(Resampler.of(ResampleFilter.BICUBIC).antialiasing()).isTrue();
    }
}
