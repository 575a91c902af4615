package io.sr4j.engine.pytorch;

import io.sr4j.engine.ncnn.ModelImportException;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.function.UnaryOperator;

/**
 * The tensors of a state dict as one architecture names them, with the checks a conversion needs:
 * a missing tensor or a wrong shape fails naming the file and the tensor, and {@link #requireAllUsed}
 * catches tensors the architecture did not account for (a near-miss detection would otherwise
 * convert silently into a different network).
 */
final class TorchWeights {
    private final StateDict dict;
    private final String architecture;
    private final UnaryOperator<String> fileName;
    private final Set<String> used = new LinkedHashSet<>();

    /**
     * @param fileName maps the architecture's tensor names to the names in the file (identity for
     *                 files that use them already)
     */
    TorchWeights(StateDict dict, String architecture, UnaryOperator<String> fileName) {
        this.dict = dict;
        this.architecture = architecture;
        this.fileName = fileName;
    }

    /**
     * The blocks of each layer of a transformer's body, counted from the file's keys that
     * {@code block} matches with groups (layer, block): layer i has its highest block index + 1.
     * Fails unless some layers are there, numbered 0…n−1.
     */
    int[] layerDepths(Pattern block) {
        TreeMap<Integer, Integer> blocks = new TreeMap<>();
        for (String key : dict.tensors().keySet()) {
            Matcher m = block.matcher(key);
            if (m.matches()) {
                blocks.merge(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)) + 1, Math::max);
            }
        }
        if (blocks.isEmpty() || blocks.lastKey() != blocks.size() - 1) {
            throw fail("layers " + blocks.keySet() + " are not numbered 0…" + (blocks.size() - 1));
        }
        return blocks.values().stream().mapToInt(Integer::intValue).toArray();
    }

    /** {@code 6,6,6} for people: how a network's details line lists per-layer numbers. */
    static String joined(int[] values) {
        return Arrays.stream(values).mapToObj(Integer::toString).collect(java.util.stream.Collectors.joining(","));
    }

    boolean has(String name) {
        return dict.tensors().containsKey(fileName.apply(name));
    }

    Tensor tensor(String name) {
        String inFile = fileName.apply(name);
        Tensor t = dict.tensors().get(inFile);
        if (t == null) {
            throw fail("tensor " + inFile + " is missing");
        }
        used.add(inFile);
        return t;
    }

    /** The shape of {@code name}, which must have {@code dims} dimensions. */
    long[] shape(String name, int dims) {
        long[] shape = tensor(name).shape();
        if (shape.length != dims) {
            throw fail("tensor " + fileName.apply(name) + " has shape " + Arrays.toString(shape) + ", expected "
                    + dims + " dimensions");
        }
        return shape;
    }

    float[] floats(String name) {
        return tensor(name).toFloatArray();
    }

    /** The values of a vector of {@code length} elements. */
    float[] floats(String name, long length) {
        long[] shape = shape(name, 1);
        if (shape[0] != length) {
            throw fail("tensor " + fileName.apply(name) + " has " + shape[0] + " elements, expected " + length);
        }
        return floats(name);
    }

    /** Whether the file has the buffer {@code name}, a flag whose presence is the information (read when present). */
    boolean flag(String name) {
        if (!has(name)) {
            return false;
        }
        tensor(name);
        return true;
    }

    /**
     * The scale s of a pixel-shuffle head: the convolution {@code module} must give 3·s² channels
     * (RGB times the s×s sub-pixels).
     */
    int pixelShuffleScale(String module) {
        long out = shape(module + ".weight", 4)[0];
        int scale = (int) Math.round(Math.sqrt(out / 3.0));
        if (scale < 1 || 3L * scale * scale != out) {
            throw fail(module + " gives " + out + " channels, which is not 3·s² for a whole scale s");
        }
        return scale;
    }

    /** Fails if the file holds tensors the conversion never read. */
    void requireAllUsed() {
        List<String> unused = dict.tensors().keySet().stream().filter(k -> !used.contains(k)).toList();
        if (!unused.isEmpty()) {
            throw fail(unused.size() + " tensors do not belong to " + architecture + " as sr4j knows it: "
                    + String.join(", ", unused.subList(0, Math.min(6, unused.size())))
                    + (unused.size() > 6 ? ", …" : ""));
        }
    }

    ModelImportException fail(String message) {
        return new ModelImportException(dict.source() + ": " + architecture + ": " + message);
    }

    Map<String, Tensor> all() {
        return dict.tensors();
    }
}
