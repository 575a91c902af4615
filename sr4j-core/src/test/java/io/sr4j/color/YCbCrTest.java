package io.sr4j.color;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.sr4j.image.PlanarImage;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.FloatRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class YCbCrTest {

    private static PlanarImage pixel(double r, double g, double b) {
        return new PlanarImage(1, 1, 3, new float[] {(float) r, (float) g, (float) b});
    }

    /** YCbCr of one pixel on MATLAB's 8-bit scale (the double result times 255). */
    private static double[] ycbcr255(double r, double g, double b) {
        float[] d = YCbCr.toYCbCr(pixel(r, g, b)).data();
        return new double[] {d[0] * 255.0, d[1] * 255.0, d[2] * 255.0};
    }

    @Test
    void pureColoursGiveMatlabValues() {
        // MATLAB: rgb2ycbcr([1 1 1]) * 255 = [235 128 128], black [16 128 128], and the primaries
        // are 16/128/128 plus one column of the published 8-bit matrix.
        assertThat(ycbcr255(1, 1, 1)).containsExactly(new double[] {235, 128, 128}, within(1e-4));
        assertThat(ycbcr255(0, 0, 0)).containsExactly(new double[] {16, 128, 128}, within(1e-4));
        assertThat(ycbcr255(1, 0, 0)).containsExactly(new double[] {81.481, 90.203, 240}, within(1e-4));
        assertThat(ycbcr255(0, 1, 0)).containsExactly(new double[] {144.553, 53.797, 34.214}, within(1e-4));
        assertThat(ycbcr255(0, 0, 1)).containsExactly(new double[] {40.966, 240, 109.786}, within(1e-4));
    }

    @Test
    void luma255MatchesTheFirstRowOfTheTable() {
        assertThat(YCbCr.luma255(1, 1, 1)).isCloseTo(235.0, within(1e-12));
        assertThat(YCbCr.luma255(0, 0, 0)).isEqualTo(16.0);
        assertThat(YCbCr.luma255(0.5, 0.25, 0.75)).isCloseTo(16 + 0.5 * 65.481 + 0.25 * 128.553 + 0.75 * 24.966,
                within(1e-12));
    }

    @Test
    void inverseMatchesTextbookBt601StudioCoefficients() {
        // The classic decoding equations (rounded to 3 decimals in every textbook):
        //   R = 1.164 (Y-16) + 1.596 (Cr-128)
        //   G = 1.164 (Y-16) - 0.392 (Cb-128) - 0.813 (Cr-128)
        //   B = 1.164 (Y-16) + 2.017 (Cb-128)
        // with R, G, B on 0..255. Probe with unit steps of each component.
        double[][] probes = {{116, 128, 128}, {16, 228, 128}, {16, 128, 228}};
        double[][] expected = {
            {116.4, 116.4, 116.4},
            {0, -39.2, 201.7},
            {159.6, -81.3, 0},
        };
        for (int i = 0; i < probes.length; i++) {
            PlanarImage ycc = pixel(probes[i][0] / 255, probes[i][1] / 255, probes[i][2] / 255);
            float[] rgb = YCbCr.toRgb(ycc).data();
            for (int c = 0; c < 3; c++) {
                assertThat(rgb[c] * 255.0).as("probe %d channel %d", i, c).isCloseTo(expected[i][c], within(0.06));
            }
        }
    }

    @Test
    void matlabRangeEndsInvertToTheRgbCube() {
        float[] white = YCbCr.toRgb(pixel(235 / 255.0, 128 / 255.0, 128 / 255.0)).data();
        float[] black = YCbCr.toRgb(pixel(16 / 255.0, 128 / 255.0, 128 / 255.0)).data();
        float[] red = YCbCr.toRgb(pixel(81.481 / 255, 90.203 / 255, 240 / 255.0)).data();
        assertThat(white).containsExactly(new float[] {1, 1, 1}, within(2e-6f));
        assertThat(black).containsExactly(new float[] {0, 0, 0}, within(2e-6f));
        assertThat(red).containsExactly(new float[] {1, 0, 0}, within(2e-6f));
    }

    @Property(tries = 200)
    void roundTripIsExactToFloatPrecision(@ForAll @FloatRange(min = 0, max = 1) float r,
            @ForAll @FloatRange(min = 0, max = 1) float g, @ForAll @FloatRange(min = 0, max = 1) float b) {
        PlanarImage rgb = pixel(r, g, b);
        PlanarImage back = YCbCr.toRgb(YCbCr.toYCbCr(rgb));
        // Float storage of YCbCr (~6e-8 relative) amplified by the inverse (row norms < 2.1).
        assertThat(back.data()).containsExactly(rgb.data(), within(1e-6f));
    }

    @Property(tries = 30)
    void lumaIsPlaneZeroAndEverythingStaysInStudioRange(@ForAll long seed,
            @ForAll @IntRange(min = 1, max = 37) int width, @ForAll @IntRange(min = 1, max = 23) int height) {
        Random random = new Random(seed);
        PlanarImage rgb = new PlanarImage(width, height, 3);
        float[] d = rgb.data();
        for (int i = 0; i < d.length; i++) {
            d[i] = random.nextFloat();
        }
        PlanarImage ycc = YCbCr.toYCbCr(rgb);
        PlanarImage y = YCbCr.luma(rgb);
        assertThat(y.channels()).isEqualTo(1);
        assertThat(y.data()).containsExactly(ycc.plane(0).data());
        int n = rgb.planeSize();
        for (int i = 0; i < n; i++) {
            assertThat(ycc.data()[i] * 255.0).isBetween(16 - 1e-4, 235 + 1e-4);
            assertThat(ycc.data()[n + i] * 255.0).isBetween(16 - 1e-4, 240 + 1e-4);
            assertThat(ycc.data()[2 * n + i] * 255.0).isBetween(16 - 1e-4, 240 + 1e-4);
        }
        assertThat(YCbCr.toRgb(ycc).data()).containsExactly(d, within(1e-6f));
    }

    @Test
    void rejectsImagesWithoutThreePlanes() {
        PlanarImage grey = new PlanarImage(4, 3, 1);
        assertThatThrownBy(() -> YCbCr.toYCbCr(grey)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("3 planes").hasMessageContaining("got 1");
        assertThatThrownBy(() -> YCbCr.luma(grey)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> YCbCr.toRgb(new PlanarImage(4, 3, 4))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("got 4");
    }
}
