package io.sr4j.engine.ncnn;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the text form of an ncnn {@code .param} file.
 *
 * <p>Grammar (whitespace-separated tokens; line breaks carry no meaning): the magic number
 * {@code 7767517}, the layer count, the blob count, then per layer
 * {@code type name bottom_count top_count bottom… top… key=value…}. The parameter list ends at the
 * first token that is not {@code int=…}. Keys are 0–31; {@code -(23300+k)=n,e1,…,en} is an array
 * for key k whose elements are typed one by one; {@code k=e1,e2,…} (the newer form) is an array
 * typed by its first element.
 *
 * <p>Besides syntax it checks that every bottom blob was created by an earlier layer, that no blob
 * is created twice, and that the counts agree with the header. Every failure is a
 * {@link ModelImportException} naming the file, the line and, where known, the layer.
 */
public final class NcnnParamParser {
    /** The first token of every text {@code .param} file. */
    public static final int MAGIC = 7767517;

    private static final Pattern KEY_VALUE = Pattern.compile("(-?\\d+)=(.*)", Pattern.DOTALL);
    private static final Pattern INT = Pattern.compile("[+-]?\\d+");
    private static final Pattern FLOAT = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
    private static final int MAX_KEY = 31;
    private static final int ARRAY_KEY_BASE = 23300;

    private NcnnParamParser() {
    }

    /** Parses a {@code .param} file (UTF-8 text). */
    public static NcnnNetwork parse(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (java.nio.charset.MalformedInputException e) {
            throw new ModelImportException(file + ": not an ncnn text .param file (not UTF-8 text; binary"
                    + " .param.bin files are not supported)", e);
        } catch (IOException e) {
            throw new ModelImportException(file + ": cannot read: " + e.getMessage(), e);
        }
        return parse(text, file.getFileName().toString());
    }

    /**
     * Parses {@code .param} text.
     *
     * @param source the file name used in messages
     */
    public static NcnnNetwork parse(String text, String source) {
        return new Reader(text, source).read();
    }

    private static final class Token {
        final String text;
        final int line;

        Token(String text, int line) {
            this.text = text;
            this.line = line;
        }
    }

    private static final class Reader {
        private final List<Token> tokens = new ArrayList<>();
        private final String source;
        private int pos;

        Reader(String text, String source) {
            this.source = source;
            int line = 1;
            int i = 0;
            int n = text.length();
            while (i < n) {
                char ch = text.charAt(i);
                if (ch == '\n') {
                    line++;
                    i++;
                } else if (Character.isWhitespace(ch)) {
                    i++;
                } else {
                    int start = i;
                    while (i < n && !Character.isWhitespace(text.charAt(i))) {
                        i++;
                    }
                    tokens.add(new Token(text.substring(start, i), line));
                }
            }
        }

        NcnnNetwork read() {
            if (tokens.isEmpty()) {
                throw fail(1, "empty file, not an ncnn .param file");
            }
            Token magic = tokens.get(pos++);
            if (!magic.text.equals(Integer.toString(MAGIC))) {
                throw fail(magic.line, "not an ncnn text .param file: starts with '" + abbreviate(magic.text)
                        + "', expected the magic number " + MAGIC);
            }
            int layerCount = headerInt("layer count");
            int blobCount = headerInt("blob count");
            List<NcnnLayer> layers = new ArrayList<>(capacity(layerCount));
            Set<String> blobs = new HashSet<>();
            Map<String, String> producer = new HashMap<>();
            for (int index = 0; index < layerCount; index++) {
                NcnnLayer layer = readLayer(index, layerCount);
                for (String bottom : layer.bottoms()) {
                    if (!blobs.contains(bottom)) {
                        throw fail(layer.line(), "layer '" + layer.name() + "' (" + layer.type() + ") reads blob '"
                                + bottom + "', which no earlier layer creates");
                    }
                }
                for (String top : layer.tops()) {
                    if (!blobs.add(top)) {
                        throw fail(layer.line(), "layer '" + layer.name() + "' (" + layer.type() + ") creates blob '"
                                + top + "', already created by layer '" + producer.get(top) + "'");
                    }
                    producer.put(top, layer.name());
                }
                if (blobs.size() > blobCount) {
                    throw fail(layer.line(), "layer '" + layer.name() + "' creates blob number " + blobs.size()
                            + " but the header declares only " + blobCount + " blobs");
                }
                layers.add(layer);
            }
            if (pos < tokens.size()) {
                Token extra = tokens.get(pos);
                throw fail(extra.line, "unexpected text '" + abbreviate(extra.text) + "' after the last of the "
                        + layerCount + " layers the header declares");
            }
            return new NcnnNetwork(source, layers, blobCount);
        }

        private int headerInt(String what) {
            if (pos >= tokens.size()) {
                throw fail(lastLine(), "file ends before the " + what + " (truncated?)");
            }
            Token t = tokens.get(pos++);
            if (!INT.matcher(t.text).matches()) {
                throw fail(t.line, "header " + what + " must be an integer, got '" + abbreviate(t.text) + "'");
            }
            int value = parseInt(t, what);
            if (value < 0) {
                throw fail(t.line, "header " + what + " must not be negative, got " + value);
            }
            return value;
        }

        /**
         * Room for {@code declared} items, but never more than the tokens left: a count in the file
         * is a claim, and a huge one must end in "missing token", not an out-of-memory error.
         */
        private int capacity(int declared) {
            return Math.max(0, Math.min(declared, tokens.size() - pos));
        }

        private NcnnLayer readLayer(int index, int layerCount) {
            String where = "layer " + (index + 1) + " of " + layerCount;
            Token type = next(where, "type");
            Token name = next(where, "name");
            String layerWhere = "layer '" + name.text + "' (" + type.text + ")";
            if (!Character.isLetter(type.text.charAt(0))) {
                throw fail(type.line, where + ": expected a layer type, got '" + abbreviate(type.text) + "'"
                        + " (wrong layer count in the header, or a malformed earlier layer?)");
            }
            int bottomCount = countToken(next(layerWhere, "bottom count"), layerWhere, "bottom count");
            int topCount = countToken(next(layerWhere, "top count"), layerWhere, "top count");
            List<String> bottoms = new ArrayList<>(capacity(bottomCount));
            for (int i = 0; i < bottomCount; i++) {
                bottoms.add(next(layerWhere, "bottom blob " + (i + 1) + " of " + bottomCount).text);
            }
            List<String> tops = new ArrayList<>(capacity(topCount));
            for (int i = 0; i < topCount; i++) {
                tops.add(next(layerWhere, "top blob " + (i + 1) + " of " + topCount).text);
            }
            String context = source + ": " + layerWhere;
            Map<Integer, ParamDict.Value> params = new HashMap<>();
            while (pos < tokens.size()) {
                Token t = tokens.get(pos);
                Matcher m = KEY_VALUE.matcher(t.text);
                if (!m.matches()) {
                    break;
                }
                pos++;
                readParam(t, m.group(1), m.group(2), params, layerWhere);
            }
            return new NcnnLayer(type.text, name.text, bottoms, tops, new ParamDict(params, context), type.line);
        }

        private void readParam(Token t, String keyText, String valueText, Map<Integer, ParamDict.Value> params,
                String layerWhere) {
            int key;
            try {
                key = Integer.parseInt(keyText);
            } catch (NumberFormatException e) {
                throw fail(t.line, layerWhere + ": parameter key '" + abbreviate(keyText) + "' out of range");
            }
            boolean oldStyleArray = key <= -ARRAY_KEY_BASE;
            int id = oldStyleArray ? -key - ARRAY_KEY_BASE : key;
            if (id < 0 || id > MAX_KEY) {
                throw fail(t.line, layerWhere + ": parameter key " + key + " out of range (0.." + MAX_KEY
                        + ", or -" + ARRAY_KEY_BASE + "..-" + (ARRAY_KEY_BASE + MAX_KEY) + " for arrays)");
            }
            if (params.containsKey(id)) {
                throw fail(t.line, layerWhere + ": parameter " + id + " given twice");
            }
            if (valueText.isEmpty()) {
                throw fail(t.line, layerWhere + ": parameter " + keyText + " has no value");
            }
            String[] parts = valueText.split(",", -1);
            ParamDict.Value value;
            if (oldStyleArray) {
                // count,e1,...,en with each element typed by its own text
                Token countToken = new Token(parts[0], t.line);
                if (!INT.matcher(parts[0]).matches()) {
                    throw fail(t.line, layerWhere + ": array parameter " + key + " must start with its element"
                            + " count, got '" + abbreviate(parts[0]) + "'");
                }
                int count = parseInt(countToken, "array length");
                if (count < 0 || count != parts.length - 1) {
                    throw fail(t.line, layerWhere + ": array parameter " + key + " declares " + count
                            + " elements but has " + (parts.length - 1));
                }
                int[] bits = new int[count];
                boolean[] isFloat = new boolean[count];
                for (int i = 0; i < count; i++) {
                    isFloat[i] = isFloatText(parts[i + 1]);
                    bits[i] = element(t, parts[i + 1], isFloat[i], layerWhere, id);
                }
                value = new ParamDict.Value(true, bits, isFloat, valueText);
            } else if (parts.length > 1) {
                // newer "k=e1,e2,..." form: ncnn types every element like the first
                boolean floats = isFloatText(parts[0]);
                int[] bits = new int[parts.length];
                boolean[] isFloat = new boolean[parts.length];
                for (int i = 0; i < parts.length; i++) {
                    if (isFloatText(parts[i]) != floats) {
                        throw fail(t.line, layerWhere + ": array parameter " + id + " mixes integers and floats ("
                                + abbreviate(valueText) + "); ncnn types all elements like the first");
                    }
                    isFloat[i] = floats;
                    bits[i] = element(t, parts[i], floats, layerWhere, id);
                }
                value = new ParamDict.Value(true, bits, isFloat, valueText);
            } else {
                if (Character.isLetter(valueText.charAt(0)) || valueText.charAt(0) == '"') {
                    throw fail(t.line, layerWhere + ": parameter " + id + " is a string ('" + abbreviate(valueText)
                            + "'); string parameters are not supported");
                }
                boolean isFloat = isFloatText(valueText);
                int bits = element(t, valueText, isFloat, layerWhere, id);
                value = new ParamDict.Value(false, new int[] {bits}, new boolean[] {isFloat}, valueText);
            }
            params.put(id, value);
        }

        /** ncnn's rule: a value is a float if its text holds '.', 'e' or 'E'. */
        private static boolean isFloatText(String s) {
            return s.indexOf('.') >= 0 || s.indexOf('e') >= 0 || s.indexOf('E') >= 0;
        }

        private int element(Token t, String text, boolean isFloat, String layerWhere, int id) {
            if (isFloat) {
                if (!FLOAT.matcher(text).matches()) {
                    throw fail(t.line, layerWhere + ": parameter " + id + ": '" + abbreviate(text)
                            + "' is not a number");
                }
                return Float.floatToRawIntBits(Float.parseFloat(text));
            }
            if (!INT.matcher(text).matches()) {
                throw fail(t.line, layerWhere + ": parameter " + id + ": '" + abbreviate(text) + "' is not a number");
            }
            return parseInt(new Token(text, t.line), "parameter " + id + " of " + layerWhere);
        }

        private int countToken(Token t, String layerWhere, String what) {
            if (!INT.matcher(t.text).matches()) {
                throw fail(t.line, layerWhere + ": " + what + " must be an integer, got '" + abbreviate(t.text) + "'");
            }
            int value = parseInt(t, what);
            if (value < 0 || value > 1_000_000) {
                throw fail(t.line, layerWhere + ": " + what + " " + value + " is out of range");
            }
            return value;
        }

        private int parseInt(Token t, String what) {
            try {
                return Integer.parseInt(t.text.startsWith("+") ? t.text.substring(1) : t.text);
            } catch (NumberFormatException e) {
                throw fail(t.line, what + " '" + abbreviate(t.text) + "' does not fit in 32 bits");
            }
        }

        private Token next(String where, String what) {
            if (pos >= tokens.size()) {
                throw fail(lastLine(), "file ends in " + where + " before its " + what + " (truncated?)");
            }
            return tokens.get(pos++);
        }

        private int lastLine() {
            return tokens.isEmpty() ? 1 : tokens.get(tokens.size() - 1).line;
        }

        private ModelImportException fail(int line, String message) {
            return new ModelImportException(source + ":" + line + ": " + message);
        }

        private static String abbreviate(String s) {
            return s.length() <= 40 ? s : s.substring(0, 37) + "...";
        }
    }
}
