package io.sr4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sr4j.testing.TestData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sr4j eval} through the real entry point, with the classical baselines on real crops. */
class EvalCommandTest {
    @TempDir
    Path temp;

    private Path hrDir() throws IOException {
        Path dir = Files.createDirectory(temp.resolve("hr"));
        TestImages.writeCrop(TestData.skimage("astronaut.png"), 150, 60, 64, 64, dir.resolve("face.png"));
        TestImages.writeCrop(TestData.skimage("coffee.png"), 100, 100, 66, 62, dir.resolve("cup.png"));
        Files.writeString(dir.resolve("notes.txt"), "not an image");
        return dir;
    }

    @Test
    void writesACsvReportWithEveryImageAndTheMeans() throws IOException {
        Path out = temp.resolve("report.csv");
        CliRunner.Result result = CliRunner.run("eval", "--hr", hrDir().toString(), "--scale", "2",
                "--models", "bicubic,lanczos", "--degrade", "jpeg:50", "--out", out.toString());
        assertThat(result.exitCode()).as(result.err()).isZero();
        String csv = Files.readString(out);
        assertThat(csv.lines()).hasSize(1 + 4 + 2);
        assertThat(csv).contains("2,jpeg:50,cup.png,lanczos,").contains("2,jpeg:50,MEAN,bicubic,");
        assertThat(result.err()).contains("face.png bicubic: PSNR");
    }

    @Test
    void printsMarkdownAndSavesCrops() throws IOException {
        Path crops = temp.resolve("crops");
        CliRunner.Result result = CliRunner.run("eval", "--hr", hrDir().toString(), "--scale", "2",
                "--models", "bicubic", "--save-crops", crops.toString());
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).startsWith("### x2, 2 images, degradation none").contains("| face.png | bicubic |");
        assertThat(crops.resolve("face_bicubic.png")).isRegularFile();
    }

    @Test
    void usageErrorsComeBeforeAnyWork() throws IOException {
        String dir = hrDir().toString();
        assertThat(CliRunner.run("eval", "--hr", dir, "--scale", "2", "--models", "bicubic", "--degrade", "zip:3")
                .exitCode()).isEqualTo(2);
        CliRunner.Result unknown = CliRunner.run("eval", "--hr", dir, "--scale", "2", "--models", "bicubc");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("bicubic");
        assertThat(CliRunner.run("eval", "--hr", temp.resolve("missing").toString(), "--scale", "2", "--models",
                "bicubic").exitCode()).isEqualTo(2);
        assertThat(CliRunner.run("eval", "--hr", dir, "--scale", "2", "--models", "bicubic", "--out",
                temp.resolve("r.txt").toString()).exitCode()).isEqualTo(2);
    }

    @Test
    void deblurBaselinesAtScaleOneGivenTheTrueKernel() throws IOException {
        String dir = hrDir().toString();
        CliRunner.Result result = CliRunner.run("eval", "--hr", dir, "--scale", "1", "--degrade",
                "blur:motion:9:30+jpeg:90", "--baseline", "wiener,richardson-lucy:5");
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).startsWith("### x1, 2 images, degradation blur:motion:9:30+jpeg:90")
                .contains("| input |").contains("| cup.png | richardson-lucy(iterations=5)@true-kernel |")
                .contains("wiener(nsr=");
        CliRunner.Result noBlur = CliRunner.run("eval", "--hr", dir, "--scale", "1", "--degrade", "jpeg:90",
                "--baseline", "wiener");
        assertThat(noBlur.exitCode()).isEqualTo(2);
        assertThat(noBlur.err()).contains("needs a blur step");
        CliRunner.Result bad = CliRunner.run("eval", "--hr", dir, "--scale", "1", "--degrade", "blur:motion:9",
                "--baseline", "wiener");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).contains("blur:motion:LEN:ANGLE");
        assertThat(CliRunner.run("eval", "--hr", dir, "--scale", "1", "--degrade", "blur:gauss:2", "--baseline",
                "deconv").exitCode()).isEqualTo(2);
    }
}
