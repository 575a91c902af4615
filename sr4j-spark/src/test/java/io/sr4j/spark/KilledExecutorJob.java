package io.sr4j.spark;

import io.sr4j.io.ImageFormat;
import io.sr4j.pipeline.HdrTarget;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;

/**
 * The driver of {@link ExecutorKillTest}, in a JVM of its own (Spark's standalone worker needs
 * {@code SPARK_HOME} in its environment): a batch job on a {@code local-cluster} master, whose
 * executors are separate JVMs, with a frame hook that kills its own executor process with SIGKILL
 * in the middle of a segment, once (a marker file, created atomically, says it has been done).
 *
 * <p>Arguments: MASTER IN OUT MARKER VIDEO SEGMENT FRAME. Exit code 0 when every input was written,
 * 1 otherwise.
 */
final class KilledExecutorJob {
    /** The options of the job; {@link ExecutorKillTest} runs {@code sr4j video} with the same. */
    static final VideoSettings VIDEO = VideoSettings.defaults().withCrf(12).withPreset("veryfast")
            .withSegmentSeconds(0.5);
    static final HdrTarget HDR = new HdrTarget(io.sr4j.color.HdrFormat.HDR10, 1000, 203);

    private KilledExecutorJob() {
    }

    static BatchSettings settings() {
        return BatchSettings.defaults().withModel("bicubic").withScale(2.0).withTileSize(256)
                .withFormat(ImageFormat.PNG).withAssess(false).withHdr(HDR);
    }

    public static void main(String[] args) {
        String marker = args[3];
        String video = args[4];
        int segment = Integer.parseInt(args[5]);
        int frame = Integer.parseInt(args[6]);
        SparkSession spark = SparkSession.builder().master(args[0]).appName("sr4j executor kill")
                .config("spark.ui.enabled", "false")
                .config("spark.executor.memory", "640m")
                .config("spark.executor.extraClassPath", System.getProperty("java.class.path"))
                .config("spark.executor.extraJavaOptions", System.getProperty("sr4j.executor.options", ""))
                .config("spark.task.maxFailures", "4")
                .getOrCreate();
        int code;
        try {
            spark.sparkContext().setLogLevel("WARN");
            BatchJob.Summary s = BatchJob.builder(spark, args[1], args[2]).settings(settings()).video(VIDEO)
                    .beforeEachFrame((input, seg, f) -> {
                        if (input.relative().equals(video) && seg == segment && f == frame) {
                            killOnce(Path.of(marker));
                        }
                    }).build().run();
            System.err.println("killed-executor job: " + s);
            code = s.failed() == 0 && s.ok() > 0 ? 0 : 1;
        } finally {
            spark.stop();
        }
        System.exit(code);
    }

    /** The first time only: SIGKILL to this JVM (an executor), as the kernel or a lost node would end it. */
    private static void killOnce(Path marker) {
        try {
            Files.createFile(marker);
        } catch (FileAlreadyExistsException e) {
            return; // the retry: go on
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        try {
            Files.writeString(marker, Long.toString(ProcessHandle.current().pid()));
            new ProcessBuilder("kill", "-KILL", Long.toString(ProcessHandle.current().pid())).inheritIO().start()
                    .waitFor();
            Thread.sleep(60_000); // the signal is on its way; nothing of this attempt may go on
        } catch (IOException | InterruptedException e) {
            Runtime.getRuntime().halt(137); // no kill(1): end the process without running anything more
        }
    }
}
