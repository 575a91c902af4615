package io.sr4j.spark;

import io.sr4j.io.ImageFormat;
import java.io.Serializable;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where each output goes: the input's path below the input root, under the output root, with the
 * extension of the output format ({@code IN/trip/beach.jpg} → {@code OUT/trip/beach.png}).
 *
 * @param root   the output root, fully qualified
 * @param format the output format
 */
record OutputLayout(String root, ImageFormat format) implements Serializable {

    /** The output of {@code input}, fully qualified. */
    String outputFor(InputFile input) {
        String relative = input.relative();
        int slash = relative.lastIndexOf('/');
        int dot = relative.lastIndexOf('.');
        String stem = dot > slash + 1 ? relative.substring(0, dot) : relative;
        return (root.endsWith("/") ? root : root + "/") + stem + "." + format.extensions().get(0);
    }

    /**
     * Refuses two inputs that would be written to one output ({@code a.jpg} and {@code a.png} as PNG),
     * before any work.
     */
    void checkDistinct(List<InputFile> inputs) {
        Map<String, String> byOutput = new HashMap<>();
        for (InputFile input : inputs) {
            String out = outputFor(input);
            String clash = byOutput.putIfAbsent(out, input.path());
            if (clash != null) {
                throw new IllegalArgumentException(clash + " and " + input.path() + " would both be written to "
                        + out + "; rename one of them or choose another --format");
            }
        }
    }
}
