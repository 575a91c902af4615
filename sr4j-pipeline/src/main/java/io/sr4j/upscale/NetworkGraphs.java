package io.sr4j.upscale;

import io.sr4j.model.ModelInfo;
import io.sr4j.model.ModelStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Where the store keeps the ONNX graphs sr4j converted from catalogue models (for tools that inspect them). */
public final class NetworkGraphs {
    private NetworkGraphs() {
    }

    /**
     * The converted single-pass graph of {@code info} (image in, image out), if it has been converted
     * already (an {@link Upscaler} built for the model converts it).
     */
    public static Optional<Path> plainGraph(ModelStore store, ModelInfo info) {
        Path path = switch (info.format()) {
            case NCNN -> store.convertedPath(info.id(), ModelLoader.CONVERTER_VERSION + "-plain");
            case TFJS -> store.convertedPath(info.id(), ModelLoader.TFJS_CONVERTER_VERSION);
            default -> null;
        };
        return path != null && Files.isRegularFile(path) ? Optional.of(path) : Optional.empty();
    }
}
