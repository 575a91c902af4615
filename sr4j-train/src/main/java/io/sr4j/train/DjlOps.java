package io.sr4j.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;

/**
 * Runs the layers in DJL. A layer not yet initialised is initialised for the first input it
 * sees, so one forward pass over a batch of the training shape initialises a whole network.
 *
 * @param manager owns the constants (the manager of the forward pass's inputs)
 */
record DjlOps(ParameterStore store, boolean training, NDManager manager) implements DiffusionOps<NDArray> {
    @Override
    public NDArray conv(ConvLayer layer, NDArray x) {
        return run(layer.block(), x);
    }

    @Override
    public NDArray dense(DenseLayer layer, NDArray x) {
        return run(layer.block(), x);
    }

    private NDArray run(Block block, NDArray x) {
        if (!block.isInitialized()) {
            block.initialize(store.getManager(), DataType.FLOAT32, x.getShape());
        }
        return block.forward(store, new NDList(x), training).singletonOrThrow();
    }

    @Override
    public NDArray relu(NDArray x) {
        return Activation.relu(x);
    }

    @Override
    public NDArray add(NDArray a, NDArray b) {
        return a.add(b);
    }

    @Override
    public NDArray depthToSpace(NDArray x, int s) {
        Shape sh = x.getShape();
        long n = sh.get(0);
        long c = sh.get(1) / (s * s);
        long h = sh.get(2);
        long w = sh.get(3);
        return x.reshape(n, c, s, s, h, w).transpose(0, 1, 4, 2, 5, 3).reshape(n, c, h * s, w * s);
    }

    @Override
    public NDArray concat(NDArray a, NDArray b) {
        return a.concat(b, 1);
    }

    @Override
    public NDArray silu(NDArray x) {
        return x.mul(Activation.sigmoid(x));
    }

    @Override
    public NDArray constant(String name, float[] values, long... shape) {
        return manager.create(values, new Shape(shape));
    }

    @Override
    public NDArray sub(NDArray a, NDArray b) {
        return a.sub(b);
    }

    @Override
    public NDArray mul(NDArray a, NDArray b) {
        return a.mul(b);
    }

    @Override
    public NDArray clip(NDArray x, float min, float max) {
        return x.clip(min, max);
    }

    @Override
    public NDArray log(NDArray x) {
        return x.log();
    }

    @Override
    public NDArray sin(NDArray x) {
        return x.sin();
    }

    @Override
    public NDArray cos(NDArray x) {
        return x.cos();
    }

    @Override
    public NDArray unsqueeze(NDArray x, long... axes) {
        NDArray y = x;
        for (long axis : axes) {
            y = y.expandDims((int) axis);
        }
        return y;
    }
}
