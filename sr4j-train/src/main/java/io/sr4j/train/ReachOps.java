package io.sr4j.train;

/**
 * Follows how far an output pixel reaches into the input, per side, through a network's
 * operations: an upper bound for tile overlaps. Tensors are {@link Reach}es; vectors (the
 * noise-level embedding) reach no pixels.
 */
final class ReachOps implements DiffusionOps<ReachOps.Reach> {
    /**
     * @param radius input pixels reached per side
     * @param stride input pixels per pixel of this tensor (0 for a vector)
     */
    record Reach(int radius, int stride) {
    }

    private static Reach join(Reach a, Reach b) {
        return new Reach(Math.max(a.radius(), b.radius()), Math.max(a.stride(), b.stride()));
    }

    @Override
    public Reach conv(ConvLayer layer, Reach x) {
        int s = x.stride();
        // A strided output pixel sits between input pixels: one more input pixel of slack.
        int slack = layer.stride() > 1 ? s : 0;
        return new Reach(x.radius() + layer.padding() * s + slack, s * layer.stride());
    }

    @Override
    public Reach depthToSpace(Reach x, int scale) {
        // A fine pixel reads one coarse pixel, which stands for a block of `stride` input pixels.
        return new Reach(x.radius() + x.stride(), Math.max(1, x.stride() / scale));
    }

    @Override
    public Reach relu(Reach x) {
        return x;
    }

    @Override
    public Reach add(Reach a, Reach b) {
        return join(a, b);
    }

    @Override
    public Reach concat(Reach a, Reach b) {
        return join(a, b);
    }

    @Override
    public Reach silu(Reach x) {
        return x;
    }

    @Override
    public Reach dense(DenseLayer layer, Reach x) {
        return x;
    }

    @Override
    public Reach constant(String name, float[] values, long... shape) {
        return new Reach(0, 0);
    }

    @Override
    public Reach sub(Reach a, Reach b) {
        return join(a, b);
    }

    @Override
    public Reach mul(Reach a, Reach b) {
        return join(a, b);
    }

    @Override
    public Reach clip(Reach x, float min, float max) {
        return x;
    }

    @Override
    public Reach log(Reach x) {
        return x;
    }

    @Override
    public Reach sin(Reach x) {
        return x;
    }

    @Override
    public Reach cos(Reach x) {
        return x;
    }

    @Override
    public Reach unsqueeze(Reach x, long... axes) {
        return x;
    }
}
