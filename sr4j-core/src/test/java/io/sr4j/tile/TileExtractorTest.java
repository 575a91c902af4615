package io.sr4j.tile;

import static io.sr4j.tile.TileFixtures.randomImage;
import static io.sr4j.tile.TileFixtures.sampleOutside;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sr4j.image.PlanarImage;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

class TileExtractorTest {

    /** Any rectangle, inside, straddling or far outside the image: every sample follows the rule. */
    @Property(tries = 400)
    void everySampleFollowsTheBorderRule(
            @ForAll @IntRange(min = 1, max = 40) int width,
            @ForAll @IntRange(min = 1, max = 40) int height,
            @ForAll @IntRange(min = 1, max = 3) int channels,
            @ForAll @IntRange(min = -130, max = 170) int x,
            @ForAll @IntRange(min = -130, max = 170) int y,
            @ForAll @IntRange(min = 1, max = 130) int w,
            @ForAll @IntRange(min = 1, max = 130) int h,
            @ForAll BorderMode mode,
            @ForAll long seed) {
        PlanarImage image = randomImage(width, height, channels, seed);
        Rect rect = new Rect(x, y, w, h);
        PlanarImage into = new PlanarImage(w, h, channels);
        Arrays.fill(into.data(), Float.NaN); // a reused buffer with stale contents
        new TileExtractor(mode).extract(image, rect, into);
        assertMatchesNaive(image, rect, into, mode);
    }

    /**
     * A window of the image's rows that holds every row the rectangle reads gives what the whole
     * image gives (a stage fed band by band); a row outside the window is refused.
     */
    @Property(tries = 300)
    void aWindowOfRowsReadsAsTheWholeImage(
            @ForAll @IntRange(min = 1, max = 30) int width,
            @ForAll @IntRange(min = 1, max = 40) int height,
            @ForAll @IntRange(min = -20, max = 50) int y,
            @ForAll @IntRange(min = 1, max = 40) int h,
            @ForAll BorderMode mode,
            @ForAll long seed) {
        PlanarImage image = randomImage(width, height, 3, seed);
        Rect rect = new Rect(-3, y, width + 6, h);
        int lo = Integer.MAX_VALUE;
        int hi = -1;
        for (int r = y; r < y + h; r++) {
            int sy = mode.sourceIndex(r, height);
            if (sy >= 0) {
                lo = Math.min(lo, sy);
                hi = Math.max(hi, sy);
            }
        }
        PlanarImage whole = new PlanarImage(rect.width(), h, 3);
        new TileExtractor(mode).extract(image, rect, whole);
        if (hi < 0) {
            return; // every row outside (ZERO): nothing to hold
        }
        PlanarImage window = image.crop(0, lo, width, hi - lo + 1);
        PlanarImage fromWindow = new PlanarImage(rect.width(), h, 3);
        new TileExtractor(mode).extract(window, lo, height, rect, fromWindow);
        assertThat(fromWindow.data()).containsExactly(whole.data());
        if (hi - lo >= 1) {
            int start = lo + 1;
            PlanarImage tooShort = image.crop(0, start, width, hi - lo);
            assertThatThrownBy(() -> new TileExtractor(mode).extract(tooShort, start, height, rect,
                    new PlanarImage(rect.width(), h, 3))).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("not in the window");
        }
    }

    /** Tiles of a plan whose padding exceeds the image: reflect back and forth. */
    @Property(tries = 200)
    void paddingLargerThanTheImage(
            @ForAll @IntRange(min = 1, max = 9) int width,
            @ForAll @IntRange(min = 1, max = 9) int height,
            @ForAll @IntRange(min = 1, max = 4) int tileSize,
            @ForAll @IntRange(min = 10, max = 60) int padding,
            @ForAll @IntRange(min = 1, max = 4) int alignment,
            @ForAll BorderMode mode,
            @ForAll long seed) {
        PlanarImage image = randomImage(width, height, 3, seed);
        TilePlanner plan = TilePlanner.builder(width, height).tileSize(tileSize).padding(padding)
                .alignment(alignment).build();
        TileExtractor extractor = new TileExtractor(mode);
        for (Tile tile : plan.tiles()) {
            PlanarImage padded = extractor.extract(image, tile);
            assertThat(padded.width()).isEqualTo(tile.source().width());
            assertThat(padded.height()).isEqualTo(tile.source().height());
            assertMatchesNaive(image, tile.source(), padded, mode);
        }
    }

    @Example
    void insideTheImageTheTileIsACopyOfTheSource() {
        PlanarImage image = randomImage(60, 60, 3, 7);
        Tile tile = TilePlanner.builder(60, 60).tileSize(20).padding(3).build().tile(1, 1);
        assertThat(tile.source()).isEqualTo(new Rect(17, 17, 26, 26));
        PlanarImage padded = new TileExtractor(BorderMode.REFLECT).extract(image, tile);
        Rect s = tile.source();
        assertThat(padded).isEqualTo(image.crop(s.x(), s.y(), s.width(), s.height()));
    }

    @Example
    void borderModesReadTheDocumentedColumns() {
        // Row a b c d read at columns -3 .. 6, as in BorderMode's javadoc.
        PlanarImage row = new PlanarImage(4, 1, 1, new float[] {1, 2, 3, 4});
        Rect rect = new Rect(-3, 0, 10, 1);
        assertThat(extractRow(BorderMode.REFLECT, row, rect)).containsExactly(4, 3, 2, 1, 2, 3, 4, 3, 2, 1);
        assertThat(extractRow(BorderMode.REPLICATE, row, rect)).containsExactly(1, 1, 1, 1, 2, 3, 4, 4, 4, 4);
        assertThat(extractRow(BorderMode.ZERO, row, rect)).containsExactly(0, 0, 0, 1, 2, 3, 4, 0, 0, 0);
    }

    /** Border indices agree with numpy.pad (fixture written by make_border_indices.py). */
    @Example
    void borderIndicesAgreeWithNumpyPad() throws IOException {
        int cases = 0;
        try (InputStream in = getClass().getResourceAsStream("border-indices.txt");
             BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.startsWith("#") || line.isBlank()) {
                    continue;
                }
                String[] head = line.substring(0, line.indexOf(':')).split(" ");
                String[] values = line.substring(line.indexOf(':') + 1).trim().split(" ");
                BorderMode mode = BorderMode.valueOf(head[0]);
                int n = Integer.parseInt(head[1]);
                int before = Integer.parseInt(head[2]);
                assertThat(values).hasSize(n + before + Integer.parseInt(head[3]));
                for (int k = 0; k < values.length; k++) {
                    assertThat(mode.sourceIndex(k - before, n)).as("%s n=%d at %d", mode, n, k - before)
                            .isEqualTo(Integer.parseInt(values[k]));
                }
                cases++;
            }
        }
        assertThat(cases).isEqualTo(27);
    }

    @Example
    void rejectsADestinationOfTheWrongShape() {
        PlanarImage image = randomImage(10, 10, 3, 1);
        TileExtractor extractor = new TileExtractor(BorderMode.REFLECT);
        Rect rect = new Rect(-2, -2, 8, 8);
        assertThatThrownBy(() -> extractor.extract(image, rect, new PlanarImage(8, 7, 3)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not match");
        assertThatThrownBy(() -> extractor.extract(image, rect, new PlanarImage(8, 8, 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("3 channels");
        assertThatThrownBy(() -> BorderMode.REFLECT.sourceIndex(0, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("edge length");
    }

    private static float[] extractRow(BorderMode mode, PlanarImage row, Rect rect) {
        PlanarImage into = new PlanarImage(rect.width(), 1, 1);
        new TileExtractor(mode).extract(row, rect, into);
        return into.data();
    }

    private static void assertMatchesNaive(PlanarImage image, Rect rect, PlanarImage got, BorderMode mode) {
        for (int c = 0; c < image.channels(); c++) {
            for (int dy = 0; dy < rect.height(); dy++) {
                for (int dx = 0; dx < rect.width(); dx++) {
                    float expected = sampleOutside(image, mode, c, rect.x() + dx, rect.y() + dy);
                    float actual = got.get(c, dx, dy);
                    if (Float.compare(expected, actual) != 0) {
                        throw new AssertionError(mode + " " + image + " rect " + rect + ": sample (c=" + c + ", "
                                + (rect.x() + dx) + ", " + (rect.y() + dy) + ") is " + actual + ", expected "
                                + expected);
                    }
                }
            }
        }
    }
}
