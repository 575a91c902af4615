package io.sr4j.engine.tfjs;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.Map;

/**
 * Writes small Keras functional models in TF.js' {@code model.json} layout, with their weights as
 * float32 (or uint8-quantised) shards, for importer tests.
 */
final class KerasModelBuilder {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private final ArrayNode layers = F.arrayNode();
    private final ArrayNode weights = F.arrayNode();
    private final ByteArrayOutputStream data = new ByteArrayOutputStream();
    private int shardSize = Integer.MAX_VALUE;

    /** Adds a layer; {@code config} gets the layer's name; {@code inputs} are earlier layers' names. */
    KerasModelBuilder layer(String className, String name, ObjectNode config, String... inputs) {
        ObjectNode l = F.objectNode().put("class_name", className).put("name", name);
        l.set("config", config.put("name", name));
        ArrayNode node = F.arrayNode();
        for (String in : inputs) {
            node.add(F.arrayNode().add(in).add(0).add(0).add(F.objectNode()));
        }
        l.set("inbound_nodes", inputs.length == 0 ? F.arrayNode() : F.arrayNode().add(node));
        layers.add(l);
        return this;
    }

    KerasModelBuilder input(String name, int channels) {
        ObjectNode c = F.objectNode();
        c.set("batch_input_shape", F.arrayNode().addNull().addNull().addNull().add(channels));
        return layer("InputLayer", name, c);
    }

    /** A float32 weight. */
    KerasModelBuilder weight(String name, float[] values, int... shape) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            b.putFloat(v);
        }
        data.writeBytes(b.array());
        weights.add(spec(name, shape));
        return this;
    }

    /** A uint8-quantised weight: stored bytes, decoded as {@code q * scale + min}. */
    KerasModelBuilder quantizedWeight(String name, byte[] stored, double scale, double min, int... shape) {
        data.writeBytes(stored);
        ObjectNode s = spec(name, shape);
        s.set("quantization", F.objectNode().put("dtype", "uint8").put("scale", scale).put("min", min));
        weights.add(s);
        return this;
    }

    /** Cuts the weight data into shards of this many bytes (TF.js cuts across tensors too). */
    KerasModelBuilder shardSize(int bytes) {
        this.shardSize = bytes;
        return this;
    }

    /** The model.json bytes and the shards by name. */
    record Files(byte[] modelJson, Map<String, byte[]> shards) {
        TfjsImporter.ShardSource source() {
            return path -> {
                byte[] b = shards.get(path);
                if (b == null) {
                    throw new java.io.FileNotFoundException(path);
                }
                return b;
            };
        }
    }

    Files build(String inputLayer, String outputLayer) {
        byte[] all = data.toByteArray();
        Map<String, byte[]> shards = new HashMap<>();
        ArrayNode paths = F.arrayNode();
        int count = shardSize >= all.length ? 1 : (all.length + shardSize - 1) / shardSize;
        for (int i = 0, off = 0; i < count; i++) {
            int len = Math.min(shardSize, all.length - off);
            String name = "group1-shard" + (i + 1) + "of" + count + ".bin";
            shards.put(name, java.util.Arrays.copyOfRange(all, off, off + len));
            paths.add(name);
            off += len;
        }
        ObjectNode config = F.objectNode().put("name", "test");
        config.set("layers", layers);
        config.set("input_layers", F.arrayNode().add(F.arrayNode().add(inputLayer).add(0).add(0)));
        config.set("output_layers", F.arrayNode().add(F.arrayNode().add(outputLayer).add(0).add(0)));
        ObjectNode root = F.objectNode().put("format", "layers-model").put("generatedBy", "test");
        ObjectNode topology = F.objectNode();
        topology.set("model_config", F.objectNode().put("class_name", "Functional").set("config", config));
        root.set("modelTopology", topology);
        root.set("weightsManifest", F.arrayNode().add(F.objectNode().<ObjectNode>set("paths", paths)
                .set("weights", weights)));
        try {
            return new Files(new ObjectMapper().writeValueAsBytes(root), shards);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static ObjectNode config() {
        return F.objectNode();
    }

    static ObjectNode conv(int filters, int kernel, String padding, String activation) {
        ObjectNode c = F.objectNode().put("filters", filters).put("padding", padding).put("activation", activation)
                .put("use_bias", true).put("data_format", "channels_last");
        c.set("kernel_size", F.arrayNode().add(kernel).add(kernel));
        c.set("strides", F.arrayNode().add(1).add(1));
        c.set("dilation_rate", F.arrayNode().add(1).add(1));
        return c;
    }

    private static ObjectNode spec(String name, int[] shape) {
        ObjectNode s = F.objectNode().put("name", name).put("dtype", "float32");
        ArrayNode dims = s.putArray("shape");
        for (int d : shape) {
            dims.add(d);
        }
        return s;
    }
}
