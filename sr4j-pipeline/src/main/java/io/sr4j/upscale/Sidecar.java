package io.sr4j.upscale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What a model file cannot say about itself, read from {@code MODEL.onnx.json} beside it (sr4j
 * train and sr4j models import write one): the scale, the tile padding that covers its receptive
 * field and, for window-attention networks (SwinIR, HAT), the window whose grid tiles must follow
 * ({@code tileWindow}, 1 when absent).
 */
record Sidecar(int scale, int padding, int tileWindow) {
    /** Windows above this are no attention network sr4j imports: a typo or a damaged file. */
    private static final int MAX_TILE_WINDOW = 64;

    /** The sidecar of {@code model}, or null if there is none. */
    static Sidecar of(Path model) {
        Path file = model.resolveSibling(model.getFileName() + ".json");
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            JsonNode root = new ObjectMapper().readTree(file.toFile());
            int scale = root.path("scale").asInt(-1);
            int padding = root.path("padding").asInt(-1);
            int window = root.path("tileWindow").asInt(1);
            if (scale < 1 || scale > 8 || padding < 0 || window < 1 || window > MAX_TILE_WINDOW
                    || !"0..1".equals(root.path("inputRange").asText("0..1"))) {
                throw new IllegalArgumentException("model sidecar " + file
                        + " needs scale 1..8, padding >= 0, tileWindow 1.." + MAX_TILE_WINDOW + " and inputRange 0..1");
            }
            return new Sidecar(scale, padding, window);
        } catch (IOException e) {
            throw new IllegalArgumentException("model sidecar " + file + " is not valid JSON: " + e.getMessage(), e);
        }
    }
}
