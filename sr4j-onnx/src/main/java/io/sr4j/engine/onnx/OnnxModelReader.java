package io.sr4j.engine.onnx;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a serialised ONNX model back into an {@link OnnxGraphBuilder}, so graph passes (int8
 * quantisation, extra outputs for calibration) can rewrite graphs sr4j wrote before.
 *
 * <p>It reads the subset {@link ProtoEncoder} writes — default-domain opset 17, float, int8, uint8,
 * int32 and int64 tensors, int/float/string/list attributes — and refuses anything else with an
 * {@link IllegalArgumentException} naming what it met, rather than dropping it silently. Field
 * numbers are those of {@code onnx/onnx.proto}.
 */
public final class OnnxModelReader {
    private final Map<String, String> metadata = new LinkedHashMap<>();
    private final List<OnnxGraphBuilder.Node> nodes = new ArrayList<>();
    private final List<OnnxGraphBuilder.Initializer> initializers = new ArrayList<>();
    private final List<OnnxGraphBuilder.ValueInfo> inputs = new ArrayList<>();
    private final List<OnnxGraphBuilder.ValueInfo> outputs = new ArrayList<>();
    private String graphName = "graph";
    private String docString = "";
    private String producerName = "";
    private String producerVersion = "";

    private OnnxModelReader() {
    }

    /**
     * Decodes {@code model} into a builder holding the same inputs, initializers, nodes (in order),
     * outputs and metadata.
     *
     * @throws IllegalArgumentException if the bytes are not a model of the subset sr4j writes
     */
    public static OnnxGraphBuilder read(byte[] model) {
        OnnxModelReader reader = new OnnxModelReader();
        try {
            reader.readModel(CodedInputStream.newInstance(model));
        } catch (IOException e) {
            throw new IllegalArgumentException("not a readable ONNX model: " + e.getMessage(), e);
        }
        return reader.toBuilder();
    }

    private OnnxGraphBuilder toBuilder() {
        OnnxGraphBuilder g = new OnnxGraphBuilder(graphName).docString(docString)
                .producer(producerName, producerVersion);
        metadata.forEach(g::metadata);
        Set<String> constants = new HashSet<>();
        initializers.forEach(t -> constants.add(t.name()));
        for (OnnxGraphBuilder.ValueInfo v : inputs) {
            if (!constants.contains(v.name())) { // old models also list initializers as inputs
                g.input(v.name(), v.type(), v.dims());
            }
        }
        for (OnnxGraphBuilder.Initializer t : initializers) {
            switch (t.type()) {
                case FLOAT -> g.initializer(t.name(), t.floats(), t.dims());
                case INT64 -> g.initializer(t.name(), t.longs(), t.dims());
                default -> g.initializer(t.name(), t.type(), t.raw(), t.dims());
            }
        }
        for (OnnxGraphBuilder.Node n : nodes) {
            g.node(n.opType(), n.inputs(), n.outputs(), n.attributes());
        }
        for (OnnxGraphBuilder.ValueInfo v : outputs) {
            g.output(v.name(), v.type(), v.dims());
        }
        return g;
    }

    private void readModel(CodedInputStream in) throws IOException {
        for (int tag; (tag = in.readTag()) != 0; ) {
            switch (WireFormat.getTagFieldNumber(tag)) {
                case 2 -> producerName = in.readString();
                case 3 -> producerVersion = in.readString();
                case 7 -> readMessage(in, this::readGraph);
                case 8 -> readMessage(in, this::readOpset);
                case 14 -> readMessage(in, this::readMetadataEntry);
                default -> in.skipField(tag);
            }
        }
    }

    private void readOpset(CodedInputStream in) throws IOException {
        String domain = "";
        long version = 0;
        for (int tag; (tag = in.readTag()) != 0; ) {
            switch (WireFormat.getTagFieldNumber(tag)) {
                case 1 -> domain = in.readString();
                case 2 -> version = in.readInt64();
                default -> in.skipField(tag);
            }
        }
        boolean defaultDomain = domain.isEmpty() || domain.equals("ai.onnx");
        if (!defaultDomain || version != OnnxGraphBuilder.OPSET_VERSION) {
            throw new IllegalArgumentException("model imports opset '" + domain + "' version " + version
                    + "; only graphs of the default domain, opset " + OnnxGraphBuilder.OPSET_VERSION
                    + " (those sr4j writes) can be rewritten");
        }
    }

    private void readMetadataEntry(CodedInputStream in) throws IOException {
        String key = "";
        String value = "";
        for (int tag; (tag = in.readTag()) != 0; ) {
            switch (WireFormat.getTagFieldNumber(tag)) {
                case 1 -> key = in.readString();
                case 2 -> value = in.readString();
                default -> in.skipField(tag);
            }
        }
        metadata.put(key, value);
    }

    private void readGraph(CodedInputStream in) throws IOException {
        for (int tag; (tag = in.readTag()) != 0; ) {
            switch (WireFormat.getTagFieldNumber(tag)) {
                case 1 -> readMessage(in, this::readNode);
                case 2 -> graphName = in.readString();
                case 5 -> readMessage(in, this::readTensor);
                case 10 -> docString = in.readString();
                case 11 -> readMessage(in, sub -> inputs.add(readValueInfo(sub)));
                case 12 -> readMessage(in, sub -> outputs.add(readValueInfo(sub)));
                default -> in.skipField(tag); // value_info (shape hints) and the rest
            }
        }
    }

    private void readNode(CodedInputStream in) throws IOException {
        List<String> ins = new ArrayList<>();
        List<String> outs = new ArrayList<>();
        List<OnnxAttribute> attributes = new ArrayList<>();
        String name = "";
        String opType = "";
        for (int tag; (tag = in.readTag()) != 0; ) {
            switch (WireFormat.getTagFieldNumber(tag)) {
                case 1 -> ins.add(in.readString());
                case 2 -> outs.add(in.readString());
                case 3 -> name = in.readString();
                case 4 -> opType = in.readString();
                case 5 -> readMessage(in, sub -> attributes.add(readAttribute(sub)));
                case 7 -> {
                    String domain = in.readString();
                    if (!domain.isEmpty() && !domain.equals("ai.onnx")) {
                        throw new IllegalArgumentException("node of domain '" + domain + "' cannot be rewritten");
                    }
                }
                default -> in.skipField(tag);
            }
        }
        nodes.add(new OnnxGraphBuilder.Node(name, opType, ins, outs, attributes.toArray(OnnxAttribute[]::new)));
    }

    private static OnnxAttribute readAttribute(CodedInputStream in) throws IOException {
        String name = "";
        int type = 0;
        long i = 0;
        float f = 0;
        String s = null;
        List<Long> ints = new ArrayList<>();
        List<Float> floats = new ArrayList<>();
        for (int tag; (tag = in.readTag()) != 0; ) {
            int field = WireFormat.getTagFieldNumber(tag);
            boolean packed = WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED;
            switch (field) {
                case 1 -> name = in.readString();
                case 2 -> f = in.readFloat();
                case 3 -> i = in.readInt64();
                case 4 -> s = in.readStringRequireUtf8();
                case 7 -> readRepeated(in, packed, () -> floats.add(in.readFloat()));
                case 8 -> readRepeated(in, packed, () -> ints.add(in.readInt64()));
                case 20 -> type = in.readEnum();
                default -> throw new IllegalArgumentException("attribute field " + field + " is not supported");
            }
        }
        return switch (type) {
            case 1 -> OnnxAttribute.of(name, f);
            case 2 -> OnnxAttribute.of(name, i);
            case 3 -> OnnxAttribute.of(name, s);
            case 6 -> {
                float[] values = new float[floats.size()];
                for (int k = 0; k < values.length; k++) {
                    values[k] = floats.get(k);
                }
                yield OnnxAttribute.floats(name, values);
            }
            case 7 -> OnnxAttribute.ints(name, ints.stream().mapToLong(Long::longValue).toArray());
            default -> throw new IllegalArgumentException("attribute '" + name + "' has type " + type
                    + ", which is not supported");
        };
    }

    private void readTensor(CodedInputStream in) throws IOException {
        List<Long> dims = new ArrayList<>();
        List<Float> floatData = new ArrayList<>();
        List<Long> longData = new ArrayList<>();
        int dataType = 0;
        String name = "";
        byte[] raw = null;
        for (int tag; (tag = in.readTag()) != 0; ) {
            boolean packed = WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED;
            switch (WireFormat.getTagFieldNumber(tag)) {
                case 1 -> readRepeated(in, packed, () -> dims.add(in.readInt64()));
                case 2 -> dataType = in.readInt32();
                case 4 -> readRepeated(in, packed, () -> floatData.add(in.readFloat()));
                case 7 -> readRepeated(in, packed, () -> longData.add(in.readInt64()));
                case 8 -> name = in.readString();
                case 9 -> raw = in.readByteArray();
                default -> in.skipField(tag);
            }
        }
        long[] shape = dims.stream().mapToLong(Long::longValue).toArray();
        OnnxDataType type = dataType(dataType, "initializer '" + name + "'");
        ByteBuffer bytes = raw == null ? null : ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
        switch (type) {
            case FLOAT -> {
                float[] values;
                if (bytes != null) {
                    values = new float[raw.length / 4];
                    bytes.asFloatBuffer().get(values);
                } else {
                    values = new float[floatData.size()];
                    for (int k = 0; k < values.length; k++) {
                        values[k] = floatData.get(k);
                    }
                }
                initializers.add(new OnnxGraphBuilder.Initializer(name, type, shape, values, null, null));
            }
            case INT64 -> {
                long[] values;
                if (bytes != null) {
                    values = new long[raw.length / 8];
                    bytes.asLongBuffer().get(values);
                } else {
                    values = longData.stream().mapToLong(Long::longValue).toArray();
                }
                initializers.add(new OnnxGraphBuilder.Initializer(name, type, shape, null, values, null));
            }
            default -> {
                if (raw == null) {
                    throw new IllegalArgumentException("initializer '" + name + "' of type " + type
                            + " is not stored as raw_data");
                }
                initializers.add(new OnnxGraphBuilder.Initializer(name, type, shape, null, null, raw));
            }
        }
    }

    private static OnnxGraphBuilder.ValueInfo readValueInfo(CodedInputStream in) throws IOException {
        String[] name = {""};
        int[] elemType = {0};
        List<Dim> dims = new ArrayList<>();
        for (int tag; (tag = in.readTag()) != 0; ) {
            switch (WireFormat.getTagFieldNumber(tag)) {
                case 1 -> name[0] = in.readString();
                case 2 -> readMessage(in, type -> readFields(type, 1, tensorType -> {
                    for (int t; (t = tensorType.readTag()) != 0; ) {
                        switch (WireFormat.getTagFieldNumber(t)) {
                            case 1 -> elemType[0] = tensorType.readInt32();
                            case 2 -> readMessage(tensorType, shape -> readFields(shape, 1,
                                    dim -> dims.add(readDim(dim))));
                            default -> tensorType.skipField(t);
                        }
                    }
                }));
                default -> in.skipField(tag);
            }
        }
        return new OnnxGraphBuilder.ValueInfo(name[0], dataType(elemType[0], "tensor '" + name[0] + "'"),
                dims.toArray(Dim[]::new));
    }

    private static Dim readDim(CodedInputStream in) throws IOException {
        Dim dim = Dim.unknown();
        for (int tag; (tag = in.readTag()) != 0; ) {
            switch (WireFormat.getTagFieldNumber(tag)) {
                case 1 -> dim = Dim.of(in.readInt64());
                case 2 -> dim = Dim.named(in.readString());
                default -> in.skipField(tag);
            }
        }
        return dim;
    }

    private static OnnxDataType dataType(int code, String what) {
        for (OnnxDataType t : OnnxDataType.values()) {
            if (t.code() == code) {
                return t;
            }
        }
        throw new IllegalArgumentException(what + " has element type " + code + ", which sr4j does not handle");
    }

    /** Reads every occurrence of one message field (field {@code field}) of the message in {@code in}. */
    private static void readFields(CodedInputStream in, int field, Body body) throws IOException {
        for (int tag; (tag = in.readTag()) != 0; ) {
            if (WireFormat.getTagFieldNumber(tag) == field) {
                readMessage(in, body);
            } else {
                in.skipField(tag);
            }
        }
    }

    private static void readMessage(CodedInputStream in, Body body) throws IOException {
        int limit = in.pushLimit(in.readRawVarint32());
        body.read(in);
        in.popLimit(limit);
    }

    private static void readRepeated(CodedInputStream in, boolean packed, Element element) throws IOException {
        if (!packed) {
            element.read();
            return;
        }
        int limit = in.pushLimit(in.readRawVarint32());
        while (in.getBytesUntilLimit() > 0) {
            element.read();
        }
        in.popLimit(limit);
    }

    @FunctionalInterface
    private interface Body {
        void read(CodedInputStream in) throws IOException;
    }

    @FunctionalInterface
    private interface Element {
        void read() throws IOException;
    }
}
