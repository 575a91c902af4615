package io.sr4j.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.sr4j.image.Picture;
import io.sr4j.image.PlanarImage;
import io.sr4j.model.Domain;
import io.sr4j.model.ModelStore;
import io.sr4j.model.QualityTier;
import io.sr4j.model.TierCandidate;
import io.sr4j.model.TierTable;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An {@code sr} stage without a model runs what the quality tier measured best: a network or a chain. */
class TierPlanningTest {
    @TempDir
    Path tmp;
    private ModelResolver resolver;
    private final TierTable table = TierTable.of("test", List.of(
            candidate(2, "sr=2:sr4j-fast-x2", 33.0, 1.0),
            candidate(2, "sr=2:sr4j-fidelity-x2", 33.5, 1.8),
            candidate(2, "sr=2:waifu2x-cunet-x2:ensemble", 34.0, 90),
            candidate(4, "sr=4:sr4j-fast-x4", 28.0, 1.0),
            candidate(4, "sr=2:waifu2x-cunet-x2,sr=2:waifu2x-cunet-x2", 28.9, 40)));

    private static TierCandidate candidate(int scale, String pipeline, double psnr, double cost) {
        return new TierCandidate(Domain.PHOTO, scale, pipeline, psnr, 0.9, cost, false);
    }

    @BeforeEach
    void resolver() {
        resolver = new ModelResolver(ModelStore.builder().root(tmp.resolve("store")).build(), true);
    }

    private List<String> plan(String spec, QualityTier tier, int width) {
        StagePlanner planner = new StagePlanner(PipelineSpec.parse(spec), resolver, tier, table);
        Picture picture = Picture.of(new PlanarImage(width, 10, 3));
        return planner.plan(picture, () -> null, model -> model.info().orElseThrow().scale()).stream()
                .map(PlannedStep::toSpec).toList();
    }

    @Test
    void eachTierRunsItsMeasuredChoice() {
        assertThat(plan("sr=2", QualityTier.FAST, 10)).containsExactly("sr=2:sr4j-fast-x2");
        assertThat(plan("sr=2", QualityTier.BALANCED, 10)).containsExactly("sr=2:sr4j-fidelity-x2");
        assertThat(plan("sr=2", QualityTier.BEST, 10)).containsExactly("sr=2:waifu2x-cunet-x2:ensemble");
    }

    @Test
    void aChainEndsAtTheSizeAsked() {
        assertThat(plan("sr=4", QualityTier.BEST, 10))
                .containsExactly("sr=2:waifu2x-cunet-x2", "sr=2:waifu2x-cunet-x2");
        // ×3 takes the ×4 entry; its last network reaches ×3 overall (×2, then ×1.5).
        assertThat(plan("sr=3", QualityTier.BEST, 10))
                .containsExactly("sr=2:waifu2x-cunet-x2", "sr=1.5:waifu2x-cunet-x2");
        assertThat(plan("sr=w40", QualityTier.BEST, 10))
                .containsExactly("sr=2:waifu2x-cunet-x2", "sr=w40:waifu2x-cunet-x2");
        assertThat(plan("sr", QualityTier.BEST, 10)).containsExactly("sr=2:waifu2x-cunet-x2", "sr=2:waifu2x-cunet-x2");
    }

    @Test
    void aNamedModelIgnoresTheTierAndAReductionIsClassical() {
        assertThat(plan("sr=4:sr4j-fast-x4", QualityTier.BEST, 10)).containsExactly("sr=4:sr4j-fast-x4");
        assertThat(plan("sr=0.5", QualityTier.BEST, 10)).containsExactly("sr=0.5:bicubic");
    }

    @Test
    void theEnsembleIsWrittenAfterTheModelAndReadBack() {
        PipelineSpec spec = PipelineSpec.parse("sr=waifu2x-cunet-x2:ensemble");
        assertThat(spec.stages().get(0).model()).isEqualTo("waifu2x-cunet-x2:ensemble");
        ModelRef ref = resolver.resolve(spec.stages().get(0).model());
        assertThat(ref.selfEnsemble()).isTrue();
        assertThat(ref.key()).isNotEqualTo(resolver.resolve("waifu2x-cunet-x2").key());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> resolver.resolve("bicubic:ensemble"))
                .hasMessageContaining("classical filter");
    }
}
