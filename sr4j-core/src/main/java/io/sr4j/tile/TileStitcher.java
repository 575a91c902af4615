package io.sr4j.tile;

import io.sr4j.image.PlanarImage;
import io.sr4j.image.RowSink;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;
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
 * <p>Banded mode ({@link #banded}): no whole output image exists; each tile row is assembled in a
 * band buffer of its own, handed to a {@link RowSink} once final and then dropped, so memory holds
 * only the tile rows still open (one when tiles arrive in row-major order). When each tile row is
 * one full-width tile (strips), a tile written in order goes to the sink in bands of about a
 * megabyte straight from its network output, and no tile-row buffer is made at all.
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
    /** Samples per plane in one band streamed from a full-width tile (about a megabyte). */
    private static final int STREAM_BAND_SAMPLES = 1 << 18;

    private final TilePlanner plan;
    /** The whole output, or null in banded mode. */
    private final PlanarImage output;
    private final int channels;
    private final int networkTrim;
    private final RowBandListener listener;
    /** Banded mode: where final bands go; null otherwise. */
    private final RowSink sink;
    // Banded mode, guarded by this: the buffers of the tile rows begun and not yet handed over.
    private final Map<Integer, PlanarImage> openBands = new HashMap<>();
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
        this(plan, Objects.requireNonNull(output, "output"), output.channels(), networkTrim, listener, null);
        if (output.width() != plan.outputWidth() || output.height() != plan.outputHeight()) {
            throw new IllegalArgumentException("output " + output + " is not the plan's output size "
                    + plan.outputWidth() + "x" + plan.outputHeight());
        }
    }

    /**
     * A stitcher that never holds the whole output: each tile row is assembled in its own band of
     * {@code plan.outputWidth() × (its output rows)} and handed to {@code sink} (as colour, alpha
     * null) once it and every band above it are complete; the sink may keep the band.
     *
     * @param channels    planes of the network output (3 for colour)
     * @param networkTrim as for the other constructor
     */
    public static TileStitcher banded(TilePlanner plan, int channels, int networkTrim, RowSink sink) {
        return new TileStitcher(plan, null, channels, networkTrim, IGNORE, Objects.requireNonNull(sink, "sink"));
    }

    private TileStitcher(TilePlanner plan, PlanarImage output, int channels, int networkTrim,
            RowBandListener listener, RowSink sink) {
        this.plan = Objects.requireNonNull(plan, "plan");
        this.output = output;
        this.channels = channels;
        this.listener = Objects.requireNonNull(listener, "listener");
        this.sink = sink;
        long maxTrim = (long) plan.padding() * plan.scale();
        if (networkTrim < 0 || networkTrim > maxTrim) {
            throw new IllegalArgumentException("network trim must be between 0 and padding x scale = " + maxTrim
                    + ", got " + networkTrim);
        }
        this.networkTrim = networkTrim;
        this.written = new BitSet(plan.tileCount());
        this.writtenInRow = new int[plan.rows()];
    }

    /**
     * The image being assembled (shared, not a copy).
     *
     * @throws IllegalStateException in banded mode, where there is no whole image
     */
    public PlanarImage output() {
        if (output == null) {
            throw new IllegalStateException("a banded stitcher hands its rows to its sink");
        }
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
                || networkOutput.channels() != channels) {
            throw new IllegalArgumentException("network output for tile " + tile.index() + " is " + networkOutput
                    + ", expected " + channels + "x" + netH + "x" + netW);
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
        if (sink != null && plan.columns() == 1) {
            synchronized (this) {
                if (tile.row() == nextBandRow) {
                    streamRows(networkOutput, fromX, fromY, to);
                    rowWritten(tile.row());
                    return;
                }
            }
        }
        PlanarImage target = output != null ? output : bandOf(tile.row());
        int targetY = output != null ? to.y() : to.y() - plan.outputRowStart(tile.row());
        copyRows(networkOutput, fromX, fromY, target, to.x(), targetY, to.width(), to.height());
        synchronized (this) {
            rowWritten(tile.row());
        }
    }

    /**
     * A full-width tile whose rows are next: its core goes to the sink in small bands straight from
     * the network output, so no band of the whole tile row is ever assembled (a one-tile image would
     * otherwise hold a second copy of the whole output).
     */
    private void streamRows(PlanarImage networkOutput, int fromX, int fromY, Rect to) {
        int rowsPerBand = Math.max(1, STREAM_BAND_SAMPLES / to.width());
        for (int y = 0; y < to.height(); y += rowsPerBand) {
            int rows = Math.min(rowsPerBand, to.height() - y);
            PlanarImage band = new PlanarImage(to.width(), rows, channels);
            copyRows(networkOutput, fromX, fromY + y, band, 0, 0, to.width(), rows);
            sink.rows(band, null);
        }
    }

    /** Copies {@code width × height} samples of every plane from {@code src} to {@code dst}. */
    private void copyRows(PlanarImage src, int srcX, int srcY, PlanarImage dst, int dstX, int dstY, int width,
            int height) {
        float[] from = src.data();
        float[] into = dst.data();
        for (int c = 0; c < channels; c++) {
            int s = src.planeOffset(c) + srcY * src.width() + srcX;
            int d = dst.planeOffset(c) + dstY * dst.width() + dstX;
            for (int row = 0; row < height; row++) {
                System.arraycopy(from, s + row * src.width(), into, d + row * dst.width(), width);
            }
        }
    }

    /** Counts a written tile and hands over (or reports) every band that became final; holds the lock. */
    private void rowWritten(int tileRow) {
        writtenInRow[tileRow]++;
        while (nextBandRow < writtenInRow.length && writtenInRow[nextBandRow] == plan.columns()) {
            int row = nextBandRow++;
            if (sink != null) {
                PlanarImage band = openBands.remove(row);
                if (band != null) { // null: the row was streamed already
                    sink.rows(band, null);
                }
            } else {
                listener.rowsReady(plan.outputRowStart(row), plan.outputRowStart(row + 1), output);
            }
        }
    }

    /** The band buffer of tile row {@code row}, made when its first tile arrives. */
    private synchronized PlanarImage bandOf(int row) {
        return openBands.computeIfAbsent(row, r -> new PlanarImage(plan.outputWidth(),
                plan.outputRowStart(r + 1) - plan.outputRowStart(r), channels));
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
