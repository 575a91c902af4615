package io.sr4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sr4j.image.PlanarImage;
import io.sr4j.testing.TestData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Batch mode of {@code sr4j upscale}: directories, globs, mirrored output trees, name templates,
 * bad files skipped, resuming. Runs the bicubic filter so that no network is needed.
 */
class BatchCommandTest {
    @TempDir
    Path temp;
    Path photos;

    /** photos/{cat.png, coffee.jpg, trip/rocket.jpg, trip/deep/face.png} from real photos. */
    @BeforeEach
    void photoTree() throws IOException {
        photos = Files.createDirectories(temp.resolve("photos"));
        Files.createDirectories(photos.resolve("trip/deep"));
        TestImages.writeCrop(TestData.skimage("chelsea.png"), 100, 50, 40, 30, photos.resolve("cat.png"));
        Files.copy(TestData.skimage("rocket.jpg"), photos.resolve("trip/rocket.jpg"));
        TestImages.writeCrop(TestData.skimage("astronaut.png"), 200, 80, 32, 32, photos.resolve("trip/deep/face.png"));
        TestImages.writeCrop(TestData.skimage("coffee.png"), 10, 10, 24, 20, photos.resolve("coffee.jpg.png"));
    }

    @Test
    void recursiveDirectoryMirrorsTheTreeWithTheDefaultNames() {
        Path out = temp.resolve("out");
        CliRunner.Result result = CliRunner.run("upscale", photos.toString(), "-o", out.toString(), "-m", "bicubic",
                "--scale", "2", "--recursive");
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(relativeFiles(out)).containsExactly("cat_x2.png", "coffee.jpg_x2.png", "trip/deep/face_x2.png",
                "trip/rocket_x2.jpg");
        PlanarImage face = TestImages.read(out.resolve("trip/deep/face_x2.png"));
        assertThat(face.width()).isEqualTo(64);
        assertThat(result.err()).contains("[4/4]").contains("Mpx/s").contains("ETA")
                .contains("4 written, 0 skipped, 0 failed");
    }

    @Test
    void withoutRecursiveOnlyTheTopLevelIsRead() {
        Path out = temp.resolve("out");
        CliRunner.Result result = CliRunner.run("upscale", photos.toString(), "-o", out.toString(), "-m", "bicubic",
                "--scale", "2");
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(relativeFiles(out)).containsExactly("cat_x2.png", "coffee.jpg_x2.png");
    }

    @Test
    void globsAreExpandedBySr4jAndDoubleStarAlsoMatchesNoDirectory() {
        Path out = temp.resolve("out");
        CliRunner.Result result = CliRunner.run("upscale", photos + "/**/*.png", "-o", out.toString(), "-m",
                "bicubic", "--scale", "2", "--name", "{name}-{model}-{scale}.{ext}", "--format", "jpg");
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(relativeFiles(out)).containsExactly("cat-bicubic-2.jpg", "coffee.jpg-bicubic-2.jpg",
                "trip/deep/face-bicubic-2.jpg");
    }

    @Test
    void aBadFileIsReportedAndSkippedTheRestIsWrittenAndTheExitCodeIsOne() throws IOException {
        Path text = Files.writeString(photos.resolve("notes.png"), "this is not an image\n");
        Path cut = photos.resolve("cut.jpg");
        Files.copy(TestData.skimage("truncated.jpg"), cut);
        Map<Path, String> before = contents(photos);
        FileTime textTime = Files.getLastModifiedTime(text);
        Path out = temp.resolve("out");

        CliRunner.Result result = CliRunner.run("upscale", photos.toString(), temp.resolve("absent.png").toString(),
                "-o", out.toString(), "-m", "bicubic", "--scale", "2");

        assertThat(result.exitCode()).as(result.err()).isEqualTo(1);
        assertThat(result.err()).contains(text + ": not an image").contains(cut + ": truncated")
                .contains("absent.png: no such file").contains("2 written, 0 skipped, 3 failed");
        assertThat(relativeFiles(out)).containsExactly("cat_x2.png", "coffee.jpg_x2.png");
        assertThat(contents(photos)).isEqualTo(before);
        assertThat(Files.getLastModifiedTime(text)).isEqualTo(textTime);
    }

    @Test
    void skipExistingLeavesFinishedOutputsAlone() throws IOException {
        Path out = Files.createDirectories(temp.resolve("out"));
        Path done = Files.writeString(out.resolve("cat_x2.png"), "finished earlier");
        CliRunner.Result result = CliRunner.run("upscale", photos.toString(), "-o", out.toString(), "-m", "bicubic",
                "--scale", "2", "--skip-existing");
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(Files.readString(done)).isEqualTo("finished earlier");
        assertThat(result.err()).contains("cat.png: skipped").contains("1 written, 1 skipped, 0 failed");
        assertThat(out.resolve("coffee.jpg_x2.png")).exists();
    }

    @Test
    void temporaryFilesAKilledRunLeftForTheOutputsAreRemoved() throws IOException {
        Path out = Files.createDirectories(temp.resolve("out"));
        Files.writeString(out.resolve(".cat_x2.png.0123456789abcdef.tmp"), "half an image"); // as AtomicFiles names them
        Files.writeString(out.resolve(".notes.txt.0123456789abcdef.tmp"), "not an output of this batch");
        Files.writeString(out.resolve(".cat_x2.png.tmp"), "not named as sr4j names its files");
        CliRunner.Result result = CliRunner.run("upscale", photos.toString(), "-o", out.toString(), "-m", "bicubic",
                "--scale", "2");
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.err()).contains("removed 1 temporary file(s) left by an interrupted run");
        assertThat(relativeFiles(out)).containsExactly(".cat_x2.png.tmp", ".notes.txt.0123456789abcdef.tmp",
                "cat_x2.png", "coffee.jpg_x2.png");
    }

    @Test
    void aSingleFileIntoAnExistingDirectoryUsesTheTemplate() throws IOException {
        Path out = Files.createDirectories(temp.resolve("out"));
        CliRunner.Result result = CliRunner.run("upscale", photos.resolve("cat.png").toString(), "-o", out.toString(),
                "-m", "bicubic", "--scale", "3");
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(relativeFiles(out)).containsExactly("cat_x3.png");
    }

    @Test
    void templateMistakesAndCollidingOutputsAreUsageErrors() throws IOException {
        Path out = temp.resolve("out");
        for (String template : List.of("{nam}.{ext}", "fixed.png", "sub/{name}.{ext}")) {
            CliRunner.Result result = CliRunner.run("upscale", photos.toString(), "-o", out.toString(), "-m",
                    "bicubic", "--name", template);
            assertThat(result.exitCode()).as(template + ": " + result.err()).isEqualTo(2);
            assertThat(result.err()).contains("--name");
        }
        // cat.png and cat.jpg would both become cat_x4.png
        TestImages.writeCrop(TestData.skimage("chelsea.png"), 0, 0, 16, 16, photos.resolve("cat.bmp"));
        CliRunner.Result clash = CliRunner.run("upscale", photos.toString(), "-o", out.toString(), "-m", "bicubic",
                "--format", "png");
        assertThat(clash.exitCode()).as(clash.err()).isEqualTo(2);
        assertThat(clash.err()).contains("would both be written to").contains("{inext}");
        CliRunner.Result format = CliRunner.run("upscale", photos.toString(), "-o", out.toString(), "-m", "bicubic",
                "--format", "tga");
        assertThat(format.exitCode()).isEqualTo(2);
        assertThat(out).doesNotExist();
    }

    @Test
    void anOutputFileWithSeveralInputsIsAUsageError() throws IOException {
        Path file = Files.writeString(temp.resolve("out.png"), "x");
        CliRunner.Result result = CliRunner.run("upscale", photos.toString(), "-o", file.toString(), "-m", "bicubic");
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("is a file");
        assertThat(Files.readString(file)).isEqualTo("x");
    }

    /** Files under {@code dir}, relative, with '/' separators, sorted; temporary files included. */
    static List<String> relativeFiles(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).map(f -> dir.relativize(f).toString().replace('\\', '/'))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<Path, String> contents(Path dir) {
        Map<Path, String> out = new TreeMap<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                out.put(f, new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }
}
