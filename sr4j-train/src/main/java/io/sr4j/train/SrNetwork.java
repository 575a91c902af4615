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
import java.util.ArrayList;
import java.util.List;

/**
 * The trained networks: a body on the low-resolution image that predicts the residual over
 * bicubic, plus a bicubic skip ({@link BicubicKernel}, trainable, starts exact), summed at low
 * resolution and rearranged by one depth-to-space. Two bodies:
 * <ul>
 *   <li>{@code fast} (ESPCN/FSRCNN class): 5×5 conv, {@code depth} × (3×3 conv + ReLU), 3×3 conv to 3·s²;</li>
 *   <li>{@code residual} (EDSR-baseline class): 3×3 conv, {@code depth} residual blocks
 *       (conv–ReLU–conv + identity), 3×3 conv + long skip, 3×3 conv to 3·s².</li>
 * </ul>
 * The layers are described once ({@link #describe}) and interpreted by {@link NetOps}.
 */
final class SrNetwork extends AbstractBlock {
    private final TrainConfig.Network spec;
    private final int scale;
    private final ConvLayer skip;
    private final ConvLayer head;
    private final List<ConvLayer> body = new ArrayList<>();
    private final ConvLayer bodyEnd;
    private final ConvLayer tail;

    SrNetwork(TrainConfig.Network spec, int scale) {
        this.spec = spec;
        this.scale = scale;
        int c = spec.channels();
        int out = 3 * scale * scale;
        boolean residual = isResidual();
        skip = add(ConvLayer.of("skip", out, BicubicKernel.SIZE, 3, false));
        head = add(ConvLayer.of("head", c, residual ? 3 : 5, 1, true));
        int bodyConvs = residual ? 2 * spec.depth() : spec.depth();
        for (int i = 0; i < bodyConvs; i++) {
            body.add(add(ConvLayer.of("body" + i, c, 3, 1, true)));
        }
        bodyEnd = residual ? add(ConvLayer.of("bodyEnd", c, 3, 1, true)) : null;
        tail = add(ConvLayer.of("tail", out, 3, 1, true));
        setInitializer(new XavierInitializer(XavierInitializer.RandomType.GAUSSIAN,
                XavierInitializer.FactorType.IN, 2), Parameter.Type.WEIGHT);
    }

    private ConvLayer add(ConvLayer layer) {
        addChildBlock(layer.name(), layer.block());
        return layer;
    }

    boolean isResidual() {
        return spec.type().equals("residual");
    }

    int scale() {
        return scale;
    }

    TrainConfig.Network spec() {
        return spec;
    }

    /** Every convolution, in a fixed order (checkpoints store parameters in this order). */
    List<ConvLayer> layers() {
        List<ConvLayer> all = new ArrayList<>(List.of(skip, head));
        all.addAll(body);
        if (bodyEnd != null) {
            all.add(bodyEnd);
        }
        all.add(tail);
        return all;
    }

    /**
     * Input pixels each output pixel depends on, per side: the tiler's padding must cover it for
     * tiled output to equal whole-image output.
     */
    int receptiveRadius() {
        int r = 0;
        for (ConvLayer l : layers()) {
            if (l != skip) {
                r += l.padding();
            }
        }
        return Math.max(r, skip.padding());
    }

    /** The network, written once for every interpretation. */
    <T> T describe(NetOps<T> ops, T x) {
        T features = ops.conv(head, x);
        T y;
        if (isResidual()) {
            y = features;
            for (int i = 0; i < body.size(); i += 2) {
                T inner = ops.conv(body.get(i + 1), ops.relu(ops.conv(body.get(i), y)));
                y = ops.add(y, inner);
            }
            y = ops.add(ops.conv(bodyEnd, y), features);
        } else {
            y = ops.relu(features);
            for (ConvLayer l : body) {
                y = ops.relu(ops.conv(l, y));
            }
        }
        T sum = ops.add(ops.conv(tail, y), ops.conv(skip, x));
        return ops.depthToSpace(sum, scale);
    }

    /**
     * Initialises the weights for input batches of {@code inputShape}: the body at random (seeded
     * through DJL's engine), the skip as exact bicubic and the last layer scaled down, so training
     * starts from bicubic output.
     */
    void initializeForTraining(NDManager manager, Shape inputShape) {
        initialize(manager, DataType.FLOAT32, inputShape);
        weight(skip).set(FloatBuffer.wrap(BicubicKernel.weights(scale)));
        NDArray tailWeight = weight(tail);
        float[] w = tailWeight.toFloatArray();
        for (int i = 0; i < w.length; i++) {
            w[i] *= 0.1f;
        }
        tailWeight.set(FloatBuffer.wrap(w));
    }

    static NDArray weight(ConvLayer layer) {
        return layer.block().getParameters().get("weight").getArray();
    }

    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        return new NDList(describe(new DjlOps(parameterStore, training, x.getManager()), x));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        return new Shape[] {new Shape(in.get(0), 3, in.get(2) * scale, in.get(3) * scale)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        describe(new ShapeOps(manager, dataType), inputShapes[0]);
    }

    /** Walks the layers with shapes only, initialising each convolution for the shape it sees. */
    private record ShapeOps(NDManager manager, DataType dataType) implements NetOps<Shape> {
        @Override
        public Shape conv(ConvLayer layer, Shape x) {
            layer.block().initialize(manager, dataType, x);
            return layer.block().getOutputShapes(new Shape[] {x})[0];
        }

        @Override
        public Shape relu(Shape x) {
            return x;
        }

        @Override
        public Shape add(Shape a, Shape b) {
            return a;
        }

        @Override
        public Shape depthToSpace(Shape x, int s) {
            return new Shape(x.get(0), x.get(1) / (s * s), x.get(2) * s, x.get(3) * s);
        }
    }
}
