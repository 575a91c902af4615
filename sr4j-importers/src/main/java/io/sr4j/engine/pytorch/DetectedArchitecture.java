package io.sr4j.engine.pytorch;

import java.util.Objects;

/**
 * What {@link PytorchImporter} recognised in a state dict, from tensor names and shapes alone.
 *
 * @param name        the architecture, as its authors call it: {@code SRVGGNetCompact} or {@code RRDBNet}
 * @param scale       how many times the network enlarges
 * @param tilePadding pixels of context each tile needs on every side (its receptive field, capped
 *                    where measurement showed less suffices)
 * @param details     the hyper-parameters read from the shapes, e.g. {@code num_feat 64, num_conv 16, PReLU}
 */
public record DetectedArchitecture(String name, int scale, int tilePadding, String details) {
    public DetectedArchitecture {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(details, "details");
        if (scale < 1 || tilePadding < 0) {
            throw new IllegalArgumentException("scale " + scale + ", padding " + tilePadding);
        }
    }

    /** One line for people: {@code RRDBNet ×4 (nf 64, nb 23, gc 32, new keys)}. */
    public String describe() {
        return name + " ×" + scale + " (" + details + ")";
    }
}
