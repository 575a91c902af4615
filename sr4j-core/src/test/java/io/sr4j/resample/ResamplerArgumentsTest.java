package io.sr4j.resample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sr4j.image.PlanarImage;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ResamplerArgumentsTest {
    private final Resampler bicubic = Resampler.of(ResampleFilter.BICUBIC);
    private final PlanarImage src = ResamplerPropertiesTest.random(8, 6, 3, 7);

    @ParameterizedTest
    @ValueSource(doubles = {0.0, -1.0, -0.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY})
    void scaleFactorsMustBeFinitePositive(double bad) {
        assertThatThrownBy(() -> bicubic.scale(src, bad))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must be a finite number > 0")
                .hasMessageContaining(String.valueOf(bad));
        assertThatThrownBy(() -> bicubic.scale(src, 2.0, bad))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("sy ");
        assertThatThrownBy(() -> bicubic.scale(src, bad, 2.0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("sx ");
        assertThatThrownBy(() -> Resampler.outputLength(10, bad))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void outputSizesMustBePositive() {
        assertThatThrownBy(() -> bicubic.resize(src, 0, 5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("output size must be positive, got 0x5");
        assertThatThrownBy(() -> bicubic.resize(src, 5, -2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("5x-2");
        assertThatThrownBy(() -> Resampler.outputLength(0, 1.0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("input length must be positive");
    }

    @Test
    void resultsTooLargeAreRefusedBeforeAnyWork() {
        assertThatThrownBy(() -> Resampler.outputLength(100_000, 1e6))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("too many");
        assertThatThrownBy(() -> bicubic.scale(src, 20_000))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("too large");
    }

    @Test
    void scaleSoSmallThatTheKernelCannotBeTabulatedIsRefused() {
        assertThatThrownBy(() -> bicubic.scale(src, 1e-12))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("too small");
        // Without antialiasing the kernel keeps its width, so the same factor is fine.
        assertThat(bicubic.withAntialiasing(false).scale(src, 1e-12).width()).isEqualTo(1);
    }

    @Test
    void otherWrongArguments() {
        assertThatThrownBy(() -> Resampler.of(null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> bicubic.withThreads(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("threads must be at least 1, got 0");
        assertThatThrownBy(() -> bicubic.withExecutor(null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> bicubic.resize(src, new PlanarImage(4, 4, 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("3 channels, dst 1");
        assertThatThrownBy(() -> bicubic.resize(src, src))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("in place");
        assertThatThrownBy(() -> bicubic.scale(null, 2.0)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void settingsAreCopiedNotMutated() {
        Resampler four = bicubic.withThreads(4).withAntialiasing(false);
        assertThat(bicubic.threads()).isEqualTo(1);
        assertThat(bicubic.antialiasing()).isTrue();
        assertThat(four.threads()).isEqualTo(4);
        assertThat(four.antialiasing()).isFalse();
        assertThat(four.filter()).isEqualTo(ResampleFilter.BICUBIC);
    }

    @Test
    void resizeIntoWritesTheGivenImage() {
        PlanarImage dst = new PlanarImage(5, 4, 3);
        Arrays.fill(dst.data(), Float.NaN);
        assertThat(bicubic.resize(src, dst)).isSameAs(dst);
        assertThat(dst).isEqualTo(bicubic.resize(src, 5, 4));
    }

    @Test
    void anExecutorThatRejectsOrNeverRunsTasksOnlyCostsSpeed() {
        PlanarImage big = ResamplerPropertiesTest.random(200, 150, 3, 3);
        PlanarImage expected = bicubic.scale(big, 0.37);

        Executor rejecting = task -> {
            throw new RejectedExecutionException("full");
        };
        List<Runnable> parked = new ArrayList<>();
        Executor neverRuns = parked::add;

        assertThat(bicubic.withThreads(4).withExecutor(rejecting).scale(big, 0.37)).isEqualTo(expected);
        assertThat(bicubic.withThreads(4).withExecutor(neverRuns).scale(big, 0.37)).isEqualTo(expected);
        assertThat(parked).isNotEmpty();
        parked.forEach(Runnable::run); // late tasks find no band left and return at once
        assertThat(bicubic.withThreads(4).withExecutor(neverRuns).scale(big, 0.37)).isEqualTo(expected);
    }
}
