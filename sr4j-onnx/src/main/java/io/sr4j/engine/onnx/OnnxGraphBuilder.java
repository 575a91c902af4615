package io.sr4j.engine.onnx;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Builds one ONNX model (a {@code ModelProto}, IR version 8, default-domain opset 17) in memory and
 * serialises it to bytes that ONNX Runtime can load.
 *
 * <p>The graph is built in execution order: every node input must already be defined (as a graph
 * input, an initializer or an output of an earlier node) and every tensor name is defined once.
 * Violations fail at once with {@link IllegalArgumentException}, so a converter bug shows up at
 * the line that made it rather than as an opaque load error in the runtime.
 *
 * <pre>{@code
 * OnnxGraphBuilder g = new OnnxGraphBuilder("scale");
 * g.input("x", Dim.of(1), Dim.of(3), Dim.named("height"), Dim.named("width"));
 * g.initializer("two", new float[] {2f}, 1);
 * g.node("Mul", List.of("x", "two"), "y");
 * g.output("y", Dim.of(1), Dim.of(3), Dim.unknown(), Dim.unknown());
 * byte[] model = g.build();
 * }</pre>
 *
 * <p>Not thread-safe. The builder keeps references to the initializer arrays it is given (no
 * copy: weights can be large); callers must not change them before {@link #build()}.
 */
public final class OnnxGraphBuilder {
    /** The default-domain operator set every model written here declares. */
    public static final int OPSET_VERSION = 17;
    /** The ONNX IR version written (8 is the version that goes with opset 17). */
    public static final long IR_VERSION = 8;

    private final String graphName;
    private final List<ValueInfo> inputs = new ArrayList<>();
    private final List<ValueInfo> outputs = new ArrayList<>();
    private final List<Initializer> initializers = new ArrayList<>();
    private final List<Node> nodes = new ArrayList<>();
    private final Map<String, String> metadata = new LinkedHashMap<>();
    private final Set<String> defined = new HashSet<>();
    private final Set<String> reserved = new HashSet<>();
    private String docString = "";
    private String producerName = "sr4j";
    private String producerVersion = "";

    /** A new, empty graph called {@code graphName}. */
    public OnnxGraphBuilder(String graphName) {
        this.graphName = requireName(graphName, "graph name");
    }

    /** Declares a float graph input. */
    public OnnxGraphBuilder input(String name, Dim... dims) {
        return input(name, OnnxDataType.FLOAT, dims);
    }

    /** Declares a graph input of the given element type and shape. */
    public OnnxGraphBuilder input(String name, OnnxDataType type, Dim... dims) {
        define(name, "graph input");
        inputs.add(new ValueInfo(name, type, dims.clone()));
        return this;
    }

    /**
     * Declares a graph output. The tensor must be defined by the time {@link #build()} is called;
     * it may also be consumed by other nodes.
     */
    public OnnxGraphBuilder output(String name, Dim... dims) {
        return output(name, OnnxDataType.FLOAT, dims);
    }

    /** Declares a graph output of the given element type and shape. */
    public OnnxGraphBuilder output(String name, OnnxDataType type, Dim... dims) {
        requireName(name, "output name");
        for (ValueInfo o : outputs) {
            if (o.name.equals(name)) {
                throw new IllegalArgumentException("'" + name + "' is already a graph output");
            }
        }
        outputs.add(new ValueInfo(name, type, dims.clone()));
        reserved.add(name);
        return this;
    }

    /**
     * Adds a float constant tensor. {@code data} is kept by reference (not copied).
     *
     * @return {@code name}, for chaining into a node's inputs
     */
    public String initializer(String name, float[] data, long... dims) {
        checkElementCount(name, data.length, dims);
        define(name, "initializer");
        initializers.add(new Initializer(name, OnnxDataType.FLOAT, dims.clone(), data, null, null));
        return name;
    }

    /** Adds an int64 constant tensor (shapes, axes, slice bounds). */
    public String initializer(String name, long[] data, long... dims) {
        checkElementCount(name, data.length, dims);
        define(name, "initializer");
        initializers.add(new Initializer(name, OnnxDataType.INT64, dims.clone(), null, data, null));
        return name;
    }

    /**
     * Adds a constant tensor of 8- or 32-bit integers (quantised weights, zero points, int32 biases)
     * given as its little-endian bytes. {@code raw} is kept by reference (not copied).
     */
    public String initializer(String name, OnnxDataType type, byte[] raw, long... dims) {
        if (type == OnnxDataType.FLOAT || type == OnnxDataType.INT64) {
            throw new IllegalArgumentException("initializer '" + name + "': give " + type + " data as an array");
        }
        if (raw.length % type.bytes() != 0) {
            throw new IllegalArgumentException("initializer '" + name + "': " + raw.length + " bytes is not a whole"
                    + " number of " + type + " elements");
        }
        checkElementCount(name, raw.length / type.bytes(), dims);
        define(name, "initializer");
        initializers.add(new Initializer(name, type, dims.clone(), null, null, raw));
        return name;
    }

    /**
     * Appends a node. Empty strings among {@code inputs} mark omitted optional inputs, as in ONNX.
     *
     * @throws IllegalArgumentException if an input is not yet defined or an output already is
     */
    public OnnxGraphBuilder node(String opType, List<String> inputs, List<String> outputs,
            OnnxAttribute... attributes) {
        requireName(opType, "op type");
        if (outputs.isEmpty()) {
            throw new IllegalArgumentException(opType + " node needs at least one output");
        }
        for (String in : inputs) {
            Objects.requireNonNull(in, "input name");
            if (!in.isEmpty() && !defined.contains(in)) {
                throw new IllegalArgumentException(opType + " node: input '" + in + "' is not defined yet"
                        + " (graph inputs, initializers and earlier node outputs only)");
            }
        }
        Set<String> attrNames = new HashSet<>();
        for (OnnxAttribute a : attributes) {
            if (!attrNames.add(a.name())) {
                throw new IllegalArgumentException(opType + " node: attribute '" + a.name() + "' given twice");
            }
        }
        for (String out : outputs) {
            define(out, opType + " output");
        }
        String nodeName = opType + ":" + outputs.get(0);
        nodes.add(new Node(nodeName, opType, List.copyOf(inputs), List.copyOf(outputs), attributes.clone()));
        return this;
    }

    /** Appends a node with one output and returns that output's name. */
    public String node(String opType, List<String> inputs, String output, OnnxAttribute... attributes) {
        node(opType, inputs, List.of(output), attributes);
        return output;
    }

    /** True if {@code name} is a graph input, an initializer or a node output already. */
    public boolean isDefined(String name) {
        return defined.contains(name);
    }

    /**
     * A tensor name not used so far: {@code hint} itself if free, else {@code hint_1}, {@code hint_2}…
     * The name is reserved, so two calls never return the same name.
     */
    public String freshName(String hint) {
        requireName(hint, "name hint");
        String candidate = hint;
        for (int i = 1; defined.contains(candidate) || reserved.contains(candidate); i++) {
            candidate = hint + "_" + i;
        }
        reserved.add(candidate);
        return candidate;
    }

    /**
     * Keeps {@code name} for later: {@link #freshName} will not return it. The name can still be
     * defined explicitly (as an input, initializer or node output).
     */
    public OnnxGraphBuilder reserve(String name) {
        reserved.add(requireName(name, "reserved name"));
        return this;
    }

    /** Adds a {@code metadata_props} entry to the model (e.g. where it was converted from). */
    public OnnxGraphBuilder metadata(String key, String value) {
        metadata.put(requireName(key, "metadata key"), Objects.requireNonNull(value, "value"));
        return this;
    }

    /** The {@code metadata_props} entries so far, in order (read-only view). */
    public Map<String, String> metadataEntries() {
        return Collections.unmodifiableMap(metadata);
    }

    /** Sets the graph's documentation string. */
    public OnnxGraphBuilder docString(String doc) {
        this.docString = Objects.requireNonNull(doc, "doc");
        return this;
    }

    /** Sets {@code producer_name} and {@code producer_version} (default "sr4j", empty). */
    public OnnxGraphBuilder producer(String name, String version) {
        this.producerName = Objects.requireNonNull(name, "name");
        this.producerVersion = Objects.requireNonNull(version, "version");
        return this;
    }

    /**
     * A new, empty builder with this graph's name, documentation, producer and metadata: the start of
     * a rewritten copy (a graph pass emits the rewritten nodes into it).
     */
    public OnnxGraphBuilder emptyCopy() {
        OnnxGraphBuilder copy = new OnnxGraphBuilder(graphName);
        copy.docString = docString;
        copy.producerName = producerName;
        copy.producerVersion = producerVersion;
        copy.metadata.putAll(metadata);
        return copy;
    }

    /** The graph inputs declared so far, in order (read-only view). */
    public List<ValueInfo> graphInputs() {
        return Collections.unmodifiableList(inputs);
    }

    /** The graph outputs declared so far, in order (read-only view). */
    public List<ValueInfo> graphOutputs() {
        return Collections.unmodifiableList(outputs);
    }

    /** The initializers added so far (read-only view; their arrays are shared, do not modify). */
    public List<Initializer> graphInitializers() {
        return Collections.unmodifiableList(initializers);
    }

    /** The nodes added so far, in execution order (read-only view). */
    public List<Node> graphNodes() {
        return Collections.unmodifiableList(nodes);
    }

    /** Number of nodes added so far. */
    public int nodeCount() {
        return nodes.size();
    }

    /**
     * Serialises the model.
     *
     * @throws IllegalStateException if the graph has no output, an output is never produced, or the
     *                               model exceeds protobuf's 2 GiB message limit
     */
    public byte[] build() {
        if (outputs.isEmpty()) {
            throw new IllegalStateException("graph '" + graphName + "' has no outputs");
        }
        for (ValueInfo o : outputs) {
            if (!defined.contains(o.name)) {
                throw new IllegalStateException("graph output '" + o.name + "' is never produced");
            }
        }
        return ProtoEncoder.encodeModel(this);
    }

    // ---- data handed to the encoder ----

    String graphName() {
        return graphName;
    }

    String docStringValue() {
        return docString;
    }

    String producerName() {
        return producerName;
    }

    String producerVersion() {
        return producerVersion;
    }

    List<ValueInfo> inputs() {
        return inputs;
    }

    List<ValueInfo> outputs() {
        return outputs;
    }

    List<Initializer> initializers() {
        return initializers;
    }

    List<Node> nodes() {
        return nodes;
    }

    Map<String, String> metadataMap() {
        return metadata;
    }

    private void define(String name, String what) {
        requireName(name, what + " name");
        if (!defined.add(name)) {
            throw new IllegalArgumentException(what + ": tensor '" + name + "' is already defined");
        }
    }

    private static String requireName(String name, String what) {
        Objects.requireNonNull(name, what);
        if (name.isEmpty()) {
            throw new IllegalArgumentException(what + " must not be empty");
        }
        return name;
    }

    private static void checkElementCount(String name, int length, long[] dims) {
        long count = 1;
        for (long d : dims) {
            if (d < 0) {
                throw new IllegalArgumentException("initializer '" + name + "': negative dimension in "
                        + Arrays.toString(dims));
            }
            count *= d;
        }
        if (count != length) {
            throw new IllegalArgumentException("initializer '" + name + "': shape " + Arrays.toString(dims)
                    + " holds " + count + " elements, data has " + length);
        }
    }

    /** A graph input or output: name, element type and shape. */
    public record ValueInfo(String name, OnnxDataType type, Dim[] dims) {
    }

    /**
     * A constant tensor; exactly one of {@code floats} (FLOAT), {@code longs} (INT64) and {@code raw}
     * (other types, little-endian bytes) is set.
     */
    public record Initializer(String name, OnnxDataType type, long[] dims, float[] floats, long[] longs, byte[] raw) {
        long byteLength() {
            return switch (type) {
                case FLOAT -> 4L * floats.length;
                case INT64 -> 8L * longs.length;
                default -> raw.length;
            };
        }
    }

    /** One node: op type (default domain), input and output tensor names, attributes. */
    public record Node(String name, String opType, List<String> inputs, List<String> outputs,
            OnnxAttribute[] attributes) {
        /** The attribute called {@code name}, or null. */
        public OnnxAttribute attribute(String attributeName) {
            for (OnnxAttribute a : attributes) {
                if (a.name().equals(attributeName)) {
                    return a;
                }
            }
            return null;
        }
    }
}
