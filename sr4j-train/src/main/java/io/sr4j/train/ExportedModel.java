package io.sr4j.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sr4j.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a trained network as {@code NAME.onnx} plus the sidecar {@code NAME.onnx.json} that
 * sr4j's model loader reads (scale, tile padding, input range), and installs copies in the local
 * models folder {@code $SR4J_HOME/local-models}, where every sr4j command finds them by name.
 */
final class ExportedModel {
    private ExportedModel() {
    }

    /** Tile padding: the receptive radius plus a margin, rounded up to a multiple of 4. */
    static int padding(SrNetwork net) {
        return (net.receptiveRadius() + 2 + 3) / 4 * 4;
    }

    static String sidecarJson(SrNetwork net, String name, String description, double psnr, double bicubic) {
        ObjectNode root = new ObjectMapper().createObjectNode();
        root.put("name", name);
        root.put("scale", net.scale());
        root.put("padding", padding(net));
        root.put("inputRange", "0..1");
        root.put("channelOrder", "RGB");
        root.put("network", net.spec().type());
        root.put("channels", net.spec().channels());
        root.put("depth", net.spec().depth());
        root.put("description", description);
        if (!Double.isNaN(psnr)) {
            root.put("validationPsnr", Math.round(psnr * 1000) / 1000.0);
            root.put("validationBicubicPsnr", Math.round(bicubic * 1000) / 1000.0);
        }
        return pretty(root);
    }

    /** A sidecar's text. */
    static String pretty(ObjectNode root) {
        try {
            return new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes {@code dir/NAME.onnx} and its sidecar atomically; returns the graph's path. */
    static Path write(Path dir, String name, byte[] onnx, String sidecar) throws IOException {
        Files.createDirectories(dir);
        Path model = dir.resolve(name + ".onnx");
        AtomicFiles.write(model, out -> out.write(onnx));
        AtomicFiles.write(sidecarOf(model), out -> out.write(sidecar.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        return model;
    }

    static Path sidecarOf(Path model) {
        return model.resolveSibling(model.getFileName() + ".json");
    }
}
