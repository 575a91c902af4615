package io.sr4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class Sr4jCommandTest {
    @Test
    void versionPrintsTheBuildVersion() {
        CliRunner.Result result = CliRunner.run("--version");
        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).startsWith("sr4j ").doesNotContain("${project.version}").contains("Java ");
    }

    @Test
    void helpListsTheCommandsExitCodesAndTheStore() {
        CliRunner.Result result = CliRunner.run("--help");
        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("upscale").contains("denoise").contains("models").contains("Exit codes")
                .contains("SR4J_HOME");
    }

    @ParameterizedTest
    @ValueSource(strings = {"upscale", "denoise", "models", "models list", "models info", "models fetch",
        "models path", "models export"})
    void everyCommandHasHelp(String command) {
        String[] words = command.split(" ");
        String[] args = java.util.Arrays.copyOf(words, words.length + 1);
        args[words.length] = "--help";
        CliRunner.Result result = CliRunner.run(args);
        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).startsWith("Usage: sr4j " + command);
        // `sr4j help COMMAND` says the same.
        String[] viaHelp = new String[words.length + 1];
        viaHelp[0] = "help";
        System.arraycopy(words, 0, viaHelp, 1, words.length);
        if (words.length == 1) {
            assertThat(CliRunner.run(viaHelp).out()).isEqualTo(result.out());
        }
    }

    @Test
    void upscaleHelpNamesTheDefaultModelAndEveryOption() {
        String help = CliRunner.run("upscale", "--help").out();
        assertThat(help).contains("sr4j-fast-x4").contains("realesrgan-x4fast").contains("--model").contains("--scale").contains("--tile")
                .contains("--tile-padding").contains("--threads").contains("--quality").contains("--output");
        assertThat(CliRunner.run("denoise", "--help").out()).contains("--level").contains("waifu2x-cunet-noise");
    }

    @ParameterizedTest
    @ValueSource(strings = {"upscale", "upscale in.png", "denoise", "models info", "models export realesrgan-x4fast",
        "models list --family", "upscale in.png -o out.png --scale"})
    void missingArgumentsAreUsageErrors(String command) {
        CliRunner.Result result = CliRunner.run(command.split(" "));
        assertThat(result.exitCode()).as(result.err()).isEqualTo(2);
        assertThat(result.err()).startsWith("sr4j: ").contains("--help");
    }

    @Test
    void noCommandIsAUsageError() {
        CliRunner.Result result = CliRunner.run();
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("Usage: sr4j");
    }

    @Test
    void modelsWithoutASubcommandIsAUsageError() {
        CliRunner.Result result = CliRunner.run("models");
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("Usage: sr4j models").contains("list").contains("export");
    }

    @Test
    void unknownOptionIsAUsageError() {
        CliRunner.Result result = CliRunner.run("--frobnicate");
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("--frobnicate");
    }

    @Test
    void misspelledCommandGetsASuggestion() {
        CliRunner.Result result = CliRunner.run("upscal", "x.png");
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("upscale");
    }
}
