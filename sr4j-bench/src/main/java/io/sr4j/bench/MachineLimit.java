package io.sr4j.bench;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.sr4j.engine.onnx.Dim;
import io.sr4j.engine.onnx.OnnxDataType;
import io.sr4j.engine.onnx.OnnxGraphBuilder;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * What this machine's CPU can do through ONNX Runtime: one large square matrix product, fp32
 * ({@code MatMul}) and 8-bit ({@code MatMulInteger}, unsigned activations × signed weights, the
 * form VNNI instructions multiply), each a graph built with {@link OnnxGraphBuilder}. Convolutions
 * in ONNX Runtime become the same kind of matrix products, so these rates bound what a network
 * can achieve.
 */
public final class MachineLimit {
    /** Which matrix product. */
    public enum Kind {
        FP32("MatMul"), INT8("MatMulInteger");

        private final String operator;

        Kind(String operator) {
            this.operator = operator;
        }

        /** The ONNX operator timed. */
        public String operator() {
            return operator;
        }
    }

    private MachineLimit() {
    }

    /**
     * Times {@code repetitions} products of two {@code n × n} matrices (after one warm-up) on
     * {@code threads} intra-op threads.
     */
    public static Timing measure(Kind kind, int n, int threads, int repetitions) {
        OrtEnvironment env = Ort.environment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(threads);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            try (OrtSession session = env.createSession(graph(kind, n), options);
                    OnnxTensor a = matrix(env, kind, n, true, 1);
                    OnnxTensor b = matrix(env, kind, n, false, 2)) {
                Map<String, OnnxTensor> feeds = Map.of("a", a, "b", b);
                double[] seconds = new double[repetitions];
                session.run(feeds).close();
                for (int r = 0; r < repetitions; r++) {
                    long start = System.nanoTime();
                    session.run(feeds).close();
                    seconds[r] = (System.nanoTime() - start) / 1e9;
                }
                return new Timing(2.0 * n * n * n, seconds);
            }
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime could not run " + kind.operator() + " " + n + "^3: "
                    + e.getMessage(), e);
        }
    }

    static byte[] graph(Kind kind, int n) {
        OnnxGraphBuilder g = new OnnxGraphBuilder("limit-" + kind.name().toLowerCase(java.util.Locale.ROOT));
        boolean int8 = kind == Kind.INT8;
        g.input("a", int8 ? OnnxDataType.UINT8 : OnnxDataType.FLOAT, Dim.of(n), Dim.of(n));
        g.input("b", int8 ? OnnxDataType.INT8 : OnnxDataType.FLOAT, Dim.of(n), Dim.of(n));
        g.node(kind.operator(), List.of("a", "b"), "c");
        g.output("c", int8 ? OnnxDataType.INT32 : OnnxDataType.FLOAT, Dim.of(n), Dim.of(n));
        return g.build();
    }

    /** A random matrix: activations (uint8 for int8) or weights (int8 for int8). */
    private static OnnxTensor matrix(OrtEnvironment env, Kind kind, int n, boolean activations, long seed)
            throws OrtException {
        SplittableRandom random = new SplittableRandom(seed);
        long[] shape = {n, n};
        if (kind == Kind.FP32) {
            FloatBuffer values = ByteBuffer.allocateDirect(4 * n * n).order(ByteOrder.nativeOrder()).asFloatBuffer();
            for (int i = 0; i < n * n; i++) {
                values.put(i, (float) random.nextDouble(-1, 1));
            }
            return OnnxTensor.createTensor(env, values, shape);
        }
        ByteBuffer values = ByteBuffer.allocateDirect(n * n);
        for (int i = 0; i < n * n; i++) {
            values.put(i, (byte) (activations ? random.nextInt(256) : random.nextInt(-127, 128)));
        }
        return OnnxTensor.createTensor(env, values, shape, activations ? OnnxJavaType.UINT8 : OnnxJavaType.INT8);
    }

    /**
     * @param operations multiply-adds counted as two operations each
     * @param seconds    one entry per timed run
     */
    public record Timing(double operations, double[] seconds) {
        /** The median run's rate in billions of operations per second. */
        public double gigaOpsPerSecond() {
            return operations / Stats.median(seconds) / 1e9;
        }
    }
}
