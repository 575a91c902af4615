package io.sr4j.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sr4j.image.Cicp;
import io.sr4j.image.Picture;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** PNG's cICP chunk: written for pictures with code points (HDR results), read back on decode. */
class CicpPngTest {
    private static final Cicp BT2020_PQ = new Cicp(9, 16, 0, true);

    @Test
    void codePointsAreWrittenBeforeTheImageDataInsteadOfAnIccProfileAndReadBack() {
        Picture hdr = TestPictures.random(9, 7, 16, false, false, 3L);
        hdr = hdr.withSource(hdr.source().withCicp(BT2020_PQ));
        byte[] png = ImageEncoder.builder().format(ImageFormat.PNG).build().encode(hdr);

        String bytes = new String(png, StandardCharsets.ISO_8859_1);
        int cicp = bytes.indexOf("cICP");
        assertThat(cicp).isPositive().isLessThan(bytes.indexOf("IDAT"));
        // length 4, then primaries 9 (BT.2020), transfer 16 (PQ), matrix 0 (RGB), full range.
        assertThat(png[cicp - 1]).isEqualTo((byte) 4);
        assertThat(new byte[] {png[cicp + 4], png[cicp + 5], png[cicp + 6], png[cicp + 7]})
                .containsExactly(9, 16, 0, 1);
        assertThat(bytes).doesNotContain("iCCP").doesNotContain("sRGB");
        assertThat(PngBytes.header(png).bitDepth()).isEqualTo(16);

        Picture decoded = new ImageDecoder().decode(png, "hdr.png");
        assertThat(decoded.source().cicp()).contains(BT2020_PQ);
        assertThat(decoded.rgb()).isEqualTo(hdr.rgb());
    }

    @Test
    void aPngWithoutTheChunkHasNoCodePoints() {
        byte[] png = ImageEncoder.builder().format(ImageFormat.PNG).build().encode(TestPictures.random(4, 4, 8, false,
                false, 1L));
        assertThat(new ImageDecoder().decode(png, "sdr.png").source().cicp()).isEmpty();
    }

    @Test
    void hdrPixelsAreNotWrittenAsAFormatThatCannotSaySo() {
        Picture hdr = TestPictures.random(4, 4, 8, false, false, 2L);
        Picture tagged = hdr.withSource(hdr.source().withCicp(new Cicp(9, 18, 0, true)));
        assertThatThrownBy(() -> ImageEncoder.builder().format(ImageFormat.JPEG).build().encode(tagged))
                .hasMessageContaining("need PNG output");
    }
}
