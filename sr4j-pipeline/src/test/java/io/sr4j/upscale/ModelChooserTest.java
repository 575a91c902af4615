package io.sr4j.upscale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sr4j.model.ModelCatalog;
import io.sr4j.upscale.ModelChooser.Content;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** {@code --model auto} on the real catalogue: native scale fitting the request, per kind of content. */
class ModelChooserTest {
    private final ModelChooser chooser = new ModelChooser(ModelCatalog.standard());

    @ParameterizedTest(name = "{1} x{0} -> {2}")
    @CsvSource({
        "4, PHOTO, esrgan-slim-x4",
        "3, PHOTO, esrgan-slim-x3",
        "2, PHOTO, esrgan-slim-x2",
        "8, PHOTO, esrgan-slim-x8",
        "16, PHOTO, esrgan-slim-x8",
        "1, PHOTO, bicubic",
        "0.5, PHOTO, bicubic",
        "1, ILLUSTRATION, waifu2x-cunet-noise0",
        "0.5, ILLUSTRATION, waifu2x-cunet-noise0",
    })
    void choosesByScaleAndContent(double scale, Content content, String id) {
        assertThat(chooser.choose(scale, content)).isEqualTo(id);
    }

    @Test
    void illustrationsGetTheNativeScaleThatReachesTheRequest() {
        ModelCatalog catalog = ModelCatalog.standard();
        for (double scale : new double[] {1.5, 2, 2.5, 3, 4, 6}) {
            int nativeScale = catalog.get(chooser.choose(scale, Content.ILLUSTRATION)).scale();
            assertThat(nativeScale).as("x%s", scale).isEqualTo(scale <= 2 ? 2 : scale <= 3 ? 3 : 4);
        }
    }

    @Test
    void refusesNonsenseScales() {
        assertThatThrownBy(() -> chooser.choose(0, Content.PHOTO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> chooser.choose(Double.NaN, Content.PHOTO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> chooser.chooseBuiltIn(-2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> chooser.chooseBuiltIn(Double.POSITIVE_INFINITY))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest(name = "default x{0} -> {1}")
    @CsvSource({
        "4, sr4j-fast-x4",
        "3, sr4j-fast-x3",
        "2, sr4j-fast-x2",
        "1.5, sr4j-fast-x2",
        "2.5, sr4j-fast-x3",
        "8, sr4j-fast-x4",
        "1, bicubic",
        "0.5, bicubic",
    })
    void theDefaultIsTheBuiltInNetworkThatReachesTheScale(double scale, String id) {
        assertThat(chooser.chooseBuiltIn(scale)).isEqualTo(id);
        assertThat(ModelCatalog.standard().get(id).files()).as("nothing to download").isEmpty();
    }
}
