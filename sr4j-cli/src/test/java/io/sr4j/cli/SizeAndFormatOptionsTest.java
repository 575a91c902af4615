package io.sr4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sr4j.testing.TestData;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --width/--height}, {@code --model auto}, {@code --bit-depth}, {@code --alpha}, {@code --max-pixels}. */
class SizeAndFormatOptionsTest {
    @TempDir
    Path temp;

    @Test
    void widthFitsKeepingTheAspect() throws IOException {
        Path input = TestImages.writeCrop(TestData.skimage("coffee.png"), 100, 100, 60, 40, temp.resolve("in.png"));
        Path output = temp.resolve("out.png");
        CliRunner.Result result = CliRunner.run("upscale", input.toString(), "-o", output.toString(), "--model",
                "bicubic", "--width", "150");
        assertThat(result.exitCode()).as(result.err()).isZero();
        BufferedImage written = ImageIO.read(output.toFile());
        assertThat(new int[] {written.getWidth(), written.getHeight()}).containsExactly(150, 100);
    }

    @Test
    void autoReducesWithTheClassicalFilterAndSixteenBitsOnRequest() throws IOException {
        Path input = TestImages.writeCrop(TestData.skimage("coffee.png"), 100, 100, 60, 40, temp.resolve("in.png"));
        Path output = temp.resolve("half.png");
        CliRunner.Result result = CliRunner.run("upscale", input.toString(), "-o", output.toString(), "--model",
                "auto", "--scale", "0.5", "--bit-depth", "16");
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.err()).contains("bicubic x0.5");
        BufferedImage written = ImageIO.read(output.toFile());
        assertThat(written.getWidth()).isEqualTo(30);
        assertThat(written.getRaster().getSampleModel().getSampleSize(0)).isEqualTo(16);
    }

    @Test
    void inputsAboveThePixelLimitAreRefusedNamingTheFile() {
        Path input = TestData.skimage("astronaut.png");
        Path output = temp.resolve("o.png");
        CliRunner.Result result = CliRunner.run("upscale", input.toString(), "-o", output.toString(), "--model",
                "bicubic", "--max-pixels", "100000");
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("astronaut.png").contains("exceeds the limit");
        assertThat(Files.exists(output)).isFalse();
    }

    @Test
    void badValuesAreUsageErrors() {
        String in = TestData.skimage("camera.png").toString();
        String out = temp.resolve("o.png").toString();
        String[][] cases = {
            {"--alpha", "sharp"}, {"--bit-depth", "12"}, {"--max-pixels", "0"}, {"--width", "0"},
            {"--width", "100", "--scale", "2"},
        };
        for (String[] extra : cases) {
            String[] args = new String[4 + extra.length];
            System.arraycopy(new String[] {"upscale", in, "-o", out}, 0, args, 0, 4);
            System.arraycopy(extra, 0, args, 4, extra.length);
            CliRunner.Result result = CliRunner.run(args);
            assertThat(result.exitCode()).as("%s: %s", String.join(" ", extra), result.err()).isEqualTo(2);
            assertThat(result.err()).contains(extra[0]);
        }
        assertThat(temp.resolve("o.png")).doesNotExist();
    }
}
