package io.sr4j.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.util.PairList;
import java.nio.FloatBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The conditional denoiser of SR3-style diffusion super-resolution: a small U-Net that reads the
 * noisy residual z_t beside the bicubic-upsampled low-resolution image and predicts the noise ε.
 * <ul>
 *   <li>Noise level: ᾱ → log-SNR ln(ᾱ/(1−ᾱ)) → sinusoidal features at fixed geometric
 *       frequencies → two dense layers with SiLU → one dense layer per block, added to that
 *       block's features as a per-channel bias.</li>
 *   <li>Body: 3×3 conv on [z_t, condition]; {@code levels} resolutions, level l has
 *       {@code channels·(l+1)} channels and {@code blocks} residual blocks (SiLU–conv–bias–SiLU–conv
 *       plus identity, or a 1×1 conv where widths differ); a stride-2 conv between levels going
 *       down, a 1×1 conv to 4× channels and depth-to-space going up (a learnt 2×2 upsampling: the
 *       blocks after it mix neighbours); the decoder's blocks read the
 *       encoder's outputs concatenated to their input; SiLU and a 3×3 conv to ε.</li>
 * </ul>
 * No normalisation layers: the net is small, and ONNX opset 17 has no GroupNormalization. The
 * residual branches and the output start scaled down instead. Written once ({@link #describe}) for
 * DJL and for ONNX.
 */
final class DiffusionUNet extends AbstractBlock {
    /** Clip of ᾱ before its log-SNR: finite at ᾱ = 0 (t = T) and ᾱ → 1 in float32. */
    static final float MIN_ALPHA_BAR = 1e-9f;
    static final float MAX_ALPHA_BAR = 1 - 1e-7f;
    /** Lowest and highest frequency of the log-SNR features (log-SNR spans about −21…16). */
    private static final double MIN_FREQUENCY = 1.0 / 32;
    private static final double MAX_FREQUENCY = 2;
    /** Initial scale of the last conv of every residual branch and of the output. */
    private static final float BRANCH_INIT = 0.1f;

    /** One residual block: conv1, the embedding's bias, conv2, and a 1×1 skip where widths differ. */
    private record ResBlock(ConvLayer conv1, DenseLayer bias, ConvLayer conv2, ConvLayer skip) {
    }

    private final TrainConfig.Network spec;
    private final int scale;
    private final DenseLayer embed1;
    private final DenseLayer embed2;
    private final ConvLayer in;
    private final List<List<ResBlock>> encoder = new ArrayList<>();
    private final List<ConvLayer> down = new ArrayList<>();
    private final ResBlock middle;
    private final List<List<ResBlock>> decoder = new ArrayList<>();
    private final List<ConvLayer> up = new ArrayList<>();
    private final ConvLayer out;

    DiffusionUNet(TrainConfig.Network spec, int scale) {
        this.spec = spec;
        this.scale = scale;
        int e = spec.embedding();
        int levels = spec.levels();
        embed1 = dense("embed1", e);
        embed2 = dense("embed2", e);
        in = conv("in", width(0), 3, 1);
        for (int l = 0; l < levels; l++) {
            List<ResBlock> level = new ArrayList<>();
            for (int b = 0; b < spec.blocks(); b++) {
                level.add(block("enc" + l + "_" + b, width(l), false));
            }
            encoder.add(level);
            if (l < levels - 1) {
                down.add(conv("down" + l, width(l + 1), 3, 2));
            }
        }
        middle = block("mid", width(levels - 1), false);
        for (int l = 0; l < levels; l++) {
            decoder.add(new ArrayList<>());
            up.add(null);
        }
        for (int l = levels - 1; l >= 0; l--) {
            for (int b = 0; b < spec.blocks(); b++) {
                decoder.get(l).add(block("dec" + l + "_" + b, width(l), true));
            }
            if (l > 0) {
                up.set(l, conv("up" + l, 4 * width(l - 1), 1, 1));
            }
        }
        out = conv("out", 3, 3, 1);
        setInitializer(new XavierInitializer(XavierInitializer.RandomType.GAUSSIAN,
                XavierInitializer.FactorType.IN, 2), Parameter.Type.WEIGHT);
    }

    /** Channels at level {@code l}. */
    int width(int l) {
        return spec.channels() * (l + 1);
    }

    /** Height and width of inputs must be multiples of this: 2^(levels−1). */
    int alignment() {
        return 1 << (spec.levels() - 1);
    }

    int scale() {
        return scale;
    }

    TrainConfig.Network spec() {
        return spec;
    }

    private ResBlock block(String name, int width, boolean concatenated) {
        // A decoder block reads its input and the encoder's skip: twice its width, hence the 1×1.
        return new ResBlock(conv(name + ".conv1", width, 3, 1), dense(name + ".bias", width),
                conv(name + ".conv2", width, 3, 1), concatenated ? conv(name + ".skip", width, 1, 1) : null);
    }

    private ConvLayer conv(String name, int filters, int kernel, int stride) {
        ConvLayer layer = ConvLayer.of(name, filters, kernel, 1, true, stride);
        addChildBlock(name, layer.block());
        return layer;
    }

    private DenseLayer dense(String name, int units) {
        DenseLayer layer = DenseLayer.of(name, units);
        addChildBlock(name, layer.block());
        return layer;
    }

    /** The network, written once for every interpretation: ε̂ from z_t, the condition and ᾱ. */
    <T> T describe(DiffusionOps<T> ops, T noisy, T condition, T alphaBar) {
        T emb = embedding(ops, alphaBar);
        T h = ops.conv(in, ops.concat(noisy, condition));
        Deque<T> skips = new ArrayDeque<>();
        for (int l = 0; l < spec.levels(); l++) {
            for (ResBlock b : encoder.get(l)) {
                h = residual(ops, b, h, emb);
                skips.push(h);
            }
            if (l < spec.levels() - 1) {
                h = ops.conv(down.get(l), h);
            }
        }
        h = residual(ops, middle, h, emb);
        for (int l = spec.levels() - 1; l >= 0; l--) {
            for (ResBlock b : decoder.get(l)) {
                h = residual(ops, b, ops.concat(h, skips.pop()), emb);
            }
            if (l > 0) {
                h = ops.depthToSpace(ops.conv(up.get(l), h), 2);
            }
        }
        return ops.conv(out, ops.silu(h));
    }

    /** ᾱ [N] → features [N, embedding]. */
    private <T> T embedding(DiffusionOps<T> ops, T alphaBar) {
        T a = ops.clip(alphaBar, MIN_ALPHA_BAR, MAX_ALPHA_BAR);
        T logSnr = ops.sub(ops.log(a), ops.log(ops.sub(ops.constant("one", new float[] {1}, 1), a)));
        T phase = ops.mul(ops.unsqueeze(logSnr, 1), ops.constant("frequencies", frequencies(), 1, spec.embedding() / 2));
        T features = ops.concat(ops.sin(phase), ops.cos(phase));
        return ops.silu(ops.dense(embed2, ops.silu(ops.dense(embed1, features))));
    }

    private float[] frequencies() {
        int n = spec.embedding() / 2;
        float[] f = new float[n];
        for (int i = 0; i < n; i++) {
            double u = n == 1 ? 0 : (double) i / (n - 1);
            f[i] = (float) (MIN_FREQUENCY * Math.pow(MAX_FREQUENCY / MIN_FREQUENCY, u));
        }
        return f;
    }

    private static <T> T residual(DiffusionOps<T> ops, ResBlock b, T x, T emb) {
        T h = ops.conv(b.conv1(), ops.silu(x));
        h = ops.add(h, ops.unsqueeze(ops.dense(b.bias(), emb), 2, 3));
        h = ops.conv(b.conv2(), ops.silu(h));
        return ops.add(b.skip() == null ? x : ops.conv(b.skip(), x), h);
    }

    /**
     * Input pixels an output pixel depends on, per side (an upper bound): the sampler's tiles must
     * overlap by at least this for a tile's centre to see all it would see in the whole image.
     */
    int receptiveRadius() {
        ReachOps ops = new ReachOps();
        ReachOps.Reach image = new ReachOps.Reach(0, 1);
        return describe(ops, image, image, new ReachOps.Reach(0, 0)).radius();
    }

    /** Initialises the weights (seeded through DJL's engine) for batches of {@code batch} × {@code size}². */
    void initializeForTraining(NDManager manager, int batch, int size) {
        Shape image = new Shape(batch, 3, size, size);
        initialize(manager, DataType.FLOAT32, image, image, new Shape(batch));
        List<ConvLayer> last = new ArrayList<>(List.of(out, middle.conv2()));
        for (List<ResBlock> level : encoder) {
            level.forEach(b -> last.add(b.conv2()));
        }
        for (List<ResBlock> level : decoder) {
            level.forEach(b -> last.add(b.conv2()));
        }
        for (ConvLayer l : last) {
            NDArray w = SrNetwork.weight(l);
            float[] v = w.toFloatArray();
            for (int i = 0; i < v.length; i++) {
                v[i] *= BRANCH_INIT;
            }
            w.set(FloatBuffer.wrap(v));
        }
    }

    long parameterCount() {
        long n = 0;
        for (var p : getParameters()) {
            n += p.getValue().getArray().size();
        }
        return n;
    }

    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray noisy = inputs.get(0);
        return new NDList(describe(new DjlOps(parameterStore, training, noisy.getManager()), noisy, inputs.get(1),
                inputs.get(2)));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    /** One forward pass over zeros initialises every layer for the shape it sees there. */
    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        try (NDManager scope = manager.newSubManager()) {
            NDArray noisy = scope.zeros(inputShapes[0]);
            NDArray condition = scope.zeros(inputShapes[1]);
            NDArray alphaBar = scope.full(inputShapes[2], 0.5f);
            describe(new DjlOps(new ParameterStore(manager, false), false, scope), noisy, condition, alphaBar);
        }
    }
}
