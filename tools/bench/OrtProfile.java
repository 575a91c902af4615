import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where an ONNX graph's time goes in ONNX Runtime (CPU, 2 threads, optimisation level ALL, as sr4j
 * runs it): three runs on a smooth 1×3×SIZE×SIZE image, then kernel time per operator type as ONNX
 * Runtime's profiler reports it after its fusions (QLinearConv and friends show which parts of an
 * int8 graph really run in int8). Usage, from the repository root:
 *   java -cp sr4j-cli/target/sr4j.jar tools/bench/OrtProfile.java GRAPH.onnx SIZE
 */
public class OrtProfile {
    public static void main(String[] args) throws Exception {
        int size = Integer.parseInt(args[1]);
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        File dir = Files.createTempDirectory("ort-profile").toFile();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(2);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            options.enableProfiling(new File(dir, "profile").getPath());
            try (OrtSession session = env.createSession(args[0], options)) {
                String input = session.getInputNames().iterator().next();
                FloatBuffer pixels = ByteBuffer.allocateDirect(3 * size * size * 4).order(ByteOrder.nativeOrder())
                        .asFloatBuffer();
                for (int i = 0; i < 3 * size * size; i++) {
                    pixels.put(i, (float) (0.5 + 0.4 * Math.sin(i * 0.01)));
                }
                for (int run = 0; run < 3; run++) {
                    long start = System.nanoTime();
                    try (OnnxTensor x = OnnxTensor.createTensor(env, pixels, new long[] {1, 3, size, size});
                         OrtSession.Result ignored = session.run(Map.of(input, x))) {
                        System.out.printf("run %d: %.2f s%n", run + 1, (System.nanoTime() - start) / 1e9);
                    }
                }
                printByOperator(new ObjectMapper().readTree(new File(session.endProfiling())));
            }
        }
    }

    private static void printByOperator(JsonNode events) {
        Map<String, long[]> byOp = new TreeMap<>();
        long total = 0;
        for (JsonNode e : events) {
            if ("Node".equals(e.path("cat").asText()) && e.path("name").asText().endsWith("_kernel_time")) {
                long[] sum = byOp.computeIfAbsent(e.path("args").path("op_name").asText(), k -> new long[2]);
                sum[0] += e.path("dur").asLong();
                sum[1]++;
                total += e.path("dur").asLong();
            }
        }
        System.out.println("| operator | ms per run | share | nodes |");
        System.out.println("|---|---|---|---|");
        for (Map.Entry<String, long[]> op : byOp.entrySet()) {
            long[] sum = op.getValue();
            System.out.printf("| %s | %.1f | %.1f %% | %d |%n", op.getKey(), sum[0] / 3000.0, 100.0 * sum[0] / total,
                    sum[1] / 3);
        }
    }
}
