package io.sr4j.upscale;

import io.sr4j.engine.ActivationProbe;
import io.sr4j.io.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The widest activation of a converted graph ({@link ActivationProbe}), measured once and cached in
 * a small text file beside the graph in the model store, so later runs pay nothing for it.
 */
final class ActivationWidths {
    private static final String SUFFIX = ".widest";

    private ActivationWidths() {
    }

    /**
     * Floats per input pixel of {@code graph}'s widest node output, from the cache or measured on a
     * probe of {@code probeEdge} pixels (then cached; a cache that cannot be written is not an error).
     */
    static double of(Path graph, int probeEdge) {
        Path cache = graph.resolveSibling(graph.getFileName() + SUFFIX);
        try {
            if (Files.isRegularFile(cache)) {
                double cached = Double.parseDouble(Files.readString(cache, StandardCharsets.US_ASCII).trim());
                if (cached > 0) {
                    return cached;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // unreadable or damaged: measure again and overwrite it
        }
        double widest = ActivationProbe.widestFloatsPerPixel(graph, probeEdge);
        try {
            AtomicFiles.write(cache, out -> out.write(String.format(Locale.ROOT, "%.3f%n", widest)
                    .getBytes(StandardCharsets.US_ASCII)));
        } catch (IOException e) {
            // a read-only store: measure again next time
        }
        return widest;
    }

    /** A probe edge that is a valid tile source for the network: a small core plus padding, aligned. */
    static int probeEdge(int padding, int alignment) {
        int edge = 2 * padding + 32;
        return (edge + alignment - 1) / alignment * alignment;
    }
}
