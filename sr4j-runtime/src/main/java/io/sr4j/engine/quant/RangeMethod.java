package io.sr4j.engine.quant;

/** How calibration turns the values an activation took into the range it is quantised to. */
public enum RangeMethod {
    /**
     * The smallest and largest value seen: nothing clips, rare outliers coarsen every other step. The
     * default: safe for every network measured.
     */
    MIN_MAX,
    /**
     * The 0.01 % and 99.99 % quantiles of a sample of the values: outliers clip, the bulk gets finer
     * steps. Closer to fp32 for networks whose extremes are isolated (realesrgan-x4fast), but ruinous
     * where shallow features carry intensity into skip connections: Real-CUGAN's clip on bright photo
     * areas and lose 5–14 dB against fp32 (docs/PERFORMANCE.md, "int8").
     */
    PERCENTILE
}
