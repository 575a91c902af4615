package io.sr4j.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sr4j.image.Picture;
import io.sr4j.testing.TestData;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class JpegSegmentsTest {
    private final ImageDecoder decoder = new ImageDecoder();

    @Test
    void largeProfileIsSplitIntoNumberedApp2SegmentsAndJoinedAgain() throws IOException {
        byte[] jpeg = ImageEncoder.builder().format(ImageFormat.JPEG).build()
                .encode(TestPictures.random(8, 8, 8, false, false, 1L));
        byte[] profile = new byte[150_000];
        new Random(5).nextBytes(profile);

        byte[] tagged = JpegSegments.withIccProfile(jpeg, profile);

        // Walk the segments: SOI, APP0 JFIF, then APP2 x3 with sequence numbers 1..3 of 3.
        assertThat(tagged[2] & 0xFF).isEqualTo(0xFF);
        assertThat(tagged[3] & 0xFF).isEqualTo(0xE0);
        int at = 4 + ((tagged[4] & 0xFF) << 8 | (tagged[5] & 0xFF));
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        for (int seq = 1; seq <= 3; seq++) {
            assertThat(tagged[at + 1] & 0xFF).isEqualTo(0xE2);
            int length = (tagged[at + 2] & 0xFF) << 8 | (tagged[at + 3] & 0xFF);
            assertThat(new String(tagged, at + 4, 12, "US-ASCII")).isEqualTo("ICC_PROFILE\0");
            assertThat(tagged[at + 16] & 0xFF).isEqualTo(seq);
            assertThat(tagged[at + 17] & 0xFF).isEqualTo(3);
            joined.write(tagged, at + 18, length - 16);
            at += 2 + length;
        }
        assertThat(joined.toByteArray()).isEqualTo(profile);
        // Everything after the inserted segments is the original stream.
        assertThat(Arrays.copyOfRange(tagged, at, tagged.length))
                .isEqualTo(Arrays.copyOfRange(jpeg, 4 + ((jpeg[4] & 0xFF) << 8 | (jpeg[5] & 0xFF)), jpeg.length));

        try (ByteArrayImageInputStream in = new ByteArrayImageInputStream(tagged)) {
            assertThat(MetadataScanner.scan(ImageFormat.JPEG, in).iccProfile()).isEqualTo(profile);
        }
    }

    @Test
    void greyJpegKeepsItsGreyProfile() {
        Picture page = decoder.decode(TestData.skimage("page.png"));
        byte[] profile = page.source().iccProfile().orElseThrow();
        assertThat(IccProfiles.colourSpace(profile)).isEqualTo("GRAY");

        Picture back = decoder.decode(ImageEncoder.builder().format(ImageFormat.JPEG).build().encode(page), "page.jpg");

        assertThat(back.source().grey()).isTrue();
        assertThat(back.source().iccProfile()).hasValueSatisfying(p -> assertThat(p).isEqualTo(profile));
    }

    @Test
    void rejectsWhatIsNotAJpeg() throws IOException {
        byte[] png = Files.readAllBytes(TestData.skimage("camera.png"));
        assertThatThrownBy(() -> JpegSegments.withIccProfile(png, new byte[200]))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
