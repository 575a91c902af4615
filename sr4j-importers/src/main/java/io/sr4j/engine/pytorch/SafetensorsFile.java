package io.sr4j.engine.pytorch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The safetensors format: an unsigned 64-bit little-endian header length N, N bytes of JSON
 * {@code {name: {dtype, shape, data_offsets: [begin, end]}, "__metadata__": {…}}}, then the tensor
 * bytes, little-endian and contiguous, with offsets counted from the end of the header.
 */
final class SafetensorsFile {
    /** The limit the format's own reader sets on the header. */
    static final long MAX_HEADER = 100_000_000;

    private SafetensorsFile() {
    }

    static StateDict read(ByteBuffer file, String source) {
        ByteBuffer in = file.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        long headerLength = in.getLong(0);
        if (headerLength < 2 || headerLength > MAX_HEADER || headerLength > in.capacity() - 8L) {
            throw new BadCheckpointException("safetensors header of " + Long.toUnsignedString(headerLength)
                    + " bytes does not fit in the file of " + in.capacity() + " bytes (limit " + MAX_HEADER + ")");
        }
        byte[] header = new byte[(int) headerLength];
        in.get(8, header);
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(header);
        } catch (JsonProcessingException e) {
            throw new BadCheckpointException("safetensors header is not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new BadCheckpointException("safetensors header cannot be read: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new BadCheckpointException("safetensors header is not a JSON object");
        }
        int dataStart = 8 + (int) headerLength;
        ByteBuffer data = in.slice(dataStart, in.capacity() - dataStart).order(ByteOrder.LITTLE_ENDIAN);
        LinkedHashMap<String, Tensor> tensors = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().equals("__metadata__")) {
                continue;
            }
            String name = AllowedGlobal.printable(e.getKey());
            tensors.put(e.getKey(), tensor(name, e.getValue(), data));
        }
        String prefix = !tensors.isEmpty()
                && tensors.keySet().stream().allMatch(k -> k.startsWith(StateDictAssembler.MODULE_PREFIX))
                ? StateDictAssembler.MODULE_PREFIX : null;
        if (prefix != null) {
            LinkedHashMap<String, Tensor> stripped = new LinkedHashMap<>();
            tensors.forEach((k, v) -> stripped.put(k.substring(prefix.length()), v));
            tensors = stripped;
        }
        if (tensors.isEmpty()) {
            throw new BadCheckpointException("safetensors file holds no tensors");
        }
        return new StateDict(source, CheckpointFormat.SAFETENSORS, null, prefix, tensors, 0);
    }

    private static Tensor tensor(String name, JsonNode info, ByteBuffer data) {
        JsonNode dtypeNode = info.get("dtype");
        JsonNode shapeNode = info.get("shape");
        JsonNode offsets = info.get("data_offsets");
        if (dtypeNode == null || !dtypeNode.isTextual() || shapeNode == null || !shapeNode.isArray()
                || offsets == null || !offsets.isArray() || offsets.size() != 2) {
            throw new BadCheckpointException("tensor " + name + " lacks dtype, shape or data_offsets [begin, end]");
        }
        DType dtype = DType.ofSafetensors(dtypeNode.asText());
        if (dtype == null) {
            throw new BadCheckpointException("tensor " + name + " has dtype " + AllowedGlobal.printable(dtypeNode.asText())
                    + ", which sr4j does not read");
        }
        if (shapeNode.size() > AllowedGlobal.MAX_DIMS) {
            throw new BadCheckpointException("tensor " + name + " has " + shapeNode.size() + " dimensions");
        }
        long[] shape = new long[shapeNode.size()];
        long numel = 1;
        try {
            for (int i = 0; i < shape.length; i++) {
                shape[i] = whole(shapeNode.get(i), name, "shape");
                numel = Math.multiplyExact(numel, shape[i]);
            }
            long begin = whole(offsets.get(0), name, "data_offsets");
            long end = whole(offsets.get(1), name, "data_offsets");
            if (begin > end || end > data.capacity()) {
                throw new BadCheckpointException("tensor " + name + " has data_offsets [" + begin + ", " + end
                        + "] outside the " + data.capacity() + " data bytes of the file (truncated?)");
            }
            if (end - begin != Math.multiplyExact(numel, dtype.size())) {
                throw new BadCheckpointException("tensor " + name + " of " + numel + " " + dtype + " elements has "
                        + (end - begin) + " bytes of data");
            }
            long[] stride = new long[shape.length];
            long step = 1;
            for (int i = shape.length - 1; i >= 0; i--) {
                stride[i] = step;
                step *= Math.max(shape[i], 1); // no overflow: bounded by numel, checked above
            }
            ByteBuffer bytes = data.slice((int) begin, (int) (end - begin)).order(ByteOrder.LITTLE_ENDIAN);
            return new Tensor(name, dtype, shape, stride, 0, bytes);
        } catch (ArithmeticException e) {
            throw new BadCheckpointException("tensor " + name + " has a size overflowing 64 bits", e);
        }
    }

    private static long whole(JsonNode node, String name, String field) {
        if (node == null || !node.canConvertToExactIntegral() || !node.canConvertToLong() || node.asLong() < 0) {
            throw new BadCheckpointException("tensor " + name + " has a " + field + " entry that is not a whole number ≥ 0");
        }
        return node.asLong();
    }
}
