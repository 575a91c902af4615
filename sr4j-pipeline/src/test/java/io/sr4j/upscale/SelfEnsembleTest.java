package io.sr4j.upscale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sr4j.image.PlanarImage;
import io.sr4j.testing.TestPhotos;
import org.junit.jupiter.api.Test;

/** The ×8 self-ensemble: exact turns, and the average of eight ordinary runs. */
class SelfEnsembleTest {
    private static final PlanarImage PHOTO = TestPhotos.crop("chelsea.png", 60, 40, 37, 23);

    @Test
    void everyTransformIsUndoneExactlyAndTheyAreEightDifferentImages() {
        java.util.Set<PlanarImage> seen = new java.util.HashSet<>();
        for (int k = 0; k < Dihedral.COUNT; k++) {
            PlanarImage t = Dihedral.apply(PHOTO, k);
            assertThat(t.width()).isEqualTo(Dihedral.transposes(k) ? PHOTO.height() : PHOTO.width());
            assertThat(Dihedral.invert(t, k)).isEqualTo(PHOTO);
            seen.add(t);
        }
        assertThat(seen).hasSize(Dihedral.COUNT);
        assertThat(PHOTO).isEqualTo(TestPhotos.crop("chelsea.png", 60, 40, 37, 23)); // input untouched
    }

    @Test
    void theEnsembleIsTheMeanOfEightRunsTurnedBack() {
        PlanarImage expected = new PlanarImage(PHOTO.width() * 2, PHOTO.height() * 2, 3);
        try (Upscaler plain = TestModels.upscaler("sr4j-fast-x2", Upscaler.AUTO_TILE_SIZE)) {
            for (int k = 0; k < Dihedral.COUNT; k++) {
                PlanarImage out = Dihedral.invert(plain.upscale(Dihedral.apply(PHOTO, k), 2, TileProgress.none()), k);
                for (int i = 0; i < out.data().length; i++) {
                    expected.data()[i] += out.data()[i] / Dihedral.COUNT;
                }
            }
            PlanarImage once = plain.upscale(PHOTO, 2, TileProgress.none());
            try (Upscaler ensemble = TestModels.builder("sr4j-fast-x2", Upscaler.AUTO_TILE_SIZE).selfEnsemble(true)
                    .build()) {
                PlanarImage got = ensemble.upscale(PHOTO, 2, TileProgress.none());
                assertThat(got.width()).isEqualTo(expected.width());
                float worst = 0;
                float fromOnce = 0;
                for (int i = 0; i < got.data().length; i++) {
                    worst = Math.max(worst, Math.abs(got.data()[i] - expected.data()[i]));
                    fromOnce = Math.max(fromOnce, Math.abs(got.data()[i] - once.data()[i]));
                }
                assertThat(worst).isLessThan(1e-5f); // summation order only
                assertThat(fromOnce).isGreaterThan(1e-3f); // and it is not one run
            }
        }
    }

    @Test
    void aClassicalFilterIsRefused() {
        assertThatThrownBy(() -> TestModels.builder("bicubic", Upscaler.AUTO_TILE_SIZE).selfEnsemble(true).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("classical filter");
    }
}
