package io.sr4j.engine;

/**
 * Where a session's operators run. CPU is always available; CUDA needs the GPU build of ONNX
 * Runtime on the class path (opening a session with it otherwise fails with an
 * {@link EngineException} that says so).
 */
public sealed interface ExecutionProvider {
    /** The default CPU provider. */
    static ExecutionProvider cpu() {
        return Cpu.INSTANCE;
    }

    /** NVIDIA CUDA on device {@code deviceId}; nodes it cannot run fall back to the CPU. */
    static ExecutionProvider cuda(int deviceId) {
        return new Cuda(deviceId);
    }

    /** The CPU provider. */
    enum Cpu implements ExecutionProvider {
        INSTANCE;

        @Override
        public String toString() {
            return "CPU";
        }
    }

    /** The CUDA provider on one GPU. */
    record Cuda(int deviceId) implements ExecutionProvider {
        public Cuda {
            if (deviceId < 0) {
                throw new IllegalArgumentException("CUDA device id must be >= 0, got " + deviceId);
            }
        }

        @Override
        public String toString() {
            return "CUDA:" + deviceId;
        }
    }
}
