package io.sr4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --precision} on the commands that run networks: a wrong value is a usage error naming the choices. */
class PrecisionOptionTest {
    @TempDir
    Path dir;

    @Test
    void anUnknownPrecisionIsAUsageErrorOnEveryCommandAndWritesNothing() throws IOException {
        Path input = TestImages.writeCrop(io.sr4j.testing.TestData.skimage("astronaut.png"), 100, 100, 32, 32,
                dir.resolve("in.png"));
        Path output = dir.resolve("out.png");
        String[][] commands = {
            {"upscale", "-m", "bicubic", "--precision", "fp16", input.toString(), "-o", output.toString()},
            {"bench", "-m", "bicubic", "--size", "32x32", "--precision", "int4"},
            {"eval", "--hr", dir.toString(), "--scale", "2", "-m", "bicubic", "--precision", "half"},
        };
        for (String[] args : commands) {
            CliRunner.Result result = CliRunner.run(args);
            assertThat(result.exitCode()).as(String.join(" ", args)).isEqualTo(2);
            assertThat(result.err()).contains("--precision").contains("fp32 or int8");
        }
        assertThat(Files.exists(output)).isFalse();
    }

    @Test
    void int8IsAcceptedInAnyCaseAndResamplersIgnoreIt() throws IOException {
        Path input = TestImages.writeCrop(io.sr4j.testing.TestData.skimage("astronaut.png"), 100, 100, 32, 32,
                dir.resolve("in.png"));
        Path output = dir.resolve("out.png");

        CliRunner.Result result = CliRunner.run("upscale", "-m", "bicubic", "--precision", "INT8", input.toString(),
                "-o", output.toString());

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(TestImages.read(output).width()).isEqualTo(128);
    }
}
