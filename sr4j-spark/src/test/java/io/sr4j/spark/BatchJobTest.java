package io.sr4j.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.sr4j.cli.Sr4jCommand;
import io.sr4j.image.Picture;
import io.sr4j.image.PlanarImage;
import io.sr4j.io.ImageDecoder;
import io.sr4j.io.ImageEncoder;
import io.sr4j.model.ModelCatalog;
import io.sr4j.quality.Degradations;
import io.sr4j.testing.TestData;
import io.sr4j.testing.TestPhotos;
import io.sr4j.io.ImageFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.apache.spark.TaskContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job on a local[2] Spark (two attempts per task) over 20 crops of real photos and drawings
 * from Debian packages, in a small tree, plus two broken files.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BatchJobTest {
    /** A compact network: fast on small crops, and a real model with files to verify. */
    private static final String MODEL = "realesr-animevideov3-x2";
    private static final int GOOD = 20;
    private static final int BROKEN = 2;

    private Path tmp;

    private SparkSession spark;
    private Path in;
    private Path out;
    private BatchJob.Summary first;
    private Map<String, Row> manifest;

    @BeforeAll
    void runOnce(@TempDir Path dir) throws IOException {
        tmp = dir;
        spark = SparkSession.builder().master("local[2,2]").appName("sr4j-spark test")
                .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "4").getOrCreate();
        in = tmp.resolve("in");
        writeInputs(in);
        out = tmp.resolve("out");
        first = job(in, out).build().run();
        manifest = byInput(first.manifest());
    }

    @AfterAll
    void stop() {
        spark.stop();
    }

    @Test
    void everyImageIsEnlargedOnceIntoTheMirroredTree() throws IOException {
        assertThat(first.ok()).isEqualTo(GOOD);
        assertThat(first.failed()).isEqualTo(BROKEN);
        assertThat(first.skipped()).isZero();
        List<Row> rows = spark.read().parquet(first.manifest()).collectAsList();
        assertThat(rows).hasSize(GOOD + BROKEN);
        assertThat(manifest).hasSize(GOOD + BROKEN); // no input twice
        String sha = ModelCatalog.standard().get(MODEL).weightsSha256().orElseThrow();
        for (Row r : rows) {
            if (!"ok".equals(r.getAs("status"))) {
                continue;
            }
            Path input = Path.of(java.net.URI.create(r.getAs("input")));
            Path output = Path.of(java.net.URI.create(r.getAs("output")));
            Path relative = in.relativize(input);
            String stem = relative.getFileName().toString().replaceFirst("\\.[^.]+$", "");
            assertThat(output).isEqualTo(out.resolve(relative).resolveSibling(stem + ".png"));
            var image = ImageIO.read(output.toFile());
            assertThat(image.getWidth()).isEqualTo(2 * (int) r.getAs("input_width"));
            assertThat(image.getHeight()).isEqualTo(2 * (int) r.getAs("input_height"));
            assertThat((int) r.getAs("output_width")).isEqualTo(image.getWidth());
            assertThat((long) r.getAs("output_bytes")).isEqualTo(Files.size(output));
            assertThat((String) r.getAs("model")).isEqualTo(MODEL);
            assertThat((String) r.getAs("model_sha256")).isEqualTo(sha).hasSize(64);
            assertThat((Double) r.getAs("blur")).isBetween(0.0, 1.0);
            assertThat((String) r.getAs("verdict")).isNotBlank();
        }
        try (Stream<Path> files = Files.walk(out)) {
            List<String> leftovers = files.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith(".") && !n.endsWith(".crc") || n.contains("tmp")).toList();
            assertThat(leftovers).as("temporary files left in the output tree").isEmpty();
        }
        // Every task of the job used one upscaler for the model, loaded once in this JVM (other test
        // classes in the same JVM load models with other settings).
        assertThat(ExecutorModels.loaded(BatchSettings.defaults().withModel(MODEL)
                .withFormat(ImageFormat.PNG))).containsExactly(MODEL);
    }

    @Test
    void brokenFilesAreRecordedAsFailedNamingTheFile() {
        Row truncated = manifest.get("broken/truncated.png");
        assertThat((String) truncated.getAs("status")).isEqualTo("failed");
        assertThat((String) truncated.getAs("error")).contains("truncated.png");
        assertThat((Integer) truncated.getAs("input_width")).isEqualTo(120); // the header was intact
        Row text = manifest.get("broken/notes.jpg");
        assertThat((String) text.getAs("status")).isEqualTo("failed");
        assertThat((String) text.getAs("error")).contains("notes.jpg").contains("not an image");
        assertThat(out.resolve("broken")).doesNotExist();
    }

    @Test
    void aRerunSkipsFinishedOutputsAndListsEveryInputAgain() throws IOException {
        Path anOutput = out.resolve("photos/astronaut-0.png");
        FileTime before = Files.getLastModifiedTime(anOutput);
        Path manifestPath = tmp.resolve("rerun-manifest");
        BatchJob.Summary again = job(in, out).manifest(manifestPath.toString()).build().run();
        assertThat(again.ok()).isZero();
        assertThat(again.skipped()).isEqualTo(GOOD);
        assertThat(again.failed()).isEqualTo(BROKEN);
        assertThat(byInput(again.manifest())).hasSize(GOOD + BROKEN);
        assertThat(Files.getLastModifiedTime(anOutput)).isEqualTo(before);
    }

    /** Set when the hook has made one task attempt fail (tasks run in this JVM with local[…]). */
    private static final AtomicBoolean INJECTED = new AtomicBoolean();
    private static final Map<Long, Integer> IMAGES_PER_ATTEMPT = new ConcurrentHashMap<>();

    @Test
    void aTaskThatFailsOnceIsRetriedAndTheManifestHasEachImageOnce() {
        Path retried = tmp.resolve("retried");
        BatchJob.Summary s = job(in, retried).beforeEachImage(input -> {
            if (input.relative().startsWith("broken/")) {
                return; // count only images that get an output
            }
            TaskContext task = TaskContext.get();
            int seen = IMAGES_PER_ATTEMPT.merge(task.taskAttemptId(), 1, Integer::sum);
            // The second image of a first attempt: one output of the partition is already written.
            if (task.attemptNumber() == 0 && seen == 2 && INJECTED.compareAndSet(false, true)) {
                throw new IllegalStateException("failure injected by the test");
            }
        }).build().run();
        assertThat(INJECTED).isTrue();
        assertThat(byInput(s.manifest())).hasSize(GOOD + BROKEN);
        assertThat(s.failed()).isEqualTo(BROKEN);
        // The retry found the output its failed attempt had finished, and left it alone.
        assertThat(s.skipped()).isEqualTo(1);
        assertThat(s.ok()).isEqualTo(GOOD - 1);
    }

    @Test
    void outputsAreThoseOfTheCommandLine() throws IOException {
        for (String relative : List.of("photos/astronaut-0.jpg", "photos/coffee-1.png", "drawings/story1-0.png")) {
            Path cli = tmp.resolve("cli").resolve(relative.replace('/', '_') + ".png");
            Files.createDirectories(cli.getParent());
            int code = Sr4jCommand.execute("upscale", in.resolve(relative).toString(), "-o", cli.toString(),
                    "--model", MODEL, "--threads", "1");
            assertThat(code).isZero();
            String stem = relative.replaceFirst("\\.[^.]+$", "");
            PlanarImage fromSpark = new ImageDecoder().decode(out.resolve(stem + ".png")).rgb();
            PlanarImage fromCli = new ImageDecoder().decode(cli).rgb();
            assertThat(fromSpark.width()).isEqualTo(fromCli.width());
            assertThat(fromSpark.data()).as(relative).containsExactly(fromCli.data());
        }
    }

    @Test
    void aTextListingMirrorsTheTreeBelowItsRoot() throws IOException {
        Path listing = tmp.resolve("list.txt");
        Files.write(listing, List.of("# three of the photos", in.resolve("photos/chelsea-0.png").toString(), "",
                in.resolve("photos/jpeg/rocket-0.jpg").toUri().toString(), in.resolve("drawings/story0-0.png").toString()));
        Path listed = tmp.resolve("listed");
        BatchJob.Summary s = job(listing, listed).listing(false, in.toString()).build().run();
        assertThat(s.ok()).isEqualTo(3);
        assertThat(listed.resolve("photos/chelsea-0.png")).isRegularFile();
        assertThat(listed.resolve("photos/jpeg/rocket-0.png")).isRegularFile();
        assertThat(listed.resolve("drawings/story0-0.png")).isRegularFile();
    }

    private BatchJob.Builder job(Path input, Path output) {
        return BatchJob.builder(spark, input.toString(), output.toString())
                .settings(BatchSettings.defaults().withModel(MODEL).withFormat(ImageFormat.PNG));
    }

    /** Manifest rows by input path below {@link #in}. */
    private Map<String, Row> byInput(String manifestPath) {
        String root = in.toUri().toString();
        Map<String, Row> rows = new HashMap<>();
        for (Row r : spark.read().parquet(manifestPath).collectAsList()) {
            String input = r.getAs("input");
            String key = input.startsWith(root) ? input.substring(root.length())
                    : input.substring(input.indexOf("/in/") + 4);
            assertThat(rows.put(key, r)).as("%s listed twice", key).isNull();
        }
        return rows;
    }

    /** 20 crops of different sizes (so pixel balancing matters) in three folders, and two broken files. */
    private static void writeInputs(Path root) throws IOException {
        String[][] sources = {
            {"photos", "astronaut.png", "jpg"}, {"photos", "coffee.png", "png"}, {"photos", "chelsea.png", "png"},
            {"photos/jpeg", "rocket.jpg", "jpg"}, {"photos/jpeg", "motorcycle_left.png", "jpg"},
            {"drawings", "story0.png", "png"}, {"drawings", "story1.png", "png"},
        };
        int made = 0;
        for (int round = 0; made < GOOD; round++) {
            for (int k = 0; k < sources.length && made < GOOD; k++, made++) {
                String[] s = sources[k];
                Path source = s[0].equals("drawings") ? TestData.pingus(s[1]) : TestData.skimage(s[1]);
                PlanarImage whole = new ImageDecoder().decode(source).rgb();
                int w = 40 + 17 * (made % 6);
                int h = 36 + 13 * (made % 5);
                // Each round takes another part of the picture.
                PlanarImage crop = whole.crop((whole.width() - w) * round / 3, (whole.height() - h) * round / 3, w, h);
                Path file = root.resolve(s[0]).resolve(s[1].replaceFirst("\\.[^.]+$", "") + "-" + round + "." + s[2]);
                Files.createDirectories(file.getParent());
                if (s[2].equals("jpg")) {
                    Files.write(file, Degradations.jpegBytes(crop, 90));
                } else {
                    ImageEncoder.defaults().write(Picture.of(crop), file);
                }
            }
        }
        Path broken = Files.createDirectories(root.resolve("broken"));
        Path whole = broken.resolve("truncated.png");
        ImageEncoder.defaults().write(Picture.of(TestPhotos.crop("coffee.png", 0, 0, 120, 90)), whole);
        byte[] png = Files.readAllBytes(whole);
        Files.write(whole, Arrays.copyOf(png, png.length / 3));
        Files.writeString(broken.resolve("notes.jpg"), "not a photo, a note\n");
    }
}
