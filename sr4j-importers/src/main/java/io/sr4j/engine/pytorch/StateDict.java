package io.sr4j.engine.pytorch;

import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The weights of a checkpoint: tensor names (in file order, wrapper and {@code module.} prefix
 * removed) to tensors, with what was found around them.
 */
public final class StateDict {
    private final String source;
    private final CheckpointFormat format;
    private final String wrapper;
    private final String strippedPrefix;
    private final Map<String, Tensor> tensors;
    private final int skippedEntries;

    StateDict(String source, CheckpointFormat format, String wrapper, String strippedPrefix,
            LinkedHashMap<String, Tensor> tensors, int skippedEntries) {
        this.source = source;
        this.format = format;
        this.wrapper = wrapper;
        this.strippedPrefix = strippedPrefix;
        this.tensors = Collections.unmodifiableMap(tensors);
        this.skippedEntries = skippedEntries;
    }

    /** The file (or the name given for bytes) it was read from. */
    public String source() {
        return source;
    }

    public CheckpointFormat format() {
        return format;
    }

    /**
     * The key path of the dict the tensors were taken from, e.g. {@code params_ema} (BasicSR) or
     * {@code state_dict.model}; empty if the file holds the tensors at its top level.
     */
    public Optional<String> wrapper() {
        return Optional.ofNullable(wrapper);
    }

    /** The prefix removed from every name ({@code module.}, left by DataParallel), if any. */
    public Optional<String> strippedPrefix() {
        return Optional.ofNullable(strippedPrefix);
    }

    /** Name to tensor, in the order of the file. */
    public Map<String, Tensor> tensors() {
        return tensors;
    }

    /** Entries of the chosen dict that were not tensors (counters, nested dicts) and were left out. */
    public int skippedEntries() {
        return skippedEntries;
    }

    /** Elements of all tensors together (what "parameters" means for a state dict). */
    public long parameterCount() {
        long total = 0;
        for (Tensor t : tensors.values()) {
            total += t.numel();
        }
        return total;
    }

    /** How many tensors have each element type. */
    public Map<DType, Integer> dtypeCounts() {
        Map<DType, Integer> counts = new EnumMap<>(DType.class);
        for (Tensor t : tensors.values()) {
            counts.merge(t.dtype(), 1, Integer::sum);
        }
        return counts;
    }
}
