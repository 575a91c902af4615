package io.sr4j.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.sr4j.image.Picture;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.WritableRaster;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Conversion of the BufferedImage layouts ImageIO and Java 2D produce. Test images are filled
 * band by band through the raster, and expectations are {@code sample / (2^bits - 1)}.
 */
class BufferedImagesTest {
    @ParameterizedTest
    @ValueSource(ints = {BufferedImage.TYPE_3BYTE_BGR, BufferedImage.TYPE_INT_RGB, BufferedImage.TYPE_INT_BGR,
        BufferedImage.TYPE_4BYTE_ABGR, BufferedImage.TYPE_INT_ARGB})
    void eightBitRgbLayoutsGiveSampleOver255(int type) {
        BufferedImage img = new BufferedImage(7, 5, type);
        WritableRaster r = img.getRaster();
        int bands = r.getNumBands();
        int[][] samples = fill(r, 8, 21L);

        Picture p = BufferedImages.toPicture(img, "test");

        assertThat(p.hasAlpha()).isEqualTo(bands == 4);
        assertThat(p.source().bitDepth()).isEqualTo(8);
        assertThat(p.source().grey()).isFalse();
        for (int y = 0; y < 5; y++) {
            for (int x = 0; x < 7; x++) {
                for (int c = 0; c < 3; c++) {
                    assertThat(p.rgb().get(c, x, y)).isEqualTo(samples[c][y * 7 + x] / 255f);
                }
                if (bands == 4) {
                    assertThat(p.alpha().orElseThrow().get(0, x, y)).isEqualTo(samples[3][y * 7 + x] / 255f);
                }
            }
        }
    }

    @Test
    void packed565UsesEachFieldsOwnRange() {
        BufferedImage img = new BufferedImage(3, 1, BufferedImage.TYPE_USHORT_565_RGB);
        WritableRaster r = img.getRaster();
        r.setPixel(0, 0, new int[] {31, 63, 31});
        r.setPixel(1, 0, new int[] {0, 32, 16});
        r.setPixel(2, 0, new int[] {10, 0, 1});

        Picture p = BufferedImages.toPicture(img, "test");

        assertThat(p.rgb().get(0, 0, 0)).isEqualTo(1f);
        assertThat(p.rgb().get(1, 0, 0)).isEqualTo(1f);
        assertThat(p.rgb().get(1, 1, 0)).isEqualTo(32 / 63f);
        assertThat(p.rgb().get(2, 1, 0)).isEqualTo(16 / 31f);
        assertThat(p.rgb().get(0, 2, 0)).isEqualTo(10 / 31f);
    }

    @Test
    void premultipliedAlphaComesOutStraight() {
        BufferedImage img = new BufferedImage(4, 1, BufferedImage.TYPE_INT_ARGB_PRE);
        // Stored premultiplied: colour 200 at alpha 128 is stored as round(200 * 128 / 255) = 100.
        img.getRaster().setPixel(0, 0, new int[] {100, 50, 0, 128});
        img.getRaster().setPixel(1, 0, new int[] {255, 0, 10, 255});
        img.getRaster().setPixel(2, 0, new int[] {0, 0, 0, 0});
        img.getRaster().setPixel(3, 0, new int[] {20, 20, 20, 40});

        Picture p = BufferedImages.toPicture(img, "test");

        float a = 128 / 255f;
        assertThat(p.alpha().orElseThrow().get(0, 0, 0)).isEqualTo(a);
        assertThat(p.rgb().get(0, 0, 0)).isCloseTo((100 / 255f) / a, within(1e-6f));
        assertThat(p.rgb().get(1, 0, 0)).isCloseTo((50 / 255f) / a, within(1e-6f));
        assertThat(p.rgb().get(0, 1, 0)).isEqualTo(1f);
        assertThat(p.rgb().get(2, 1, 0)).isEqualTo(10 / 255f);
        assertThat(p.rgb().get(0, 2, 0)).isZero(); // nothing to recover under alpha 0
        assertThat(p.rgb().get(0, 3, 0)).isCloseTo(0.5f, within(1e-6f));
    }

    @Test
    void oneBitBinaryIsGrey() {
        BufferedImage img = new BufferedImage(9, 2, BufferedImage.TYPE_BYTE_BINARY);
        img.getRaster().setSample(3, 1, 0, 1);

        Picture p = BufferedImages.toPicture(img, "test");

        assertThat(p.source().grey()).isTrue();
        assertThat(p.source().bitDepth()).isEqualTo(8);
        assertThat(p.rgb().get(0, 3, 1)).isEqualTo(1f);
        assertThat(p.rgb().get(2, 3, 1)).isEqualTo(1f);
        assertThat(p.rgb().get(0, 4, 1)).isZero();
    }

    @Test
    void sixteenBitGreyWithAlpha() {
        ComponentColorModel cm = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_GRAY), true, false,
                Transparency.TRANSLUCENT, DataBuffer.TYPE_USHORT);
        BufferedImage img = new BufferedImage(cm, cm.createCompatibleWritableRaster(6, 4), false, null);
        int[][] samples = fill(img.getRaster(), 16, 3L);

        Picture p = BufferedImages.toPicture(img, "test");

        assertThat(p.source().bitDepth()).isEqualTo(16);
        assertThat(p.source().grey()).isTrue();
        for (int i = 0; i < 24; i++) {
            int x = i % 6;
            int y = i / 6;
            assertThat(p.rgb().get(0, x, y)).isEqualTo(samples[0][i] / 65535f);
            assertThat(p.rgb().get(1, x, y)).isEqualTo(samples[0][i] / 65535f);
            assertThat(p.alpha().orElseThrow().get(0, x, y)).isEqualTo(samples[1][i] / 65535f);
        }
    }

    @Test
    void floatSamplesAreClampedIntoTheUnitRange() {
        ComponentColorModel cm = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_sRGB), false, false,
                Transparency.OPAQUE, DataBuffer.TYPE_FLOAT);
        BufferedImage img = new BufferedImage(cm, cm.createCompatibleWritableRaster(2, 1), false, null);
        img.getRaster().setPixel(0, 0, new float[] {0.25f, -3f, 1.5f});
        img.getRaster().setPixel(1, 0, new float[] {Float.NaN, 1f, 0f});

        Picture p = BufferedImages.toPicture(img, "test");

        assertThat(p.source().bitDepth()).isEqualTo(16);
        assertThat(p.rgb().get(0, 0, 0)).isEqualTo(0.25f);
        assertThat(p.rgb().get(1, 0, 0)).isZero();
        assertThat(p.rgb().get(2, 0, 0)).isEqualTo(1f);
        assertThat(p.rgb().get(0, 1, 0)).isZero();
    }

    @Test
    void subimageReadsOnlyItsOwnPixels() {
        BufferedImage img = new BufferedImage(10, 8, BufferedImage.TYPE_3BYTE_BGR);
        fill(img.getRaster(), 8, 9L);
        Picture whole = BufferedImages.toPicture(img, "test");

        Picture part = BufferedImages.toPicture(img.getSubimage(3, 2, 5, 4), "test");

        assertThat(part.rgb()).isEqualTo(whole.rgb().crop(3, 2, 5, 4));
    }

    @ParameterizedTest(name = "{0}-bit grey={1} alpha={2}")
    @CsvSource({"8, false, false", "8, true, false", "8, false, true", "8, true, true",
        "16, false, false", "16, true, false", "16, false, true", "16, true, true"})
    void toBufferedImageAndBackIsExact(int depth, boolean grey, boolean alpha) {
        Picture original = TestPictures.random(11, 6, depth, grey, alpha, 17L);

        BufferedImage img = BufferedImages.toBufferedImage(original, depth, grey, alpha);
        Picture back = BufferedImages.toPicture(img, "memory");

        assertThat(img.getRaster().getNumBands()).isEqualTo((grey ? 1 : 3) + (alpha ? 1 : 0));
        assertThat(img.getColorModel().getComponentSize(0)).isEqualTo(depth);
        assertThat(back.rgb()).isEqualTo(original.rgb());
        assertThat(back.alpha()).isEqualTo(original.alpha());
    }

    @Test
    void eightBitImagesAreTheStandardTypes() {
        Picture rgba = TestPictures.random(3, 3, 8, false, true, 1L);
        assertThat(BufferedImages.toBufferedImage(rgba, 8, false, false).getType()).isEqualTo(BufferedImage.TYPE_3BYTE_BGR);
        assertThat(BufferedImages.toBufferedImage(rgba, 8, false, true).getType()).isEqualTo(BufferedImage.TYPE_4BYTE_ABGR);
        assertThat(BufferedImages.toBufferedImage(rgba, 8, true, false).getType()).isEqualTo(BufferedImage.TYPE_BYTE_GRAY);
    }

    @Test
    void rejectsImpossibleRequests() {
        Picture opaque = TestPictures.random(3, 3, 8, false, false, 1L);
        assertThatThrownBy(() -> BufferedImages.toBufferedImage(opaque, 12, false, false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("8 or 16");
        assertThatThrownBy(() -> BufferedImages.toBufferedImage(opaque, 8, false, true))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no alpha plane");
    }

    /** Random samples in every band; returns them band-major. */
    private static int[][] fill(WritableRaster r, int bits, long seed) {
        Random random = new Random(seed);
        int n = r.getWidth() * r.getHeight();
        int[][] out = new int[r.getNumBands()][n];
        for (int b = 0; b < r.getNumBands(); b++) {
            int size = r.getSampleModel().getSampleSize(b);
            for (int i = 0; i < n; i++) {
                out[b][i] = random.nextInt(1 << Math.min(size, bits));
            }
            r.setSamples(0, 0, r.getWidth(), r.getHeight(), b, out[b]);
        }
        return out;
    }
}
