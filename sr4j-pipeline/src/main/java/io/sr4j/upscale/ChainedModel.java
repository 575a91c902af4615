package io.sr4j.upscale;

import io.sr4j.image.PlanarImage;
import io.sr4j.image.RowSink;
import java.util.List;
import java.util.Optional;

/**
 * Network stages run as one: each later stage takes the band-by-band output of the one before
 * ({@link ImageModel#streamingInput}), so no whole intermediate image is held and the chain
 * streams to the encoder like a single network. The result is the one the stages give run one
 * after the other: every intermediate band is clamped to [0, 1] as a stage's output is, and each
 * stage cuts the tiles it would cut from the whole intermediate image.
 */
final class ChainedModel implements ImageModel {
    private final List<ImageModel> stages;

    /** @param stages networks, each enlarging by its native scale; the first runs on the input */
    ChainedModel(List<ImageModel> stages) {
        if (stages.size() < 2 || stages.stream().anyMatch(m -> m.nativeScale() < 1)) {
            throw new IllegalArgumentException("a chain is two or more networks");
        }
        this.stages = List.copyOf(stages);
    }

    /**
     * Whether {@code stages} can run as a chain on an input of {@code width × height}: every stage
     * after the first takes its input band by band at that size.
     */
    static boolean chains(List<ImageModel> stages, int width, int height) {
        int w = width;
        int h = height;
        for (int i = 0; i < stages.size(); i++) {
            ImageModel m = stages.get(i);
            if (m.nativeScale() < 1) {
                return false;
            }
            if (i > 0 && m.streamingInput(w, h, TileProgress.none(), (rgb, alpha) -> { }).isEmpty()) {
                return false;
            }
            w *= m.nativeScale();
            h *= m.nativeScale();
        }
        return true;
    }

    @Override
    public int nativeScale() {
        return stages.stream().mapToInt(ImageModel::nativeScale).reduce(1, (a, b) -> a * b);
    }

    @Override
    public void enlarge(PlanarImage rgb, OutputGeometry target, TileProgress progress, RowSink sink) {
        int n = stages.size();
        int[] widths = new int[n];
        int[] heights = new int[n];
        int w = rgb.width();
        int h = rgb.height();
        for (int i = 0; i < n; i++) {
            widths[i] = w;
            heights[i] = h;
            w *= stages.get(i).nativeScale();
            h *= stages.get(i).nativeScale();
        }
        int total = 0;
        for (int i = 0; i < n; i++) {
            total += Math.max(1, stages.get(i).tiles(widths[i], heights[i]));
        }
        // A stage's tile can finish after later stages ran on its rows: report the sum of what each has done.
        int[] done = new int[n];
        RowSink next = sink;
        for (int i = n - 1; i >= 1; i--) {
            Optional<RowSink> input = stages.get(i).streamingInput(widths[i], heights[i],
                    share(progress, done, i, total), next);
            RowSink into = input.orElseThrow(() -> new IllegalStateException("a stage of the chain needs its whole "
                    + "input; check chains() first"));
            next = (band, alpha) -> into.rows(band.clampInPlace(0f, 1f), null);
        }
        OutputGeometry first = OutputGeometry.ofScale(rgb.width(), rgb.height(), stages.get(0).nativeScale());
        stages.get(0).enlarge(rgb, first, share(progress, done, 0, total), next);
    }

    /** Stage {@code i}'s tiles added to those the other stages have done. */
    private static TileProgress share(TileProgress progress, int[] done, int i, int total) {
        return (stageDone, stageTotal) -> {
            done[i] = stageDone;
            progress.advanced(java.util.Arrays.stream(done).sum(), total);
        };
    }

    @Override
    public int tiles(int width, int height) {
        int total = 0;
        int w = width;
        int h = height;
        for (ImageModel m : stages) {
            total += Math.max(1, m.tiles(w, h));
            w *= m.nativeScale();
            h *= m.nativeScale();
        }
        return total;
    }

    @Override
    public long bandSamples(int inputWidth, int inputHeight, OutputGeometry target) {
        long samples = 0;
        int w = inputWidth;
        int h = inputHeight;
        for (ImageModel m : stages) {
            OutputGeometry own = OutputGeometry.ofScale(w, h, m.nativeScale());
            samples += m.bandSamples(w, h, own);
            w = own.width();
            h = own.height();
        }
        return samples;
    }

    /** The stages belong to their own upscalers, which close them. */
    @Override
    public void close() {
    }
}
