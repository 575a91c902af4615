package io.sr4j.engine.onnx;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;
import io.sr4j.engine.onnx.OnnxGraphBuilder.Initializer;
import io.sr4j.engine.onnx.OnnxGraphBuilder.Node;
import io.sr4j.engine.onnx.OnnxGraphBuilder.ValueInfo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;

/**
 * Writes the handful of ONNX messages sr4j needs straight to protobuf wire format with
 * protobuf-java's {@link CodedOutputStream}.
 *
 * <p>Why by hand rather than classes generated from {@code onnx.proto}: sr4j only ever writes
 * models (ONNX Runtime reads them), the subset is small and stable, and it keeps a native
 * {@code protoc} download and a code-generation step out of the build. Sizes are computed first so
 * the whole model is written once into an exactly sized array; weights go out as
 * {@code raw_data} (little-endian), the compact form ONNX Runtime reads fastest.
 *
 * <p>Field numbers are those of {@code onnx/onnx.proto} (ONNX 1.x); the comments name them.
 */
final class ProtoEncoder {
    // ModelProto
    private static final int MODEL_IR_VERSION = 1;
    private static final int MODEL_PRODUCER_NAME = 2;
    private static final int MODEL_PRODUCER_VERSION = 3;
    private static final int MODEL_GRAPH = 7;
    private static final int MODEL_OPSET_IMPORT = 8;
    private static final int MODEL_METADATA_PROPS = 14;
    // OperatorSetIdProto
    private static final int OPSET_DOMAIN = 1;
    private static final int OPSET_VERSION = 2;
    // StringStringEntryProto
    private static final int ENTRY_KEY = 1;
    private static final int ENTRY_VALUE = 2;
    // GraphProto
    private static final int GRAPH_NODE = 1;
    private static final int GRAPH_NAME = 2;
    private static final int GRAPH_INITIALIZER = 5;
    private static final int GRAPH_DOC_STRING = 10;
    private static final int GRAPH_INPUT = 11;
    private static final int GRAPH_OUTPUT = 12;
    // NodeProto
    private static final int NODE_INPUT = 1;
    private static final int NODE_OUTPUT = 2;
    private static final int NODE_NAME = 3;
    private static final int NODE_OP_TYPE = 4;
    private static final int NODE_ATTRIBUTE = 5;
    // AttributeProto
    private static final int ATTR_NAME = 1;
    private static final int ATTR_F = 2;
    private static final int ATTR_I = 3;
    private static final int ATTR_S = 4;
    private static final int ATTR_FLOATS = 7;
    private static final int ATTR_INTS = 8;
    private static final int ATTR_TYPE = 20;
    // TensorProto
    private static final int TENSOR_DIMS = 1;
    private static final int TENSOR_DATA_TYPE = 2;
    private static final int TENSOR_NAME = 8;
    private static final int TENSOR_RAW_DATA = 9;
    // ValueInfoProto
    private static final int VALUE_NAME = 1;
    private static final int VALUE_TYPE = 2;
    // TypeProto, TypeProto.Tensor, TensorShapeProto, TensorShapeProto.Dimension
    private static final int TYPE_TENSOR_TYPE = 1;
    private static final int TENSOR_TYPE_ELEM_TYPE = 1;
    private static final int TENSOR_TYPE_SHAPE = 2;
    private static final int SHAPE_DIM = 1;
    private static final int DIM_VALUE = 1;
    private static final int DIM_PARAM = 2;

    /** Bytes of weight data converted per chunk when writing raw_data. */
    private static final int CHUNK_ELEMENTS = 16 * 1024;

    private ProtoEncoder() {
    }

    static byte[] encodeModel(OnnxGraphBuilder g) {
        long graphSize = graphSize(g);
        long total = int64Size(MODEL_IR_VERSION, OnnxGraphBuilder.IR_VERSION)
                + stringSize(MODEL_PRODUCER_NAME, g.producerName())
                + stringSize(MODEL_PRODUCER_VERSION, g.producerVersion())
                + messageSize(MODEL_GRAPH, graphSize)
                + messageSize(MODEL_OPSET_IMPORT, opsetSize());
        for (Map.Entry<String, String> e : g.metadataMap().entrySet()) {
            total += messageSize(MODEL_METADATA_PROPS, entrySize(e.getKey(), e.getValue()));
        }
        // protobuf messages are limited to 2 GiB; ONNX Runtime refuses larger in-memory models too.
        if (total > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException("model of " + total + " bytes exceeds protobuf's 2 GiB limit");
        }
        byte[] out = new byte[(int) total];
        CodedOutputStream cos = CodedOutputStream.newInstance(out);
        try {
            writeInt64(cos, MODEL_IR_VERSION, OnnxGraphBuilder.IR_VERSION);
            writeString(cos, MODEL_PRODUCER_NAME, g.producerName());
            writeString(cos, MODEL_PRODUCER_VERSION, g.producerVersion());
            writeHeader(cos, MODEL_GRAPH, graphSize);
            writeGraph(cos, g);
            writeHeader(cos, MODEL_OPSET_IMPORT, opsetSize());
            writeString(cos, OPSET_DOMAIN, "");
            writeInt64(cos, OPSET_VERSION, OnnxGraphBuilder.OPSET_VERSION);
            for (Map.Entry<String, String> e : g.metadataMap().entrySet()) {
                writeHeader(cos, MODEL_METADATA_PROPS, entrySize(e.getKey(), e.getValue()));
                writeString(cos, ENTRY_KEY, e.getKey());
                writeString(cos, ENTRY_VALUE, e.getValue());
            }
            cos.checkNoSpaceLeft();
        } catch (IOException e) {
            // Writing into an exactly sized array cannot fail unless a size above is wrong.
            throw new UncheckedIOException("internal error: ONNX size computation disagrees with encoding", e);
        }
        return out;
    }

    // ---- sizes ----

    private static long opsetSize() {
        return stringSize(OPSET_DOMAIN, "") + int64Size(OPSET_VERSION, OnnxGraphBuilder.OPSET_VERSION);
    }

    private static long entrySize(String key, String value) {
        return stringSize(ENTRY_KEY, key) + stringSize(ENTRY_VALUE, value);
    }

    private static long graphSize(OnnxGraphBuilder g) {
        long size = stringSize(GRAPH_NAME, g.graphName()) + stringSize(GRAPH_DOC_STRING, g.docStringValue());
        for (Node n : g.nodes()) {
            size += messageSize(GRAPH_NODE, nodeSize(n));
        }
        for (Initializer t : g.initializers()) {
            size += messageSize(GRAPH_INITIALIZER, tensorSize(t));
        }
        for (ValueInfo v : g.inputs()) {
            size += messageSize(GRAPH_INPUT, valueInfoSize(v));
        }
        for (ValueInfo v : g.outputs()) {
            size += messageSize(GRAPH_OUTPUT, valueInfoSize(v));
        }
        return size;
    }

    private static long nodeSize(Node n) {
        long size = 0;
        for (String in : n.inputs()) {
            size += CodedOutputStream.computeStringSize(NODE_INPUT, in);
        }
        for (String out : n.outputs()) {
            size += CodedOutputStream.computeStringSize(NODE_OUTPUT, out);
        }
        size += stringSize(NODE_NAME, n.name()) + stringSize(NODE_OP_TYPE, n.opType());
        for (OnnxAttribute a : n.attributes()) {
            size += messageSize(NODE_ATTRIBUTE, attributeSize(a));
        }
        return size;
    }

    private static long attributeSize(OnnxAttribute a) {
        long size = CodedOutputStream.computeStringSize(ATTR_NAME, a.name())
                + CodedOutputStream.computeEnumSize(ATTR_TYPE, a.kind().code);
        switch (a.kind()) {
            case FLOAT -> size += CodedOutputStream.computeFloatSize(ATTR_F, a.floatValue());
            case INT -> size += CodedOutputStream.computeInt64Size(ATTR_I, a.intValue());
            case STRING -> size += CodedOutputStream.computeStringSize(ATTR_S, a.stringValue());
            case FLOATS -> size += packedSize(ATTR_FLOATS, 4L * a.floatsRef().length);
            case INTS -> size += packedSize(ATTR_INTS, packedInt64Length(a.intsRef()));
            default -> throw new AssertionError(a.kind());
        }
        return size;
    }

    private static long tensorSize(Initializer t) {
        return packedSize(TENSOR_DIMS, packedInt64Length(t.dims()))
                + CodedOutputStream.computeInt32Size(TENSOR_DATA_TYPE, t.type().code())
                + CodedOutputStream.computeStringSize(TENSOR_NAME, t.name())
                + bytesFieldSize(TENSOR_RAW_DATA, t.byteLength());
    }

    private static long valueInfoSize(ValueInfo v) {
        return CodedOutputStream.computeStringSize(VALUE_NAME, v.name()) + messageSize(VALUE_TYPE, typeSize(v));
    }

    private static long typeSize(ValueInfo v) {
        return messageSize(TYPE_TENSOR_TYPE, tensorTypeSize(v));
    }

    private static long tensorTypeSize(ValueInfo v) {
        return CodedOutputStream.computeInt32Size(TENSOR_TYPE_ELEM_TYPE, v.type().code())
                + messageSize(TENSOR_TYPE_SHAPE, shapeSize(v.dims()));
    }

    private static long shapeSize(Dim[] dims) {
        long size = 0;
        for (Dim d : dims) {
            size += messageSize(SHAPE_DIM, dimSize(d));
        }
        return size;
    }

    private static long dimSize(Dim d) {
        if (d.name() != null) {
            return CodedOutputStream.computeStringSize(DIM_PARAM, d.name());
        }
        return d.value() >= 0 ? CodedOutputStream.computeInt64Size(DIM_VALUE, d.value()) : 0;
    }

    private static long packedInt64Length(long[] values) {
        long length = 0;
        for (long v : values) {
            length += CodedOutputStream.computeInt64SizeNoTag(v);
        }
        return length;
    }

    /** A length-delimited field holding a packed repeated scalar; absent when empty (proto3). */
    private static long packedSize(int field, long payload) {
        return payload == 0 ? 0 : bytesFieldSize(field, payload);
    }

    private static long bytesFieldSize(int field, long payload) {
        return CodedOutputStream.computeTagSize(field) + CodedOutputStream.computeUInt32SizeNoTag((int) payload)
                + payload;
    }

    private static long messageSize(int field, long payload) {
        return bytesFieldSize(field, payload);
    }

    /** A string field; proto3 omits empty strings. */
    private static long stringSize(int field, String s) {
        return s.isEmpty() ? 0 : CodedOutputStream.computeStringSize(field, s);
    }

    private static long int64Size(int field, long value) {
        return value == 0 ? 0 : CodedOutputStream.computeInt64Size(field, value);
    }

    // ---- writers ----

    private static void writeGraph(CodedOutputStream cos, OnnxGraphBuilder g) throws IOException {
        for (Node n : g.nodes()) {
            writeHeader(cos, GRAPH_NODE, nodeSize(n));
            writeNode(cos, n);
        }
        writeString(cos, GRAPH_NAME, g.graphName());
        for (Initializer t : g.initializers()) {
            writeHeader(cos, GRAPH_INITIALIZER, tensorSize(t));
            writeTensor(cos, t);
        }
        writeString(cos, GRAPH_DOC_STRING, g.docStringValue());
        for (ValueInfo v : g.inputs()) {
            writeHeader(cos, GRAPH_INPUT, valueInfoSize(v));
            writeValueInfo(cos, v);
        }
        for (ValueInfo v : g.outputs()) {
            writeHeader(cos, GRAPH_OUTPUT, valueInfoSize(v));
            writeValueInfo(cos, v);
        }
    }

    private static void writeNode(CodedOutputStream cos, Node n) throws IOException {
        for (String in : n.inputs()) {
            cos.writeString(NODE_INPUT, in);
        }
        for (String out : n.outputs()) {
            cos.writeString(NODE_OUTPUT, out);
        }
        writeString(cos, NODE_NAME, n.name());
        writeString(cos, NODE_OP_TYPE, n.opType());
        for (OnnxAttribute a : n.attributes()) {
            writeHeader(cos, NODE_ATTRIBUTE, attributeSize(a));
            writeAttribute(cos, a);
        }
    }

    private static void writeAttribute(CodedOutputStream cos, OnnxAttribute a) throws IOException {
        cos.writeString(ATTR_NAME, a.name());
        switch (a.kind()) {
            case FLOAT -> cos.writeFloat(ATTR_F, a.floatValue());
            case INT -> cos.writeInt64(ATTR_I, a.intValue());
            case STRING -> cos.writeString(ATTR_S, a.stringValue());
            case FLOATS -> {
                float[] values = a.floatsRef();
                if (values.length > 0) {
                    writeHeader(cos, ATTR_FLOATS, 4L * values.length);
                    for (float v : values) {
                        cos.writeFloatNoTag(v);
                    }
                }
            }
            case INTS -> writePackedInt64(cos, ATTR_INTS, a.intsRef());
            default -> throw new AssertionError(a.kind());
        }
        cos.writeEnum(ATTR_TYPE, a.kind().code);
    }

    private static void writeTensor(CodedOutputStream cos, Initializer t) throws IOException {
        writePackedInt64(cos, TENSOR_DIMS, t.dims());
        cos.writeInt32(TENSOR_DATA_TYPE, t.type().code());
        cos.writeString(TENSOR_NAME, t.name());
        writeHeader(cos, TENSOR_RAW_DATA, t.byteLength());
        // raw_data is little-endian whatever the host; convert in chunks to keep copies small.
        ByteBuffer chunk = ByteBuffer.allocate(CHUNK_ELEMENTS * 8).order(ByteOrder.LITTLE_ENDIAN);
        if (t.type() == OnnxDataType.FLOAT) {
            float[] data = t.floats();
            for (int start = 0; start < data.length; start += CHUNK_ELEMENTS) {
                int end = Math.min(data.length, start + CHUNK_ELEMENTS);
                chunk.clear();
                chunk.asFloatBuffer().put(data, start, end - start);
                cos.writeRawBytes(chunk.array(), 0, (end - start) * 4);
            }
        } else if (t.type() != OnnxDataType.INT64) {
            cos.writeRawBytes(t.raw());
        } else {
            long[] data = t.longs();
            for (int start = 0; start < data.length; start += CHUNK_ELEMENTS) {
                int end = Math.min(data.length, start + CHUNK_ELEMENTS);
                chunk.clear();
                chunk.asLongBuffer().put(data, start, end - start);
                cos.writeRawBytes(chunk.array(), 0, (end - start) * 8);
            }
        }
    }

    private static void writeValueInfo(CodedOutputStream cos, ValueInfo v) throws IOException {
        cos.writeString(VALUE_NAME, v.name());
        writeHeader(cos, VALUE_TYPE, typeSize(v));
        writeHeader(cos, TYPE_TENSOR_TYPE, tensorTypeSize(v));
        cos.writeInt32(TENSOR_TYPE_ELEM_TYPE, v.type().code());
        writeHeader(cos, TENSOR_TYPE_SHAPE, shapeSize(v.dims()));
        for (Dim d : v.dims()) {
            writeHeader(cos, SHAPE_DIM, dimSize(d));
            if (d.name() != null) {
                cos.writeString(DIM_PARAM, d.name());
            } else if (d.value() >= 0) {
                cos.writeInt64(DIM_VALUE, d.value());
            }
        }
    }

    private static void writePackedInt64(CodedOutputStream cos, int field, long[] values) throws IOException {
        if (values.length == 0) {
            return;
        }
        writeHeader(cos, field, packedInt64Length(values));
        for (long v : values) {
            cos.writeInt64NoTag(v);
        }
    }

    /** Tag and length of a length-delimited field. */
    private static void writeHeader(CodedOutputStream cos, int field, long length) throws IOException {
        cos.writeTag(field, WireFormat.WIRETYPE_LENGTH_DELIMITED);
        cos.writeUInt32NoTag((int) length);
    }

    private static void writeString(CodedOutputStream cos, int field, String s) throws IOException {
        if (!s.isEmpty()) {
            cos.writeString(field, s);
        }
    }

    private static void writeInt64(CodedOutputStream cos, int field, long value) throws IOException {
        if (value != 0) {
            cos.writeInt64(field, value);
        }
    }
}
