package io.sr4j.engine.pytorch;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * A pickle reader that evaluates only data: the opcodes of protocols 2 to 5 that PyTorch's
 * {@code torch.save} writes, with globals restricted to {@link AllowedGlobal}. Values come out as
 * {@code null}, {@link Boolean}, {@link Long}, {@link BigInteger}, {@link Double}, {@link String},
 * {@code byte[]}, {@link ArrayList} (list), {@link Tuple}, {@link java.util.LinkedHashMap} (dict),
 * {@link StorageRef} and {@link TensorRef}.
 *
 * <p>Everything else — other opcodes (INST, OBJ, EXT*, PERSID in text, …), globals, dict keys that
 * are not scalars — is refused with the opcode or global and its offset. {@link PickleLimits}
 * bounds memo, nesting and string sizes.
 */
final class PickleReader {
    private static final int MAX_GLOBAL_NAME = 256;

    private final ByteBuffer in;
    private final PickleLimits limits;
    private final Function<Object, Object> persistentLoad;
    private final List<Object> stack = new ArrayList<>();
    /** The stack size at each open MARK. */
    private final Deque<Integer> marks = new ArrayDeque<>();
    private final Map<Integer, Object> memo = new HashMap<>();
    private int opOffset;

    private PickleReader(ByteBuffer in, PickleLimits limits, Function<Object, Object> persistentLoad) {
        this.in = in;
        this.limits = limits;
        this.persistentLoad = persistentLoad;
    }

    /**
     * Reads one pickle from {@code in}'s position up to and including its STOP; the position is left
     * just after it (legacy checkpoints are several pickles in a row). Offsets in messages count from
     * the buffer's start.
     *
     * @param persistentLoad turns a BINPERSID id into a value; null if the pickle may have none
     */
    static Object read(ByteBuffer in, PickleLimits limits, Function<Object, Object> persistentLoad) {
        return new PickleReader(in, limits, persistentLoad).run();
    }

    private Object run() {
        while (true) {
            opOffset = in.position();
            int op = u8();
            switch (op) {
                case 0x80 -> { // PROTO
                    int protocol = u8();
                    if (protocol > 5) {
                        throw fail("pickle protocol " + protocol + " is newer than 5");
                    }
                }
                case 0x95 -> bytes(8) /* FRAME: a length hint only */;
                case '.' -> { // STOP
                    return pop();
                }
                case '(' -> { // MARK
                    if (marks.size() >= limits.maxMarkDepth()) {
                        throw fail("more than " + limits.maxMarkDepth() + " nested marks");
                    }
                    marks.push(stack.size());
                }
                case '0' -> pop(); // POP
                case '1' -> popMark(); // POP_MARK
                case '2' -> push(peek()); // DUP
                case 'N' -> push(null);
                case 0x88 -> push(Boolean.TRUE);
                case 0x89 -> push(Boolean.FALSE);
                case 'J' -> push((long) le(4).getInt()); // BININT
                case 'K' -> push((long) u8()); // BININT1
                case 'M' -> push((long) (le(2).getShort() & 0xffff)); // BININT2
                case 0x8a -> push(long1(u8())); // LONG1
                case 'G' -> push(ByteBuffer.wrap(bytes(8)).order(ByteOrder.BIG_ENDIAN).getDouble()); // BINFLOAT
                case 'X' -> push(utf8(length(le(4).getInt() & 0xffffffffL))); // BINUNICODE
                case 0x8c -> push(utf8(u8())); // SHORT_BINUNICODE
                case 0x8d -> push(utf8(length(le(8).getLong()))); // BINUNICODE8
                case 'T' -> push(latin1(length(le(4).getInt()))); // BINSTRING (Python 2 str)
                case 'U' -> push(latin1(u8())); // SHORT_BINSTRING
                case 'B' -> push(bytes(length(le(4).getInt() & 0xffffffffL))); // BINBYTES
                case 'C' -> push(bytes(u8())); // SHORT_BINBYTES
                case '}' -> push(new java.util.LinkedHashMap<Object, Object>()); // EMPTY_DICT
                case 'd' -> push(setItems(new java.util.LinkedHashMap<>(), popMark())); // DICT
                case ']' -> push(new ArrayList<Object>()); // EMPTY_LIST
                case 'l' -> push(new ArrayList<>(popMark())); // LIST
                case ')' -> push(new Tuple(List.of())); // EMPTY_TUPLE
                case 't' -> push(tuple(popMark())); // TUPLE
                case 0x85 -> push(tuple(popN(1))); // TUPLE1
                case 0x86 -> push(tuple(popN(2))); // TUPLE2
                case 0x87 -> push(tuple(popN(3))); // TUPLE3
                case 'a' -> { // APPEND
                    Object value = pop();
                    list(peek()).add(value);
                }
                case 'e' -> { // APPENDS
                    List<Object> items = popMark();
                    list(peek()).addAll(items);
                }
                case 's' -> { // SETITEM
                    Object value = pop();
                    Object key = pop();
                    setItems(dict(peek()), Arrays.asList(key, value));
                }
                case 'u' -> { // SETITEMS
                    List<Object> items = popMark();
                    setItems(dict(peek()), items);
                }
                case 'q' -> memoize(u8()); // BINPUT
                case 'r' -> memoize(le(4).getInt()); // LONG_BINPUT
                case 0x94 -> memoize(memo.size()); // MEMOIZE
                case 'h' -> push(recall(u8())); // BINGET
                case 'j' -> push(recall(le(4).getInt())); // LONG_BINGET
                case 'c' -> push(located(() -> AllowedGlobal.of(line(), line()))); // GLOBAL "module\nname\n"
                case 0x93 -> { // STACK_GLOBAL
                    Object name = pop();
                    Object module = pop();
                    if (!(module instanceof String m) || !(name instanceof String n)) {
                        throw fail("STACK_GLOBAL needs two strings");
                    }
                    push(located(() -> AllowedGlobal.of(m, n)));
                }
                case 'R', 0x81 -> { // REDUCE, NEWOBJ: both "call" a global with a tuple; ours only build values
                    Object args = pop();
                    Object callable = pop();
                    if (!(callable instanceof AllowedGlobal global)) {
                        throw fail("cannot call a " + typeName(callable));
                    }
                    if (!(args instanceof Tuple tuple)) {
                        throw fail("arguments of " + global.qualifiedName() + " are not a tuple");
                    }
                    push(located(() -> global.reduce(tuple)));
                }
                case 'b' -> { // BUILD: state for the object below it
                    pop();
                    Object target = peek();
                    // OrderedDict's state is its _metadata (module versions), a parameter's its hooks:
                    // neither matters for reading weights, so it is dropped, never applied.
                    if (!(target instanceof Map) && !(target instanceof TensorRef)) {
                        throw fail("BUILD on a " + typeName(target) + " is not supported");
                    }
                }
                case 'Q' -> { // BINPERSID
                    Object id = pop();
                    if (persistentLoad == null) {
                        throw fail("a persistent id where none is expected");
                    }
                    push(located(() -> persistentLoad.apply(id)));
                }
                default -> throw fail(String.format(Locale.ROOT, "unsupported pickle opcode 0x%02x%s", op,
                        op >= 0x21 && op < 0x7f ? " ('" + (char) op + "')" : ""));
            }
        }
    }

    /** Runs a step that may refuse the file, adding the opcode's offset to its message. */
    private Object located(java.util.function.Supplier<Object> step) {
        try {
            return step.get();
        } catch (BadCheckpointException e) {
            if (e.getMessage().contains(" at offset ")) {
                throw e; // already located (a read inside the step failed)
            }
            throw new BadCheckpointException(e.getMessage() + " (at offset " + opOffset + ")", e);
        }
    }

    private BadCheckpointException fail(String problem) {
        return new BadCheckpointException(problem + " at offset " + opOffset);
    }

    private void push(Object value) {
        if (stack.size() >= limits.maxStack()) {
            throw fail("more than " + limits.maxStack() + " values on the pickle stack");
        }
        stack.add(value);
    }

    private int base() {
        return marks.isEmpty() ? 0 : marks.peek();
    }

    private Object pop() {
        if (stack.size() <= base()) {
            throw fail("pickle stack underflow");
        }
        return stack.remove(stack.size() - 1);
    }

    private Object peek() {
        if (stack.size() <= base()) {
            throw fail("pickle stack underflow");
        }
        return stack.get(stack.size() - 1);
    }

    private List<Object> popN(int n) {
        if (stack.size() - base() < n) {
            throw fail("pickle stack underflow");
        }
        List<Object> top = stack.subList(stack.size() - n, stack.size());
        List<Object> items = new ArrayList<>(top);
        top.clear();
        return items;
    }

    private List<Object> popMark() {
        if (marks.isEmpty()) {
            throw fail("no MARK to pop to");
        }
        int mark = marks.pop();
        List<Object> top = stack.subList(mark, stack.size());
        List<Object> items = new ArrayList<>(top);
        top.clear();
        return items;
    }

    private static Tuple tuple(List<Object> items) {
        return new Tuple(Collections.unmodifiableList(items));
    }

    @SuppressWarnings("unchecked")
    private List<Object> list(Object value) {
        if (value instanceof ArrayList<?> list) {
            return (List<Object>) list;
        }
        throw fail("APPEND to a " + typeName(value));
    }

    @SuppressWarnings("unchecked")
    private Map<Object, Object> dict(Object value) {
        if (value instanceof Map<?, ?> map) {
            return (Map<Object, Object>) map;
        }
        throw fail("SETITEM on a " + typeName(value));
    }

    private Map<Object, Object> setItems(Map<Object, Object> dict, List<Object> items) {
        if (items.size() % 2 != 0) {
            throw fail("odd number of items for a dict");
        }
        for (int i = 0; i < items.size(); i += 2) {
            Object key = items.get(i);
            // Scalar keys only: a container key could be cyclic (a list holding itself), and hashing
            // it would overflow the Java stack. State dicts use string keys.
            if (key != null && !(key instanceof String || key instanceof Long || key instanceof BigInteger
                    || key instanceof Boolean || key instanceof Double)) {
                throw fail("dict key of type " + typeName(key) + " is not supported");
            }
            dict.put(key, items.get(i + 1));
        }
        return dict;
    }

    private void memoize(int index) {
        if (index < 0) {
            throw fail("negative memo index");
        }
        if (!memo.containsKey(index) && memo.size() >= limits.maxMemo()) {
            throw fail("more than " + limits.maxMemo() + " memo entries");
        }
        memo.put(index, peek());
    }

    private Object recall(int index) {
        if (!memo.containsKey(index)) {
            throw fail("memo entry " + (index & 0xffffffffL) + " is not defined");
        }
        return memo.get(index);
    }

    private Object long1(int n) {
        if (n == 0) {
            return 0L;
        }
        byte[] le = bytes(n);
        byte[] be = new byte[n];
        for (int i = 0; i < n; i++) {
            be[i] = le[n - 1 - i];
        }
        BigInteger value = new BigInteger(be); // two's complement, as pickle's LONG1
        return value.bitLength() < 64 ? (Object) value.longValue() : value;
    }

    private int length(long declared) {
        if (declared < 0 || declared > limits.maxStringBytes()) {
            throw fail("a string of " + declared + " bytes (at most " + limits.maxStringBytes() + ")");
        }
        return (int) declared;
    }

    private String utf8(int n) {
        return new String(bytes(n), StandardCharsets.UTF_8);
    }

    private String latin1(int n) {
        return new String(bytes(n), StandardCharsets.ISO_8859_1);
    }

    /** A GLOBAL operand: text up to a newline. */
    private String line() {
        StringBuilder out = new StringBuilder();
        while (true) {
            int b = u8();
            if (b == '\n') {
                return out.toString();
            }
            if (out.length() >= MAX_GLOBAL_NAME) {
                throw fail("GLOBAL name longer than " + MAX_GLOBAL_NAME + " bytes");
            }
            out.append((char) b);
        }
    }

    private int u8() {
        if (!in.hasRemaining()) {
            throw fail("pickle ends without STOP (truncated)");
        }
        return in.get() & 0xff;
    }

    private byte[] bytes(int n) {
        if (in.remaining() < n) {
            throw fail("pickle truncated: " + n + " bytes needed, " + in.remaining() + " left");
        }
        byte[] out = new byte[n];
        in.get(out);
        return out;
    }

    private ByteBuffer le(int n) {
        return ByteBuffer.wrap(bytes(n)).order(ByteOrder.LITTLE_ENDIAN);
    }

    static String typeName(Object value) {
        if (value == null) {
            return "None";
        }
        if (value instanceof AllowedGlobal g) {
            return g.qualifiedName();
        }
        if (value instanceof ArrayList) {
            return "list";
        }
        if (value instanceof Map) {
            return "dict";
        }
        if (value instanceof Tuple) {
            return "tuple";
        }
        if (value instanceof StorageRef) {
            return "storage";
        }
        if (value instanceof TensorRef) {
            return "tensor";
        }
        if (value instanceof byte[]) {
            return "bytes";
        }
        return value.getClass().getSimpleName().toLowerCase(Locale.ROOT);
    }
}
