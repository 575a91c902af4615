package io.sr4j.engine.onnx;

/**
 * One dimension of a graph input or output shape: a fixed size, a named symbolic size (the same
 * name on several tensors tells ONNX Runtime they are equal), or unknown.
 *
 * @param value the fixed size, or -1 when the dimension is symbolic or unknown
 * @param name  the symbolic name, or null
 */
public record Dim(long value, String name) {
    public Dim {
        if (name != null && value != -1) {
            throw new IllegalArgumentException("a dimension is either fixed or named, got " + value + " and '" + name + "'");
        }
        if (name == null && value < -1) {
            throw new IllegalArgumentException("dimension must be >= 0 (or -1 for unknown), got " + value);
        }
        if (name != null && name.isEmpty()) {
            throw new IllegalArgumentException("symbolic dimension name must not be empty");
        }
    }

    /** A fixed size. */
    public static Dim of(long value) {
        if (value < 0) {
            throw new IllegalArgumentException("fixed dimension must be >= 0, got " + value);
        }
        return new Dim(value, null);
    }

    /** A symbolic size, e.g. {@code "height"}. */
    public static Dim named(String name) {
        return new Dim(-1, name);
    }

    /** A size the graph does not declare. */
    public static Dim unknown() {
        return new Dim(-1, null);
    }

    public boolean isFixed() {
        return name == null && value >= 0;
    }

    @Override
    public String toString() {
        return name != null ? name : (value >= 0 ? Long.toString(value) : "?");
    }
}
