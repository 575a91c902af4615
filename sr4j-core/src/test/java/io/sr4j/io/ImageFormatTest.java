package io.sr4j.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ImageFormatTest {
    @ParameterizedTest(name = "{1}")
    @CsvSource({
        "89504e470d0a1a0a0000000d49484452, PNG",
        "ffd8ffe000104a464946000101000001, JPEG",
        "ffd8ffe1001845786966000049492a00, JPEG",
        "474946383961010001000000002c0000, GIF",
        "474946383761010001000000002c0000, GIF",
        "49492a00080000000000000000000000, TIFF",
        "4d4d002a000000080000000000000000, TIFF",
        "49492b00080000000000000000000000, TIFF",
        "5249464624000000574542505650384c, WEBP",
        "424d3a000000000000003600000028000000, BMP",
        "424d8a000000000000008a0000007c000000, BMP",
    })
    void recognisesSignatures(String hex, ImageFormat expected) {
        byte[] header = HexFormat.of().parseHex(hex);
        assertThat(ImageFormat.sniff(header, header.length)).contains(expected);
    }

    @Test
    void textIsNoImageEvenWhenItStartsLikeOne() {
        for (String text : new String[] {"BMW is a car maker, not a bitmap", "RIFF but not WEBP at all", "GIF8 almost",
            "II", ""}) {
            byte[] b = text.getBytes(StandardCharsets.US_ASCII);
            assertThat(ImageFormat.sniff(b, b.length)).as(text).isEmpty();
        }
    }

    @Test
    void onlyTheGivenLengthIsLookedAt() {
        byte[] png = Arrays.copyOf(HexFormat.of().parseHex("89504e470d0a1a0a"), 16);
        assertThat(ImageFormat.sniff(png, 7)).isEmpty();
        assertThat(ImageFormat.sniff(png, 8)).contains(ImageFormat.PNG);
    }

    @ParameterizedTest
    @CsvSource({"a.png, PNG", "A.PNG, PNG", "dir.jpg/a.jpeg, JPEG", "x.tar.jpg, JPEG", "b.JFIF, JPEG", "c.bmp, BMP",
        "d.tif, TIFF", "e.webp, WEBP", "f.gif, GIF"})
    void formatFromFileName(String name, ImageFormat expected) {
        assertThat(ImageFormat.fromFileName(name)).contains(expected);
    }

    @Test
    void namesWithoutAKnownExtension() {
        for (String name : new String[] {"photo", "photo.", ".png", "dir.png/photo", "photo.xyz", "photo.png.bak"}) {
            assertThat(ImageFormat.fromFileName(name)).as(name).isEmpty();
        }
    }

    @Test
    void formatFromOptionValue() {
        assertThat(ImageFormat.fromName("jpg")).contains(ImageFormat.JPEG);
        assertThat(ImageFormat.fromName(" JPEG ")).contains(ImageFormat.JPEG);
        assertThat(ImageFormat.fromName("png")).contains(ImageFormat.PNG);
        assertThat(ImageFormat.fromName("heic")).isEmpty();
    }

    @Test
    void writableFormats() {
        assertThat(Arrays.stream(ImageFormat.values()).filter(ImageFormat::isWritable))
                .containsExactly(ImageFormat.PNG, ImageFormat.JPEG, ImageFormat.BMP, ImageFormat.WEBP);
    }
}
