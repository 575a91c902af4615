package io.sr4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code sr4j bench} through the real entry point (a classical filter: no network needed). */
class BenchCommandTest {
    @Test
    void printsOneRowPerModel() {
        CliRunner.Result result = CliRunner.run("bench", "--models", "bicubic,lanczos", "--size", "64x48",
                "--repeat", "2");
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains("64x48 input").contains("| bicubic | ").contains("| lanczos | ");
    }

    @Test
    void usageErrorsExitTwo() {
        assertThat(CliRunner.run("bench", "--size", "64by48").exitCode()).isEqualTo(2);
        assertThat(CliRunner.run("bench", "--repeat", "0").exitCode()).isEqualTo(2);
        CliRunner.Result unknown = CliRunner.run("bench", "--models", "bicubc");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(CliRunner.run("bench", "--input", "/nonexistent.png").exitCode()).isEqualTo(2);
        assertThat(CliRunner.run("bench", "--end-to-end").exitCode()).isEqualTo(2);
    }
}
