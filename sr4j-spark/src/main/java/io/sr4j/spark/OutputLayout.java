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

    /** Containers a video keeps; other videos are written as Matroska, which takes the most kinds of stream. */
    private static final java.util.Set<String> KEPT_CONTAINERS = java.util.Set.of("mp4", "mkv", "mov");

    /**
     * The output of {@code input}, fully qualified: an image in the job's format, a video in its own
     * container where sr4j writes it ({@code .mp4}, {@code .mkv}, {@code .mov}), else {@code .mkv}.
     */
    String outputFor(InputFile input) {
        String relative = input.relative();
        int slash = relative.lastIndexOf('/');
        int dot = relative.lastIndexOf('.');
        String stem = dot > slash + 1 ? relative.substring(0, dot) : relative;
        String extension = format.extensions().get(0);
        if (input.video()) {
            String own = relative.substring(dot + 1).toLowerCase(java.util.Locale.ROOT);
            extension = KEPT_CONTAINERS.contains(own) ? own : "mkv";
        }
        return (root.endsWith("/") ? root : root + "/") + stem + "." + extension;
    }

    /**
     * Where a video's segments are kept until they are joined: a hidden directory beside its output
     * ({@code OUT/clips/.a.mp4.sr4j-parts}, as {@code sr4j video} names it), which listings skip.
     */
    String workDirFor(InputFile video) {
        String out = outputFor(video);
        int slash = out.lastIndexOf('/');
        return out.substring(0, slash + 1) + "." + out.substring(slash + 1) + ".sr4j-parts";
    }

    /** The name of segment {@code index} in its video's {@link #workDirFor work directory}. */
    static String segmentName(int index) {
        return String.format(java.util.Locale.ROOT, "segment-%06d.sr4jseg", index);
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
