package io.sr4j.assess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sr4j.deblur.BlurEstimate;
import io.sr4j.deblur.BlurKernel;
import io.sr4j.model.Domain;
import io.sr4j.model.ModelCatalog;
import io.sr4j.model.QualityTier;
import io.sr4j.model.TierCandidate;
import io.sr4j.model.TierTable;
import io.sr4j.quality.ImageAssessment;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The advisor's rules on hand-made assessments, against the real catalogue and a small tier table
 * (so the expectations do not move when the shipped table is re-measured).
 */
class PipelineAdvisorTest {
    /**
     * Photos: fast = sr4j-fast-x4, balanced = sr4j-fidelity-x4, best = CUnet ×2 twice at ×4;
     * illustrations at ×2: fast/balanced = sr4j-fast-x2, best = CUnet ×2 with its self-ensemble.
     */
    private static final TierTable TIERS = TierTable.of("test", List.of(
            new TierCandidate(Domain.PHOTO, 4, "sr=4:bicubic", 27.7, 0.76, 0.7, true),
            new TierCandidate(Domain.PHOTO, 4, "sr=4:sr4j-fast-x4", 28.9, 0.80, 1.0, false),
            new TierCandidate(Domain.PHOTO, 4, "sr=4:sr4j-fidelity-x4", 29.3, 0.81, 1.5, false),
            new TierCandidate(Domain.PHOTO, 4, "sr=2:waifu2x-cunet-x2,sr=2:waifu2x-cunet-x2", 29.6, 0.82, 7, false),
            new TierCandidate(Domain.ANIME, 2, "sr=2:bicubic", 30.2, 0.89, 0.4, true),
            new TierCandidate(Domain.ANIME, 2, "sr=2:sr4j-fast-x2", 30.9, 0.91, 0.4, false),
            new TierCandidate(Domain.ANIME, 2, "sr=2:waifu2x-cunet-x2:ensemble", 32.3, 0.94, 16, false)));
    private final PipelineAdvisor advisor = new PipelineAdvisor(ModelCatalog.standard(), TIERS);

    private static ImageAssessment photo(int tableQuality, double noise) {
        return new ImageAssessment(400, 300, tableQuality, 0.01, 0.25, noise, 0.4);
    }

    private static ImageAssessment noisyIllustration() {
        return new ImageAssessment(300, 200, -1, 0.01, 0.2, 12, 1.5);
    }

    @Test
    void cleanPhotoIsEnlargedByWhatEachTierMeasuredBest() {
        assertThat(advisor.advise(photo(-1, 1), 4).describe()).isEqualTo("sr4j-fidelity-x4 (x4)");
        assertThat(advisor.advise(photo(-1, 1), 4, QualityTier.FAST).spec()).isEqualTo("sr=4:sr4j-fast-x4");
        Pipeline best = advisor.advise(photo(-1, 1), 4, QualityTier.BEST);
        assertThat(best.spec()).isEqualTo("sr=2:waifu2x-cunet-x2,sr=2:waifu2x-cunet-x2");
        assertThat(best.totalScale()).isEqualTo(4);
        assertThat(best.reason()).contains("best tier for a photo at x4");
    }

    @Test
    void aBlurFoundByTheEstimatorIsUndoneBeforeAnythingElse() {
        BlurEstimate streak = new BlurEstimate(BlurEstimate.Kind.MOTION, 15, 30, BlurKernel.motion(15, 30), 1e-3, 0.9);
        ImageAssessment soft = new ImageAssessment(400, 300, -1, 0.01, 0.6, 1, 0.4);
        Pipeline p = advisor.advise(soft, streak, 4, QualityTier.DEFAULT);
        assertThat(p.spec()).isEqualTo("deblur,sr=4:sr4j-fidelity-x4");
        assertThat(p.reason()).contains("deblur first (motion 15.0 px at 30°), then balanced tier");
        Pipeline compressed = advisor.advise(new ImageAssessment(400, 300, 35, 0.4, 0.6, 1, 0.4), streak, 4,
                QualityTier.DEFAULT);
        assertThat(compressed.spec()).startsWith("deblur,denoise=waifu2x-cunet-noise").endsWith(",sr=4:sr4j-fidelity-x4");
        // Soft by the assessment's score, but no kernel fits: nothing to deblur, and the reason says so.
        Pipeline none = advisor.advise(soft, new BlurEstimate(BlurEstimate.Kind.NONE, 0, 0, BlurKernel.identity(), 1e-4, 0.05), 4, QualityTier.DEFAULT);
        assertThat(none.spec()).isEqualTo("sr=4:sr4j-fidelity-x4");
        assertThat(none.reason()).contains("no streak, disc or Gaussian blur was found");
        // A kernel fitted to an image the blur score calls sharp is not trusted.
        assertThat(advisor.advise(photo(-1, 1), streak, 4, QualityTier.DEFAULT).spec())
                .isEqualTo("sr=4:sr4j-fidelity-x4");
    }

    @Test
    void aScaleBetweenTheTablesUsesTheNextOneUpAndItsLastStepReachesTheScale() {
        Pipeline p = advisor.advise(photo(-1, 1), 3, QualityTier.BEST);
        assertThat(p.spec()).isEqualTo("sr=2:waifu2x-cunet-x2,sr=1.5:waifu2x-cunet-x2");
        assertThat(p.totalScale()).isEqualTo(3);
    }

    @Test
    void compressedPhotoIsDenoisedFirstAtTheLevelItsQualityCallsFor() {
        Pipeline p = advisor.advise(photo(35, 1), 4);
        assertThat(p.describe()).isEqualTo("waifu2x-cunet-noise3 (x1), then sr4j-fidelity-x4 (x4)");
        assertThat(p.reason()).contains("compressed q≈35");
        assertThat(advisor.advise(photo(65, 1), 4).steps().get(0).model()).isEqualTo("waifu2x-cunet-noise1");
    }

    @Test
    void whereTheTierEnlargesWithCunetX2ItsDenoisingTwinDoesBothInOnePass() {
        ImageAssessment a = noisyIllustration();
        assertThat(a.verdict()).contains("illustration").contains("noisy");
        assertThat(advisor.advise(a, 2, QualityTier.BEST).describe())
                .isEqualTo("waifu2x-cunet-noise2-x2:ensemble (x2)");
        // the balanced tier enlarges with another network: denoise first, then that network
        assertThat(advisor.advise(a, 2).describe())
                .isEqualTo("waifu2x-cunet-noise2 (x1), then sr4j-fast-x2 (x2)");
    }

    @Test
    void beyondTheTableTheLargestEntryAndItsLastStepStretched() {
        assertThat(advisor.advise(photo(-1, 1), 16).spec()).isEqualTo("sr=16:sr4j-fidelity-x4");
        // a domain the table lacks falls back to the photo entries
        TierTable photosOnly = TierTable.of("test", TIERS.candidates().stream()
                .filter(c -> c.domain() == Domain.PHOTO).toList());
        assertThat(new PipelineAdvisor(ModelCatalog.standard(), photosOnly).advise(noisyIllustration(), 4,
                QualityTier.FAST).spec()).isEqualTo("denoise=waifu2x-cunet-noise2,sr=4:sr4j-fast-x4");
    }

    @Test
    void restoreOnlyAndSuggestedScales() {
        assertThat(advisor.advise(photo(-1, 1), 1).steps()).isEmpty();
        assertThat(advisor.advise(photo(35, 1), 1).describe()).isEqualTo("waifu2x-cunet-noise3 (x1)");
        assertThatThrownBy(() -> advisor.advise(photo(-1, 1), 0.5)).isInstanceOf(IllegalArgumentException.class);
        assertThat(PipelineAdvisor.suggestedScale(photo(-1, 1))).isEqualTo(4);
        assertThat(PipelineAdvisor.suggestedScale(new ImageAssessment(3000, 2000, -1, 0, 0.2, 1, 0.3))).isEqualTo(1);
    }
}
