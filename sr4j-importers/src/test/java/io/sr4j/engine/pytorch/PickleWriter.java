package io.sr4j.engine.pytorch;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Writes pickle opcodes one by one, as Python's pickler (protocol 2) would, for tests. */
final class PickleWriter {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    PickleWriter proto() {
        return op(0x80).op(2);
    }

    PickleWriter op(int opcode) {
        out.write(opcode);
        return this;
    }

    PickleWriter raw(byte... bytes) {
        out.writeBytes(bytes);
        return this;
    }

    PickleWriter mark() {
        return op('(');
    }

    PickleWriter emptyDict() {
        return op('}');
    }

    PickleWriter emptyList() {
        return op(']');
    }

    PickleWriter emptyTuple() {
        return op(')');
    }

    PickleWriter tuple() {
        return op('t');
    }

    PickleWriter setItem() {
        return op('s');
    }

    PickleWriter setItems() {
        return op('u');
    }

    PickleWriter appends() {
        return op('e');
    }

    PickleWriter reduce() {
        return op('R');
    }

    PickleWriter build() {
        return op('b');
    }

    PickleWriter persistentId() {
        return op('Q');
    }

    PickleWriter none() {
        return op('N');
    }

    PickleWriter bool(boolean value) {
        return op(value ? 0x88 : 0x89);
    }

    PickleWriter stop() {
        return op('.');
    }

    /** The shortest integer opcode for {@code value}, as the pickler picks it. */
    PickleWriter integer(long value) {
        if (value >= 0 && value < 256) {
            return op('K').op((int) value);
        }
        if (value >= 0 && value < 65536) {
            return op('M').raw(le(2, value));
        }
        if (value >= Integer.MIN_VALUE && value <= Integer.MAX_VALUE) {
            return op('J').raw(le(4, value));
        }
        return op(0x8a).op(8).raw(le(8, value));
    }

    PickleWriter string(String text) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        return op('X').raw(le(4, utf8.length)).raw(utf8);
    }

    PickleWriter global(String module, String name) {
        return op('c').raw((module + "\n" + name + "\n").getBytes(StandardCharsets.UTF_8));
    }

    PickleWriter put(int index) {
        return index < 256 ? op('q').op(index) : op('r').raw(le(4, index));
    }

    PickleWriter get(int index) {
        return index < 256 ? op('h').op(index) : op('j').raw(le(4, index));
    }

    /** A tuple of integers (a tensor size or stride). */
    PickleWriter ints(long... values) {
        mark();
        for (long v : values) {
            integer(v);
        }
        return tuple();
    }

    byte[] bytes() {
        return out.toByteArray();
    }

    static byte[] le(int size, long value) {
        ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(value);
        byte[] out = new byte[size];
        System.arraycopy(b.array(), 0, out, 0, size);
        return out;
    }
}
