package io.sr4j.engine;

/** How much the runtime may rewrite a graph before running it (ONNX Runtime's levels). */
public enum GraphOptimization {
    /** Run the graph as written. */
    NONE,
    /** Constant folding and redundant-node removal. */
    BASIC,
    /** BASIC plus operator fusions (e.g. Conv + activation). */
    EXTENDED,
    /** EXTENDED plus layout optimisations (channel-blocked "NCHWc" convolutions on CPU): the fastest. */
    ALL
}
