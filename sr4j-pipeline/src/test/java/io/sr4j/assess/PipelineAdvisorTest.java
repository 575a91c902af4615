package io.sr4j.assess;

import static org.assertj.core.api.Assertions.assertThat;

import io.sr4j.model.ModelCatalog;
import io.sr4j.quality.ImageAssessment;
import org.junit.jupiter.api.Test;

/** The advisor's rules on hand-made assessments, against the real catalogue. */
class PipelineAdvisorTest {
    private final PipelineAdvisor advisor = new PipelineAdvisor(ModelCatalog.standard());

    private static ImageAssessment photo(int tableQuality, double noise) {
        return new ImageAssessment(400, 300, tableQuality, 0.01, 0.25, noise, 0.4);
    }

    @Test
    void cleanPhotoIsOnlyEnlarged() {
        Pipeline p = advisor.advise(photo(-1, 1), 4);
        assertThat(p.describe()).isEqualTo("sr4j-fast-x4 (x4)");
        assertThat(p.totalScale()).isEqualTo(4);
    }

    @Test
    void compressedPhotoIsDenoisedFirstAtTheLevelItsQualityCallsFor() {
        Pipeline p = advisor.advise(photo(35, 1), 4);
        assertThat(p.describe()).isEqualTo("waifu2x-cunet-noise3 (x1), then sr4j-fast-x4 (x4)");
        assertThat(p.reason()).contains("compressed q≈35");
        assertThat(advisor.advise(photo(65, 1), 4).steps().get(0).model()).isEqualTo("waifu2x-cunet-noise1");
    }

    @Test
    void noisyIllustrationAtX2IsOneNetwork() {
        ImageAssessment a = new ImageAssessment(300, 200, -1, 0.01, 0.2, 12, 1.5);
        Pipeline p = advisor.advise(a, 2);
        assertThat(p.describe()).isEqualTo("waifu2x-cunet-noise2-x2 (x2)");
        assertThat(a.verdict()).contains("illustration").contains("noisy");
    }

    @Test
    void restoreOnlyAndSuggestedScales() {
        assertThat(advisor.advise(photo(-1, 1), 1).steps()).isEmpty();
        assertThat(PipelineAdvisor.suggestedScale(photo(-1, 1))).isEqualTo(4);
        assertThat(PipelineAdvisor.suggestedScale(new ImageAssessment(3000, 2000, -1, 0, 0.2, 1, 0.3))).isEqualTo(1);
    }
}
