package io.sr4j.engine.pytorch;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The two ways RRDBNet checkpoints name their tensors, and the translation from BasicSR's names
 * (used throughout the converter) to the original ESRGAN repository's.
 *
 * <pre>
 * BasicSR / Real-ESRGAN          original ESRGAN (nb blocks, k upsampling convolutions)
 * conv_first                     model.0
 * body.N.rdbK.convJ              model.1.sub.N.RDBK.convJ.0
 * conv_body                      model.1.sub.nb
 * conv_upU (U = 1..k)            model.(3U)        (nearest ×2, conv, LeakyReLU per step)
 * conv_hr                        model.(3k + 2)
 * conv_last                      model.(3k + 4)
 * </pre>
 */
record RrdbKeys(boolean oldNames, int blocks, int upsamplings) {
    private static final Pattern NEW_BLOCK = Pattern.compile("body\\.(\\d+)\\.rdb1\\.conv1\\.weight");
    private static final Pattern NEW_UP = Pattern.compile("conv_up(\\d+)\\.weight");
    private static final Pattern OLD_BLOCK = Pattern.compile("model\\.1\\.sub\\.(\\d+)\\.RDB1\\.conv1\\.0\\.weight");
    private static final Pattern OLD_TOP = Pattern.compile("model\\.(\\d+)\\.weight");
    private static final Pattern BLOCK_PART = Pattern.compile("body\\.(\\d+)\\.rdb(\\d)\\.conv(\\d)\\.(weight|bias)");

    /** The naming of {@code tensors}, or null if it is neither. */
    static RrdbKeys of(Map<String, Tensor> tensors) {
        if (tensors.containsKey("conv_first.weight") && tensors.containsKey("body.0.rdb1.conv1.weight")) {
            return new RrdbKeys(false, count(tensors, NEW_BLOCK), count(tensors, NEW_UP));
        }
        if (tensors.containsKey("model.0.weight") && tensors.containsKey("model.1.sub.0.RDB1.conv1.0.weight")) {
            // Top-level convolutions besides model.0: k upsampling ones, then conv_hr and conv_last.
            int top = count(tensors, OLD_TOP) - 1;
            return new RrdbKeys(true, count(tensors, OLD_BLOCK), Math.max(0, top - 2));
        }
        return null;
    }

    /** Where the file keeps the tensor BasicSR calls {@code name}. */
    UnaryOperator<String> fileNames() {
        if (!oldNames) {
            return UnaryOperator.identity();
        }
        Map<String, String> modules = new HashMap<>(Map.of(
                "conv_first", "model.0",
                "conv_body", "model.1.sub." + blocks,
                "conv_hr", "model." + (3 * upsamplings + 2),
                "conv_last", "model." + (3 * upsamplings + 4)));
        for (int u = 1; u <= upsamplings; u++) {
            modules.put("conv_up" + u, "model." + 3 * u);
        }
        return name -> {
            Matcher m = BLOCK_PART.matcher(name);
            if (m.matches()) {
                return "model.1.sub." + m.group(1) + ".RDB" + m.group(2) + ".conv" + m.group(3) + ".0." + m.group(4);
            }
            int dot = name.lastIndexOf('.');
            String module = modules.get(name.substring(0, dot));
            return module == null ? name : module + name.substring(dot);
        };
    }

    private static int count(Map<String, Tensor> tensors, Pattern p) {
        TreeSet<Integer> seen = new TreeSet<>();
        for (String k : tensors.keySet()) {
            Matcher m = p.matcher(k);
            if (m.matches()) {
                seen.add(Integer.parseInt(m.group(1)));
            }
        }
        return seen.size();
    }
}
