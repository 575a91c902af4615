package io.sr4j.tile;

import java.util.Objects;

/**
 * One tile of a {@link TilePlanner} plan.
 *
 * <p>The {@linkplain #core() core} is the part of the input this tile is responsible for; cores
 * of a plan partition the input image. The {@linkplain #source() source} is what the network is
 * fed: the core grown by the padding on every side, plus the alignment extra on the right and
 * bottom; it may reach outside the image, where {@link TileExtractor} fills it by a border rule.
 * The network's output for the tile is {@code scale} times the source; of it only the scaled
 * core ({@link #coreInNetworkOutput()}) is kept and written at {@link #outputCore()} of the
 * output image.
 *
 * @param index  position in the plan, row-major ({@code row * columns + column})
 * @param column tile column, 0 at the left
 * @param row    tile row, 0 at the top
 * @param core   the core in input coordinates, inside the image
 * @param source the padded network input in input coordinates; contains {@code core}
 * @param scale  the network's integer scale factor, ≥ 1
 */
public record Tile(int index, int column, int row, Rect core, Rect source, int scale) {

    /**
     * @throws IllegalArgumentException if the source does not contain the core, a number is
     *                                  negative, or the scaled source overflows int
     */
    public Tile {
        Objects.requireNonNull(core, "core");
        Objects.requireNonNull(source, "source");
        if (index < 0 || column < 0 || row < 0) {
            throw new IllegalArgumentException("tile index/column/row must be >= 0, got " + index + "/"
                    + column + "/" + row);
        }
        if (scale < 1) {
            throw new IllegalArgumentException("scale must be >= 1, got " + scale);
        }
        if ((long) source.width() * scale > Integer.MAX_VALUE || (long) source.height() * scale > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("network output of source " + source + " at scale " + scale
                    + " does not fit the int range");
        }
        if (!source.contains(core)) {
            throw new IllegalArgumentException("tile source " + source + " does not contain its core " + core);
        }
    }

    /** The core in output coordinates: {@code core} × {@code scale}. */
    public Rect outputCore() {
        return core.scaled(scale);
    }

    /**
     * Where the core sits inside the network's output for this tile, assuming the network maps
     * the whole source to {@code scale} × its size: offset (padding × scale), size core × scale.
     */
    public Rect coreInNetworkOutput() {
        return new Rect((core.x() - source.x()) * scale, (core.y() - source.y()) * scale,
                core.width() * scale, core.height() * scale);
    }

    /** Width of the network output for this tile: source width × scale. */
    public int networkOutputWidth() {
        return source.width() * scale;
    }

    /** Height of the network output for this tile: source height × scale. */
    public int networkOutputHeight() {
        return source.height() * scale;
    }
}
