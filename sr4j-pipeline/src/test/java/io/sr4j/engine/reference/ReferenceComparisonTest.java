package io.sr4j.engine.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.sr4j.engine.reference.ReferenceComparison.Result;
import io.sr4j.image.PlanarImage;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The wrapped-negative mask on synthetic images, against PSNR computed by hand. */
class ReferenceComparisonTest {
    private static final int W = 40;
    private static final int H = 30;
    private static final int N = W * H * 3;

    /** A smooth "network output" with values slightly outside [0, 1] at a few places. */
    private static PlanarImage networkOutput(long seed) {
        Random random = new Random(seed);
        PlanarImage out = new PlanarImage(W, H, 3);
        float[] d = out.data();
        for (int i = 0; i < d.length; i++) {
            d[i] = 0.1f + 0.8f * random.nextFloat();
        }
        return out;
    }

    /** What the programs write on llvmpipe: round to 8 bits, but any negative becomes 255. */
    private static PlanarImage llvmpipeReference(PlanarImage network) {
        PlanarImage ref = new PlanarImage(network.width(), network.height(), network.channels());
        float[] src = network.data();
        float[] dst = ref.data();
        for (int i = 0; i < src.length; i++) {
            double scaled = Math.floor(src[i] * 255.0 + 0.5);
            dst[i] = (float) ((scaled < 0 ? 255 : Math.min(255, scaled)) / 255.0);
        }
        return ref;
    }

    @Test
    void identicalImagesHaveInfinitePsnrAndNothingMasked() {
        PlanarImage out = networkOutput(1);
        Result r = ReferenceComparison.compare(llvmpipeReference(out), out);
        assertThat(r.psnr()).isInfinite();
        assertThat(r.psnrAllSamples()).isInfinite();
        assertThat(r.masked()).isZero();
        assertThat(r.samples()).isEqualTo(N);
        assertThat(r.maxAbsDiff()).isZero();
    }

    @Test
    void wrappedNegativesAreMaskedAndNaivePsnrMatchesTheFormula() {
        PlanarImage ours = networkOutput(2);
        int[] negatives = {0, 17, 500, N / 2, N - 1};
        for (int i : negatives) {
            ours.data()[i] = -0.02f; // about -5 levels
        }
        PlanarImage ref = llvmpipeReference(ours);
        for (int i : negatives) {
            assertThat(ref.data()[i]).isEqualTo(1f); // the simulated defect
        }

        Result r = ReferenceComparison.compare(ref, ours);

        assertThat(r.masked()).isEqualTo(negatives.length);
        assertThat(r.maskedFraction()).isCloseTo((double) negatives.length / N, within(1e-12));
        assertThat(r.psnr()).isInfinite();
        assertThat(r.maxAbsDiff()).isZero();
        // k samples off by 255 of N: MSE = k·255²/N, PSNR = 10·log10(N/k)
        assertThat(r.psnrAllSamples()).isCloseTo(10 * Math.log10((double) N / negatives.length), within(1e-9));
        assertThat(ReferenceComparison.psnrIgnoringWrappedNegatives(ref, ours)).isInfinite();
    }

    @Test
    void aClampedOrEightBitOutputOfOursWorksToo() {
        PlanarImage network = networkOutput(3);
        network.data()[42] = -0.1f;
        PlanarImage ref = llvmpipeReference(network);
        PlanarImage oursClamped = network.copy().clampInPlace(0f, 1f);

        Result r = ReferenceComparison.compare(ref, oursClamped);

        assertThat(r.masked()).isEqualTo(1);
        assertThat(r.psnr()).isInfinite();
    }

    @Test
    void aGenuineWhiteIsComparedNotMasked() {
        PlanarImage ref = new PlanarImage(W, H, 3);
        Arrays.fill(ref.data(), 1f);
        PlanarImage ours = new PlanarImage(W, H, 3);
        Arrays.fill(ours.data(), 252f / 255f); // 3 levels darker: a fidelity difference

        Result r = ReferenceComparison.compare(ref, ours);

        assertThat(r.masked()).isZero();
        assertThat(r.maxAbsDiff()).isEqualTo(3);
        assertThat(r.psnr()).isCloseTo(10 * Math.log10(255.0 * 255.0 / 9.0), within(1e-9));
    }

    @Test
    void aModelErrorAtWhiteSamplesIsNotHiddenWhenOursIsNotDark() {
        PlanarImage ours = networkOutput(4);
        PlanarImage ref = llvmpipeReference(ours);
        ref.data()[7] = 1f; // the reference says white where we say grey: a real disagreement
        int ourLevel = ReferenceImages.level(ours.data()[7]);

        Result r = ReferenceComparison.compare(ref, ours);

        assertThat(r.masked()).isZero();
        assertThat(r.maxAbsDiff()).isEqualTo(255 - ourLevel);
        double mse = (double) (255 - ourLevel) * (255 - ourLevel) / N;
        assertThat(r.psnr()).isCloseTo(10 * Math.log10(255.0 * 255.0 / mse), within(1e-9));
    }

    @Test
    void knownUniformOffsetGivesTextbookPsnr() {
        PlanarImage ref = new PlanarImage(W, H, 3);
        PlanarImage ours = new PlanarImage(W, H, 3);
        Arrays.fill(ref.data(), 100f / 255f);
        Arrays.fill(ours.data(), 102f / 255f);

        // MSE 4 → 20·log10(255/2) = 42.1102 dB
        assertThat(ReferenceComparison.psnrIgnoringWrappedNegatives(ref, ours)).isCloseTo(42.1102, within(1e-4));
    }

    @Test
    void marginDecidesHowDarkOursMustBe() {
        PlanarImage ref = new PlanarImage(W, H, 3);
        Arrays.fill(ref.data(), 1f);
        PlanarImage ours = new PlanarImage(W, H, 3);
        Arrays.fill(ours.data(), 3.9f / 255f);

        assertThat(ReferenceComparison.compare(ref, ours).masked()).isEqualTo(N);
        assertThat(ReferenceComparison.compare(ref, ours).psnr()).isNaN(); // nothing left to compare
        assertThat(ReferenceComparison.compare(ref, ours, 2.0).masked()).isZero();
        assertThat(ReferenceComparison.compare(ref, ours, 2.0).maxAbsDiff()).isEqualTo(251);
    }

    @Test
    void rejectsMismatchedShapesAndBadMargins() {
        PlanarImage a = new PlanarImage(4, 4, 3);
        assertThatThrownBy(() -> ReferenceComparison.compare(a, new PlanarImage(4, 5, 3)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("shape");
        assertThatThrownBy(() -> ReferenceComparison.compare(a, a, -1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("margin");
        assertThatThrownBy(() -> ReferenceComparison.compare(a, a, Double.NaN))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void levelRoundsHalfUpAndClampsLikeThePrograms() {
        assertThat(ReferenceImages.level(0f)).isZero();
        assertThat(ReferenceImages.level(-0.3f)).isZero();
        assertThat(ReferenceImages.level(Float.NaN)).isZero();
        assertThat(ReferenceImages.level(1f)).isEqualTo(255);
        assertThat(ReferenceImages.level(1.7f)).isEqualTo(255);
        assertThat(ReferenceImages.level(0.5f)).isEqualTo(128); // 127.5 + 0.5 = 128.0
        assertThat(ReferenceImages.level(10.49f / 255f)).isEqualTo(10);
        assertThat(ReferenceImages.level(10.51f / 255f)).isEqualTo(11);
        for (int level = 0; level < 256; level++) {
            assertThat(ReferenceImages.level(level / 255f)).isEqualTo(level);
        }
    }
}
