package io.sr4j.tile;

import static io.sr4j.tile.TileFixtures.firstDifference;
import static io.sr4j.tile.TileFixtures.nearest;
import static io.sr4j.tile.TileFixtures.randomImage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sr4j.image.PlanarImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

class TileStitcherTest {

    /**
     * Tiles arriving in any order: bands are reported top to bottom, each once, only when their
     * rows hold their final values, and together they cover the output.
     */
    @Property(tries = 150)
    void bandsAreReportedInOrderOnceTheirRowsAreFinal(
            @ForAll @IntRange(min = 1, max = 80) int width,
            @ForAll @IntRange(min = 1, max = 80) int height,
            @ForAll @IntRange(min = 1, max = 30) int tileSize,
            @ForAll @IntRange(min = 0, max = 4) int padding,
            @ForAll @IntRange(min = 1, max = 3) int scale,
            @ForAll long seed) {
        PlanarImage image = randomImage(width, height, 2, seed);
        TilePlanner plan = TilePlanner.builder(width, height).tileSize(tileSize).padding(padding).scale(scale).build();
        PlanarImage expected = nearest(image, scale);
        PlanarImage output = nanImage(plan.outputWidth(), plan.outputHeight(), 2);
        List<int[]> bands = new ArrayList<>();
        TileStitcher[] self = new TileStitcher[1];
        TileStitcher stitcher = new TileStitcher(plan, output, 0, (from, to, img) -> {
            assertThat(img).isSameAs(output);
            assertThat(self[0].completedRows()).isEqualTo(to);
            for (int c = 0; c < 2; c++) {
                for (int y = from; y < to; y++) {
                    for (int x = 0; x < img.width(); x++) {
                        if (Float.compare(img.get(c, x, y), expected.get(c, x, y)) != 0) {
                            throw new AssertionError("row " + y + " reported final before it was");
                        }
                    }
                }
            }
            bands.add(new int[] {from, to});
        });
        self[0] = stitcher;

        List<Tile> order = new ArrayList<>(plan.tiles());
        Collections.shuffle(order, new Random(seed));
        TileExtractor extractor = new TileExtractor(BorderMode.REPLICATE);
        for (int i = 0; i < order.size(); i++) {
            assertThat(stitcher.isComplete()).isFalse();
            Tile tile = order.get(i);
            stitcher.write(tile, nearest(extractor.extract(image, tile), scale));
        }
        assertThat(stitcher.isComplete()).isTrue();
        assertThat(stitcher.completedRows()).isEqualTo(plan.outputHeight());
        assertThat(firstDifference(output, expected)).isEqualTo(-1);

        assertThat(bands).hasSize(plan.rows());
        int next = 0;
        for (int r = 0; r < bands.size(); r++) {
            int[] band = bands.get(r);
            assertThat(band[0]).isEqualTo(next);
            assertThat(band[1]).isGreaterThan(band[0]);
            // Each band is one tile row's output rows.
            assertThat(band[1] - band[0]).isEqualTo(plan.tile(0, r).outputCore().height());
            next = band[1];
        }
        assertThat(next).isEqualTo(plan.outputHeight());
    }

    @Example
    void aMissingTileHoldsBackItsRowAndEveryRowBelow() {
        TilePlanner plan = TilePlanner.builder(30, 30).tileSize(10).scale(2).build();
        PlanarImage image = randomImage(30, 30, 1, 3);
        List<Integer> reported = new ArrayList<>();
        TileStitcher stitcher = new TileStitcher(plan, new PlanarImage(60, 60, 1), 0,
                (from, to, img) -> reported.add(from));
        TileExtractor extractor = new TileExtractor(BorderMode.ZERO);
        for (Tile tile : plan.tiles()) {
            if (tile.index() != 1) { // top row, middle column
                stitcher.write(tile, nearest(extractor.extract(image, tile), 2));
            }
        }
        assertThat(reported).isEmpty();
        assertThat(stitcher.completedRows()).isZero();
        stitcher.write(plan.tile(1), nearest(extractor.extract(image, plan.tile(1)), 2));
        assertThat(reported).containsExactly(0, 20, 40);
        assertThat(stitcher.completedRows()).isEqualTo(60);
    }

    /** Several threads writing tiles at once: same image, bands still in order. */
    @Example
    void concurrentWritesGiveTheSameImageAndOrderedBands() throws Exception {
        PlanarImage image = randomImage(300, 200, 3, 5);
        TilePlanner plan = TilePlanner.builder(300, 200).tileSize(16).padding(2).scale(2).build();
        PlanarImage output = nanImage(600, 400, 3);
        List<Integer> starts = Collections.synchronizedList(new ArrayList<>());
        TileStitcher stitcher = new TileStitcher(plan, output, 0, (from, to, img) -> starts.add(from));
        TileExtractor extractor = new TileExtractor(BorderMode.REFLECT);
        List<Tile> order = new ArrayList<>(plan.tiles());
        Collections.shuffle(order, new Random(5));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (Tile tile : order) {
                done.add(pool.submit(() -> stitcher.write(tile, nearest(extractor.extract(image, tile), 2))));
            }
            for (Future<?> f : done) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(firstDifference(output, nearest(image, 2))).isEqualTo(-1);
        List<Integer> expectedStarts = new ArrayList<>();
        for (int r = 0; r < plan.rows(); r++) {
            expectedStarts.add(plan.outputRowStart(r));
        }
        assertThat(starts).isEqualTo(expectedStarts);
    }

    @Example
    void rejectsWrongInputs() {
        TilePlanner plan = TilePlanner.builder(20, 20).tileSize(10).padding(2).scale(2).build();
        TileStitcher stitcher = new TileStitcher(plan, new PlanarImage(40, 40, 3));
        Tile tile = plan.tile(0);
        assertThat(stitcher.expectedOutputWidth(tile)).isEqualTo(28);

        assertThatThrownBy(() -> stitcher.write(tile, new PlanarImage(28, 27, 3)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expected 3x28x28");
        assertThatThrownBy(() -> stitcher.write(tile, new PlanarImage(28, 28, 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expected 3x28x28");
        Tile foreign = TilePlanner.builder(20, 20).tileSize(10).padding(3).scale(2).build().tile(0);
        assertThatThrownBy(() -> stitcher.write(foreign, new PlanarImage(32, 32, 3)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not part of");

        stitcher.write(tile, new PlanarImage(28, 28, 3));
        assertThatThrownBy(() -> stitcher.write(tile, new PlanarImage(28, 28, 3)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("already written");

        assertThatThrownBy(() -> new TileStitcher(plan, new PlanarImage(40, 39, 3)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("40x40");
        assertThatThrownBy(() -> new TileStitcher(plan, new PlanarImage(40, 40, 3), -1, (a, b, c) -> { }))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("network trim");
        assertThatThrownBy(() -> new TileStitcher(plan, new PlanarImage(40, 40, 3), 5, (a, b, c) -> { }))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("= 4, got 5");
    }

    @Example
    void aFailingListenerFailsTheWriteButDoesNotRepeatTheBand() {
        TilePlanner plan = TilePlanner.builder(8, 8).tileSize(4).build();
        List<Integer> calls = new ArrayList<>();
        TileStitcher stitcher = new TileStitcher(plan, new PlanarImage(8, 8, 1), 0, (from, to, img) -> {
            calls.add(from);
            if (from == 0) {
                throw new IllegalStateException("encoder full");
            }
        });
        stitcher.write(plan.tile(0), new PlanarImage(4, 4, 1));
        assertThatThrownBy(() -> stitcher.write(plan.tile(1), new PlanarImage(4, 4, 1)))
                .hasMessage("encoder full");
        stitcher.write(plan.tile(2), new PlanarImage(4, 4, 1));
        stitcher.write(plan.tile(3), new PlanarImage(4, 4, 1));
        assertThat(calls).containsExactly(0, 4);
    }

    private static PlanarImage nanImage(int width, int height, int channels) {
        PlanarImage image = new PlanarImage(width, height, channels);
        Arrays.fill(image.data(), Float.NaN);
        return image;
    }

    /** Banded mode hands over the same rows the whole-image mode assembles, top to bottom. */
    @Property(tries = 60)
    void bandedModeHandsOverTheRowsOfTheWholeImage(
            @ForAll @IntRange(min = 1, max = 60) int width,
            @ForAll @IntRange(min = 1, max = 60) int height,
            @ForAll @IntRange(min = 1, max = 25) int tileSize,
            @ForAll @IntRange(min = 0, max = 3) int padding,
            @ForAll @IntRange(min = 1, max = 3) int scale,
            @ForAll long seed) {
        PlanarImage image = randomImage(width, height, 3, seed);
        TilePlanner plan = TilePlanner.builder(width, height).tileSize(tileSize).padding(padding).scale(scale).build();
        PlanarImage expected = nearest(image, scale);
        List<PlanarImage> bands = new ArrayList<>();
        TileStitcher stitcher = TileStitcher.banded(plan, 3, 0, (rgb, alpha) -> {
            assertThat(alpha).isNull();
            bands.add(rgb);
        });
        TileExtractor extractor = new TileExtractor(BorderMode.REPLICATE);
        for (Tile tile : plan.tiles()) {
            stitcher.write(tile, nearest(extractor.extract(image, tile), scale));
        }
        assertThat(stitcher.isComplete()).isTrue();
        assertThat(bands).hasSize(plan.rows());
        assertBandsTileTheOutput(bands, expected, plan);
    }

    /** The bands, stacked in the order they came, are exactly {@code expected}. */
    private static void assertBandsTileTheOutput(List<PlanarImage> bands, PlanarImage expected, TilePlanner plan) {
        int y0 = 0;
        for (PlanarImage band : bands) {
            assertThat(band.width()).isEqualTo(plan.outputWidth());
            assertThat(band).isEqualTo(expected.crop(0, y0, expected.width(), band.height()));
            y0 += band.height();
        }
        assertThat(y0).isEqualTo(plan.outputHeight());
    }

    /**
     * Full-width strips written in order go to the sink in bands of about a megabyte, never as a
     * whole tile row; strips written out of order are held back and still come out right.
     */
    @Example
    void stripsStreamInSmallBandsInOrderAndBufferOutOfOrder() {
        int width = 3000;
        int height = 90;
        int scale = 2;
        PlanarImage image = randomImage(width, height, 3, 7);
        TilePlanner plan = TilePlanner.builder(width, height).tileSize(width, 30).padding(3).scale(scale).build();
        assertThat(plan.columns()).isEqualTo(1);
        assertThat(plan.rows()).isEqualTo(3);
        PlanarImage expected = nearest(image, scale);
        TileExtractor extractor = new TileExtractor(BorderMode.REFLECT);
        for (List<Integer> order : List.of(List.of(0, 1, 2), List.of(1, 0, 2), List.of(2, 1, 0))) {
            List<PlanarImage> bands = new ArrayList<>();
            TileStitcher stitcher = TileStitcher.banded(plan, 3, 0, (rgb, alpha) -> bands.add(rgb.copy()));
            for (int i : order) {
                Tile tile = plan.tile(i);
                stitcher.write(tile, nearest(extractor.extract(image, tile), scale));
            }
            assertThat(stitcher.isComplete()).isTrue();
            assertBandsTileTheOutput(bands, expected, plan);
            if (order.equals(List.of(0, 1, 2))) {
                // 6000 output samples a row: at most 2^18 / 6000 = 43 rows a band, two bands a strip.
                assertThat(bands).hasSize(6).allSatisfy(band -> assertThat(band.height()).isLessThanOrEqualTo(43));
            }
        }
    }
}
