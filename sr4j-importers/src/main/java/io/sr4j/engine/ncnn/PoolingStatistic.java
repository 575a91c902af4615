package io.sr4j.engine.ncnn;

/**
 * One global average pooling result of a converted model (see {@link ImportOptions}).
 *
 * @param index    its number among the model's global average poolings, in file order
 * @param name     its tensor name in the ONNX graph: {@code "gap" + index} when exposed or injected,
 *                 else the ncnn blob name
 * @param channels C of its shape [1, C, 1, 1]
 * @param layer    the ncnn Pooling layer it comes from
 * @param role     whether the graph computes it, also outputs it, or takes it as an input
 */
public record PoolingStatistic(int index, String name, int channels, String layer, Role role) {
    /** What the converted graph does with a statistic. */
    public enum Role {
        /** Computed and used inside the graph only. */
        COMPUTED,
        /** Computed, used, and also a graph output. */
        EXPOSED,
        /** Not computed: a graph input. */
        INJECTED
    }

    /** The tensor shape, [1, C, 1, 1]. */
    public long[] shape() {
        return new long[] {1, channels, 1, 1};
    }
}
