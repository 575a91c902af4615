package io.sr4j.engine.tfjs;

/**
 * How {@link TfjsImporter} converts a model.
 *
 * @param networkRange the value that stands for full intensity inside the network: 1 for networks
 *                     that take and give 0..1, 255 for networks trained on raw 8-bit values (the
 *                     UpscalerJS RDN models). The converted graph always maps 0..1 to 0..1; for a
 *                     range other than 1 it multiplies its input by the range and its output by the
 *                     inverse, so callers feed every model alike.
 */
public record TfjsImportOptions(double networkRange) {
    public TfjsImportOptions {
        if (!(networkRange > 0) || Double.isInfinite(networkRange)) {
            throw new IllegalArgumentException("network value range must be a positive number, got " + networkRange);
        }
    }

    /** A network that works on 0..1 values: the graph is the network as it is. */
    public static TfjsImportOptions unitRange() {
        return new TfjsImportOptions(1);
    }

    /** True if the graph must scale its input and output. */
    boolean scalesValues() {
        return networkRange != 1;
    }
}
