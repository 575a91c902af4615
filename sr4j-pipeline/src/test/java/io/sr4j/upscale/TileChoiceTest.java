package io.sr4j.upscale;

import static org.assertj.core.api.Assertions.assertThat;

import io.sr4j.tile.Tile;
import io.sr4j.tile.TilePlanner;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** The automatic tile choice: one tile when it fits, full-width strips, square tiles for very wide images. */
class TileChoiceTest {
    /** realesrgan-x4fast: 64 feature channels, ×4, catalogue padding 32. */
    private static final TileChoice X4FAST = TileChoice.automatic(64, TileChoice.DEFAULT_BUDGET_BYTES);

    @Test
    void anExplicitTileSizeIsKept() {
        TilePlanner plan = TileChoice.fixed(256).plan(800, 600, 32, 4, 1);
        assertThat(plan.tileWidth()).isEqualTo(256);
        assertThat(plan.tileHeight()).isEqualTo(256);
        assertThat(plan.tileCount()).isEqualTo(12);
    }

    @Test
    void an800x600PhotoIsOneTileForX4fast() {
        TilePlanner plan = X4FAST.plan(800, 600, 32, 4, 1);
        assertThat(plan.tileCount()).isEqualTo(1);
        assertThat(fits(X4FAST, plan, 4)).isTrue();
    }

    @Test
    void largePhotosAreCutIntoFullWidthStripsThatFit() {
        TilePlanner plan = X4FAST.plan(1920, 1080, 32, 4, 1);
        assertThat(plan.columns()).isEqualTo(1);
        assertThat(plan.rows()).isGreaterThan(1);
        assertThat(fits(X4FAST, plan, 4)).isTrue();
        // No needless strips: one strip fewer would not fit.
        TilePlanner fewer = TilePlanner.builder(1920, 1080).padding(32).scale(4)
                .tileSize(1920, (1080 + plan.rows() - 2) / (plan.rows() - 1)).build();
        assertThat(fits(X4FAST, fewer, 4)).isFalse();
    }

    @Test
    void imagesTooWideForGoodStripsGetSquareTiles() {
        // 4000 px wide: a strip that fits would be 82 rows for 64 rows of padding.
        TilePlanner plan = X4FAST.plan(4000, 3000, 32, 4, 1);
        assertThat(plan.columns()).isGreaterThan(1);
        assertThat(plan.tileWidth()).isEqualTo(plan.tileHeight());
        assertThat(fits(X4FAST, plan, 4)).isTrue();
    }

    @Test
    void aWiderNetworkGetsSmallerPieces() {
        // A network four times as wide as x4fast (Real-CUGAN up2x measures 138 floats per input pixel).
        TileChoice cugan = TileChoice.automatic(256, TileChoice.DEFAULT_BUDGET_BYTES);
        TilePlanner narrow = X4FAST.plan(2000, 2000, 24, 2, 4);
        TilePlanner wide = cugan.plan(2000, 2000, 24, 2, 4);
        assertThat(wide.tileCount()).isGreaterThan(narrow.tileCount());
        assertThat(fits(cugan, wide, 2)).isTrue();
    }

    /** Whatever the image and network, every tile fits the budget unless tiles are already at the smallest edge. */
    @Property(tries = 200)
    void everyTileFitsTheBudget(@ForAll @IntRange(min = 1, max = 20000) int width,
            @ForAll @IntRange(min = 1, max = 20000) int height,
            @ForAll @IntRange(min = 8, max = 512) int widest,
            @ForAll @IntRange(min = 0, max = 40) int padding,
            @ForAll @IntRange(min = 1, max = 4) int scale) {
        TileChoice choice = TileChoice.automatic(widest, 256L << 20);
        TilePlanner plan = choice.plan(width, height, padding, scale, 1);
        boolean smallest = Math.min(plan.tileWidth(), plan.tileHeight()) <= TileChoice.MIN_EDGE;
        assertThat(fits(choice, plan, scale) || smallest).as(plan.toString()).isTrue();
    }

    /** Engine memory of every tile, plus for square tiles the output band of one tile row, within the budget. */
    private static boolean fits(TileChoice choice, TilePlanner plan, int scale) {
        double band = plan.columns() == 1 ? 0 : 12.0 * plan.outputWidth() * plan.outputRowStart(1);
        for (Tile tile : plan.tiles()) {
            double bytes = band + (double) tile.source().width() * tile.source().height()
                    * choice.bytesPerSourcePixel(scale);
            if (bytes > choice.budgetBytes()) {
                return false;
            }
        }
        return true;
    }
}
