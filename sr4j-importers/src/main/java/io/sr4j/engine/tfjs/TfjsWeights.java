package io.sr4j.engine.tfjs;

import io.sr4j.engine.ncnn.Float16;
import io.sr4j.engine.ncnn.ModelImportException;
import io.sr4j.engine.tfjs.TfjsModel.Quantization;
import io.sr4j.engine.tfjs.TfjsModel.WeightGroup;
import io.sr4j.engine.tfjs.TfjsModel.WeightSpec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The weights of a TF.js model, decoded to float32 and found by name. Each weight group's shards are
 * concatenated (TF.js cuts shards at a fixed size, so a tensor may span two of them) and read in
 * manifest order, little-endian.
 */
final class TfjsWeights {
    /** A weight tensor in its Keras layout (e.g. a Conv2D kernel is [kh, kw, in, out]). */
    record Tensor(float[] data, int[] shape) {
    }

    private final String source;
    private final Map<String, Tensor> byName;

    private TfjsWeights(String source, Map<String, Tensor> byName) {
        this.source = source;
        this.byName = byName;
    }

    /** Reads and decodes every weight the model's manifest lists. */
    static TfjsWeights read(TfjsModel model, TfjsImporter.ShardSource shards) {
        Map<String, Tensor> byName = new HashMap<>();
        for (WeightGroup group : model.groups()) {
            ByteBuffer bytes = ByteBuffer.wrap(concatenate(model.source(), group, shards)).order(ByteOrder.LITTLE_ENDIAN);
            for (WeightSpec w : group.weights()) {
                long needed = w.elementCount() * bytesPerElement(model.source(), w);
                if (needed > bytes.remaining()) {
                    throw new ModelImportException(model.source() + ": weight '" + w.name() + "' " + Arrays.toString(w.shape())
                            + " needs " + needed + " bytes, its shards " + group.paths() + " have only "
                            + bytes.remaining() + " left");
                }
                if (byName.put(w.name(), new Tensor(decode(bytes, w), w.shape())) != null) {
                    throw new ModelImportException(model.source() + ": weight '" + w.name() + "' is listed twice");
                }
            }
            if (bytes.hasRemaining()) {
                throw new ModelImportException(model.source() + ": shards " + group.paths() + " hold " + bytes.remaining()
                        + " bytes more than the manifest describes");
            }
        }
        return new TfjsWeights(model.source(), byName);
    }

    /**
     * The weight {@code layer/suffix} (e.g. {@code conv1/kernel}); TF.js may prefix weight names with
     * the model's name, so a unique name ending in {@code /layer/suffix} is accepted too.
     */
    Tensor get(String layer, String suffix) {
        String name = layer + "/" + suffix;
        Tensor t = byName.get(name);
        if (t != null) {
            return t;
        }
        Tensor found = null;
        for (Map.Entry<String, Tensor> e : byName.entrySet()) {
            if (e.getKey().endsWith("/" + name)) {
                if (found != null) {
                    throw new ModelImportException(source + ": layer '" + layer + "': several weights end in " + name);
                }
                found = e.getValue();
            }
        }
        if (found == null) {
            throw new ModelImportException(source + ": layer '" + layer + "' has no weight '" + name
                    + "' in the weights manifest");
        }
        return found;
    }

    private static byte[] concatenate(String source, WeightGroup group, TfjsImporter.ShardSource shards) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (String path : group.paths()) {
            try {
                all.writeBytes(shards.read(path));
            } catch (IOException e) {
                throw new ModelImportException(source + ": cannot read weight shard " + path + " (" + e.getMessage()
                        + ")", e);
            }
        }
        return all.toByteArray();
    }

    private static int bytesPerElement(String source, WeightSpec w) {
        Quantization q = w.quantization();
        String stored = q != null ? q.dtype() : w.dtype();
        if (q == null && (stored.equals("uint8") || stored.equals("uint16"))) {
            // TfjsImportFuzzTest: decoding these needs the scale and min of a quantization entry.
            throw new ModelImportException(source + ": weight '" + w.name() + "' is " + stored
                    + " without a 'quantization' entry (scale, min)");
        }
        return switch (stored) {
            case "float32", "int32" -> 4;
            case "uint16", "float16" -> 2;
            case "uint8" -> 1;
            default -> throw new ModelImportException(source + ": weight '" + w.name() + "' is stored as " + stored
                    + " (float32, int32 or uint8/uint16/float16 quantisation expected)");
        };
    }

    private static float[] decode(ByteBuffer bytes, WeightSpec w) {
        float[] out = new float[Math.toIntExact(w.elementCount())];
        Quantization q = w.quantization();
        String stored = q != null ? q.dtype() : w.dtype();
        for (int i = 0; i < out.length; i++) {
            out[i] = switch (stored) {
                case "float32" -> bytes.getFloat();
                case "int32" -> bytes.getInt();
                case "float16" -> Float16.toFloat(bytes.getShort() & 0xffff);
                case "uint16" -> (float) ((bytes.getShort() & 0xffff) * q.scale() + q.min());
                default -> (float) ((bytes.get() & 0xff) * q.scale() + q.min()); // uint8
            };
        }
        return out;
    }
}
