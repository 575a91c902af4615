package io.sr4j.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.sr4j.image.Picture;
import io.sr4j.image.PlanarImage;
import io.sr4j.io.ImageEncoder;
import io.sr4j.quality.Degradations;
import io.sr4j.testing.TestPhotos;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;

/**
 * A small job for the tests that run it somewhere other than this JVM's local files (spark-submit,
 * HDFS): five crops of scikit-image photos in two folders, PNG and JPEG, and one file that is not
 * an image.
 */
final class SmallBatch {
    /** The compact network the job's tests use: a real model with files to verify and ship. */
    static final String MODEL = "realesr-animevideov3-x2";
    static final List<String> GOOD = List.of("photos/astronaut.png", "photos/coffee.jpg", "photos/chelsea.png",
            "more/rocket.jpg", "more/camera.png");
    static final String BROKEN = "more/notes.png";

    private SmallBatch() {
    }

    /** Writes the inputs under {@code root}. */
    static void writeInputs(Path root) throws IOException {
        int k = 0;
        for (String relative : GOOD) {
            String name = relative.substring(relative.indexOf('/') + 1).replaceFirst("\\.[^.]+$", "");
            PlanarImage crop = TestPhotos.crop(name + (name.equals("rocket") ? ".jpg" : ".png"), 20 + 9 * k,
                    30 + 7 * k, 48 + 10 * k, 40 + 6 * k);
            Path file = Files.createDirectories(root.resolve(relative).getParent()).resolve(Path.of(relative).getFileName());
            if (relative.endsWith(".jpg")) {
                Files.write(file, Degradations.jpegBytes(crop, 90));
            } else {
                ImageEncoder.defaults().write(Picture.of(crop), file);
            }
            k++;
        }
        Files.writeString(root.resolve(BROKEN), "a note, not a picture\n");
    }

    /** The output a relative input gets under the output root (PNG, same folders). */
    static String outputFor(String relative) {
        return relative.replaceFirst("\\.[^.]+$", ".png");
    }

    /** Manifest rows by input path relative to {@code inputRoot} (a URI prefix); fails on an input listed twice. */
    static Map<String, Row> byInput(List<Row> manifest, String inputRoot) {
        String root = inputRoot.endsWith("/") ? inputRoot : inputRoot + "/";
        Map<String, Row> rows = new HashMap<>();
        for (Row r : manifest) {
            String input = r.getAs("input");
            assertThat(input).startsWith(root);
            assertThat(rows.put(input.substring(root.length()), r)).as("%s listed twice", input).isNull();
        }
        return rows;
    }

    /** Checks that every good input was written once at twice its size, and the broken one failed naming itself. */
    static void checkManifest(Map<String, Row> rows, String outputRoot) {
        assertThat(rows.keySet()).containsExactlyInAnyOrderElementsOf(
                java.util.stream.Stream.concat(GOOD.stream(), java.util.stream.Stream.of(BROKEN)).toList());
        String out = outputRoot.endsWith("/") ? outputRoot : outputRoot + "/";
        for (String relative : GOOD) {
            Row r = rows.get(relative);
            assertThat((String) r.getAs(Manifest.STATUS)).as(relative).isEqualTo("ok");
            assertThat((String) r.getAs("output")).isEqualTo(out + outputFor(relative));
            assertThat((int) r.getAs("output_width")).isEqualTo(2 * (int) r.getAs("input_width"));
            assertThat((int) r.getAs("output_height")).isEqualTo(2 * (int) r.getAs("input_height"));
            assertThat((String) r.getAs("model")).isEqualTo(MODEL);
        }
        Row broken = rows.get(BROKEN);
        assertThat((String) broken.getAs(Manifest.STATUS)).isEqualTo("failed");
        assertThat((String) broken.getAs("error")).contains("notes.png");
    }
}
