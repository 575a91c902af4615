package io.sr4j.diffusion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sr4j.tile.Rect;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WindowGridTest {
    @ParameterizedTest
    @CsvSource({"96,80,40,16,4", "200,48,64,24,8", "64,64,64,16,4", "136,72,48,24,8", "512,264,128,32,12"})
    void windowsAreAlignedCoverTheImageAndTheirWeightsSumToOne(int width, int height, int window, int overlap,
            int margin) {
        WindowGrid grid = new WindowGrid(width, height, window, overlap, margin, 8);
        List<Rect> windows = grid.windows();
        double[] sum = new double[width * height];
        for (int w = 0; w < windows.size(); w++) {
            Rect r = windows.get(w);
            assertEquals(0, r.x() % 8, r.toString());
            assertEquals(0, r.y() % 8, r.toString());
            assertTrue(r.width() <= window && r.height() <= window && r.right() <= width && r.bottom() <= height);
            for (int y = 0; y < r.height(); y++) {
                for (int x = 0; x < r.width(); x++) {
                    double weight = grid.weight(w, x, y);
                    assertTrue(weight >= 0 && weight <= 1 + 1e-12);
                    sum[(r.y() + y) * width + r.x() + x] += weight;
                }
            }
        }
        for (int k = 0; k < sum.length; k++) {
            assertEquals(1, sum[k], 1e-12, "weights at " + k % width + "," + k / width);
        }
    }

    @Test
    void neighboursOverlapAtLeastAsAskedAndIgnoreTheirCutEdges() {
        WindowGrid grid = new WindowGrid(200, 40, 64, 24, 6, 8);
        List<Rect> windows = grid.windows();
        assertTrue(windows.size() >= 4);
        for (int i = 1; i < windows.size(); i++) {
            Rect previous = windows.get(i - 1);
            Rect next = windows.get(i);
            assertTrue(previous.right() - next.x() >= 24, previous + " / " + next);
            // the later window's first pixels (inside its margin) and the earlier one's last ones count for nothing
            for (int d = 0; d < 6; d++) {
                assertEquals(0, grid.weight(i, d, 10), 1e-15);
                assertEquals(0, grid.weight(i - 1, previous.width() - 1 - d, 10), 1e-15);
            }
        }
        // image edges are not cut edges
        assertEquals(1, grid.weight(0, 0, 0), 1e-15);
    }

    @Test
    void imagesAndWindowsOffTheAlignmentAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new WindowGrid(100, 64, 64, 16, 4, 8));
        assertThrows(IllegalArgumentException.class, () -> new WindowGrid(96, 64, 60, 16, 4, 8));
        assertThrows(IllegalArgumentException.class, () -> new WindowGrid(96, 64, 64, 40, 4, 8));
    }
}
