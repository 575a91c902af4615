package io.sr4j.tile;

import static io.sr4j.tile.TileFixtures.boxBlurSame;
import static io.sr4j.tile.TileFixtures.boxBlurValid;
import static io.sr4j.tile.TileFixtures.boxBlurWhole;
import static io.sr4j.tile.TileFixtures.firstDifference;
import static io.sr4j.tile.TileFixtures.nearest;
import static io.sr4j.tile.TileFixtures.randomImage;
import static io.sr4j.tile.TileFixtures.runTiled;
import static org.assertj.core.api.Assertions.assertThat;

import io.sr4j.image.PlanarImage;
import io.sr4j.testing.TestData;
import java.io.IOException;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * End to end with fake networks: extract → network → stitch must equal the network applied to the
 * whole image, exactly, whenever the padding covers the network's receptive field.
 */
class TiledEqualsWholeTest {

    @Property(tries = 150)
    void nearestNeighbourNetworkTiledEqualsWhole(
            @ForAll @IntRange(min = 1, max = 256) int width,
            @ForAll @IntRange(min = 1, max = 256) int height,
            @ForAll @IntRange(min = 1, max = 3) int channels,
            @ForAll @IntRange(min = 8, max = 300) int tileSize,
            @ForAll @IntRange(min = 0, max = 8) int padding,
            @ForAll @IntRange(min = 1, max = 4) int scale,
            @ForAll @IntRange(min = 1, max = 4) int alignment,
            @ForAll SplitMode split,
            @ForAll BorderMode mode,
            @ForAll long seed) {
        PlanarImage image = randomImage(width, height, channels, seed);
        TilePlanner plan = TilePlanner.builder(width, height).tileSize(tileSize).padding(padding).scale(scale)
                .alignment(alignment).split(split).build();
        PlanarImage tiled = runTiled(image, plan, mode, 0, tile -> nearest(tile, scale));
        assertSame(tiled, nearest(image, scale), plan);
    }

    /** A (2r+1)² box blur then ×s; P ≥ r covers its receptive field. */
    @Property(tries = 150)
    void boxBlurNetworkTiledEqualsWholeWithTheSameBorderRule(
            @ForAll @IntRange(min = 1, max = 96) int width,
            @ForAll @IntRange(min = 1, max = 96) int height,
            @ForAll @IntRange(min = 1, max = 2) int radius,
            @ForAll @IntRange(min = 8, max = 64) int tileSize,
            @ForAll @IntRange(min = 0, max = 6) int extraPadding,
            @ForAll @IntRange(min = 1, max = 3) int scale,
            @ForAll @IntRange(min = 1, max = 4) int alignment,
            @ForAll SplitMode split,
            @ForAll BorderMode mode,
            @ForAll long seed) {
        PlanarImage image = randomImage(width, height, 3, seed);
        TilePlanner plan = TilePlanner.builder(width, height).tileSize(tileSize).padding(radius + extraPadding)
                .scale(scale).alignment(alignment).split(split).build();
        PlanarImage tiled = runTiled(image, plan, mode, 0, tile -> nearest(boxBlurSame(tile, radius), scale));
        assertSame(tiled, nearest(boxBlurWhole(image, radius, mode), scale), plan);
    }

    /**
     * Rectangular tiles and full-width strips (the automatic choice's shapes), assembled by the banded
     * stitcher that streams strips straight to its sink, equal the whole-image result.
     */
    @Property(tries = 150)
    void stripsAndRectangularTilesThroughTheBandedStitcherEqualWhole(
            @ForAll @IntRange(min = 1, max = 96) int width,
            @ForAll @IntRange(min = 1, max = 96) int height,
            @ForAll @IntRange(min = 1, max = 2) int radius,
            @ForAll @IntRange(min = 8, max = 120) int tileWidth,
            @ForAll @IntRange(min = 8, max = 64) int tileHeight,
            @ForAll @IntRange(min = 1, max = 3) int scale,
            @ForAll @IntRange(min = 1, max = 4) int alignment,
            @ForAll BorderMode mode,
            @ForAll long seed) {
        PlanarImage image = randomImage(width, height, 3, seed);
        TilePlanner plan = TilePlanner.builder(width, height).tileSize(tileWidth, tileHeight).padding(radius)
                .scale(scale).alignment(alignment).build();
        PlanarImage tiled = new PlanarImage(plan.outputWidth(), plan.outputHeight(), 3);
        int[] rows = {0};
        TileStitcher stitcher = TileStitcher.banded(plan, 3, 0, (band, alpha) -> {
            for (int c = 0; c < 3; c++) {
                System.arraycopy(band.data(), band.planeOffset(c), tiled.data(),
                        tiled.planeOffset(c) + rows[0] * tiled.width(), band.planeSize());
            }
            rows[0] += band.height();
        });
        TileExtractor extractor = new TileExtractor(mode);
        for (Tile tile : plan.tiles()) {
            stitcher.write(tile, nearest(boxBlurSame(extractor.extract(image, tile), radius), scale));
        }
        assertThat(rows[0]).isEqualTo(plan.outputHeight());
        assertSame(tiled, nearest(boxBlurWhole(image, radius, mode), scale), plan);
    }

    /** A network that crops its own padding (valid convolutions, as Real-CUGAN does), stitched with a trim. */
    @Property(tries = 100)
    void networkThatCropsItsPaddingStitchesWithTrim(
            @ForAll @IntRange(min = 1, max = 96) int width,
            @ForAll @IntRange(min = 1, max = 96) int height,
            @ForAll @IntRange(min = 1, max = 2) int radius,
            @ForAll @IntRange(min = 8, max = 64) int tileSize,
            @ForAll @IntRange(min = 1, max = 3) int scale,
            @ForAll @IntRange(min = 1, max = 4) int alignment,
            @ForAll BorderMode mode,
            @ForAll long seed) {
        PlanarImage image = randomImage(width, height, 3, seed);
        TilePlanner plan = TilePlanner.builder(width, height).tileSize(tileSize).padding(radius).scale(scale)
                .alignment(alignment).build();
        PlanarImage tiled = runTiled(image, plan, mode, radius * scale,
                tile -> nearest(boxBlurValid(tile, radius), scale));
        assertSame(tiled, nearest(boxBlurWhole(image, radius, mode), scale), plan);
    }

    /**
     * The comparison can fail: with padding smaller than the blur radius, tiles differ from the
     * whole image, and only near tile edges (seams, and image edges where the network's own
     * clamping now stands in for the reflection).
     */
    @Example
    void paddingBelowTheReceptiveFieldShowsSeams() {
        int radius = 2;
        PlanarImage image = randomImage(64, 48, 3, 11);
        for (int padding = 0; padding < radius; padding++) {
            TilePlanner plan = TilePlanner.builder(64, 48).tileSize(16).padding(padding).build();
            PlanarImage tiled = runTiled(image, plan, BorderMode.REFLECT, 0, tile -> boxBlurSame(tile, radius));
            PlanarImage whole = boxBlurWhole(image, radius, BorderMode.REFLECT);
            int differing = 0;
            for (int c = 0; c < 3; c++) {
                for (int y = 0; y < 48; y++) {
                    for (int x = 0; x < 64; x++) {
                        if (Float.compare(tiled.get(c, x, y), whole.get(c, x, y)) != 0) {
                            differing++;
                            // Tile edges at multiples of 16; a pixel farther than radius - padding
                            // from every tile edge sees only the context the whole image gives it.
                            assertThat(Math.min(distanceToTileEdge(x, 64), distanceToTileEdge(y, 48)))
                                    .as("padding %d, pixel (%d, %d)", padding, x, y)
                                    .isLessThan(radius - padding);
                        }
                    }
                }
            }
            assertThat(differing).as("padding %d", padding).isGreaterThan(0);
        }
    }

    /** A real photo, both split modes, the two border rules models use. */
    @Example
    void realPhotoTiledEqualsWhole() throws IOException {
        PlanarImage photo = TileFixtures.readPhoto(TestData.skimage("astronaut.png"));
        assertThat(photo.width()).isEqualTo(512);
        assertThat(photo.channels()).isEqualTo(3);
        int radius = 2;
        int scale = 2;
        for (BorderMode mode : new BorderMode[] {BorderMode.REFLECT, BorderMode.REPLICATE}) {
            PlanarImage whole = nearest(boxBlurWhole(photo, radius, mode), scale);
            for (SplitMode split : SplitMode.values()) {
                TilePlanner plan = TilePlanner.builder(512, 512).tileSize(120).padding(radius + 1).scale(scale)
                        .alignment(4).split(split).build();
                assertThat(plan.tileCount()).isEqualTo(25);
                PlanarImage tiled = runTiled(photo, plan, mode, 0, tile -> nearest(boxBlurSame(tile, radius), scale));
                assertSame(tiled, whole, plan);
            }
        }
    }

    /** Pixels between x and the nearest edge of a 16-pixel tile (0 for a pixel on the edge). */
    private static int distanceToTileEdge(int x, int length) {
        int best = Integer.MAX_VALUE;
        for (int edge = 0; edge <= length; edge += 16) {
            best = Math.min(best, x < edge ? edge - 1 - x : x - edge);
        }
        return best;
    }

    private static void assertSame(PlanarImage tiled, PlanarImage whole, TilePlanner plan) {
        int i = firstDifference(tiled, whole);
        if (i >= 0) {
            int plane = whole.planeSize();
            throw new AssertionError(plan + ": tiled output differs from whole-image output at channel "
                    + i / plane + " (" + i % plane % whole.width() + ", " + i % plane / whole.width() + "): "
                    + tiled.data()[i] + " vs " + whole.data()[i]);
        }
    }
}
