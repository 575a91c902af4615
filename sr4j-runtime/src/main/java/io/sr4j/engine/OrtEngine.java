package io.sr4j.engine;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The ONNX Runtime engine. All engines share the process's single {@link OrtEnvironment} (ONNX
 * Runtime allows one); each {@link #open} creates one native session.
 *
 * <p>Thread-safe.
 */
public final class OrtEngine implements Engine {
    private static OrtEnvironment environment;

    private final Set<OrtInferenceSession> openSessions = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    /** A new engine on the shared environment (created on first use; loads the native library). */
    public OrtEngine() {
        environment();
    }

    /**
     * The process-wide environment. Created lazily so that merely loading sr4j classes does not load
     * the native library; a failure to load it is reported on every attempt, not only the first.
     */
    static synchronized OrtEnvironment environment() {
        if (environment == null) {
            try {
                environment = onLargeStack(() -> OrtEnvironment.getEnvironment(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR,
                        "sr4j"));
            } catch (RuntimeException | LinkageError e) {
                throw new EngineException("ONNX Runtime could not start (is its native library available for this"
                        + " platform?): " + e, e);
            }
        }
        return environment;
    }

    @Override
    public InferenceSession open(byte[] onnxModel, String source, SessionOptions options) {
        Objects.requireNonNull(onnxModel, "onnxModel");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(options, "options");
        if (onnxModel.length == 0) {
            throw new IllegalArgumentException("ONNX model " + source + " is empty");
        }
        checkOpen();
        return register(source, options, (env, so) -> env.createSession(onnxModel, so));
    }

    @Override
    public InferenceSession open(Path onnxFile, SessionOptions options) {
        Objects.requireNonNull(onnxFile, "onnxFile");
        Objects.requireNonNull(options, "options");
        if (!Files.isRegularFile(onnxFile)) {
            throw new IllegalArgumentException("ONNX model file " + onnxFile + " does not exist");
        }
        checkOpen();
        return register(onnxFile.toString(), options,
                (env, so) -> env.createSession(onnxFile.toAbsolutePath().toString(), so));
    }

    @Override
    public String description() {
        return "ONNX Runtime " + environment().getVersion();
    }

    @Override
    public void close() {
        closed = true;
        List<OrtInferenceSession> sessions = new ArrayList<>(openSessions);
        for (OrtInferenceSession s : sessions) {
            s.close();
        }
    }

    /** Number of sessions opened by this engine and not yet closed. */
    public int openSessionCount() {
        return openSessions.size();
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("engine is closed");
        }
    }

    @FunctionalInterface
    private interface SessionFactory {
        OrtSession create(OrtEnvironment env, OrtSession.SessionOptions options) throws OrtException;
    }

    private InferenceSession register(String source, SessionOptions options, SessionFactory factory) {
        OrtEnvironment env = environment();
        OrtSession session = onLargeStack(() -> {
            try (OrtSession.SessionOptions so = toOrt(options, source)) {
                return factory.create(env, so);
            } catch (OrtException e) {
                throw new EngineException("ONNX Runtime rejected model " + source + ": " + e.getMessage(), e);
            }
        });
        OrtInferenceSession wrapped;
        try {
            wrapped = new OrtInferenceSession(env, session, source, openSessions::remove);
        } catch (RuntimeException e) {
            closeQuietly(session, e);
            throw e;
        }
        openSessions.add(wrapped);
        if (closed) {
            // Lost a race with close(): don't leak the session.
            wrapped.close();
            throw new IllegalStateException("engine is closed");
        }
        return wrapped;
    }

    /** Stack for opening sessions; reserved address space, not memory. */
    private static final long SESSION_STACK_BYTES = 64L << 20;

    /**
     * Runs {@code open} on a thread with a large stack. ONNX Runtime recurses deeply while it starts
     * and opens a session: on a thread with the JVM's default 1 MB stack it can overflow, which
     * crashes the whole JVM with no Java error (seen under Spark, whose executor threads already
     * use part of their stack). Callers' threads are not ours to size.
     */
    private static <T> T onLargeStack(Supplier<T> open) {
        AtomicReference<T> opened = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread opener = new Thread(null, () -> {
            try {
                opened.set(open.get());
            } catch (RuntimeException | LinkageError e) {
                failure.set(e);
            }
        }, "sr4j-ort-start", SESSION_STACK_BYTES);
        opener.start();
        boolean interrupted = false;
        while (true) {
            try {
                opener.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true; // the session must not leak: wait for it, then pass the interrupt on
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (failure.get() instanceof RuntimeException e) {
            throw e;
        }
        if (failure.get() instanceof LinkageError e) {
            throw e;
        }
        return opened.get();
    }

    private static OrtSession.SessionOptions toOrt(SessionOptions options, String source) {
        OrtSession.SessionOptions so = new OrtSession.SessionOptions();
        try {
            so.setIntraOpNumThreads(options.intraOpThreads());
            // Operators of these graphs form one chain: parallel node execution only adds threads.
            so.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            so.setOptimizationLevel(switch (options.optimization()) {
                case NONE -> OrtSession.SessionOptions.OptLevel.NO_OPT;
                case BASIC -> OrtSession.SessionOptions.OptLevel.BASIC_OPT;
                case EXTENDED -> OrtSession.SessionOptions.OptLevel.EXTENDED_OPT;
                case ALL -> OrtSession.SessionOptions.OptLevel.ALL_OPT;
            });
            so.setSessionLogLevel(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR);
        } catch (OrtException e) {
            so.close();
            throw new EngineException("invalid session options " + options + " for " + source + ": "
                    + e.getMessage(), e);
        }
        if (options.provider() instanceof ExecutionProvider.Cuda cuda) {
            try {
                so.addCUDA(cuda.deviceId());
            } catch (OrtException | RuntimeException | LinkageError e) {
                so.close();
                throw new EngineException("CUDA execution provider (device " + cuda.deviceId()
                        + ") is not available: sr4j needs the GPU build of ONNX Runtime"
                        + " (onnxruntime_gpu) and a working CUDA installation; " + e.getMessage(), e);
            }
        }
        return so;
    }

    private static void closeQuietly(OrtSession session, Exception primary) {
        try {
            session.close();
        } catch (OrtException e) {
            primary.addSuppressed(e);
        }
    }
}
