package io.sr4j.engine;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.sr4j.image.PlanarImage;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;

/**
 * An {@link InferenceSession} over one {@link OrtSession}. Runs share a read lock; {@link #close()}
 * takes the write lock, so it waits for runs in flight and no run can start on a closed session.
 */
final class OrtInferenceSession implements InferenceSession {
    private final OrtEnvironment env;
    private final OrtSession session;
    private final String source;
    private final Consumer<OrtInferenceSession> onClose;
    private final List<TensorSpec> inputs;
    private final List<TensorSpec> outputs;
    private final Map<String, TensorSpec> inputsByName = new HashMap<>();
    private final Set<String> outputNames = new LinkedHashSet<>();
    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private volatile boolean closed;

    OrtInferenceSession(OrtEnvironment env, OrtSession session, String source, Consumer<OrtInferenceSession> onClose) {
        this.env = env;
        this.session = session;
        this.source = source;
        this.onClose = onClose;
        try {
            this.inputs = specs(session.getInputInfo());
            this.outputs = specs(session.getOutputInfo());
        } catch (OrtException e) {
            throw new EngineException("cannot read inputs/outputs of model " + source + ": " + e.getMessage(), e);
        }
        for (TensorSpec s : inputs) {
            inputsByName.put(s.name(), s);
        }
        for (TensorSpec s : outputs) {
            outputNames.add(s.name());
        }
    }

    private static List<TensorSpec> specs(Map<String, NodeInfo> infos) {
        List<TensorSpec> specs = new ArrayList<>();
        for (NodeInfo node : infos.values()) {
            if (node.getInfo() instanceof TensorInfo t) {
                long[] shape = t.getShape();
                String[] names = t.getDimensionNames();
                List<Long> dims = new ArrayList<>();
                List<String> dimNames = new ArrayList<>();
                for (int i = 0; i < shape.length; i++) {
                    dims.add(shape[i] >= 0 ? shape[i] : -1L);
                    dimNames.add(names != null && i < names.length && names[i] != null ? names[i] : "");
                }
                specs.add(new TensorSpec(node.getName(), t.type.name(), dims, dimNames));
            } else {
                specs.add(new TensorSpec(node.getName(), node.getInfo().toString(), List.of(), List.of()));
            }
        }
        return List.copyOf(specs);
    }

    @Override
    public List<TensorSpec> inputs() {
        checkOpen();
        return inputs;
    }

    @Override
    public List<TensorSpec> outputs() {
        checkOpen();
        return outputs;
    }

    @Override
    public PlanarImage run(PlanarImage input) {
        Objects.requireNonNull(input, "input");
        checkOpen();
        if (inputs.size() != 1 || outputs.size() != 1) {
            throw new IllegalStateException("run(PlanarImage) needs a model with one input and one output; "
                    + source + " has inputs " + inputs + " and outputs " + outputs + ": use run(Map)");
        }
        // Copy into a direct native-order buffer, which ONNX Runtime reads in place.
        FloatTensor tensor = FloatTensor.allocateDirect(1, input.channels(), input.height(), input.width());
        tensor.buffer().put(input.data());
        String outName = outputs.get(0).name();
        FloatTensor out = run(Map.of(inputs.get(0).name(), tensor), List.of(outName)).get(outName);
        if (out.rank() != 4 || out.dim(0) != 1) {
            throw new EngineException("model " + source + " returned " + out + ", not an image tensor [1, C, H, W]");
        }
        return out.toImage();
    }

    @Override
    public Map<String, FloatTensor> run(Map<String, FloatTensor> feeds, Collection<String> requested) {
        Objects.requireNonNull(feeds, "inputs");
        Objects.requireNonNull(requested, "outputNames");
        lock.readLock().lock();
        try {
            checkOpen();
            validateFeeds(feeds);
            Set<String> wanted = validateRequested(requested);
            Map<String, OnnxTensor> ortInputs = new HashMap<>();
            try {
                for (Map.Entry<String, FloatTensor> e : feeds.entrySet()) {
                    FloatTensor t = e.getValue();
                    ortInputs.put(e.getKey(), OnnxTensor.createTensor(env, t.buffer(), t.shape()));
                }
                try (OrtSession.Result result = session.run(ortInputs, wanted)) {
                    Map<String, FloatTensor> out = new LinkedHashMap<>();
                    for (String name : wanted) {
                        out.put(name, toFloatTensor(name, result.get(name).orElseThrow()));
                    }
                    return out;
                }
            } catch (OrtException e) {
                throw new EngineException("running model " + source + " failed: " + e.getMessage(), e);
            } finally {
                for (OnnxTensor t : ortInputs.values()) {
                    t.close();
                }
            }
        } finally {
            lock.readLock().unlock();
        }
    }

    private FloatTensor toFloatTensor(String name, OnnxValue value) throws OrtException {
        if (!(value instanceof OnnxTensor tensor) || tensor.getInfo().type != OnnxJavaType.FLOAT) {
            throw new EngineException("output '" + name + "' of model " + source + " is " + value.getInfo()
                    + ", sr4j reads float tensors only");
        }
        long[] shape = tensor.getInfo().getShape();
        // getFloatBuffer copies native memory once into a heap array, which the tensor then owns.
        FloatBuffer data = tensor.getFloatBuffer();
        if (data.hasArray() && data.arrayOffset() == 0 && data.array().length == data.capacity()) {
            return FloatTensor.of(data.array(), shape);
        }
        float[] copy = new float[data.remaining()];
        data.get(copy);
        return FloatTensor.of(copy, shape);
    }

    private void validateFeeds(Map<String, FloatTensor> feeds) {
        for (String name : feeds.keySet()) {
            if (!inputsByName.containsKey(name)) {
                throw new IllegalArgumentException("model " + source + " has no input '" + name + "'; inputs are "
                        + inputsByName.keySet());
            }
        }
        for (TensorSpec spec : inputs) {
            FloatTensor t = feeds.get(spec.name());
            if (t == null) {
                throw new IllegalArgumentException("input '" + spec.name() + "' of model " + source
                        + " is missing (expected " + spec + ")");
            }
            if (!"FLOAT".equals(spec.elementType())) {
                throw new IllegalArgumentException("input '" + spec.name() + "' takes " + spec.elementType()
                        + ", sr4j feeds float tensors only");
            }
            if (t.rank() != spec.rank()) {
                throw new IllegalArgumentException("input '" + spec.name() + "' needs rank " + spec.rank()
                        + " (" + spec + "), got " + Arrays.toString(t.shape()));
            }
            for (int i = 0; i < spec.rank(); i++) {
                if (spec.isFixed(i) && spec.shape().get(i) != t.dim(i)) {
                    throw new IllegalArgumentException("input '" + spec.name() + "' dimension " + i + " must be "
                            + spec.shape().get(i) + " (" + spec + "), got " + Arrays.toString(t.shape()));
                }
            }
        }
    }

    private Set<String> validateRequested(Collection<String> requested) {
        if (requested.isEmpty()) {
            throw new IllegalArgumentException("ask for at least one output of " + outputNames);
        }
        Set<String> wanted = new LinkedHashSet<>();
        for (String name : requested) {
            if (!outputNames.contains(name)) {
                throw new IllegalArgumentException("model " + source + " has no output '" + name + "'; outputs are "
                        + outputNames);
            }
            wanted.add(name);
        }
        return wanted;
    }

    @Override
    public boolean isClosed() {
        lock.readLock().lock();
        try {
            return closed;
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public void close() {
        lock.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            try {
                session.close();
            } catch (OrtException e) {
                throw new EngineException("closing session for " + source + " failed: " + e.getMessage(), e);
            }
        } finally {
            lock.writeLock().unlock();
            onClose.accept(this);
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("session for model " + source + " is closed");
        }
    }

    @Override
    public String toString() {
        return "OrtInferenceSession[" + source + ", inputs " + inputs + ", outputs " + outputs + "]";
    }
}
