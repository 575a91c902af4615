package io.sr4j.tile;

import java.util.AbstractList;
import java.util.List;
import java.util.Objects;
import java.util.RandomAccess;

/**
 * Divides an image into tiles for a super-resolution network, so that memory stays bounded
 * whatever the image size. Immutable and thread-safe.
 *
 * <p>Reads: image width and height; tile core size T (the longest core edge, in input pixels;
 * T at least the image edge means one tile that way; a width and a height of their own give
 * rectangular tiles, e.g. full-width strips); padding P (context added on every side of
 * the core, at least the network's receptive-field radius for seamless output); scale s (the
 * network's output is s times its input); alignment A (padded inputs are rounded up to a multiple
 * of A on the right and bottom, for networks that need sizes divisible by 2 or 4); and the
 * {@link SplitMode}. Produces {@link Tile}s in row-major order from the top-left: their cores
 * partition the image, their scaled cores partition the output of {@code width·s × height·s}.
 *
 * <p>Tiles are computed on demand from O(1) state, so a plan for a huge image costs nothing until
 * its tiles are asked for.
 *
 * <pre>{@code
 * TilePlanner plan = TilePlanner.builder(4000, 3000).tileSize(400).padding(10).scale(4).build();
 * for (Tile tile : plan.tiles()) { ... }
 * }</pre>
 */
public final class TilePlanner {
    /** Tile size used when the builder is not given one. */
    public static final int DEFAULT_TILE_SIZE = 512;

    private final int width;
    private final int height;
    private final int tileWidth;
    private final int tileHeight;
    private final int padding;
    private final int scale;
    private final int alignment;
    private final SplitMode split;
    private final Axis xAxis;
    private final Axis yAxis;

    private TilePlanner(Builder b) {
        requireAtLeast("image width", b.width, 1);
        requireAtLeast("image height", b.height, 1);
        boolean square = b.tileWidth == b.tileHeight;
        requireAtLeast(square ? "tile size" : "tile width", b.tileWidth, 1);
        requireAtLeast(square ? "tile size" : "tile height", b.tileHeight, 1);
        requireAtLeast("padding", b.padding, 0);
        requireAtLeast("scale", b.scale, 1);
        requireAtLeast("alignment", b.alignment, 1);
        Objects.requireNonNull(b.split, "split");
        this.width = b.width;
        this.height = b.height;
        this.tileWidth = b.tileWidth;
        this.tileHeight = b.tileHeight;
        this.padding = b.padding;
        this.scale = b.scale;
        this.alignment = b.alignment;
        this.split = b.split;
        this.xAxis = new Axis(width, tileWidth, alignment, split);
        this.yAxis = new Axis(height, tileHeight, alignment, split);

        if ((long) width * scale > Integer.MAX_VALUE || (long) height * scale > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("output of " + width + "x" + height + " at scale " + scale
                    + " is larger than " + Integer.MAX_VALUE + " pixels on an edge");
        }
        // The padded source must fit int coordinates up to its far edge (at most P + A - 1 beyond
        // the image), and its scaled network output must fit an int size.
        long maxSource = alignUp((long) Math.max(xAxis.maxCore, yAxis.maxCore) + 2L * padding, alignment);
        long farEdge = (long) Math.max(width, height) + padding + alignment;
        if (maxSource * scale > Integer.MAX_VALUE || farEdge > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("padded tile of " + maxSource + " px (tile size " + tileSize()
                    + ", padding " + padding + ", alignment " + alignment + ") at scale " + scale
                    + " does not fit the int range");
        }
        if ((long) xAxis.count * yAxis.count > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(xAxis.count + "x" + yAxis.count + " tiles are too many;"
                    + " use a larger tile size than " + tileWidth + "x" + tileHeight);
        }
    }

    /** A builder for an image of {@code width × height} input pixels (checked by {@code build()}). */
    public static Builder builder(int width, int height) {
        return new Builder(width, height);
    }

    private static void requireAtLeast(String what, int value, int min) {
        if (value < min) {
            throw new IllegalArgumentException(what + " must be >= " + min + ", got " + value);
        }
    }

    private static long alignUp(long n, int a) {
        return (n + a - 1) / a * a;
    }

    /** Input image width. */
    public int width() {
        return width;
    }

    /** Input image height. */
    public int height() {
        return height;
    }

    /** Longest core edge T, as configured (may exceed the image): the larger of the tile width and height. */
    public int tileSize() {
        return Math.max(tileWidth, tileHeight);
    }

    /** Core width as configured (may exceed the image). */
    public int tileWidth() {
        return tileWidth;
    }

    /** Core height as configured (may exceed the image). */
    public int tileHeight() {
        return tileHeight;
    }

    /** Padding P added on every side of each core. */
    public int padding() {
        return padding;
    }

    /** Network scale factor s. */
    public int scale() {
        return scale;
    }

    /** Alignment A of padded tile sizes. */
    public int alignment() {
        return alignment;
    }

    public SplitMode split() {
        return split;
    }

    /** Output width: {@code width × scale}. */
    public int outputWidth() {
        return width * scale;
    }

    /** Output height: {@code height × scale}. */
    public int outputHeight() {
        return height * scale;
    }

    /** Number of tile columns: ⌈width / tile width⌉. */
    public int columns() {
        return xAxis.count;
    }

    /** Number of tile rows: ⌈height / tile height⌉. */
    public int rows() {
        return yAxis.count;
    }

    /** Number of tiles: columns × rows. */
    public int tileCount() {
        return xAxis.count * yAxis.count;
    }

    /** Widest padded source of any tile: a network input buffer of this size fits every tile. */
    public int maxSourceWidth() {
        return (int) alignUp((long) xAxis.maxCore + 2L * padding, alignment);
    }

    /** Tallest padded source of any tile. */
    public int maxSourceHeight() {
        return (int) alignUp((long) yAxis.maxCore + 2L * padding, alignment);
    }

    /** The first output row of tile row {@code row}; {@code outputRowStart(rows())} is the output height. */
    public int outputRowStart(int row) {
        if (row < 0 || row > yAxis.count) {
            throw new IndexOutOfBoundsException("tile row " + row + " of " + yAxis.count);
        }
        return yAxis.start(row) * scale;
    }

    /** The tile at {@code index} in row-major order. */
    public Tile tile(int index) {
        int count = tileCount();
        if (index < 0 || index >= count) {
            throw new IndexOutOfBoundsException("tile " + index + " of " + count);
        }
        return tile(index % xAxis.count, index / xAxis.count);
    }

    /** The tile at {@code column}, {@code row}. */
    public Tile tile(int column, int row) {
        if (column < 0 || column >= xAxis.count || row < 0 || row >= yAxis.count) {
            throw new IndexOutOfBoundsException("tile (" + column + ", " + row + ") of " + xAxis.count + "x"
                    + yAxis.count);
        }
        int x = xAxis.start(column);
        int y = yAxis.start(row);
        int w = xAxis.start(column + 1) - x;
        int h = yAxis.start(row + 1) - y;
        Rect core = new Rect(x, y, w, h);
        Rect source = new Rect(x - padding, y - padding,
                (int) alignUp((long) w + 2L * padding, alignment), (int) alignUp((long) h + 2L * padding, alignment));
        return new Tile(row * xAxis.count + column, column, row, core, source, scale);
    }

    /** All tiles, row-major; an unmodifiable view that makes each tile when it is read. */
    public List<Tile> tiles() {
        return new TileList();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TilePlanner p && width == p.width && height == p.height && tileWidth == p.tileWidth
                && tileHeight == p.tileHeight && padding == p.padding && scale == p.scale && alignment == p.alignment
                && split == p.split;
    }

    @Override
    public int hashCode() {
        return Objects.hash(width, height, tileWidth, tileHeight, padding, scale, alignment, split);
    }

    @Override
    public String toString() {
        String tile = tileWidth == tileHeight ? Integer.toString(tileWidth) : tileWidth + "x" + tileHeight;
        return "TilePlanner[" + width + "x" + height + ", tile " + tile + ", padding " + padding + ", scale "
                + scale + ", alignment " + alignment + ", " + split + ": " + columns() + "x" + rows() + " tiles]";
    }

    /**
     * Core boundaries along one edge, computed from O(1) state. BALANCED cores start on multiples of
     * the alignment: networks that downsample (U-Nets) see a different sampling phase at an odd
     * offset, so a tile starting there would not match the whole-image result (measured on
     * Real-CUGAN: 41 dB instead of 60+ against whole-image output).
     */
    private static final class Axis {
        final int length;
        final int count;
        final int alignment;
        final int baseUnits;
        final int remainder;
        final int maxCore;
        final SplitMode split;
        final int tileSize;

        Axis(int length, int tileSize, int alignment, SplitMode split) {
            this.length = length;
            this.tileSize = tileSize;
            this.split = split;
            long units = ((long) length + alignment - 1) / alignment;
            int wanted = (int) (((long) length + tileSize - 1) / tileSize);
            this.count = split == SplitMode.FIXED ? wanted : (int) Math.min(wanted, units);
            this.alignment = alignment;
            this.baseUnits = (int) (units / count);
            this.remainder = (int) (units % count);
            this.maxCore = split == SplitMode.FIXED
                    ? Math.min(tileSize, length)
                    : (int) Math.min(length, (long) alignment * (baseUnits + (remainder > 0 ? 1 : 0)));
        }

        /** Start of core i; start(count) == length. */
        int start(int i) {
            if (split == SplitMode.FIXED) {
                return (int) Math.min((long) i * tileSize, length);
            }
            // Cores are whole numbers of alignment units; the first `remainder` get one unit more.
            return (int) Math.min(length, (long) alignment * ((long) i * baseUnits + Math.min(i, remainder)));
        }
    }

    private final class TileList extends AbstractList<Tile> implements RandomAccess {
        @Override
        public Tile get(int index) {
            return tile(index);
        }

        @Override
        public int size() {
            return tileCount();
        }
    }

    /**
     * Collects the plan's settings; {@link #build()} validates them all and names the first bad one.
     * Defaults: tile size {@value TilePlanner#DEFAULT_TILE_SIZE}, padding 0, scale 1, alignment 1,
     * {@link SplitMode#BALANCED}.
     */
    public static final class Builder {
        private final int width;
        private final int height;
        private int tileWidth = DEFAULT_TILE_SIZE;
        private int tileHeight = DEFAULT_TILE_SIZE;
        private int padding;
        private int scale = 1;
        private int alignment = 1;
        private SplitMode split = SplitMode.BALANCED;

        private Builder(int width, int height) {
            this.width = width;
            this.height = height;
        }

        /** Square tiles: core edge T in input pixels, ≥ 1. */
        public Builder tileSize(int tileSize) {
            return tileSize(tileSize, tileSize);
        }

        /**
         * Rectangular tiles: core width and height in input pixels, each ≥ 1. A width of at least the
         * image's gives full-width strips, whose padding is only above and below.
         */
        public Builder tileSize(int tileWidth, int tileHeight) {
            this.tileWidth = tileWidth;
            this.tileHeight = tileHeight;
            return this;
        }

        /** Context P added on every side of each core, ≥ 0. */
        public Builder padding(int padding) {
            this.padding = padding;
            return this;
        }

        /** The network's integer scale factor s, ≥ 1. */
        public Builder scale(int scale) {
            this.scale = scale;
            return this;
        }

        /** Padded sizes are rounded up to a multiple of this, ≥ 1 (1 = no alignment). */
        public Builder alignment(int alignment) {
            this.alignment = alignment;
            return this;
        }

        /** How edges are divided into cores. */
        public Builder split(SplitMode split) {
            this.split = Objects.requireNonNull(split, "split");
            return this;
        }

        /** @throws IllegalArgumentException naming the first invalid setting */
        public TilePlanner build() {
            return new TilePlanner(this);
        }
    }
}
