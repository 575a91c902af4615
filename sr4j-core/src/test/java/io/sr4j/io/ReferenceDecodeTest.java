package io.sr4j.io;

import static org.assertj.core.api.Assertions.assertThat;

import io.sr4j.image.Picture;
import io.sr4j.testing.TestData;
import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Decoded real photos agree with Pillow, an independent decoder: {@code reference.properties} and
 * the CMYK files were made by {@code make_fixtures.py} next to it.
 */
class ReferenceDecodeTest {
    private final ImageDecoder decoder = new ImageDecoder();

    @ParameterizedTest
    @ValueSource(strings = {"astronaut.png", "palette_color.png", "chessboard_GRAY_U16.tif", "logo.png", "horse.png",
        "camera.png", "coffee.png", "foo3x5x4indexed.png"})
    void photoMatchesPillowSampleForSample(String name) throws IOException {
        Properties ref = reference();
        Picture p = decoder.decode(TestData.skimage(name));
        int bands = Integer.parseInt(ref.getProperty(name + ".bands"));
        int max = p.source().bitDepth() == 16 ? 65535 : 255;

        assertThat(p.width()).isEqualTo(Integer.parseInt(ref.getProperty(name + ".width")));
        assertThat(p.height()).isEqualTo(Integer.parseInt(ref.getProperty(name + ".height")));
        assertThat(p.source().grey()).isEqualTo(bands <= 2);
        assertThat(p.hasAlpha()).isEqualTo(bands == 2 || bands == 4);

        String[] sums = ref.getProperty(name + ".sums").split(",");
        for (int b = 0; b < bands; b++) {
            assertThat(bandSum(p, b, bands, max)).as("sum of band %d", b).isEqualTo(Long.parseLong(sums[b]));
        }
        for (String key : ref.stringPropertyNames()) {
            if (!key.startsWith(name + ".pixel.")) {
                continue;
            }
            String[] xy = key.substring((name + ".pixel.").length()).split("\\.");
            int x = Integer.parseInt(xy[0]);
            int y = Integer.parseInt(xy[1]);
            String[] expected = ref.getProperty(key).split(",");
            for (int b = 0; b < bands; b++) {
                assertThat(sample(p, b, bands, max, x, y)).as("%s band %d", key, b)
                        .isEqualTo(Integer.parseInt(expected[b]));
            }
        }
    }

    @Test
    void greyPicturesHaveThreeEqualPlanes() {
        Picture p = decoder.decode(TestData.skimage("camera.png"));
        int n = p.rgb().planeSize();
        float[] d = p.rgb().data();
        for (int i = 0; i < n; i++) {
            assertThat(d[n + i]).isEqualTo(d[i]);
            assertThat(d[2 * n + i]).isEqualTo(d[i]);
        }
    }

    @Test
    void uncompressedCmykTiffConvertsBackToTheRgbItWasMadeFrom() throws IOException {
        // Pillow made cmyk.tif as C = 255 - R, M = 255 - G, Y = 255 - B, K = 0, which the naive
        // conversion R = (1 - C)(1 - K) inverts exactly.
        Picture source = decoder.decode(fixture("cmyk-source.png"), "cmyk-source.png");
        Picture cmyk = decoder.decode(fixture("cmyk.tif"), "cmyk.tif");

        assertThat(cmyk.source().grey()).isFalse();
        assertThat(cmyk.source().iccProfile()).isEmpty();
        float[] a = source.rgb().data();
        float[] b = cmyk.rgb().data();
        for (int i = 0; i < a.length; i++) {
            assertThat(TestPictures.sample(b[i], 255)).isEqualTo(TestPictures.sample(a[i], 255));
        }
    }

    @Test
    void cmykJpegDecodesToRgbCloseToItsSource() throws IOException {
        Picture source = decoder.decode(fixture("cmyk-source.png"), "cmyk-source.png");
        Picture cmyk = decoder.decode(fixture("cmyk.jpg"), "cmyk.jpg");

        assertThat(cmyk.width()).isEqualTo(source.width());
        assertThat(cmyk.height()).isEqualTo(source.height());
        float[] a = source.rgb().data();
        float[] b = cmyk.rgb().data();
        double sumAbs = 0;
        for (int i = 0; i < a.length; i++) {
            sumAbs += Math.abs(a[i] - b[i]);
        }
        // JPEG at quality 95 without chroma subsampling: measured 0.05 levels mean, 1 level at most.
        assertThat(sumAbs / a.length * 255).isLessThan(0.5);
        // The red block stays red.
        assertThat(cmyk.rgb().get(0, 16, 16)).isGreaterThan(0.7f);
        assertThat(cmyk.rgb().get(1, 16, 16)).isLessThan(0.25f);
    }

    private static long bandSum(Picture p, int band, int bands, int max) {
        long sum = 0;
        for (int y = 0; y < p.height(); y++) {
            for (int x = 0; x < p.width(); x++) {
                sum += sample(p, band, bands, max, x, y);
            }
        }
        return sum;
    }

    /** Band b in Pillow's order: L, LA, RGB or RGBA. */
    private static int sample(Picture p, int band, int bands, int max, int x, int y) {
        boolean alphaBand = (bands == 2 && band == 1) || (bands == 4 && band == 3);
        float v = alphaBand ? p.alpha().orElseThrow().get(0, x, y) : p.rgb().get(band, x, y);
        return TestPictures.sample(v, max);
    }

    static Properties reference() throws IOException {
        Properties p = new Properties();
        try (InputStream in = ReferenceDecodeTest.class.getResourceAsStream("reference.properties")) {
            p.load(in);
        }
        return p;
    }

    static byte[] fixture(String name) throws IOException {
        try (InputStream in = ReferenceDecodeTest.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + name);
            }
            return in.readAllBytes();
        }
    }
}
