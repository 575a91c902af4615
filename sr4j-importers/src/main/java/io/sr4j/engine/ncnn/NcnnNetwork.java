package io.sr4j.engine.ncnn;

import java.util.List;
import java.util.Objects;

/**
 * A parsed ncnn {@code .param} file: its layers in file order (which is execution order).
 *
 * @param source    the file name, for messages
 * @param layers    the layers in file order
 * @param blobCount the blob count the header declares
 */
public record NcnnNetwork(String source, List<NcnnLayer> layers, int blobCount) {
    public NcnnNetwork {
        Objects.requireNonNull(source, "source");
        layers = List.copyOf(layers);
    }

    /** How many layers have the given type. */
    public int count(String type) {
        int n = 0;
        for (NcnnLayer l : layers) {
            if (l.type().equals(type)) {
                n++;
            }
        }
        return n;
    }
}
