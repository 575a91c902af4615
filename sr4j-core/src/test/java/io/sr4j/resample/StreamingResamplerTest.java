package io.sr4j.resample;

import static org.assertj.core.api.Assertions.assertThat;

import io.sr4j.image.PlanarImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Streaming resizes equal in-memory resizes, whatever bands the rows arrive in. */
class StreamingResamplerTest {

    @ParameterizedTest(name = "{0} {1}x{2} by {3}x{4}")
    @CsvSource({
        "BICUBIC, 53, 41, 0.75, 0.75",
        "BICUBIC, 53, 41, 2, 2",
        "BICUBIC, 53, 41, 3, 0.5",
        "LANCZOS3, 40, 64, 0.125, 0.125",
        "LANCZOS3, 17, 9, 2.5, 8",
        "BILINEAR, 30, 30, 1, 0.3333333333333333",
        "NEAREST, 13, 29, 4, 4",
        "BICUBIC, 1, 1, 4, 4",
        "BICUBIC, 7, 1, 3, 0.5",
    })
    void matchesTheInMemoryScale(ResampleFilter filter, int w, int h, double sx, double sy) {
        PlanarImage src = random(w, h, 3, 7L);
        Resampler resampler = Resampler.of(filter);
        PlanarImage expected = resampler.scale(src, sx, sy);
        for (long seed = 0; seed < 4; seed++) {
            PlanarImage got = stream(resampler, src, expected.width(), expected.height(), sx, sy, seed);
            assertThat(maxDifference(got, expected)).as("seed %d", seed).isLessThan(2e-6);
        }
    }

    @Test
    void resizeSemanticsWithOutOverInFactors() {
        PlanarImage src = random(61, 47, 1, 3L);
        Resampler resampler = Resampler.of(ResampleFilter.BICUBIC);
        PlanarImage expected = resampler.resize(src, 45, 35);
        PlanarImage got = stream(resampler, src, 45, 35, 45.0 / 61, 35.0 / 47, 9L);
        assertThat(maxDifference(got, expected)).isLessThan(2e-6);
    }

    static PlanarImage stream(Resampler resampler, PlanarImage src, int outW, int outH, double sx, double sy,
            long seed) {
        List<PlanarImage> bands = new ArrayList<>();
        StreamingResampler s = resampler.streaming(src.width(), src.height(), outW, outH, sx, sy, src.channels(),
                bands::add);
        Random random = new Random(seed);
        int y = 0;
        while (y < src.height()) {
            int rows = Math.min(src.height() - y, 1 + random.nextInt(Math.max(1, src.height() / 3)));
            s.push(src.crop(0, y, src.width(), rows));
            y += rows;
        }
        assertThat(s.isComplete()).isTrue();
        assertThat(s.rowsOut()).isEqualTo(outH);
        PlanarImage out = new PlanarImage(outW, outH, src.channels());
        int row = 0;
        for (PlanarImage band : bands) {
            for (int c = 0; c < src.channels(); c++) {
                System.arraycopy(band.data(), band.planeOffset(c), out.data(), out.planeOffset(c) + row * outW,
                        band.planeSize());
            }
            row += band.height();
        }
        assertThat(row).isEqualTo(outH);
        return out;
    }

    private static double maxDifference(PlanarImage a, PlanarImage b) {
        assertThat(a.sameShape(b)).isTrue();
        double max = 0;
        for (int i = 0; i < a.data().length; i++) {
            max = Math.max(max, Math.abs(a.data()[i] - b.data()[i]));
        }
        return max;
    }

    private static PlanarImage random(int w, int h, int channels, long seed) {
        Random random = new Random(seed);
        PlanarImage img = new PlanarImage(w, h, channels);
        for (int i = 0; i < img.data().length; i++) {
            img.data()[i] = random.nextFloat();
        }
        return img;
    }
}
