package io.sr4j.engine;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Measures how wide an image network's activations are: the most float values any one node
 * outputs per input pixel (Real-ESRGAN compact: 64, its feature channels; Real-CUGAN: its
 * upsampling ConvTranspose, 64 channels at twice the resolution, 256). Engine memory for an input
 * grows with it, so tile sizes can be chosen from it.
 *
 * <p>The shapes come from ONNX Runtime itself: the graph runs once on a small blank image with
 * profiling on and only basic optimisation (every node keeps its ONNX operator), and each node's
 * output shapes are read from the profile. Nothing is assumed about the operators, so it works for
 * any graph taking {@code [1, 3, H, W]}.
 */
public final class ActivationProbe {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ActivationProbe() {
    }

    /**
     * The widest node output of {@code onnx}, in floats per input pixel, measured on a blank
     * {@code edge × edge} image ({@code edge} must suit the network: a multiple of its alignment and
     * larger than what it crops).
     *
     * @throws EngineException if ONNX Runtime cannot run the graph on that input
     */
    public static double widestFloatsPerPixel(Path onnx, int edge) {
        if (edge < 8) {
            throw new IllegalArgumentException("probe edge must be >= 8, got " + edge);
        }
        Path dir = null;
        try {
            dir = Files.createTempDirectory("sr4j-probe");
            Path profile = profile(onnx, edge, dir.resolve("profile").toString());
            return widestOutput(JSON.readTree(profile.toFile())) / ((double) edge * edge);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot measure the activations of " + onnx + ": " + e.getMessage(), e);
        } catch (OrtException e) {
            throw new EngineException("cannot run " + onnx + " on a " + edge + "x" + edge + " probe: " + e.getMessage(),
                    e);
        } finally {
            deleteQuietly(dir);
        }
    }

    private static Path profile(Path onnx, int edge, String prefix) throws OrtException {
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.BASIC_OPT);
            options.setIntraOpNumThreads(1);
            options.enableProfiling(prefix);
            try (OrtSession session = OrtEngine.environment().createSession(onnx.toString(), options)) {
                String input = session.getInputNames().iterator().next();
                FloatBuffer blank = FloatBuffer.allocate(3 * edge * edge);
                try (OnnxTensor tensor = OnnxTensor.createTensor(OrtEngine.environment(), blank,
                        new long[] {1, 3, edge, edge});
                        OrtSession.Result ignored = session.run(Map.of(input, tensor))) {
                    return Path.of(session.endProfiling());
                }
            }
        }
    }

    /** The largest total element count of one node's outputs among the profile's kernel events. */
    static long widestOutput(JsonNode events) {
        long widest = 0;
        for (JsonNode event : events) {
            if (!event.path("name").asText().endsWith("_kernel_time")) {
                continue;
            }
            long sum = 0;
            for (JsonNode output : event.path("args").path("output_type_shape")) {
                // {"float": [1, 64, 96, 96]}
                JsonNode dims = output.elements().hasNext() ? output.elements().next() : null;
                if (dims == null) {
                    continue;
                }
                long n = 1;
                for (JsonNode d : dims) {
                    n *= Math.max(1, d.asLong());
                }
                sum += n;
            }
            widest = Math.max(widest, sum);
        }
        if (widest == 0) {
            throw new IllegalStateException("the profile names no node outputs");
        }
        return widest;
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> files = Files.list(dir)) {
            files.forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            // best effort: a temporary folder
        }
        dir.toFile().delete();
    }
}
