package io.sr4j.engine.tfjs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sr4j.engine.ncnn.ModelImportException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A parsed TF.js layers {@code model.json}: the Keras layers with their connections, and the weights
 * manifest. Keras 2 functional ({@code Functional}/{@code Model}) and {@code Sequential} topologies are
 * read, with or without the {@code model_config} wrapper TF.js' converter writes.
 *
 * @param source      the file it came from, for messages
 * @param layers      every layer in file order; for a sequential model an {@code InputLayer} is added
 *                    first if the file has none
 * @param inputLayer  the name of the one input layer
 * @param outputLayer the name of the layer whose output is the model's one output
 * @param groups      the weight groups: each is stored in its shards, in order
 */
record TfjsModel(String source, List<Layer> layers, String inputLayer, String outputLayer, List<WeightGroup> groups) {
    private static final ObjectMapper JSON = new ObjectMapper();
    /**
     * Most elements one weight may declare: 2^28 floats (1 GB). Real super-resolution weights are
     * below 10^6; a shape beyond this is damage or an attack and is refused before allocation.
     */
    static final long MAX_WEIGHT_ELEMENTS = 1L << 28;

    /**
     * One Keras layer.
     *
     * @param className the Keras class ({@code Conv2D}, {@code MultiplyBeta}…)
     * @param name      the layer's unique name
     * @param config    its {@code config} object
     * @param inputs    names of the layers whose outputs it takes, in order (empty for the input layer)
     */
    record Layer(String className, String name, JsonNode config, List<String> inputs) {
    }

    /**
     * One weight tensor of the manifest.
     *
     * @param quantization how it is stored if not in its own dtype; null if it is
     */
    record WeightSpec(String name, int[] shape, String dtype, Quantization quantization) {
        long elementCount() {
            long n = 1;
            for (int d : shape) {
                n *= d;
            }
            return n;
        }
    }

    /** TF.js weight quantisation: {@code value = stored * scale + min} (uint8/uint16), or IEEE half floats. */
    record Quantization(String dtype, double scale, double min) {
    }

    /** Weights stored one after another in the concatenation of {@code paths}. */
    record WeightGroup(List<String> paths, List<WeightSpec> weights) {
    }

    TfjsModel {
        layers = List.copyOf(layers);
        groups = List.copyOf(groups);
    }

    /** Parses {@code model.json} content; {@code source} names the file in messages. */
    static TfjsModel parse(byte[] json, String source) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new ModelImportException(source + ": not valid JSON (" + e.getOriginalMessage() + ")", e);
        } catch (java.io.IOException e) {
            throw new ModelImportException(source + ": cannot be read (" + e.getMessage() + ")", e);
        }
        if (root == null || !root.isObject()) {
            throw new ModelImportException(source + ": not a TF.js model (the top level is not a JSON object)");
        }
        Parser p = new Parser(source);
        JsonNode topology = p.required(root, "modelTopology", "the file");
        if (!"layers-model".equals(root.path("format").asText("layers-model"))) {
            throw p.fail("format '" + root.path("format").asText() + "' is not a layers model"
                    + " (graph models are not supported)");
        }
        JsonNode modelConfig = topology.has("model_config") ? topology.get("model_config") : topology;
        String className = p.text(modelConfig, "class_name", "modelTopology");
        TfjsModel model = switch (className) {
            case "Functional", "Model" -> p.functional(p.required(modelConfig, "config", "model_config"));
            case "Sequential" -> p.sequential(p.required(modelConfig, "config", "model_config"));
            default -> throw p.fail("model class '" + className + "' is not supported (Functional or Sequential only)");
        };
        return new TfjsModel(source, model.layers, model.inputLayer, model.outputLayer,
                p.groups(p.required(root, "weightsManifest", "the file")));
    }

    /** Reads one model.json; messages name {@code source}. */
    private static final class Parser {
        private final String source;

        Parser(String source) {
            this.source = source;
        }

        TfjsModel functional(JsonNode config) {
            List<Layer> layers = new ArrayList<>();
            Set<String> names = new HashSet<>();
            for (JsonNode l : array(config, "layers", "model config")) {
                String name = text(l, "name", "a layer");
                if (!names.add(name)) {
                    throw fail("two layers are named '" + name + "'");
                }
                layers.add(new Layer(text(l, "class_name", "layer '" + name + "'"), name,
                        required(l, "config", "layer '" + name + "'"), inbound(l, name)));
            }
            String in = single(config, "input_layers");
            String out = single(config, "output_layers");
            for (String end : List.of(in, out)) {
                if (!names.contains(end)) {
                    throw fail("model input/output '" + end + "' is not one of its layers");
                }
            }
            return new TfjsModel(source, layers, in, out, List.of());
        }

        TfjsModel sequential(JsonNode config) {
            JsonNode list = config.isArray() ? config : array(config, "layers", "model config");
            List<Layer> layers = new ArrayList<>();
            String previous = null;
            for (JsonNode l : list) {
                String className = text(l, "class_name", "a layer");
                JsonNode c = required(l, "config", "a " + className + " layer");
                String name = text(c, "name", "a " + className + " layer");
                if (previous == null && !className.equals("InputLayer")) {
                    // Keras writes the input shape on the first layer of a sequential model.
                    previous = name + "_input";
                    ObjectNode inputConfig = JsonNodeFactory.instance.objectNode();
                    inputConfig.set("batch_input_shape", required(c, "batch_input_shape", "first layer '" + name + "'"));
                    layers.add(new Layer("InputLayer", previous, inputConfig, List.of()));
                }
                layers.add(new Layer(className, name, c, previous == null ? List.of() : List.of(previous)));
                previous = name;
            }
            if (layers.isEmpty()) {
                throw fail("the sequential model has no layers");
            }
            return new TfjsModel(source, layers, layers.get(0).name(), previous, List.of());
        }

        /** The names of the layers feeding layer {@code name} (Keras 2: [[[name, node, tensor, kwargs], …]]). */
        private List<String> inbound(JsonNode layer, String name) {
            JsonNode nodes = layer.path("inbound_nodes");
            if (!nodes.isArray() || nodes.isEmpty()) {
                return List.of();
            }
            if (nodes.size() > 1) {
                throw fail("layer '" + name + "' is applied " + nodes.size() + " times (shared layers are not supported)");
            }
            JsonNode node = nodes.get(0);
            if (!node.isArray()) {
                throw fail("layer '" + name + "': inbound nodes are not in the Keras 2 layout"
                        + " ([[name, node, tensor, kwargs], ...]); Keras 3 files are not supported");
            }
            List<String> inputs = new ArrayList<>();
            for (JsonNode e : node) {
                if (!e.isArray() || e.size() < 3 || !e.get(0).isTextual()) {
                    throw fail("layer '" + name + "': malformed inbound node " + e);
                }
                if (e.get(2).asInt() != 0) {
                    throw fail("layer '" + name + "' takes output " + e.get(2).asInt() + " of '" + e.get(0).asText()
                            + "' (layers with several outputs are not supported)");
                }
                inputs.add(e.get(0).asText());
            }
            return inputs;
        }

        private String single(JsonNode config, String key) {
            JsonNode ends = array(config, key, "model config");
            if (ends.size() != 1 || !ends.get(0).isArray() || !ends.get(0).get(0).isTextual()) {
                throw fail("the model must have exactly one " + key.replace("_layers", "") + ", has " + ends);
            }
            return ends.get(0).get(0).asText();
        }

        List<WeightGroup> groups(JsonNode manifest) {
            if (!manifest.isArray()) {
                throw fail("weightsManifest is not a list");
            }
            List<WeightGroup> groups = new ArrayList<>();
            for (JsonNode g : manifest) {
                List<String> paths = new ArrayList<>();
                for (JsonNode path : array(g, "paths", "a weights group")) {
                    paths.add(path.asText());
                }
                List<WeightSpec> weights = new ArrayList<>();
                for (JsonNode w : array(g, "weights", "a weights group")) {
                    String name = text(w, "name", "a weight");
                    JsonNode shape = array(w, "shape", "weight '" + name + "'");
                    int[] dims = new int[shape.size()];
                    long elements = 1;
                    for (int i = 0; i < dims.length; i++) {
                        dims[i] = shape.get(i).canConvertToInt() ? shape.get(i).asInt(-1) : -1;
                        if (dims[i] < 0) {
                            throw fail("weight '" + name + "' has a bad shape " + shape);
                        }
                        elements = Math.min(elements * dims[i], MAX_WEIGHT_ELEMENTS + 1);
                    }
                    if (elements > MAX_WEIGHT_ELEMENTS) {
                        // Refused before anything is read or allocated; the product would overflow a long.
                        throw fail("weight '" + name + "' has shape " + shape + ", more than the limit of "
                                + MAX_WEIGHT_ELEMENTS + " elements per weight");
                    }
                    JsonNode q = w.get("quantization");
                    Quantization quantization = q == null || q.isNull() ? null
                            : new Quantization(text(q, "dtype", "quantization of '" + name + "'"),
                                    q.path("scale").asDouble(1), q.path("min").asDouble(0));
                    weights.add(new WeightSpec(name, dims, w.path("dtype").asText("float32"), quantization));
                }
                groups.add(new WeightGroup(paths, weights));
            }
            return groups;
        }

        JsonNode required(JsonNode node, String key, String where) {
            JsonNode v = node.get(key);
            if (v == null || v.isNull()) {
                throw fail(where + " has no '" + key + "'");
            }
            return v;
        }

        String text(JsonNode node, String key, String where) {
            JsonNode v = required(node, key, where);
            if (!v.isTextual()) {
                throw fail(where + ": '" + key + "' is not a string");
            }
            return v.asText();
        }

        JsonNode array(JsonNode node, String key, String where) {
            JsonNode v = required(node, key, where);
            if (!v.isArray()) {
                throw fail(where + ": '" + key + "' is not a list");
            }
            return v;
        }

        ModelImportException fail(String message) {
            return new ModelImportException(source + ": " + message);
        }
    }
}
