package io.sr4j.tile;

import io.sr4j.image.PlanarImage;
import java.util.BitSet;
import java.util.Objects;

/**
 * Assembles a tiled network's outputs into the output image: for each tile, the scaled core of
 * its network output is copied (row by row) to the tile's {@link Tile#outputCore()}; the padding
 * ring is dropped, nothing is blended.
 *
 * <p>Tiles may be written in any order and from several threads at once (they write disjoint
 * output pixels; bookkeeping is synchronized). Each tile must be written exactly once.
 *
 * <p>Streaming hook: once every tile of a tile row is written and all rows above are final, the
 * {@link RowBandListener} is told that band of output rows is final, so an encoder can flush it.
 * Bands are reported top to bottom, one call per tile row, each exactly once.
 *
 * <p>Network trim: some networks crop their own padding (Real-CUGAN and waifu2x end in
 * {@code Crop} layers and return s·(core + alignment extra) instead of s·source). Such output is
 * accepted with {@code networkTrim} = the output samples the network removed on every side; the
 * expected output size is then {@code source × scale − 2 × networkTrim} and the core starts at
 * {@code padding × scale − networkTrim}.
 */
public final class TileStitcher {

    /** Told when output rows are final. */
    @FunctionalInterface
    public interface RowBandListener {
        /**
         * Output rows {@code [fromRow, toRow)} of {@code output} are final and will not change.
         * Called on the thread whose {@code write} completed the band, while the stitcher's lock is
         * held (so calls are serial and in order); keep it short or hand the rows off. An
         * exception thrown here propagates out of that {@code write}; the band is not re-reported.
         */
        void rowsReady(int fromRow, int toRow, PlanarImage output);
    }

    private static final RowBandListener IGNORE = (from, to, image) -> { };

    private final TilePlanner plan;
    private final PlanarImage output;
    private final int networkTrim;
    private final RowBandListener listener;
    // Guarded by this.
    private final BitSet written;
    private final int[] writtenInRow;
    private int nextBandRow;

    /**
     * A stitcher writing into {@code output}, for networks whose output is the whole source × scale,
     * with no band notifications.
     */
    public TileStitcher(TilePlanner plan, PlanarImage output) {
        this(plan, output, 0, IGNORE);
    }

    /**
     * A stitcher writing into {@code output} (of {@code plan.outputWidth() × plan.outputHeight()},
     * any channel count).
     *
     * @param networkTrim output samples the network itself crops on every side, 0 to
     *                    {@code padding × scale}
     * @param listener    told about final output rows
     * @throws IllegalArgumentException if {@code output} is not the plan's output size or the trim
     *                                  is out of range
     */
    public TileStitcher(TilePlanner plan, PlanarImage output, int networkTrim, RowBandListener listener) {
        this.plan = Objects.requireNonNull(plan, "plan");
        this.output = Objects.requireNonNull(output, "output");
        this.listener = Objects.requireNonNull(listener, "listener");
        if (output.width() != plan.outputWidth() || output.height() != plan.outputHeight()) {
            throw new IllegalArgumentException("output " + output + " is not the plan's output size "
                    + plan.outputWidth() + "x" + plan.outputHeight());
        }
        long maxTrim = (long) plan.padding() * plan.scale();
        if (networkTrim < 0 || networkTrim > maxTrim) {
            throw new IllegalArgumentException("network trim must be between 0 and padding x scale = " + maxTrim
                    + ", got " + networkTrim);
        }
        this.networkTrim = networkTrim;
        this.written = new BitSet(plan.tileCount());
        this.writtenInRow = new int[plan.rows()];
    }

    /** The image being assembled (shared, not a copy). */
    public PlanarImage output() {
        return output;
    }

    public int networkTrim() {
        return networkTrim;
    }

    /** Width the network output for {@code tile} must have: source width × scale − 2 × trim. */
    public int expectedOutputWidth(Tile tile) {
        return tile.networkOutputWidth() - 2 * networkTrim;
    }

    /** Height the network output for {@code tile} must have: source height × scale − 2 × trim. */
    public int expectedOutputHeight(Tile tile) {
        return tile.networkOutputHeight() - 2 * networkTrim;
    }

    /**
     * Copies the scaled core of {@code networkOutput} (the network's result for {@code tile}) into
     * the output image, then reports any output rows that became final.
     *
     * @throws IllegalArgumentException if the tile is not one of the plan's, or the network output
     *                                  has the wrong size or channel count
     * @throws IllegalStateException    if the tile was already written
     */
    public void write(Tile tile, PlanarImage networkOutput) {
        Objects.requireNonNull(tile, "tile");
        Objects.requireNonNull(networkOutput, "networkOutput");
        if (tile.index() >= plan.tileCount() || !plan.tile(tile.index()).equals(tile)) {
            throw new IllegalArgumentException("tile " + tile + " is not part of " + plan);
        }
        int netW = expectedOutputWidth(tile);
        int netH = expectedOutputHeight(tile);
        if (networkOutput.width() != netW || networkOutput.height() != netH
                || networkOutput.channels() != output.channels()) {
            throw new IllegalArgumentException("network output for tile " + tile.index() + " is " + networkOutput
                    + ", expected " + output.channels() + "x" + netH + "x" + netW);
        }
        // Claim the tile before copying so a duplicate write fails instead of racing.
        synchronized (this) {
            if (written.get(tile.index())) {
                throw new IllegalStateException("tile " + tile.index() + " (column " + tile.column() + ", row "
                        + tile.row() + ") was already written");
            }
            written.set(tile.index());
        }

        Rect from = tile.coreInNetworkOutput();
        Rect to = tile.outputCore();
        int fromX = from.x() - networkTrim;
        int fromY = from.y() - networkTrim;
        int outW = output.width();
        float[] src = networkOutput.data();
        float[] dst = output.data();
        for (int c = 0; c < output.channels(); c++) {
            int s = networkOutput.planeOffset(c) + fromY * netW + fromX;
            int d = output.planeOffset(c) + to.y() * outW + to.x();
            for (int row = 0; row < to.height(); row++) {
                System.arraycopy(src, s + row * netW, dst, d + row * outW, to.width());
            }
        }

        synchronized (this) {
            writtenInRow[tile.row()]++;
            while (nextBandRow < writtenInRow.length && writtenInRow[nextBandRow] == plan.columns()) {
                int row = nextBandRow++;
                listener.rowsReady(plan.outputRowStart(row), plan.outputRowStart(row + 1), output);
            }
        }
    }

    /** How many output rows from the top are final (all tiles covering them written). */
    public synchronized int completedRows() {
        return plan.outputRowStart(nextBandRow);
    }

    /** Whether every tile has been written. */
    public synchronized boolean isComplete() {
        return nextBandRow == plan.rows();
    }
}
