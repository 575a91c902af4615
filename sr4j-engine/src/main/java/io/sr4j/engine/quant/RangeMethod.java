package io.sr4j.engine.quant;

/** How calibration turns the values an activation took into the range it is quantised to. */
public enum RangeMethod {
    /** The smallest and largest value seen: nothing clips, rare outliers coarsen every other step. */
    MIN_MAX,
    /**
     * The 0.01 % and 99.99 % quantiles of a sample of the values: outliers clip, the bulk gets finer
     * steps.
     */
    PERCENTILE
}
