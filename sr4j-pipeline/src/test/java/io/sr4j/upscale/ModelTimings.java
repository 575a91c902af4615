package io.sr4j.upscale;

import io.sr4j.testing.TestPhotos;
import io.sr4j.image.PlanarImage;
import io.sr4j.model.ModelInfo;
import io.sr4j.model.ModelStore;
import java.util.Arrays;
import java.util.Locale;

/**
 * Prints, for every catalogue network, the seconds one 256×256 crop of a real photo takes as a
 * single tile (session loaded, conversion cached; median of 3 runs after one warm-up), as a
 * Markdown table for docs/MODELS.md. Not a test: run it with tools/timing/model-timings.sh
 * [SIZE [ID_REGEX [TILE]]].
 */
public final class ModelTimings {
    private ModelTimings() {
    }

    public static void main(String[] args) {
        int size = args.length > 0 ? Integer.parseInt(args[0]) : 256;
        int tile = args.length > 2 ? Integer.parseInt(args[2]) : 1024;
        PlanarImage crop = TestPhotos.crop("astronaut.png", (512 - size) / 2, (512 - size) / 2, size, size);
        ModelStore store = TestModels.store();
        System.out.println("| model | scale | seconds for " + size + "x" + size + " (tile " + tile + ") |");
        System.out.println("|---|---|---|");
        for (ModelInfo info : store.catalog().models()) {
            if (!info.hasFiles() || (args.length > 1 && !info.id().matches(args[1]))) {
                continue;
            }
            try (Upscaler upscaler = TestModels.upscaler(info.id(), tile)) {
                double[] seconds = new double[3];
                upscaler.upscale(crop, info.scale(), TileProgress.none());
                for (int i = 0; i < seconds.length; i++) {
                    long start = System.nanoTime();
                    upscaler.upscale(crop, info.scale(), TileProgress.none());
                    seconds[i] = (System.nanoTime() - start) / 1e9;
                }
                Arrays.sort(seconds);
                System.out.printf(Locale.ROOT, "| %s | %d | %.2f |%n", info.id(), info.scale(), seconds[1]);
            }
        }
    }
}
