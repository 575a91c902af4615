package io.sr4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.sr4j.testing.TestData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Bad inputs and outputs through the command line: each gives exit code 1 and a message naming the
 * file and the problem, leaves no output (not even a temporary file) and never changes the input.
 */
class ErrorCasesTest {
    @TempDir
    Path temp;
    private Path mounted;

    @AfterEach
    void unmount() throws Exception {
        if (mounted != null) {
            new ProcessBuilder("umount", mounted.toString()).inheritIO().start().waitFor();
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "zero-byte,       empty.png,  '',                                   empty file",
        "text as PNG,     notes.png,  'hello, this is text',               not an image",
        "Photoshop file,  layers.psd, '8BPS\u0000\u0001',                   Photoshop PSD images are not supported",
        "corrupt PNG,     broken.png, '\u0089PNG\r\n\u001a\nXXXXXXXXXXXXXXXXXXXXXXXXXX', PNG data",
        "truncated PNG,   cut.png,    CUT,                                   truncated PNG"})
    void badInputsAreNamedAndLeaveNothingBehind(String what, String fileName, String content, String problem)
            throws IOException {
        Path input = temp.resolve(fileName);
        if (content.equals("CUT")) {
            byte[] png = Files.readAllBytes(TestData.skimage("coffee.png"));
            Files.write(input, Arrays.copyOf(png, png.length / 2));
        } else {
            Files.write(input, content.getBytes(StandardCharsets.ISO_8859_1));
        }
        assertFailsCleanly(input, temp.resolve("out").resolve("result.png"), problem);
    }

    @Test
    void aPngNamedJpgIsReadByItsContent() throws IOException {
        Path input = Files.copy(TestData.skimage("camera.png"), temp.resolve("really-a-png.jpg"));
        Path output = temp.resolve("out.png");
        CliRunner.Result result = CliRunner.run("upscale", input.toString(), "-o", output.toString(), "-m", "bicubic",
                "--scale", "0.5");
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(TestImages.read(output).width()).isEqualTo(256);
    }

    @Test
    void unreadableInputIsNamed() throws IOException {
        Path input = Files.copy(TestData.skimage("camera.png"), temp.resolve("secret.png"));
        Files.setPosixFilePermissions(input, PosixFilePermissions.fromString("---------"));
        assumeTrue(!Files.isReadable(input), "running as root: chmod 000 does not stop reads");
        assertFailsCleanly(input, temp.resolve("out").resolve("result.png"), "permission denied");
    }

    @Test
    void unwritableOutputDirectoryIsNamed() throws IOException {
        Path input = Files.copy(TestData.skimage("camera.png"), temp.resolve("camera.png"));
        Path locked = Files.createDirectories(temp.resolve("out"));
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("r-xr-xr-x"));
        assumeTrue(!Files.isWritable(locked), "running as root: a read-only directory is still writable");
        assertFailsCleanly(input, locked.resolve("result.png"), "permission denied");
    }

    @Test
    void fullDiskFailsNamingTheOutputAndLeavesNoTemporaryFile() throws Exception {
        Path small = Files.createDirectories(temp.resolve("out"));
        Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", small.toString())
                .redirectErrorStream(true).start();
        assumeTrue(mount.waitFor() == 0, "cannot mount a small tmpfs here (needs root)");
        mounted = small;
        Path input = Files.copy(TestData.skimage("astronaut.png"), temp.resolve("astronaut.png"));
        // A 1024x1024 photo is about 2 MB as PNG: far more than the 64 kB the file system holds.
        assertFailsCleanly(input, small.resolve("big.png"), "No space left on device");
    }

    /**
     * Runs {@code upscale input -o output} and checks the failure: exit 1, the message names the
     * failing file ({@code output} for problems writing, else {@code input}), the output's directory
     * ends up empty, and the input keeps its bytes and modification time.
     */
    private void assertFailsCleanly(Path input, Path output, String problem) throws IOException {
        Files.createDirectories(output.getParent());
        FileTime modified = Files.getLastModifiedTime(input);
        long size = Files.size(input);
        String digest = Files.isReadable(input) ? sha256(input) : null;
        CliRunner.Result result = CliRunner.run("upscale", input.toString(), "-o", output.toString(), "-m", "bicubic",
                "--scale", "2");
        assertThat(result.exitCode()).as(result.err()).isEqualTo(1);
        boolean writing = problem.contains("space") || output.getParent().toFile().canRead()
                && !Files.isWritable(output.getParent());
        assertThat(result.err()).contains((writing ? output : input) + ": ").contains(problem);
        try (var files = Files.list(output.getParent())) {
            assertThat(files.toList()).isEmpty();
        }
        assertThat(Files.getLastModifiedTime(input)).isEqualTo(modified);
        assertThat(Files.size(input)).isEqualTo(size);
        if (digest != null) {
            assertThat(sha256(input)).isEqualTo(digest);
        }
    }

    private static String sha256(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
