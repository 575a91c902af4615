package io.sr4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.sr4j.model.ModelCatalog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --steps, --seed, --sampler and --eta: checked before any work, and only for diffusion models. */
class DiffusionOptionsTest {
    private static final String DIFFUSION = "sr4j-diffusion-x4";

    @TempDir
    Path dir;

    private Path input() throws IOException {
        return TestImages.writeCrop(io.sr4j.testing.TestData.skimage("astronaut.png"), 180, 100, 12, 10,
                dir.resolve("in.png"));
    }

    @Test
    void badSamplingIsAUsageErrorNamingTheOption() throws IOException {
        Path input = input();
        Path output = dir.resolve("out.png");
        String[][] cases = {
            {"--steps", "0", "--steps"}, {"--steps", "1001", "--steps"}, {"--sampler", "euler", "--sampler"},
            {"--eta", "2", "--eta"},
        };
        for (String[] c : cases) {
            CliRunner.Result result = CliRunner.run("upscale", input.toString(), "-o", output.toString(), "-m", DIFFUSION,
                    c[0], c[1]);
            assertThat(result.exitCode()).as(result.err()).isEqualTo(2);
            assertThat(result.err()).contains(c[2]);
        }
        CliRunner.Result ddpmEta = CliRunner.run("upscale", input.toString(), "-o", output.toString(), "-m", DIFFUSION,
                "--sampler", "ddpm", "--eta", "0.3");
        assertThat(ddpmEta.exitCode()).isEqualTo(2);
        assertThat(ddpmEta.err()).contains("--eta");
        assertThat(Files.exists(output)).isFalse();
    }

    @Test
    void samplingOptionsForAnotherModelAreAUsageError() throws IOException {
        Path input = input();
        Path output = dir.resolve("out.png");
        CliRunner.Result upscale = CliRunner.run("upscale", input.toString(), "-o", output.toString(), "-m", "bicubic",
                "--steps", "5", "--seed", "3");
        assertThat(upscale.exitCode()).isEqualTo(2);
        assertThat(upscale.err()).contains("--steps, --seed").contains("diffusion");
        CliRunner.Result restore = CliRunner.run("restore", input.toString(), "-o", output.toString(), "--pipeline",
                "sr=2:bicubic", "--sampler", "ddpm");
        assertThat(restore.exitCode()).isEqualTo(2);
        assertThat(restore.err()).contains("--sampler");
        assertThat(Files.exists(output)).isFalse();
    }

    @Test
    void theSameSeedGivesTheSamePixelsAndTheSettingsArePrinted() throws IOException {
        assumeTrue(getClass().getResource(ModelCatalog.standard().get(DIFFUSION).builtinResource()) != null,
                "the shipped diffusion graph is not in this build");
        Path input = input();
        Path[] outputs = {dir.resolve("a.png"), dir.resolve("b.png"), dir.resolve("c.png")};
        String[] seeds = {"4", "4", "5"};
        for (int i = 0; i < 3; i++) {
            CliRunner.Result result = CliRunner.run("upscale", input.toString(), "-o", outputs[i].toString(), "-m",
                    DIFFUSION, "--steps", "3", "--seed", seeds[i], "--threads", "2");
            assertThat(result.exitCode()).as(result.err()).isZero();
            assertThat(result.err()).contains("ddim, 3 steps, seed " + seeds[i]);
        }
        assertThat(TestImages.read(outputs[0]).width()).isEqualTo(48);
        assertThat(TestImages.read(outputs[1])).isEqualTo(TestImages.read(outputs[0]));
        assertThat(TestImages.read(outputs[2])).isNotEqualTo(TestImages.read(outputs[0]));
        // the pipeline vocabulary names it too, and takes the same options
        CliRunner.Result restore = CliRunner.run("restore", input.toString(), "-o", dir.resolve("d.png").toString(),
                "--pipeline", "sr=" + DIFFUSION, "--steps", "3", "--seed", "4", "--threads", "2");
        assertThat(restore.exitCode()).as(restore.err()).isZero();
        assertThat(TestImages.read(dir.resolve("d.png"))).isEqualTo(TestImages.read(outputs[0]));
    }
}
