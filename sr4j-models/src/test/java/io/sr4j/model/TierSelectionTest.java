package io.sr4j.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The rule that makes tiers of measured candidates. */
class TierSelectionTest {
    private static TierCandidate photo(int scale, String pipeline, double psnr, double cost) {
        return new TierCandidate(Domain.PHOTO, scale, pipeline, psnr, 0.9, cost,
                pipeline.endsWith("bicubic") || pipeline.endsWith("lanczos"));
    }

    @Test
    void fastIsTheCheapestNetworkBalancedTheBestWithinTwiceItsTimeBestTheBestOfAll() {
        List<TierEntry> tiers = TierSelection.select(List.of(
                photo(4, "sr=4:bicubic", 27.0, 0.1),
                photo(4, "sr=4:lanczos", 27.2, 0.1),
                photo(4, "sr=4:small", 28.0, 1.0),
                photo(4, "sr=4:medium", 28.6, 1.9),
                photo(4, "sr=4:wide-but-worse", 28.1, 1.5),
                photo(4, "sr=4:big", 29.5, 9.0),
                photo(4, "sr=4:big-and-slower", 29.5, 12.0)));
        assertThat(tiers).extracting(TierEntry::tier).containsExactly(QualityTier.FAST, QualityTier.BALANCED,
                QualityTier.BEST);
        assertThat(tiers).extracting(TierEntry::pipeline).containsExactly("sr=4:small", "sr=4:medium", "sr=4:big");
        // The gain is over bicubic (not the better Lanczos); classical filters are never tiers, though cheapest.
        assertThat(tiers.get(1).gainDb()).isCloseTo(1.6, within(1e-9));
    }

    @Test
    void eachDomainAndScaleIsChosenApartAndALoneNetworkIsEveryTier() {
        List<TierEntry> tiers = TierSelection.select(List.of(
                photo(2, "sr=2:only", 33.0, 1.0),
                new TierCandidate(Domain.ANIME, 2, "sr=2:art", 31.0, 0.9, 2.0, false),
                photo(4, "sr=4:four", 28.0, 1.0)));
        assertThat(tiers).hasSize(9);
        assertThat(tiers.stream().filter(e -> e.domain() == Domain.PHOTO && e.scale() == 2))
                .extracting(TierEntry::pipeline).containsOnly("sr=2:only");
        assertThat(tiers.stream().filter(e -> e.domain() == Domain.ANIME)).extracting(TierEntry::pipeline)
                .containsOnly("sr=2:art");
        assertThat(tiers.get(0).gainDb()).isNaN(); // no classical filter measured
    }

    @Test
    void theShippedTableIsTheRuleAppliedToItsOwnCandidates() {
        TierTable table = TierTable.standard();
        assertThat(table.candidates()).isNotEmpty();
        assertThat(table.tiers()).isEqualTo(TierSelection.select(table.candidates()));
        ModelCatalog catalog = ModelCatalog.standard();
        for (TierEntry e : table.tiers()) {
            for (String stage : e.pipeline().split(",")) {
                String model = stage.substring(stage.lastIndexOf('=') + 1).replaceFirst("^[0-9.]+:", "")
                        .replaceFirst(":ensemble$", "");
                assertThat(catalog.find(model)).as("model of tier %s", e).isPresent();
            }
        }
        for (Domain domain : List.of(Domain.PHOTO, Domain.ANIME)) {
            for (QualityTier tier : QualityTier.values()) {
                for (int scale : new int[] {2, 3, 4, 8}) {
                    assertThat(table.choose(tier, domain, scale)).as("%s %s x%d", tier, domain, scale).isPresent()
                            .get().extracting(TierEntry::scale).isEqualTo(scale);
                }
            }
        }
    }

    @Test
    void aScaleBetweenEntriesTakesTheNextOneUpAndVideoTakesThePhotoEntries() {
        TierTable table = TierTable.of("test", List.of(photo(2, "sr=2:two", 33, 1), photo(4, "sr=4:four", 28, 1)));
        assertThat(table.choose(QualityTier.FAST, Domain.PHOTO, 3).orElseThrow().pipeline()).isEqualTo("sr=4:four");
        assertThat(table.choose(QualityTier.FAST, Domain.PHOTO, 1.5).orElseThrow().pipeline()).isEqualTo("sr=2:two");
        assertThat(table.choose(QualityTier.FAST, Domain.PHOTO, 6).orElseThrow().pipeline()).isEqualTo("sr=4:four");
        assertThat(table.choose(QualityTier.BEST, Domain.VIDEO, 2).orElseThrow().pipeline()).isEqualTo("sr=2:two");
    }

    @Test
    void aTableReadsBackAsItWasWritten() throws Exception {
        TierTable table = TierTable.of("test run", List.of(photo(2, "sr=2:bicubic", 30, 0.1),
                photo(2, "sr=2:net", 32, 1)));
        TierTable back = TierTable.read(new java.io.ByteArrayInputStream(
                table.toJson().getBytes(java.nio.charset.StandardCharsets.UTF_8)), "test");
        assertThat(back).isEqualTo(table);
    }

    @Test
    void tierNamesParseAndOthersAreRefusedWithTheList() {
        assertThat(QualityTier.parse(" Best ")).isEqualTo(QualityTier.BEST);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> QualityTier.parse("ultra"))
                .hasMessageContaining("fast, balanced, best");
    }
}
