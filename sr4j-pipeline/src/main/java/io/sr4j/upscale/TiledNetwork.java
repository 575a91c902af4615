package io.sr4j.upscale;

import io.sr4j.engine.FloatTensor;
import io.sr4j.engine.InferenceSession;
import io.sr4j.image.PlanarImage;
import io.sr4j.image.RowSink;
import io.sr4j.tile.BorderMode;
import io.sr4j.tile.Tile;
import io.sr4j.tile.TileExtractor;
import io.sr4j.tile.TilePlanner;
import io.sr4j.tile.TileStitcher;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

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

    TiledNetwork(Sessions sessions, int scale, int padding, int alignment, BorderMode border, TileChoice tiles) {
        this.sessions = sessions;
        this.imageInput = sessions.plain().inputs().get(0).name();
        this.scale = scale;
        this.padding = padding;
        this.alignment = alignment;
        this.tiles = tiles;
        this.extractor = new TileExtractor(border);
    }

    @Override
    public int nativeScale() {
        return scale;
    }

    @Override
    public void enlarge(PlanarImage rgb, OutputGeometry target, TileProgress progress, RowSink sink) {
        TilePlanner plan = plan(rgb.width(), rgb.height());
        boolean shared = sessions.sharesStatistics() && plan.tileCount() > 1;
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
            PlanarImage input = extractor.extract(rgb, tile);
            PlanarImage result = shared ? runWithStatistics(input, statistics) : sessions.plain().run(input);
            if (stitcher == null) {
                stitcher = TileStitcher.banded(plan, rgb.channels(), networkTrim(tile, result), sink);
            }
            stitcher.write(tile, result);
            progress.advanced(++done, total);
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
        sessions.closeAll();
    }
}
