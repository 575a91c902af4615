package io.sr4j.engine.ncnn;

import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The {@code key=value} parameters of one ncnn layer. Keys are 0–31; a value is an int, a float,
 * or an array whose elements are each an int or a float. As in ncnn, the text decides the type: a
 * token containing '.', 'e' or 'E' is a float, anything else an int.
 *
 * <p>ncnn does not convert between the two on read (an int read as a float is its bit pattern), so
 * the getters here refuse a value of the wrong type instead of guessing, with one exception that
 * ncnn shares: an int 0 reads as 0.0, having the same bits. Immutable.
 */
public final class ParamDict {
    /** One value: an int or float scalar, or an array of independently typed elements. */
    record Value(boolean array, int[] bits, boolean[] isFloat, String text) {
        boolean allInts() {
            for (boolean f : isFloat) {
                if (f) {
                    return false;
                }
            }
            return true;
        }
    }

    private final Map<Integer, Value> values;
    private final String context;

    ParamDict(Map<Integer, Value> values, String context) {
        this.values = Collections.unmodifiableMap(new TreeMap<>(values));
        this.context = context;
    }

    /** An empty dictionary (for tests and layers without parameters). */
    static ParamDict empty(String context) {
        return new ParamDict(Map.of(), context);
    }

    /** The keys present, ascending. */
    public Set<Integer> keys() {
        return values.keySet();
    }

    public boolean has(int id) {
        return values.containsKey(id);
    }

    /** True if {@code id} holds an array ({@code -233xx=} in the file). */
    public boolean isArray(int id) {
        Value v = values.get(id);
        return v != null && v.array();
    }

    /** The int at {@code id}, or {@code defaultValue} if absent. */
    public int getInt(int id, int defaultValue) {
        Value v = values.get(id);
        if (v == null) {
            return defaultValue;
        }
        if (v.array()) {
            throw new ModelImportException(context + ": param " + id + " must be a single integer, the file has an"
                    + " array " + v.text());
        }
        if (v.isFloat()[0]) {
            throw new ModelImportException(context + ": param " + id + " must be an integer, the file has the float "
                    + v.text());
        }
        return v.bits()[0];
    }

    /** The float at {@code id}, or {@code defaultValue} if absent. */
    public float getFloat(int id, float defaultValue) {
        Value v = values.get(id);
        if (v == null) {
            return defaultValue;
        }
        if (v.array()) {
            throw new ModelImportException(context + ": param " + id + " must be a single float, the file has an"
                    + " array " + v.text());
        }
        return asFloat(id, v, 0);
    }

    /** The int array at {@code id}, or an empty array if absent. */
    public int[] getInts(int id) {
        Value v = values.get(id);
        if (v == null) {
            return new int[0];
        }
        if (!v.array()) {
            throw new ModelImportException(context + ": param " + id + " must be an array (-" + (23300 + id)
                    + "=count,...), the file has the single value " + v.text());
        }
        if (!v.allInts()) {
            throw new ModelImportException(context + ": param " + id + " must be an array of integers, the file has "
                    + v.text());
        }
        return v.bits().clone();
    }

    /** The float array at {@code id}, or an empty array if absent. */
    public float[] getFloats(int id) {
        Value v = values.get(id);
        if (v == null) {
            return new float[0];
        }
        if (!v.array()) {
            throw new ModelImportException(context + ": param " + id + " must be an array (-" + (23300 + id)
                    + "=count,...), the file has the single value " + v.text());
        }
        float[] out = new float[v.bits().length];
        for (int i = 0; i < out.length; i++) {
            out[i] = asFloat(id, v, i);
        }
        return out;
    }

    private float asFloat(int id, Value v, int i) {
        if (v.isFloat()[i]) {
            return Float.intBitsToFloat(v.bits()[i]);
        }
        if (v.bits()[i] == 0) {
            return 0f; // same bits either way
        }
        throw new ModelImportException(context + ": param " + id + " must be a float, the file has the integer "
                + v.bits()[i] + " (write it as " + v.bits()[i] + ".0; ncnn would read its bit pattern, "
                + Float.intBitsToFloat(v.bits()[i]) + ")");
    }

    /** Where these params come from ("file: layer 'name' (Type)"), for messages. */
    String context() {
        return context;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<Integer, Value> e : values.entrySet()) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            Value v = e.getValue();
            sb.append(v.array() ? -(23300 + e.getKey()) : e.getKey()).append('=').append(v.text());
        }
        return sb.toString();
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ParamDict p) || !p.values.keySet().equals(values.keySet())) {
            return false;
        }
        for (Map.Entry<Integer, Value> e : values.entrySet()) {
            Value a = e.getValue();
            Value b = p.values.get(e.getKey());
            if (a.array() != b.array() || !Arrays.equals(a.bits(), b.bits()) || !Arrays.equals(a.isFloat(), b.isFloat())) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        return values.keySet().hashCode();
    }
}
