package io.sr4j.io;

import static org.assertj.core.api.Assertions.assertThat;

import io.sr4j.image.Picture;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** GIF, WebP and BMP inputs, made by Pillow (see make_fixtures.py). */
class OtherFormatsDecodeTest {
    private final ImageDecoder decoder = new ImageDecoder();

    @Test
    void animatedGifGivesItsFirstFrameWithTransparency() throws IOException {
        Picture p = decoder.decode(ReferenceDecodeTest.fixture("anim.gif"), "anim.gif");

        assertThat(p.source().format()).isEqualTo("gif");
        assertThat(p.width()).isEqualTo(16);
        assertThat(p.height()).isEqualTo(8);
        assertThat(p.hasAlpha()).isTrue();
        // Frame 0: red on the left, the transparent index on the right (frame 1 is all blue).
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 16; x++) {
                float alpha = p.alpha().orElseThrow().get(0, x, y);
                if (x < 8) {
                    assertThat(alpha).isEqualTo(1f);
                    assertThat(p.rgb().get(0, x, y)).isEqualTo(1f);
                    assertThat(p.rgb().get(2, x, y)).isZero();
                } else {
                    assertThat(alpha).isZero();
                }
            }
        }
    }

    @Test
    void losslessWebpMatchesThePngItWasMadeFrom() throws IOException {
        Picture png = decoder.decode(ReferenceDecodeTest.fixture("cmyk-source.png"), "cmyk-source.png");
        Picture webp = decoder.decode(ReferenceDecodeTest.fixture("source.webp"), "source.webp");

        assertThat(webp.source().format()).isEqualTo("webp");
        assertThat(webp.hasAlpha()).isFalse();
        assertThat(webp.rgb()).isEqualTo(png.rgb());
    }

    @Test
    void losslessWebpKeepsGradedAlpha() throws IOException {
        Picture png = decoder.decode(ReferenceDecodeTest.fixture("alpha.png"), "alpha.png");
        Picture webp = decoder.decode(ReferenceDecodeTest.fixture("alpha.webp"), "alpha.webp");

        assertThat(webp.alpha()).isEqualTo(png.alpha());
        assertThat(webp.alpha().orElseThrow().get(0, 10, 3)).isEqualTo((10 * 8 + 7) / 255f);
        // Colour where alpha > 0 (lossless WebP may drop colour under alpha 0 unless told not to).
        for (int y = 0; y < 16; y++) {
            for (int x = 4; x < 32; x++) {
                for (int c = 0; c < 3; c++) {
                    assertThat(webp.rgb().get(c, x, y)).isEqualTo(png.rgb().get(c, x, y));
                }
            }
        }
    }

    @Test
    void bmpWrittenBySr4jIsReadBack() {
        Picture original = TestPictures.random(7, 3, 8, false, false, 8L);
        byte[] bmp = ImageEncoder.builder().format(ImageFormat.BMP).build().encode(original);
        Picture p = decoder.decode(bmp, "x.bmp");
        assertThat(p.source().format()).isEqualTo("bmp");
        assertThat(p.rgb()).isEqualTo(original.rgb());
    }
}
