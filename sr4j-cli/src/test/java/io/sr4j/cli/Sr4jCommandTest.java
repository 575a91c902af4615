package io.sr4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class Sr4jCommandTest {
    @Test
    void versionPrintsTheBuildVersion() {
        CliRunner.Result result = CliRunner.run("--version");
        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).startsWith("sr4j ").doesNotContain("${project.version}").contains("Java ");
    }

    @Test
    void helpListsTheCommands() {
        CliRunner.Result result = CliRunner.run("--help");
        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("upscale");
    }

    @Test
    void noCommandIsAUsageError() {
        CliRunner.Result result = CliRunner.run();
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("Usage: sr4j");
    }

    @Test
    void unknownOptionIsAUsageError() {
        CliRunner.Result result = CliRunner.run("--frobnicate");
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("--frobnicate");
    }
}
