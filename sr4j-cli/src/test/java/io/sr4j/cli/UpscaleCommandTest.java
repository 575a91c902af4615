package io.sr4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sr4j.image.PlanarImage;
import io.sr4j.model.ModelStore;
import io.sr4j.resample.ResampleFilter;
import io.sr4j.resample.Resampler;
import io.sr4j.testing.TestData;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sr4j upscale} and {@code sr4j denoise} through the real entry point. The network tests use
 * the default model store ({@code $SR4J_HOME} or {@code ~/.cache/sr4j}) and fetch what is missing.
 */
class UpscaleCommandTest {
    @TempDir
    Path temp;

    @Test
    void bicubicOnARealPhotoIsExactlyFourTimesLargerAndMatchesTheLibrary() {
        Path input = TestData.skimage("astronaut.png");
        Path output = temp.resolve("astronaut_x4.png");
        CliRunner.Result result = CliRunner.run("upscale", input.toString(), "-o", output.toString(),
                "--model", "bicubic", "--scale", "4");
        assertThat(result.exitCode()).as(result.err()).isZero();
        PlanarImage written = TestImages.read(output);
        assertThat(written.width()).isEqualTo(2048);
        assertThat(written.height()).isEqualTo(2048);
        // The command is only wiring: it must give what the library gives, up to 8-bit quantisation.
        PlanarImage expected = Resampler.of(ResampleFilter.BICUBIC).scale(TestImages.read(input), 4)
                .clampInPlace(0f, 1f);
        assertThat(maxDifference(expected, written)).isLessThanOrEqualTo(1f / 255 + 1e-6f);
        assertThat(result.err()).contains("2048x2048").contains("bicubic x4");
    }

    @Test
    void classicalFiltersDefaultToFourTimes() throws IOException {
        Path input = TestImages.writeCrop(TestData.skimage("coffee.png"), 100, 100, 30, 20, temp.resolve("in.png"));
        Path output = temp.resolve("out.png");
        CliRunner.Result result = CliRunner.run("upscale", input.toString(), "-o", output.toString(), "-m", "lanczos");
        assertThat(result.exitCode()).as(result.err()).isZero();
        PlanarImage written = TestImages.read(output);
        assertThat(written.width()).isEqualTo(120);
        assertThat(written.height()).isEqualTo(80);
    }

    /** The model the default tier runs for photos at {@code scale}, from the shipped table (one network). */
    private static String defaultModel(int scale) {
        String pipeline = io.sr4j.model.TierTable.standard().choose(io.sr4j.model.QualityTier.DEFAULT,
                io.sr4j.model.Domain.PHOTO, scale).orElseThrow().pipeline();
        assertThat(pipeline).as("the default tier is one network").doesNotContain(",");
        return pipeline.substring(pipeline.lastIndexOf(':') + 1);
    }

    @Test
    void defaultNetworkIsBuiltInNeedsNoDownloadAndStaysTrueToARealCrop() throws IOException {
        Path input = TestImages.writeCrop(TestData.skimage("astronaut.png"), 200, 80, 48, 48, temp.resolve("face.png"));
        Path output = temp.resolve("face_x4.png");
        Path emptyStore = temp.resolve("empty-store");
        StringWriter err = new StringWriter();
        int code = Sr4jCommand.newCommandLine(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true),
                () -> new ModelStore(emptyStore), false).execute("upscale", input.toString(), "-o", output.toString());
        assertThat(code).as(err.toString()).isZero();
        assertThat(err.toString()).contains(defaultModel(4) + " x4");
        try (Stream<Path> stored = Files.exists(emptyStore) ? Files.walk(emptyStore) : Stream.empty()) {
            assertThat(stored.filter(Files::isRegularFile)).as("nothing fetched into the store").isEmpty();
        }
        PlanarImage big = TestImages.read(output);
        assertThat(big.width()).isEqualTo(192);
        assertThat(big.height()).isEqualTo(192);
        // Reduced back with MATLAB-style bicubic (antialiased), the result must look like the input.
        PlanarImage back = Resampler.of(ResampleFilter.BICUBIC).scale(big, 0.25);
        double psnr = TestImages.psnr(TestImages.read(input), back);
        assertThat(psnr).isGreaterThan(25);
    }

    @Test
    void aScaleOtherThanTheNetworksRunsTheNetworkThenBicubic() throws IOException {
        Path input = TestImages.writeCrop(TestData.skimage("astronaut.png"), 200, 80, 40, 30, temp.resolve("in.png"));
        Path output = temp.resolve("x3.jpg");
        CliRunner.Result result = CliRunner.run("upscale", input.toString(), "-o", output.toString(), "--scale", "3",
                "--model", "realesrgan-x4fast", "--tile", "16", "--tile-padding", "8", "--threads", "1",
                "--jpeg-quality", "90");
        assertThat(result.exitCode()).as(result.err()).isZero();
        PlanarImage written = TestImages.read(output);
        assertThat(written.width()).isEqualTo(120);
        assertThat(written.height()).isEqualTo(90);
        assertThat(result.err()).contains("realesrgan-x4fast x3").containsPattern("\\d+ tiles");
    }

    @Test
    void withoutAModelTheScaleOrTheSizePicksTheBuiltInNetwork() throws IOException {
        Path input = TestImages.writeCrop(TestData.skimage("astronaut.png"), 200, 80, 40, 30, temp.resolve("in.png"));
        CliRunner.Result x3 = CliRunner.run("upscale", input.toString(), "-o", temp.resolve("x3.png").toString(),
                "--scale", "3");
        assertThat(x3.exitCode()).as(x3.err()).isZero();
        assertThat(x3.err()).contains(defaultModel(3) + " x3");
        assertThat(TestImages.read(temp.resolve("x3.png")).width()).isEqualTo(120);
        // 80 px wide asks x2 of this input: the x2 network, not the x4 one and a reduction.
        CliRunner.Result fit = CliRunner.run("upscale", input.toString(), "-o", temp.resolve("w80.png").toString(),
                "--width", "80");
        assertThat(fit.exitCode()).as(fit.err()).isZero();
        assertThat(fit.err()).contains(defaultModel(2) + " x2");
        assertThat(TestImages.read(temp.resolve("w80.png")).height()).isEqualTo(60);
    }

    @Test
    void denoiseKeepsTheSizeAndTheContent() throws IOException {
        Path input = TestImages.writeCrop(TestData.skimage("rocket.jpg"), 300, 150, 64, 40, temp.resolve("jpeg.png"));
        Path output = temp.resolve("clean.png");
        CliRunner.Result result = CliRunner.run("denoise", input.toString(), "-o", output.toString(), "--level", "1");
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.err()).contains("waifu2x-cunet-noise1");
        PlanarImage clean = TestImages.read(output);
        assertThat(clean.width()).isEqualTo(64);
        assertThat(clean.height()).isEqualTo(40);
        // Removing JPEG noise changes little; a broken pipeline (wrong range, channel order) changes a lot.
        assertThat(TestImages.psnr(TestImages.read(input), clean)).isGreaterThan(28);
    }

    @Test
    void aModelFileRunsLikeItsCatalogueEntry() throws IOException {
        Path onnx = temp.resolve("animevideov3-x2.onnx");
        CliRunner.Result export = CliRunner.run("models", "export", "realesr-animevideov3-x2", "-o", onnx.toString());
        assertThat(export.exitCode()).as(export.err()).isZero();
        Path input = TestImages.writeCrop(TestData.skimage("chelsea.png"), 50, 50, 32, 24, temp.resolve("cat.png"));

        Path fromFile = temp.resolve("file.png");
        CliRunner.Result file = CliRunner.run("upscale", input.toString(), "-o", fromFile.toString(), "--model",
                onnx.toString(), "--tile-padding", "8");
        assertThat(file.exitCode()).as(file.err()).isZero();
        Path fromId = temp.resolve("id.png");
        CliRunner.Result id = CliRunner.run("upscale", input.toString(), "-o", fromId.toString(), "--model",
                "realesr-animevideov3-x2", "--tile-padding", "8");
        assertThat(id.exitCode()).as(id.err()).isZero();

        PlanarImage a = TestImages.read(fromFile);
        PlanarImage b = TestImages.read(fromId);
        assertThat(a.width()).isEqualTo(64);
        assertThat(a.height()).isEqualTo(48);
        assertThat(maxDifference(a, b)).isLessThanOrEqualTo(1f / 255 + 1e-6f);
    }

    @Test
    void truncatedInputFailsNamingTheFileAndLeavesNoOutput() {
        Path input = TestData.skimage("truncated.jpg");
        Path output = temp.resolve("out.png");
        CliRunner.Result result = CliRunner.run("upscale", input.toString(), "-o", output.toString());
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains(input.toString());
        assertThat(output).doesNotExist();
        assertThat(filesIn(temp)).isZero();
    }

    @Test
    void missingInputFailsNamingTheFile() {
        Path input = temp.resolve("nothing-here.png");
        CliRunner.Result result = CliRunner.run("upscale", input.toString(), "-o", temp.resolve("o.png").toString(),
                "-m", "bicubic");
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains(input.toString()).contains("no such file");
        assertThat(filesIn(temp)).isZero();
    }

    @Test
    void unwritableOutputDirectoryFails() throws IOException {
        Path input = TestData.skimage("camera.png");
        Path notADirectory = Files.writeString(temp.resolve("plain-file"), "x");
        for (Path output : new Path[] {temp.resolve("missing/out.png"), notADirectory.resolve("out.png")}) {
            CliRunner.Result result = CliRunner.run("upscale", input.toString(), "-o", output.toString(),
                    "-m", "bicubic");
            assertThat(result.exitCode()).as(result.err()).isEqualTo(1);
            assertThat(result.err()).contains(output.toString());
            assertThat(Files.exists(output)).isFalse();
        }
        assertThat(Files.readString(notADirectory)).isEqualTo("x");
    }

    @Test
    void badScalesAreUsageErrors() {
        for (String scale : new String[] {"-1", "0", "NaN", "Infinity", "two"}) {
            CliRunner.Result result = CliRunner.run("upscale", TestData.skimage("camera.png").toString(),
                    "-o", temp.resolve("o.png").toString(), "--scale", scale);
            assertThat(result.exitCode()).as("--scale %s: %s", scale, result.err()).isEqualTo(2);
            assertThat(result.err()).contains("--scale");
        }
        assertThat(filesIn(temp)).isZero();
    }

    @Test
    void badTileThreadAndQualityValuesAreUsageErrors() {
        String input = TestData.skimage("camera.png").toString();
        String output = temp.resolve("o.jpg").toString();
        assertThat(CliRunner.run("upscale", input, "-o", output, "--tile", "8").exitCode()).isEqualTo(2);
        assertThat(CliRunner.run("upscale", input, "-o", output, "--tile-padding", "-1").exitCode()).isEqualTo(2);
        assertThat(CliRunner.run("upscale", input, "-o", output, "--threads", "0").exitCode()).isEqualTo(2);
        assertThat(CliRunner.run("upscale", input, "-o", output, "--jpeg-quality", "101").exitCode()).isEqualTo(2);
        assertThat(filesIn(temp)).isZero();
    }

    @Test
    void unknownOutputExtensionIsAUsageErrorBeforeAnyWork() {
        // The input does not even exist: the extension is checked first.
        Path output = temp.resolve("out.xyz");
        CliRunner.Result result = CliRunner.run("upscale", temp.resolve("absent.png").toString(), "-o",
                output.toString());
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains(".xyz").contains(".png");
        assertThat(filesIn(temp)).isZero();
    }

    @Test
    void outputEqualToInputIsRefusedAndTheInputIsUntouched() throws IOException {
        Path input = Files.copy(TestData.skimage("camera.png"), temp.resolve("camera.png"));
        byte[] before = Files.readAllBytes(input);
        CliRunner.Result result = CliRunner.run("upscale", input.toString(), "-o",
                temp.resolve(".").resolve("camera.png").toString(), "-m", "bicubic");
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("is the input file");
        assertThat(Files.readAllBytes(input)).isEqualTo(before);
    }

    @Test
    void unknownModelIsAUsageErrorWithTheClosestIds() {
        CliRunner.Result result = CliRunner.run("upscale", TestData.skimage("camera.png").toString(), "-o",
                temp.resolve("o.png").toString(), "--model", "realesrgan-x4fst");
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("unknown model 'realesrgan-x4fst'").contains("realesrgan-x4fast")
                .contains("sr4j models list");
        assertThat(filesIn(temp)).isZero();
    }

    @Test
    void missingModelFileIsAUsageError() {
        CliRunner.Result result = CliRunner.run("upscale", TestData.skimage("camera.png").toString(), "-o",
                temp.resolve("o.png").toString(), "--model", temp.resolve("nope.onnx").toString());
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("nope.onnx").contains("no such model file");
    }

    @Test
    void denoiseRefusesBadLevelsAndLevelWithModel() {
        String input = TestData.skimage("camera.png").toString();
        String output = temp.resolve("o.png").toString();
        CliRunner.Result tooHigh = CliRunner.run("denoise", input, "-o", output, "--level", "4");
        assertThat(tooHigh.exitCode()).isEqualTo(2);
        assertThat(tooHigh.err()).contains("--level");
        CliRunner.Result both = CliRunner.run("denoise", input, "-o", output, "--level", "2", "--model",
                "waifu2x-cunet-noise0");
        assertThat(both.exitCode()).isEqualTo(2);
        assertThat(both.err()).contains("not both");
        assertThat(filesIn(temp)).isZero();
    }

    private static float maxDifference(PlanarImage a, PlanarImage b) {
        assertThat(a.sameShape(b)).as("%s vs %s", a, b).isTrue();
        float max = 0;
        for (int i = 0; i < a.data().length; i++) {
            max = Math.max(max, Math.abs(a.data()[i] - b.data()[i]));
        }
        return max;
    }

    private static long filesIn(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> !p.getFileName().toString().equals("camera.png")).count();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
