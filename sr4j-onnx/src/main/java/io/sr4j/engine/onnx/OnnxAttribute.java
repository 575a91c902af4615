package io.sr4j.engine.onnx;

import java.util.Objects;

/**
 * A node attribute ({@code AttributeProto}): one int, float or string, or a list of ints or
 * floats. Immutable; the list factories copy their arguments.
 */
public final class OnnxAttribute {
    /** {@code AttributeProto.AttributeType} codes. */
    enum Kind {
        FLOAT(1), INT(2), STRING(3), FLOATS(6), INTS(7);

        final int code;

        Kind(int code) {
            this.code = code;
        }
    }

    private final String name;
    private final Kind kind;
    private final long intValue;
    private final float floatValue;
    private final String stringValue;
    private final long[] ints;
    private final float[] floats;

    private OnnxAttribute(String name, Kind kind, long intValue, float floatValue, String stringValue, long[] ints,
            float[] floats) {
        Objects.requireNonNull(name, "name");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("attribute name must not be empty");
        }
        this.name = name;
        this.kind = kind;
        this.intValue = intValue;
        this.floatValue = floatValue;
        this.stringValue = stringValue;
        this.ints = ints;
        this.floats = floats;
    }

    public static OnnxAttribute of(String name, long value) {
        return new OnnxAttribute(name, Kind.INT, value, 0f, null, null, null);
    }

    public static OnnxAttribute of(String name, float value) {
        return new OnnxAttribute(name, Kind.FLOAT, 0, value, null, null, null);
    }

    public static OnnxAttribute of(String name, String value) {
        Objects.requireNonNull(value, "value");
        return new OnnxAttribute(name, Kind.STRING, 0, 0f, value, null, null);
    }

    public static OnnxAttribute ints(String name, long... values) {
        return new OnnxAttribute(name, Kind.INTS, 0, 0f, null, values.clone(), null);
    }

    public static OnnxAttribute floats(String name, float... values) {
        return new OnnxAttribute(name, Kind.FLOATS, 0, 0f, null, null, values.clone());
    }

    public String name() {
        return name;
    }

    Kind kind() {
        return kind;
    }

    /** The value of an int attribute (0 for other kinds). */
    public long intValue() {
        return intValue;
    }

    /** The value of a float attribute (0 for other kinds). */
    public float floatValue() {
        return floatValue;
    }

    /** The value of a string attribute (null for other kinds). */
    public String stringValue() {
        return stringValue;
    }

    long[] intsRef() {
        return ints;
    }

    float[] floatsRef() {
        return floats;
    }

    @Override
    public String toString() {
        return switch (kind) {
            case INT -> name + "=" + intValue;
            case FLOAT -> name + "=" + floatValue;
            case STRING -> name + "='" + stringValue + "'";
            case INTS -> name + "=" + java.util.Arrays.toString(ints);
            case FLOATS -> name + "=" + java.util.Arrays.toString(floats);
        };
    }
}
