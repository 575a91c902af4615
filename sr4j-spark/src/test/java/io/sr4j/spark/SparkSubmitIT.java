package io.sr4j.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.sr4j.model.ModelCatalog;
import io.sr4j.model.ModelStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import javax.imageio.ImageIO;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The application jar as a cluster gets it: {@code target/sr4j-spark-cluster.jar} submitted through
 * Spark's own {@code org.apache.spark.deploy.SparkSubmit}, in a JVM whose class path is Spark's
 * jars alone (as a Spark distribution gives {@code spark-submit}), with the model shipped as an
 * archive the way docs/BATCH.md shows. Runs after {@code package} (failsafe).
 */
class SparkSubmitIT {
    private static final Path TARGET = Path.of("target");
    private static final Path CLUSTER_JAR = TARGET.resolve("sr4j-spark-cluster.jar");

    @Test
    void theClusterJarCarriesSr4jWithoutSparkHadoopOrScala() throws IOException {
        try (ZipFile jar = new ZipFile(CLUSTER_JAR.toFile())) {
            List<String> names = jar.stream().map(java.util.zip.ZipEntry::getName).toList();
            assertThat(names).contains("io/sr4j/spark/BatchMain.class", "io/sr4j/upscale/Upscaler.class",
                    "ai/onnxruntime/native/linux-x64/libonnxruntime.so",
                    "ai/onnxruntime/native/linux-aarch64/libonnxruntime.so",
                    "com/twelvemonkeys/imageio/plugins/jpeg/JPEGImageReader.class", "picocli/CommandLine.class");
            assertThat(names).noneMatch(n -> n.startsWith("org/apache/spark/") || n.startsWith("scala/")
                    || n.startsWith("org/apache/hadoop/") || n.startsWith("com/fasterxml/jackson/")
                    || n.startsWith("com/google/protobuf/") || n.startsWith("org/apache/commons/"));
            assertThat(names).as("signature files").noneMatch(n -> n.matches("META-INF/[^/]+\\.(SF|RSA|DSA|EC)"));
            assertThat(names).as("macOS/Windows natives and debug symbols")
                    .noneMatch(n -> n.contains(".dSYM/") || n.startsWith("ai/onnxruntime/native/osx-"));
            assertThat(names).anyMatch(n -> n.startsWith("io/sr4j/shaded/protobuf/"));
            String readers = new String(jar.getInputStream(jar.getEntry("META-INF/services/javax.imageio.spi.ImageReaderSpi"))
                    .readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(readers).as("service files merged").contains("jpeg.JPEGImageReaderSpi", "tiff.TIFFImageReaderSpi",
                    "webp.WebPImageReaderSpi");
            String manifest = new String(jar.getInputStream(jar.getEntry("META-INF/MANIFEST.MF")).readAllBytes(),
                    java.nio.charset.StandardCharsets.UTF_8);
            assertThat(manifest).contains("Main-Class: io.sr4j.spark.BatchMain");
        }
    }

    @Test
    @Tag("slow")
    void sparkSubmitRunsTheJobWithTheModelsShippedAsAnArchive(@TempDir Path tmp) throws Exception {
        Path in = tmp.resolve("in");
        SmallBatch.writeInputs(in);
        Path out = tmp.resolve("out");
        Path work = Files.createDirectories(tmp.resolve("work")); // no sr4j-models here: it must come from the archive
        Path store = ModelStore.open().root();
        String model = SmallBatch.MODEL;
        packModels(work, store, model);

        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(Arrays.asList(System.getProperty("spark.java.opens").split(" ")));
        command.addAll(List.of("-cp", Files.readString(TARGET.resolve("spark-classpath.txt")).strip(),
                "org.apache.spark.deploy.SparkSubmit", "--master", "local[2]", "--class", "io.sr4j.spark.BatchMain",
                "--conf", "spark.ui.enabled=false", "--archives", "sr4j-models.tgz#sr4j-models",
                CLUSTER_JAR.toAbsolutePath().toString(), in.toString(), out.toString(), "--store", "./sr4j-models",
                "--model", model));
        Process submit = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(tmp.resolve("submit.log").toFile()).start();
        assertThat(submit.waitFor(5, TimeUnit.MINUTES)).as("spark-submit finished").isTrue();
        String log = Files.readString(tmp.resolve("submit.log"));
        assertThat(submit.exitValue()).as(log).isEqualTo(BatchMain.SOME_FAILED); // the one broken input
        assertThat(log).contains("5 written, 0 skipped, 1 failed");

        Map<String, Row> rows;
        SparkSession spark = SparkSession.builder().master("local[1]").appName("read manifest")
                .config("spark.ui.enabled", "false").getOrCreate();
        try {
            rows = SmallBatch.byInput(spark.read().parquet(out.resolve(BatchJob.DEFAULT_MANIFEST).toString())
                    .collectAsList(), "file:" + in.toAbsolutePath());
        } finally {
            spark.stop();
        }
        SmallBatch.checkManifest(rows, "file:" + out.toAbsolutePath());
        String sha = ModelCatalog.standard().get(model).weightsSha256().orElseThrow();
        for (String relative : SmallBatch.GOOD) {
            Row r = rows.get(relative);
            assertThat((String) r.getAs("model_sha256")).isEqualTo(sha);
            var image = ImageIO.read(out.resolve(SmallBatch.outputFor(relative)).toFile());
            assertThat(image.getWidth()).isEqualTo((int) r.getAs("output_width"));
        }
        try (Stream<Path> files = Files.list(work)) {
            assertThat(files.map(p -> p.getFileName().toString())).as("the store came from the archive, not the working directory")
                    .doesNotContain("sr4j-models");
        }
    }

    /** Packs the model into {@code dir/sr4j-models.tgz} with docs/BATCH.md's command (its model swapped for this test's). */
    private static void packModels(Path dir, Path store, String model) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", "tar -C \"$STORE\" -czf sr4j-models.tgz models/" + model
                + " $(cd \"$STORE\" && ls onnx/" + model + "-*.onnx)").directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().put("STORE", store.toString());
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(output).isZero();
    }
}
