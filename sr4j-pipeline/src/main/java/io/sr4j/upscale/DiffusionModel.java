package io.sr4j.upscale;

import io.sr4j.diffusion.DiffusionSampler;
import io.sr4j.diffusion.SampleBounds;
import io.sr4j.diffusion.SamplerSettings;
import io.sr4j.diffusion.WindowGrid;
import io.sr4j.engine.InferenceSession;
import io.sr4j.image.PlanarImage;
import io.sr4j.image.RowSink;
import io.sr4j.resample.ResampleFilter;
import io.sr4j.resample.Resampler;
import io.sr4j.tile.BorderMode;
import io.sr4j.tile.Rect;
import io.sr4j.tile.TileExtractor;

/**
 * SR3-style super-resolution: the input bicubic-enlarged by the model's scale is the condition, the
 * sampler draws the residual x₀ = (HR − condition)·g from noise with the network, and the output is
 * condition + x̂₀/g. The condition is padded to the network's alignment and the output cropped back.
 * Every step needs the whole image (one shared trajectory), so it takes the whole input and hands on
 * one band.
 */
final class DiffusionModel implements ImageModel {
    /**
     * Window side in output pixels when none is asked: a 128×128 input runs as one window, and the
     * U-Net's activations at 512² stay in a few hundred MB.
     */
    static final int DEFAULT_WINDOW = 512;

    private final InferenceSession session;
    private final DiffusionMetadata metadata;
    private final DiffusionSampler sampler;
    private final OnnxDenoiser denoiser;
    private final int window;
    private final int threads;
    /** False for a view with other sampling settings ({@link #sampledWith}), which shares the session. */
    private final boolean ownsSession;

    /**
     * @param window window side in output pixels (rounded to the alignment, at least twice the overlap)
     * @throws IllegalArgumentException if the settings ask for more steps than the model was trained with
     */
    DiffusionModel(InferenceSession session, DiffusionMetadata metadata, SamplerSettings settings, int window,
            int threads, String source) {
        this.session = session;
        this.metadata = metadata;
        this.sampler = new DiffusionSampler(metadata.schedule(), settings);
        this.denoiser = new OnnxDenoiser(session, source);
        int overlap = overlap(metadata, window);
        this.window = Math.max(align(window, metadata.alignment()), 2 * overlap);
        this.threads = Math.max(1, threads);
        this.ownsSession = true;
    }

    private DiffusionModel(DiffusionModel base, SamplerSettings settings) {
        this.session = base.session;
        this.metadata = base.metadata;
        this.sampler = new DiffusionSampler(metadata.schedule(), settings);
        this.denoiser = base.denoiser;
        this.window = base.window;
        this.threads = base.threads;
        this.ownsSession = false;
    }

    /**
     * This model sampled with other settings, sharing its session (so a server asked for many seeds
     * loads the graph once); closing the view leaves the session open.
     *
     * @throws IllegalArgumentException if the settings ask for more steps than the model was trained with
     */
    DiffusionModel sampledWith(SamplerSettings settings) {
        return settings.equals(settings()) ? this : new DiffusionModel(this, settings);
    }

    SamplerSettings settings() {
        return sampler.settings();
    }

    @Override
    public int nativeScale() {
        return metadata.scale();
    }

    @Override
    public void enlarge(PlanarImage rgb, OutputGeometry target, TileProgress progress, RowSink sink) {
        int scale = metadata.scale();
        int width = rgb.width() * scale;
        int height = rgb.height() * scale;
        PlanarImage condition = condition(rgb);
        WindowGrid grid = grid(condition.width(), condition.height());
        double gain = metadata.residualGain();
        float[] c = condition.data();
        // HR lies in [0, 1], so x₀ = (HR − condition)·g lies in [−g·condition, g·(1 − condition)];
        // and within ±g·clip, the residual a photo's detail needs (DiffusionMetadata#DEFAULT_RESIDUAL_CLIP).
        double bound = gain * metadata.residualClip();
        SampleBounds residualRange = new SampleBounds() {
            @Override
            public double lower(int index) {
                return Math.max(-bound, -gain * c[index]);
            }

            @Override
            public double upper(int index) {
                return Math.min(bound, gain * (1 - c[index]));
            }
        };
        int windows = grid.size();
        int steps = sampler.settings().steps();
        PlanarImage x0 = sampler.sample(condition, denoiser, grid, residualRange,
                (step, all, done, count) -> progress.advanced((step - 1) * windows + done, steps * windows));
        float[] out = x0.data();
        for (int k = 0; k < out.length; k++) {
            out[k] = Math.min(1f, Math.max(0f, (float) (c[k] + out[k] / gain)));
        }
        sink.rows(x0.width() == width && x0.height() == height ? x0 : x0.crop(0, 0, width, height), null);
    }

    /** The input bicubic-enlarged (values 0..1, as in training), padded on the right and bottom to the alignment. */
    private PlanarImage condition(PlanarImage rgb) {
        int scale = metadata.scale();
        PlanarImage up = Resampler.of(ResampleFilter.BICUBIC).withThreads(threads)
                .resize(rgb, rgb.width() * scale, rgb.height() * scale).clampInPlace(0, 1);
        int a = metadata.alignment();
        int paddedWidth = align(up.width(), a);
        int paddedHeight = align(up.height(), a);
        if (paddedWidth == up.width() && paddedHeight == up.height()) {
            return up;
        }
        PlanarImage padded = new PlanarImage(paddedWidth, paddedHeight, up.channels());
        new TileExtractor(BorderMode.REPLICATE).extract(up, new Rect(0, 0, paddedWidth, paddedHeight), padded);
        return padded;
    }

    private WindowGrid grid(int width, int height) {
        return new WindowGrid(width, height, window, overlap(metadata, window), metadata.receptiveRadius(),
                metadata.alignment());
    }

    /**
     * Neighbouring windows share two receptive radii, at most half a window: the margin each ignores
     * at its cut edge (a third of the overlap, at most a radius: predictions there saw the window's
     * padding) and the blend zone between. The radius the export declares is the theoretical one;
     * sr4j-diffusion-x4's declared 106 px measured as 32 px in effect (its ε beyond 32 px of a cut
     * edge is the whole image's to 1e-4), so the 72 px margin is exact in practice.
     */
    private static int overlap(DiffusionMetadata metadata, int window) {
        int a = metadata.alignment();
        int wanted = align(2 * metadata.receptiveRadius(), a);
        int most = align(window, a) / 2 / a * a;
        return Math.min(wanted, most);
    }

    private static int align(int n, int alignment) {
        return Math.max(alignment, (n + alignment - 1) / alignment * alignment);
    }

    @Override
    public int tiles(int width, int height) {
        int scale = metadata.scale();
        return sampler.settings().steps() * grid(align(width * scale, metadata.alignment()),
                align(height * scale, metadata.alignment())).size();
    }

    @Override
    public long bandSamples(int inputWidth, int inputHeight, OutputGeometry target) {
        int scale = metadata.scale();
        long pixels = (long) align(inputWidth * scale, metadata.alignment()) * align(inputHeight * scale,
                metadata.alignment());
        // Per output value: the state z, the blended ε and x̂₀ in doubles (2 floats each), the
        // condition and the result; per window: its z, ε (doubles) and condition.
        long window2 = (long) window * window;
        return pixels * 3 * (3 * 2 + 2) + window2 * 3 * 6;
    }

    @Override
    public void close() {
        if (ownsSession) {
            session.close();
        }
    }
}
