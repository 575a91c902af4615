package io.sr4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sr4j.testing.TestData;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README promises that {@code ./sr4j upscale …} works on a fresh clone: the launcher must
 * build the jar itself and then run it. This clones the committed repository and tries exactly
 * that (it takes about a minute: a full Maven build without tests), with a classical filter and
 * with the default network (fetched into the default model store if it is not there yet).
 */
class LauncherCleanCloneTest {
    @TempDir
    Path temp;

    @Test
    void launcherBuildsAndRunsFromAFreshClone() throws Exception {
        Path repository = repositoryRoot();
        Path clone = temp.resolve("clone");
        Process git = new ProcessBuilder("git", "clone", "--quiet", repository.toString(), clone.toString())
                .redirectErrorStream(true).start();
        String gitOutput = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(git.waitFor()).as("git clone: %s", gitOutput).isZero();
        assertThat(clone.resolve("sr4j-cli/target")).doesNotExist();

        Run first = launch(clone, "--version");
        assertThat(first.exitCode).as(first.output).isZero();
        assertThat(first.output).contains("building").contains("sr4j 0.1.0");
        assertThat(clone.resolve("sr4j-cli/target/sr4j.jar")).isRegularFile();

        Path output = temp.resolve("astronaut_x4.png");
        Run upscale = launch(clone, "upscale", TestData.skimage("astronaut.png").toString(),
                "-o", output.toString(), "--model", "bicubic", "--scale", "4");
        assertThat(upscale.exitCode).as(upscale.output).isZero();
        assertThat(upscale.output).as("an up-to-date jar is not rebuilt").doesNotContain("building");
        BufferedImage written = ImageIO.read(output.toFile());
        assertThat(written.getWidth()).isEqualTo(4 * 512);
        assertThat(written.getHeight()).isEqualTo(4 * 512);

        // The default network (built in): the shaded jar must carry the catalogue, Jackson, the
        // built-in graphs and ONNX Runtime's natives.
        Path crop = TestImages.writeCrop(TestData.skimage("astronaut.png"), 200, 80, 40, 32, temp.resolve("crop.png"));
        Path big = temp.resolve("crop_x4.png");
        Run network = launch(clone, "upscale", crop.toString(), "-o", big.toString());
        assertThat(network.exitCode).as(network.output).isZero();
        String pipeline = io.sr4j.model.TierTable.standard().choose(io.sr4j.model.QualityTier.DEFAULT,
                io.sr4j.model.Domain.PHOTO, 4).orElseThrow().pipeline();
        assertThat(network.output).contains(pipeline.substring(pipeline.lastIndexOf(':') + 1) + " x4");
        BufferedImage enlarged = ImageIO.read(big.toFile());
        assertThat(enlarged.getWidth()).isEqualTo(160);
        assertThat(enlarged.getHeight()).isEqualTo(128);
    }

    private record Run(int exitCode, String output) {
    }

    private static Run launch(Path clone, String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>();
        command.add(clone.resolve("sr4j").toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(clone.toFile()).redirectErrorStream(true).start();
        process.getOutputStream().close();
        byte[] bytes = process.getInputStream().readAllBytes();
        if (!process.waitFor(15, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("launcher did not finish: " + command);
        }
        return new Run(process.exitValue(), new String(bytes, StandardCharsets.UTF_8));
    }

    /** The checkout this test runs in: the first parent directory holding the launcher and .git. */
    private static Path repositoryRoot() {
        Path dir = Paths.get("").toAbsolutePath();
        while (dir != null) {
            if (Files.isRegularFile(dir.resolve("sr4j")) && Files.exists(dir.resolve(".git"))) {
                return dir;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("no sr4j repository above " + Paths.get("").toAbsolutePath());
    }
}
