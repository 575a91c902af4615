package io.sr4j.upscale;

import io.sr4j.engine.FloatTensor;
import io.sr4j.engine.InferenceSession;
import io.sr4j.image.PlanarImage;
import io.sr4j.image.RowSink;
import io.sr4j.tile.BorderMode;
import io.sr4j.tile.Rect;
import io.sr4j.tile.Tile;
import io.sr4j.tile.TileExtractor;
import io.sr4j.tile.TilePlanner;
import io.sr4j.tile.TileStitcher;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A super-resolution network run over padded tiles, so memory stays bounded and the result does not
 * depend visibly on the tile size.
 *
 * <p>Networks with squeeze-excitation blocks (Real-CUGAN, waifu2x cunet) take global means of their
 * feature maps; a tile alone sees only its own means, which would make tiles disagree. For those,
 * when the image needs more than one tile, statistics passes run every tile first and average the
 * means over the tiles (weighted by the area each tile's core covers); the final pass runs every
 * tile with the shared means. The passes are the model loader's choice: one pass for all blocks
 * (each tile using its own earlier means), or block by block (stage k runs with the image-wide
 * means of blocks 0..k−1 already fixed) where one pass is not close enough.
 *
 * <p>Window-attention networks (SwinIR, HAT) lay their windows on a grid from the top-left of their
 * input and pad its bottom and right themselves. For them tiles are read only inside the image
 * ({@code insideImage}): with the window as the alignment and the padding a multiple of it, every
 * tile's windows fall on the whole image's grid, and a tile at an edge of the image sees that edge
 * as the whole image does (the network's own padding and shifted-window masks there).
 */
final class TiledNetwork implements ImageModel {
    /**
     * One statistics pass: a graph that takes the statistics already shared as inputs and outputs
     * {@code produces}.
     */
    record Stage(InferenceSession session, List<String> produces) {
        Stage {
            Objects.requireNonNull(session, "session");
            produces = List.copyOf(produces);
        }
    }

    /**
     * The sessions of one model: the plain graph, and for SE models the statistics stages plus the
     * final graph that takes every statistic as an input.
     *
     * @param stages     run in order; stage k takes the statistics of the stages before it as inputs
     * @param statistics every statistic's tensor name, in order; the stages produce them all
     */
    record Sessions(InferenceSession plain, List<Stage> stages, InferenceSession statisticsIn,
            List<String> statistics) {
        Sessions {
            Objects.requireNonNull(plain, "plain");
            stages = List.copyOf(stages);
            statistics = List.copyOf(statistics);
            List<String> produced = stages.stream().flatMap(stage -> stage.produces().stream()).toList();
            if (!produced.equals(statistics) || (statisticsIn == null) != statistics.isEmpty()) {
                throw new IllegalArgumentException("the stages must produce every statistic once, in order, and a"
                        + " final session must take them");
            }
        }

        static Sessions plainOnly(InferenceSession plain) {
            return new Sessions(plain, List.of(), null, List.of());
        }

        boolean sharesStatistics() {
            return statisticsIn != null;
        }

        void closeAll() {
            plain.close();
            stages.forEach(stage -> stage.session().close());
            if (statisticsIn != null) {
                statisticsIn.close();
            }
        }
    }

    private final Sessions sessions;
    private final String imageInput;
    private final int scale;
    private final int padding;
    private final int alignment;
    private final TileChoice tiles;
    private final TileExtractor extractor;
    private final boolean insideImage;
    /** The previous frame's tiles (a video stream's view), or null: every tile runs. */
    private final TileReuse reuse;
    /** False for a view sharing another instance's sessions: that instance closes them. */
    private final boolean ownsSessions;

    TiledNetwork(Sessions sessions, int scale, int padding, int alignment, BorderMode border, TileChoice tiles) {
        this(sessions, scale, padding, alignment, border, tiles, false);
    }

    /** With {@code insideImage}, tiles read only the part of their padded source inside the image. */
    TiledNetwork(Sessions sessions, int scale, int padding, int alignment, BorderMode border, TileChoice tiles,
            boolean insideImage) {
        if (insideImage && (sessions.sharesStatistics() || padding % alignment != 0)) {
            throw new IllegalArgumentException("tiles inside the image need a plain network and a padding that is a"
                    + " multiple of the alignment, got padding " + padding + ", alignment " + alignment);
        }
        this.insideImage = insideImage;
        this.sessions = sessions;
        this.imageInput = sessions.plain().inputs().get(0).name();
        this.scale = scale;
        this.padding = padding;
        this.alignment = alignment;
        this.tiles = tiles;
        this.extractor = new TileExtractor(border);
        this.reuse = null;
        this.ownsSessions = true;
    }

    /** A view of {@code shared} (its sessions and tiling) that reuses unchanged tiles through {@code reuse}. */
    private TiledNetwork(TiledNetwork shared, TileReuse reuse) {
        this.insideImage = shared.insideImage;
        this.sessions = shared.sessions;
        this.imageInput = shared.imageInput;
        this.scale = shared.scale;
        this.padding = shared.padding;
        this.alignment = shared.alignment;
        this.tiles = shared.tiles;
        this.extractor = shared.extractor;
        this.reuse = Objects.requireNonNull(reuse, "reuse");
        this.ownsSessions = false;
    }

    @Override
    public Optional<ImageModel> reusingTiles(TileReuse memory) {
        return Optional.of(new TiledNetwork(this, memory));
    }

    @Override
    public int nativeScale() {
        return scale;
    }

    @Override
    public void enlarge(PlanarImage rgb, OutputGeometry target, TileProgress progress, RowSink sink) {
        TilePlanner plan = plan(rgb.width(), rgb.height());
        boolean shared = sessions.sharesStatistics() && plan.tileCount() > 1;
        if (reuse != null) {
            reuse.frame(rgb.width(), rgb.height());
        }
        int passes = shared ? sessions.stages().size() + 1 : 1;
        int total = passes * plan.tileCount();
        Map<String, FloatTensor> statistics = new LinkedHashMap<>();
        int done = 0;
        if (shared) {
            for (Stage stage : sessions.stages()) {
                statistics.putAll(averageStatistics(rgb, plan, stage, statistics));
                done += plan.tileCount();
                progress.advanced(done, total);
            }
        }

        // Tiles run in row-major order, so the stitcher holds one tile row of output at a time.
        TileStitcher stitcher = null;
        for (Tile tile : plan.tiles()) {
            Rect read = readRect(tile, rgb.width(), rgb.height());
            PlanarImage input = new PlanarImage(read.width(), read.height(), rgb.channels());
            extractor.extract(rgb, read, input);
            // With image-wide statistics a tile's output depends on every tile: never reused.
            PlanarImage result = shared ? placed(tile, read, runWithStatistics(input, statistics))
                    : runPlain(plan, tile, read, input);
            if (stitcher == null) {
                stitcher = TileStitcher.banded(plan, rgb.channels(), networkTrim(tile, result), sink);
            }
            stitcher.write(tile, result);
            progress.advanced(++done, total);
        }
    }

    @Override
    public int tiles(int width, int height) {
        TilePlanner plan = plan(width, height);
        boolean shared = sessions.sharesStatistics() && plan.tileCount() > 1;
        return (shared ? sessions.stages().size() + 1 : 1) * plan.tileCount();
    }

    @Override
    public Optional<RowSink> streamingInput(int width, int height, TileProgress progress, RowSink sink) {
        TilePlanner plan = plan(width, height);
        if (sessions.sharesStatistics() && plan.tileCount() > 1) {
            return Optional.empty(); // every tile must have run before any can use the image's means
        }
        if (reuse != null) {
            reuse.frame(width, height);
        }
        return Optional.of(new RowWindow(plan, progress, sink));
    }

    /**
     * Input rows as they come: each tile row runs as soon as every row its tiles read (their padded
     * source, mapped by the border rule) is held; rows no later tile row reads are let go.
     */
    private final class RowWindow implements RowSink {
        private final TilePlanner plan;
        private final TileProgress progress;
        private final RowSink sink;
        /** Per tile row: the first and one past the last input row its tiles read. */
        private final int[] from;
        private final int[] to;
        private PlanarImage window;
        private int windowY0;
        private int received;
        private int nextRow;
        private int done;
        private TileStitcher stitcher;

        RowWindow(TilePlanner plan, TileProgress progress, RowSink sink) {
            this.plan = plan;
            this.progress = progress;
            this.sink = sink;
            this.from = new int[plan.rows()];
            this.to = new int[plan.rows()];
            for (int row = 0; row < plan.rows(); row++) {
                Tile first = plan.tile(0, row);
                int lo = Integer.MAX_VALUE;
                int hi = 0;
                for (int y = first.source().y(); y < first.source().y() + first.source().height(); y++) {
                    int sy = extractor.border().sourceIndex(y, plan.height());
                    if (sy >= 0) {
                        lo = Math.min(lo, sy);
                        hi = Math.max(hi, sy + 1);
                    }
                }
                from[row] = lo == Integer.MAX_VALUE ? 0 : lo;
                to[row] = hi;
            }
        }

        @Override
        public void rows(PlanarImage rgb, PlanarImage alpha) {
            if (rgb.width() != plan.width() || received + rgb.height() > plan.height()) {
                throw new IllegalStateException("band of " + rgb.width() + "x" + rgb.height() + " after " + received
                        + " rows does not fit an input of " + plan.width() + "x" + plan.height());
            }
            append(rgb);
            while (nextRow < plan.rows() && to[nextRow] <= received) {
                runRow(nextRow++);
            }
            if (nextRow < plan.rows()) {
                int keepFrom = Integer.MAX_VALUE;
                for (int row = nextRow; row < plan.rows(); row++) {
                    keepFrom = Math.min(keepFrom, from[row]);
                }
                dropBelow(keepFrom);
            } else {
                window = null;
            }
        }

        private void append(PlanarImage band) {
            int kept = window == null ? 0 : window.height();
            if (window == null) {
                windowY0 = received;
            }
            PlanarImage grown = new PlanarImage(plan.width(), kept + band.height(), 3);
            for (int c = 0; c < 3; c++) {
                if (kept > 0) {
                    System.arraycopy(window.data(), window.planeOffset(c), grown.data(), grown.planeOffset(c),
                            kept * plan.width());
                }
                System.arraycopy(band.data(), band.planeOffset(c), grown.data(),
                        grown.planeOffset(c) + kept * plan.width(), band.height() * plan.width());
            }
            window = grown;
            received += band.height();
        }

        private void dropBelow(int y) {
            int drop = Math.min(window.height(), Math.max(0, y - windowY0));
            if (drop == 0) {
                return;
            }
            int kept = window.height() - drop;
            PlanarImage shrunk = new PlanarImage(plan.width(), Math.max(kept, 0), 3);
            for (int c = 0; c < 3 && kept > 0; c++) {
                System.arraycopy(window.data(), window.planeOffset(c) + drop * plan.width(), shrunk.data(),
                        shrunk.planeOffset(c), kept * plan.width());
            }
            window = kept > 0 ? shrunk : null;
            windowY0 += drop;
        }

        private void runRow(int row) {
            for (int column = 0; column < plan.columns(); column++) {
                Tile tile = plan.tile(column, row);
                Rect read = readRect(tile, plan.width(), plan.height());
                PlanarImage input = new PlanarImage(read.width(), read.height(), 3);
                extractor.extract(window, windowY0, plan.height(), read, input);
                PlanarImage result = runPlain(plan, tile, read, input);
                if (stitcher == null) {
                    stitcher = TileStitcher.banded(plan, 3, networkTrim(tile, result), sink);
                }
                stitcher.write(tile, result);
                progress.advanced(++done, plan.tileCount());
            }
        }
    }

    @Override
    public long bandSamples(int inputWidth, int inputHeight, OutputGeometry target) {
        TilePlanner plan = plan(inputWidth, inputHeight);
        long band = 0;
        for (int row = 0; row < plan.rows(); row++) {
            band = Math.max(band, plan.outputRowStart(row + 1) - (long) plan.outputRowStart(row));
        }
        long paddedTile = (long) plan.maxSourceWidth() * plan.maxSourceHeight() * scale * scale;
        // One band of output rows, plus a tile's input, output and the engine's copies of them.
        return band * plan.outputWidth() * 3 + 4 * paddedTile * 3;
    }

    /** How this network cuts a {@code width × height} image. */
    TilePlanner plan(int width, int height) {
        return tiles.plan(width, height, padding, scale, alignment);
    }

    /** What a tile reads: its padded source, or (inside the image) the part of it in the image. */
    private Rect readRect(Tile tile, int width, int height) {
        Rect s = tile.source();
        if (!insideImage) {
            return s;
        }
        int x0 = Math.max(s.x(), 0);
        int y0 = Math.max(s.y(), 0);
        return new Rect(x0, y0, Math.min(s.x() + s.width(), width) - x0, Math.min(s.y() + s.height(), height) - y0);
    }

    /**
     * The plain network's output for {@code tile}, placed: the previous frame's when this is a view
     * reusing tiles and {@code input} (every sample the network sees) is unchanged.
     */
    private PlanarImage runPlain(TilePlanner plan, Tile tile, Rect read, PlanarImage input) {
        if (reuse == null) {
            return placed(tile, read, sessions.plain().run(input));
        }
        return reuse.output(plan.width(), plan.height(), tile.index(), read, input,
                () -> placed(tile, read, sessions.plain().run(input)));
    }

    /**
     * The network's output on {@code read}, placed where its output on the whole source would lie
     * (zeros around it, outside the tile's core, which the stitcher alone takes).
     */
    private PlanarImage placed(Tile tile, Rect read, PlanarImage result) {
        Rect s = tile.source();
        if (read.equals(s)) {
            return result;
        }
        if (result.width() != read.width() * scale || result.height() != read.height() * scale) {
            throw new IllegalStateException("network output " + result.width() + "x" + result.height()
                    + " is not x" + scale + " of its input " + read.width() + "x" + read.height());
        }
        PlanarImage full = new PlanarImage(tile.networkOutputWidth(), tile.networkOutputHeight(), result.channels());
        int dx = (read.x() - s.x()) * scale;
        int dy = (read.y() - s.y()) * scale;
        for (int c = 0; c < result.channels(); c++) {
            for (int y = 0; y < result.height(); y++) {
                System.arraycopy(result.data(), result.planeOffset(c) + y * result.width(), full.data(),
                        full.planeOffset(c) + (dy + y) * full.width() + dx, result.width());
            }
        }
        return full;
    }

    /**
     * How many output samples the network crops from each side of its own output (Real-CUGAN and
     * waifu2x consume part of their input border; Real-ESRGAN does not).
     */
    private int networkTrim(Tile tile, PlanarImage result) {
        int trimX = tile.networkOutputWidth() - result.width();
        int trimY = tile.networkOutputHeight() - result.height();
        if (trimX != trimY || trimX < 0 || trimX % 2 != 0) {
            throw new IllegalStateException("network output " + result.width() + "x" + result.height()
                    + " does not fit tile input " + tile.source().width() + "x" + tile.source().height() + " x"
                    + scale);
        }
        return trimX / 2;
    }

    /** Runs every tile through one stage and averages the named statistics, weighted by core area. */
    private Map<String, FloatTensor> averageStatistics(PlanarImage rgb, TilePlanner plan, Stage stage,
            Map<String, FloatTensor> known) {
        List<String> names = stage.produces();
        double[][] sums = new double[names.size()][];
        double totalWeight = 0;
        for (Tile tile : plan.tiles()) {
            Map<String, FloatTensor> feeds = new LinkedHashMap<>();
            feeds.put(imageInput, FloatTensor.fromImage(extractor.extract(rgb, tile)));
            feeds.putAll(known);
            Map<String, FloatTensor> out = stage.session().run(feeds, names);
            double weight = tile.core().area();
            for (int i = 0; i < names.size(); i++) {
                float[] values = out.get(names.get(i)).toArray();
                if (sums[i] == null) {
                    sums[i] = new double[values.length];
                }
                for (int c = 0; c < values.length; c++) {
                    sums[i][c] += weight * values[c];
                }
            }
            totalWeight += weight;
        }
        Map<String, FloatTensor> means = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            float[] mean = new float[sums[i].length];
            for (int c = 0; c < mean.length; c++) {
                mean[c] = (float) (sums[i][c] / totalWeight);
            }
            means.put(names.get(i), FloatTensor.of(mean, 1, mean.length, 1, 1));
        }
        return means;
    }

    private PlanarImage runWithStatistics(PlanarImage input, Map<String, FloatTensor> statistics) {
        Map<String, FloatTensor> feeds = new LinkedHashMap<>();
        feeds.put(imageInput, FloatTensor.fromImage(input));
        feeds.putAll(statistics);
        InferenceSession session = sessions.statisticsIn();
        String output = session.outputs().get(0).name();
        return session.run(feeds, List.of(output)).get(output).toImage();
    }

    @Override
    public void close() {
        if (ownsSessions) {
            sessions.closeAll();
        }
    }
}
