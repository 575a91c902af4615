package io.sr4j.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.sr4j.cli.Sr4jCommand;
import io.sr4j.video.DecodedVideo;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #25, exactly once when an executor really dies: Spark's {@code local-cluster} master runs a
 * standalone master and worker inside a driver JVM of its own ({@link KilledExecutorJob}) and each
 * executor as a separate JVM; a frame hook sends SIGKILL to its own executor in the middle of a
 * segment (its fourth frame, the segment's temporary file half written, another segment perhaps
 * finished), once. The worker starts a new executor, Spark runs the lost tasks again, and the HDR10
 * video still has every frame once, the frames and the MaxCLL of {@code sr4j video} on one
 * machine, and nothing temporary is left. Tagged {@code slow}: four JVMs (this one, the driver, two
 * executors) and a stage run again take a minute or two here.
 */
@Tag("slow")
class ExecutorKillTest {
    private static final String CLIP = "clip.mp4";

    @Test
    void anExecutorKilledMidSegmentIsReplacedAndTheVideoComesOutWhole(@TempDir Path dir) throws Exception {
        Path in = dir.resolve("in");
        VideoBatchTest.makeClip(in.resolve(CLIP), 48);
        Path out = dir.resolve("out");
        Path marker = dir.resolve("killed");
        Path home = Files.createDirectories(dir.resolve("spark-home/jars")).getParent();

        Process driver = driver(home, "local-cluster[1,2,1024]", in, out, marker);
        String log = new String(driver.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(driver.waitFor(240, TimeUnit.SECONDS)).as(log).isTrue();
        assertThat(driver.exitValue()).as(log).isZero();

        // A real process died: the marker names its pid, and the worker started a second executor.
        assertThat(marker).isRegularFile();
        long killed = Long.parseLong(Files.readString(marker).strip());
        assertThat(ProcessHandle.of(killed).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        try (Stream<Path> executors = Files.list(home.resolve("work")).flatMap(ExecutorKillTest::children)) {
            assertThat(executors.count()).as("executor directories of the worker\n" + log).isGreaterThanOrEqualTo(2);
        }

        Path single = dir.resolve("ref/" + CLIP);
        Files.createDirectories(single.getParent());
        assertThat(Sr4jCommand.execute("video", in.resolve(CLIP).toString(), "-o", single.toString(), "--model",
                "bicubic", "--scale", "2", "--tile", "256", "--threads", "1", "--crf", "12", "--preset", "veryfast",
                "--segment", "0.5", "--hdr", "hdr10")).isZero();
        Path batch = out.resolve(CLIP);
        assertThat(DecodedVideo.read(batch).differenceFrom(DecodedVideo.read(single))).isEmpty();
        assertThat(VideoBatchTest.ffprobe(batch, "v:0", "stream=nb_read_frames", true)).startsWith("48");
        assertThat(maxCll(batch)).isEqualTo(maxCll(single)).isPositive();

        SparkSession spark = SparkSession.builder().master("local[1]").config("spark.ui.enabled", "false")
                .getOrCreate();
        try {
            List<Row> rows = spark.read().parquet(out.resolve(BatchJob.DEFAULT_MANIFEST).toString()).collectAsList();
            List<Row> segments = rows.stream().filter(r -> "segment".equals(r.getAs("kind"))).toList();
            assertThat(segments.stream().map(r -> (Integer) r.getAs("segment")).sorted().toList())
                    .containsExactly(0, 1, 2, 3);
            assertThat(segments.stream().mapToLong(r -> r.getAs("frames")).sum()).isEqualTo(48);
            assertThat(rows.stream().filter(r -> "video".equals(r.getAs("kind"))).map(r -> (String) r.getAs("status"))
                    .toList()).containsExactly("ok");
        } finally {
            spark.stop();
        }
        try (Stream<Path> files = Files.walk(out)) {
            assertThat(files.map(p -> out.relativize(p).toString())
                    .filter(p -> !p.startsWith(BatchJob.DEFAULT_MANIFEST))
                    .filter(p -> p.startsWith(".") || p.contains("/.") || p.endsWith(".tmp")))
                    .as("work directories or temporary files left").isEmpty();
        }
    }

    /** The driver JVM: this test's class path and Spark's JVM options, SPARK_HOME for the worker. */
    private static Process driver(Path home, String master, Path in, Path out, Path marker) throws Exception {
        String options = ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("--add-opens") || a.startsWith("-Djdk.reflect") || a.startsWith("-Dio.netty"))
                .collect(Collectors.joining(" "));
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx768m"));
        command.addAll(List.of(options.split(" ")));
        command.addAll(List.of("-Dsr4j.executor.options=" + options, "-cp", System.getProperty("java.class.path"),
                KilledExecutorJob.class.getName(), master, in.toString(), out.toString(), marker.toString(), CLIP,
                "1", "3"));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("SPARK_HOME", home.toString());
        pb.environment().put("SPARK_SCALA_VERSION", "2.13");
        return pb.start();
    }

    private static Stream<Path> children(Path dir) {
        try {
            return Files.list(dir).filter(Files::isDirectory).toList().stream();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static int maxCll(Path video) throws Exception {
        String csv = VideoBatchTest.ffprobe(video, "v:0", "stream_side_data=max_content", false);
        return Integer.parseInt(csv.replace(",", " ").strip().split("\\s+")[0]);
    }
}
