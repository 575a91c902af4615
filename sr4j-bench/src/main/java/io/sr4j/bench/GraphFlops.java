package io.sr4j.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
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

/**
 * Counts the multiply-accumulates (MACs) of the Conv, ConvTranspose, MatMul and Gemm nodes of an
 * image graph for one input size. The shapes come from ONNX Runtime itself: the graph runs once on
 * a blank image with profiling on and only basic optimisation (so every node keeps its ONNX
 * operator and shapes), and each node's MACs follow from its input, weight and output shapes. This
 * needs no shape inference of our own and works for any graph, ours or a user's.
 *
 * <p>One FLOP here is a multiply or an add: FLOPs = 2 × MACs. Activations, additions and resizes
 * are left out (they are a fraction of a percent of the work in these networks).
 */
public final class GraphFlops {
    private static final ObjectMapper JSON = new ObjectMapper();

    private GraphFlops() {
    }

    /**
     * MACs of {@code onnx} (one input {@code [1, 3, height, width]}) for one image of
     * {@code width × height}.
     */
    public static long multiplyAccumulates(Path onnx, int width, int height) {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("sr4j-flops");
            Path profile = profile(onnx, width, height, dir.resolve("profile").toString());
            return fromProfile(JSON.readTree(profile.toFile()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot count the FLOPs of " + onnx + ": " + e.getMessage(), e);
        } catch (OrtException e) {
            throw new IllegalStateException("cannot count the FLOPs of " + onnx + ": " + e.getMessage(), e);
        } finally {
            deleteQuietly(dir);
        }
    }

    /** Runs the graph once with profiling; returns the profile file. */
    private static Path profile(Path onnx, int width, int height, String prefix) throws OrtException {
        OrtEnvironment env = Ort.environment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.BASIC_OPT);
            options.enableProfiling(prefix);
            // Pre-packed weights vanish from the profile's input shapes (ConvTranspose's did): keep them plain.
            options.addConfigEntry("session.disable_prepacking", "1");
            try (OrtSession session = env.createSession(onnx.toString(), options)) {
                String input = session.getInputNames().iterator().next();
                long[] shape = {1, 3, height, width};
                FloatBuffer blank = FloatBuffer.allocate(3 * width * height);
                try (OnnxTensor tensor = OnnxTensor.createTensor(env, blank, shape);
                        OrtSession.Result ignored = session.run(Map.of(input, tensor))) {
                    return Path.of(session.endProfiling());
                }
            }
        }
    }

    /** Sums the MACs of every counted node's kernel event in an ONNX Runtime profile. */
    static long fromProfile(JsonNode events) {
        long macs = 0;
        for (JsonNode event : events) {
            JsonNode args = event.path("args");
            if (!event.path("name").asText().endsWith("_kernel_time") || !args.has("op_name")) {
                continue;
            }
            macs += nodeMacs(args.path("op_name").asText(), shapes(args.path("input_type_shape")),
                    shapes(args.path("output_type_shape")));
        }
        return macs;
    }

    /**
     * MACs of one node from its shapes. Conv: every output element sums {@code C_in/group × k_h ×
     * k_w} products (weight {@code [C_out, C_in/group, k_h, k_w]}). ConvTranspose: every input
     * element is scattered through {@code C_out/group × k_h × k_w} products (weight {@code [C_in,
     * C_out/group, k_h, k_w]}). MatMul and Gemm: every output element sums K products.
     */
    static long nodeMacs(String op, long[][] inputs, long[][] outputs) {
        boolean counted = switch (op) {
            case "Conv", "FusedConv", "ConvTranspose", "MatMul", "MatMulInteger", "Gemm" -> true;
            default -> false;
        };
        if (!counted) {
            return 0;
        }
        if (inputs.length < 2 || outputs.length < 1) {
            // An undercount would inflate nobody's figures but would hide work: refuse instead.
            throw new IllegalStateException(op + " node without its operand shapes in the profile");
        }
        long[] a = inputs[0];
        long[] b = inputs[1];
        return switch (op) {
            case "Conv", "FusedConv" -> elements(outputs[0]) * elements(b) / b[0];
            case "ConvTranspose" -> elements(a) * elements(b) / b[0];
            case "MatMul", "MatMulInteger" -> elements(outputs[0]) * a[a.length - 1];
            // A is [M, K] or, transposed, [K, M]; the output is [M, N].
            case "Gemm" -> elements(outputs[0]) * (elements(a) / outputs[0][0]);
            default -> 0;
        };
    }

    private static long elements(long[] shape) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return n;
    }

    /** {@code [{"float": [1, 3, 64, 64]}, ...]} → the shapes. */
    private static long[][] shapes(JsonNode list) {
        long[][] shapes = new long[list.size()][];
        for (int i = 0; i < list.size(); i++) {
            JsonNode dims = list.get(i).elements().hasNext() ? list.get(i).elements().next() : JSON.createArrayNode();
            shapes[i] = new long[dims.size()];
            for (int d = 0; d < dims.size(); d++) {
                shapes[i][d] = dims.get(d).asLong();
            }
        }
        return shapes;
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (var files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.deleteIfExists(f);
            }
            Files.deleteIfExists(dir);
        } catch (IOException ignored) {
            // A leftover profile in the temp folder is harmless.
        }
    }
}
