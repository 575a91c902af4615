package io.sr4j.io;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.sr4j.image.Picture;
import java.nio.ByteOrder;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Coverage-guided fuzzing of the whole decode path: format sniffing, the header size check,
 * the EXIF/ICC/XMP scanners of every container and the ImageIO readers behind them.
 *
 * <p>Expected outcome for any input: a {@link Picture} no larger than the limit, or an
 * {@link ImageDecodeException} whose message names the input. Anything else (another exception
 * type, an error, a hang) is a finding. The limit is small so a fuzzed header cannot make one run
 * allocate more than a few tens of MB. Regression inputs live in
 * {@code src/test/resources/io/sr4j/io/DecodeFuzzTestInputs/decode/}; the methods below give the
 * generated seeds.
 */
class DecodeFuzzTest {
    /** Limit for fuzzed inputs: 1 Mpx keeps a decode under ~30 MB. */
    static final long LIMIT = 1_000_000;
    private static final ImageDecoder DECODER = new ImageDecoder(LIMIT);

    @MethodSource("seeds")
    // The fuzz profile's bounded run (./run-tests, docs/RELIABILITY.md): 100 000 executions from
    // libFuzzer seed 1, cut at 75 s on a slower machine.
    @FuzzTest(maxDuration = "75s", maxExecutions = 100_000)
    void decode(byte[] data) {
        try {
            Picture picture = DECODER.decode(data, "fuzzed");
            assertThat((long) picture.width() * picture.height()).isPositive().isLessThanOrEqualTo(LIMIT);
        } catch (ImageDecodeException expected) {
            assertThat(expected.getMessage()).startsWith("fuzzed: ");
        }
    }

    /** One small, valid image of each container, with EXIF, ICC and alpha where the format has them. */
    static Stream<byte[]> seeds() {
        Picture rgb = TestPictures.random(9, 7, 8, false, false, 1L);
        Picture rgba = TestPictures.random(6, 5, 8, false, true, 2L);
        Picture grey16 = TestPictures.random(5, 4, 16, true, false, 3L);
        byte[] jpeg = ImageEncoder.builder().format(ImageFormat.JPEG).build().encode(rgb);
        return Stream.of(
                ImageEncoder.builder().format(ImageFormat.PNG).build().encode(rgba),
                ImageEncoder.builder().format(ImageFormat.PNG).build().encode(grey16),
                jpeg,
                ExifOrientationTest.withExifApp1(jpeg, ExifOrientationTest.exifTiff(6, ByteOrder.BIG_ENDIAN)),
                ImageEncoder.builder().format(ImageFormat.BMP).build().encode(rgb),
                ImageEncoder.builder().format(ImageFormat.WEBP).lossless(true).build().encode(rgba),
                ExifOrientationTest.rgbTiff(3, 2, new byte[18], 8, ByteOrder.LITTLE_ENDIAN));
    }
}
