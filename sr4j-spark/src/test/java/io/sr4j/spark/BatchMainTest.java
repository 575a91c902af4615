package io.sr4j.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Usage errors are found before Spark starts, and end with exit code 2 like the rest of sr4j. */
class BatchMainTest {
    @Test
    void badOptionsAreUsageErrors() {
        assertThat(BatchMain.execute("in", "out", "--format", "gif")).isEqualTo(BatchMain.USAGE);
        assertThat(BatchMain.execute("in", "out", "--denoise", "7")).isEqualTo(BatchMain.USAGE);
        assertThat(BatchMain.execute("in", "out", "--listing", "csv")).isEqualTo(BatchMain.USAGE);
        assertThat(BatchMain.execute("in", "out", "--input-root", "/data")).isEqualTo(BatchMain.USAGE);
        assertThat(BatchMain.execute("in", "out", "--scale", "-2")).isEqualTo(BatchMain.USAGE);
        assertThat(BatchMain.execute("in")).isEqualTo(BatchMain.USAGE);
    }

    @Test
    void badVideoOptionsAreUsageErrors() {
        assertThat(BatchMain.execute("in", "out", "--codec", "vp9")).isEqualTo(BatchMain.USAGE);
        assertThat(BatchMain.execute("in", "out", "--crf", "52")).isEqualTo(BatchMain.USAGE);
        assertThat(BatchMain.execute("in", "out", "--segment", "0")).isEqualTo(BatchMain.USAGE);
    }

    /** The options of 'sr4j video' a batch job cannot honour are refused by name, before Spark starts. */
    @Test
    void optionsOfSr4jVideoThatBatchCannotHonourAreRefusedSayingWhy() {
        assertRefused("--quality", "best", "does not choose by quality tier");
        assertRefused("--enhance", "sometimes", "--enhance must be auto or none");
        assertRefused("--bit-depth", "12", "--bit-depth must be 8 or 10");
        assertRefused("-o", "out.mp4", "OUT, its second argument");
        assertRefused("--hdr-peak", "600", "go with --hdr");
        assertRefused("--hdr", "hdr12", "--hdr hdr12");
        assertRefused("--start", "1:xx", "give seconds");
        assertRefused("--duration", "0", "duration must be > 0");
    }

    private static void assertRefused(String option, String value, String reason) {
        java.io.StringWriter text = new java.io.StringWriter();
        int code = BatchMain.execute(new java.io.PrintWriter(text, true), "in", "out", option, value);
        assertThat(code).as(option).isEqualTo(BatchMain.USAGE);
        assertThat(text.toString()).as(option).contains(reason);
    }

    @Test
    void aCorruptVideoEndsWithExitCodeOneAndNothingWrittenForIt(@TempDir Path dir) throws Exception {
        Path in = Files.createDirectories(dir.resolve("in"));
        Files.writeString(in.resolve("clip.mp4"), "not a video\n");
        Path out = dir.resolve("out");
        assertThat(BatchMain.execute("--spark", "local[1]", in.toString(), out.toString(), "--model", "bicubic",
                "--scale", "2", "--tile", "256")).isEqualTo(BatchMain.SOME_FAILED);
        try (Stream<Path> files = Files.walk(out)) {
            assertThat(files.filter(Files::isRegularFile).map(p -> out.relativize(p).toString())
                    .filter(p -> !p.startsWith(BatchJob.DEFAULT_MANIFEST))).isEmpty();
        }
    }
}
