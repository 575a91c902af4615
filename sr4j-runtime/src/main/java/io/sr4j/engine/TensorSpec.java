package io.sr4j.engine;

import java.util.List;
import java.util.Objects;

/**
 * A session input or output as the model declares it.
 *
 * @param name           the tensor's name in the graph
 * @param elementType    the element type as the runtime names it (e.g. {@code FLOAT})
 * @param shape          one entry per dimension: the fixed size, or -1 where the size is symbolic or unknown
 * @param dimensionNames one entry per dimension: the symbolic name, or "" where there is none
 */
public record TensorSpec(String name, String elementType, List<Long> shape, List<String> dimensionNames) {
    public TensorSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(elementType, "elementType");
        shape = List.copyOf(shape);
        dimensionNames = List.copyOf(dimensionNames);
        if (shape.size() != dimensionNames.size()) {
            throw new IllegalArgumentException("shape has " + shape.size() + " dimensions, names "
                    + dimensionNames.size());
        }
    }

    public int rank() {
        return shape.size();
    }

    /** True if dimension {@code i} has a fixed size. */
    public boolean isFixed(int i) {
        return shape.get(i) >= 0;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(name).append(": ").append(elementType).append('[');
        for (int i = 0; i < shape.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            long d = shape.get(i);
            sb.append(d >= 0 ? Long.toString(d) : (dimensionNames.get(i).isEmpty() ? "?" : dimensionNames.get(i)));
        }
        return sb.append(']').toString();
    }
}
