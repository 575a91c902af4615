package io.sr4j.tile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

class TilePlannerTest {

    /**
     * The contract of a plan, for any sizes: scaled cores cover every output pixel exactly once,
     * padded sources hold their core grown by P, and are multiples of A.
     */
    @Property(tries = 300)
    void coresCoverOutputExactlyOnceAndSourcesHoldThePadding(
            @ForAll @IntRange(min = 1, max = 2000) int width,
            @ForAll @IntRange(min = 1, max = 2000) int height,
            @ForAll @IntRange(min = 1, max = 2500) int tileSize,
            @ForAll @IntRange(min = 0, max = 3000) int padding,
            @ForAll @IntRange(min = 1, max = 4) int scale,
            @ForAll @IntRange(min = 1, max = 8) int alignment,
            @ForAll SplitMode split) {
        TilePlanner plan = TilePlanner.builder(width, height).tileSize(tileSize).padding(padding).scale(scale)
                .alignment(alignment).split(split).build();
        int outW = width * scale;
        int outH = height * scale;
        assertThat(plan.outputWidth()).isEqualTo(outW);
        assertThat(plan.outputHeight()).isEqualTo(outH);
        int columns = expectedCount(width, tileSize, alignment, split);
        int rows = expectedCount(height, tileSize, alignment, split);
        assertThat(plan.columns()).isEqualTo(columns);
        assertThat(plan.rows()).isEqualTo(rows);

        byte[] hits = new byte[outW * outH];
        Rect outputRect = new Rect(0, 0, outW, outH);
        List<Tile> tiles = plan.tiles();
        assertThat(tiles).hasSize(columns * rows);
        int maxSourceW = 0;
        int maxSourceH = 0;
        for (int i = 0; i < tiles.size(); i++) {
            Tile t = tiles.get(i);
            // Plain checks here: plans have up to millions of tiles, AssertJ per tile is too slow.
            String problem = problemWith(t, i, columns, tileSize, padding, scale, alignment, split, outputRect);
            if (problem != null) {
                throw new AssertionError("tile " + t + " of " + plan + ": " + problem);
            }
            Rect src = t.source();
            Rect out = t.outputCore();
            maxSourceW = Math.max(maxSourceW, src.width());
            maxSourceH = Math.max(maxSourceH, src.height());
            for (int y = out.y(); y < out.bottom(); y++) {
                int row = y * outW;
                for (int x = out.x(); x < out.right(); x++) {
                    if (++hits[row + x] != 1) {
                        throw new AssertionError("output pixel (" + x + ", " + y + ") covered twice, again by "
                                + t + " of " + plan);
                    }
                }
            }
        }
        for (int p = 0; p < hits.length; p++) {
            if (hits[p] != 1) {
                throw new AssertionError("output pixel (" + p % outW + ", " + p / outW + ") not covered by " + plan);
            }
        }
        assertThat(plan.maxSourceWidth()).isEqualTo(maxSourceW);
        assertThat(plan.maxSourceHeight()).isEqualTo(maxSourceH);
        for (int r = 0; r <= rows; r++) {
            int expected = r == rows ? outH : plan.tile(0, r).outputCore().y();
            assertThat(plan.outputRowStart(r)).isEqualTo(expected);
        }
    }

    @Property(tries = 300)
    void balancedCoresDifferByAtMostOnePixelAndKeepTheFixedTileCount(
            @ForAll @IntRange(min = 1, max = 5000) int length,
            @ForAll @IntRange(min = 1, max = 1000) int tileSize) {
        TilePlanner balanced = TilePlanner.builder(length, 1).tileSize(tileSize).split(SplitMode.BALANCED).build();
        TilePlanner fixed = TilePlanner.builder(length, 1).tileSize(tileSize).split(SplitMode.FIXED).build();
        assertThat(balanced.tileCount()).isEqualTo(fixed.tileCount());
        int min = Integer.MAX_VALUE;
        int max = 0;
        for (Tile t : balanced.tiles()) {
            min = Math.min(min, t.core().width());
            max = Math.max(max, t.core().width());
        }
        assertThat(max - min).isLessThanOrEqualTo(1);
        assertThat(max).isLessThanOrEqualTo(tileSize);
        // Fixed: every core but the last is exactly T.
        List<Tile> tiles = fixed.tiles();
        for (int i = 0; i < tiles.size() - 1; i++) {
            assertThat(tiles.get(i).core().width()).isEqualTo(tileSize);
        }
        assertThat(tiles.get(tiles.size() - 1).core().right()).isEqualTo(length);
    }

    @Example
    void balancedSplitsSevenHundredIntoTwoEqualTiles() {
        TilePlanner plan = TilePlanner.builder(700, 300).tileSize(512).build();
        assertThat(plan.split()).isEqualTo(SplitMode.BALANCED);
        assertThat(plan.tiles()).extracting(Tile::core)
                .containsExactly(new Rect(0, 0, 350, 300), new Rect(350, 0, 350, 300));
        TilePlanner odd = TilePlanner.builder(701, 1).tileSize(512).build();
        assertThat(odd.tiles()).extracting(t -> t.core().width()).containsExactly(351, 350);
    }

    @Example
    void fixedSplitFollowsTheReferenceProgramsGrid() {
        TilePlanner plan = TilePlanner.builder(700, 300).tileSize(512).padding(10).scale(4).alignment(2)
                .split(SplitMode.FIXED).build();
        Tile last = plan.tile(1);
        assertThat(plan.tile(0).core()).isEqualTo(new Rect(0, 0, 512, 300));
        assertThat(last.core()).isEqualTo(new Rect(512, 0, 188, 300));
        assertThat(last.source()).isEqualTo(new Rect(502, -10, 208, 320));
        assertThat(last.outputCore()).isEqualTo(new Rect(2048, 0, 752, 1200));
        assertThat(last.coreInNetworkOutput()).isEqualTo(new Rect(40, 40, 752, 1200));
    }

    @Example
    void alignmentExtraGoesRightAndBottom() {
        // 5 + 2*3 = 11 rounds up to 12 with A = 4.
        Tile only = TilePlanner.builder(5, 7).tileSize(8).padding(3).alignment(4).build().tile(0);
        assertThat(only.core()).isEqualTo(new Rect(0, 0, 5, 7));
        assertThat(only.source()).isEqualTo(new Rect(-3, -3, 12, 16));
    }

    @Example
    void tileSizeAtLeastTheImageGivesOneTile() {
        TilePlanner plan = TilePlanner.builder(640, 480).tileSize(640).padding(16).build();
        assertThat(plan.tileCount()).isEqualTo(1);
        assertThat(plan.tile(0).core()).isEqualTo(new Rect(0, 0, 640, 480));
    }

    @Example
    void hugePlansAreComputedOnDemand() {
        TilePlanner plan = TilePlanner.builder(1_000_000, 600_000).tileSize(1000).padding(8).scale(2).build();
        assertThat(plan.tiles()).hasSize(600_000);
        Tile last = plan.tile(plan.tileCount() - 1);
        assertThat(last.core()).isEqualTo(new Rect(999_000, 599_000, 1000, 1000));
        assertThat(last.outputCore().right()).isEqualTo(2_000_000);
        assertThat(plan.tile(999, 599)).isEqualTo(last);
    }

    @Example
    void invalidSettingsAreRejectedByName() {
        assertRejected(TilePlanner.builder(100, 100).tileSize(0), "tile size must be >= 1, got 0");
        assertRejected(TilePlanner.builder(100, 100).tileSize(-5), "tile size must be >= 1, got -5");
        assertRejected(TilePlanner.builder(100, 100).padding(-1), "padding must be >= 0, got -1");
        assertRejected(TilePlanner.builder(100, 100).scale(0), "scale must be >= 1, got 0");
        assertRejected(TilePlanner.builder(100, 100).alignment(0), "alignment must be >= 1, got 0");
        assertRejected(TilePlanner.builder(0, 100), "image width must be >= 1, got 0");
        assertRejected(TilePlanner.builder(100, -3), "image height must be >= 1, got -3");
        assertRejected(TilePlanner.builder(1_000_000_000, 10).scale(4), "at scale 4");
        assertRejected(TilePlanner.builder(100, 100).padding(Integer.MAX_VALUE / 2), "does not fit the int range");
        assertRejected(TilePlanner.builder(2_000_000_000, 2_000_000_000).tileSize(1), "too many");
        assertThatThrownBy(() -> TilePlanner.builder(10, 10).split(null)).isInstanceOf(NullPointerException.class);
    }

    @Example
    void tileLookupChecksBounds() {
        TilePlanner plan = TilePlanner.builder(100, 100).tileSize(40).build();
        assertThatThrownBy(() -> plan.tile(9)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> plan.tile(3, 0)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> plan.tile(-1)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Example
    void tileAndRectRejectInconsistentValues() {
        Rect core = new Rect(0, 0, 10, 10);
        assertThatThrownBy(() -> new Tile(0, 0, 0, core, new Rect(1, 0, 10, 10), 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not contain its core");
        assertThatThrownBy(() -> new Tile(0, 0, 0, core, core, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("scale");
        assertThatThrownBy(() -> new Rect(0, 0, 0, 5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0x5");
    }

    /** What is wrong with tile number {@code i}, or null; expectations from the definitions. */
    /** ⌈L / T⌉ tiles; BALANCED cores are whole alignment units, so never more tiles than units. */
    private static int expectedCount(int length, int tileSize, int alignment, SplitMode split) {
        int count = (length + tileSize - 1) / tileSize;
        return split == SplitMode.BALANCED ? Math.min(count, (length + alignment - 1) / alignment) : count;
    }

    private static String problemWith(Tile t, int i, int columns, int tileSize, int padding, int scale,
            int alignment, SplitMode split, Rect outputRect) {
        Rect core = t.core();
        Rect src = t.source();
        Rect out = t.outputCore();
        if (t.index() != i || t.column() != i % columns || t.row() != i / columns || t.scale() != scale) {
            return "index/column/row/scale not row-major position " + i;
        }
        // BALANCED cores are whole alignment units starting on multiples of A, so may pass T by < A.
        int maxCore = split == SplitMode.BALANCED ? tileSize + alignment - 1 : tileSize;
        if (core.width() > maxCore || core.height() > maxCore) {
            return "core larger than the tile size";
        }
        if (split == SplitMode.BALANCED && (core.x() % alignment != 0 || core.y() % alignment != 0)) {
            return "balanced core does not start on a multiple of the alignment " + alignment;
        }
        if (!out.equals(new Rect(core.x() * scale, core.y() * scale, core.width() * scale, core.height() * scale))) {
            return "output core is not core x scale";
        }
        if (!outputRect.contains(out)) {
            return "output core outside the output";
        }
        // Source = core grown by P, plus an alignment extra of fewer than A pixels right/bottom.
        if (src.x() != core.x() - padding || src.y() != core.y() - padding) {
            return "source origin is not core origin - padding";
        }
        if (src.right() < core.right() + padding || src.right() >= core.right() + padding + alignment
                || src.bottom() < core.bottom() + padding || src.bottom() >= core.bottom() + padding + alignment) {
            return "source far edge is not core + padding + alignment extra";
        }
        if (src.width() % alignment != 0 || src.height() % alignment != 0) {
            return "source size not a multiple of " + alignment;
        }
        if (t.networkOutputWidth() != src.width() * scale || t.networkOutputHeight() != src.height() * scale) {
            return "network output size is not source x scale";
        }
        Rect inNet = t.coreInNetworkOutput();
        if (!inNet.equals(new Rect(padding * scale, padding * scale, core.width() * scale, core.height() * scale))
                || !new Rect(0, 0, t.networkOutputWidth(), t.networkOutputHeight()).contains(inNet)) {
            return "core in network output is " + inNet;
        }
        return null;
    }

    private static void assertRejected(TilePlanner.Builder builder, String message) {
        assertThatThrownBy(builder::build).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }
}
