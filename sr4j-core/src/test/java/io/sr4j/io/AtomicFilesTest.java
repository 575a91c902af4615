package io.sr4j.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    @TempDir
    Path dir;

    @Test
    void writesANewFile() throws IOException {
        Path target = dir.resolve("out.txt");
        AtomicFiles.write(target, out -> out.write("hello".getBytes(StandardCharsets.UTF_8)));
        assertThat(target).hasContent("hello");
        assertThat(listing()).containsExactly(target);
    }

    @Test
    void replacesAnExistingFile() throws IOException {
        Path target = Files.writeString(dir.resolve("out.txt"), "old");
        AtomicFiles.write(target, out -> out.write("new".getBytes(StandardCharsets.UTF_8)));
        assertThat(target).hasContent("new");
        assertThat(listing()).containsExactly(target);
    }

    @Test
    void failureHalfwayLeavesTheOldFileAndNoTemporaryFile() throws IOException {
        Path target = Files.writeString(dir.resolve("out.txt"), "old");
        assertThatThrownBy(() -> AtomicFiles.write(target, out -> {
            out.write(new byte[100_000]); // enough to reach the disk before failing
            throw new IOException("encoder gave up");
        })).isInstanceOf(IOException.class).hasMessage("encoder gave up");
        assertThat(target).hasContent("old");
        assertThat(listing()).containsExactly(target);
    }

    @Test
    void runtimeFailureLeavesNoFileWhenThereWasNone() throws IOException {
        Path target = dir.resolve("out.txt");
        assertThatThrownBy(() -> AtomicFiles.write(target, out -> {
            out.write(1);
            throw new IllegalStateException("bug");
        })).isInstanceOf(IllegalStateException.class);
        assertThat(listing()).isEmpty();
    }

    @Test
    void contentMayCloseTheStream() throws IOException {
        Path target = dir.resolve("out.txt");
        AtomicFiles.write(target, out -> {
            out.write('x');
            out.close();
        });
        assertThat(target).hasContent("x");
    }

    @Test
    void missingDirectoryIsReported() {
        Path target = dir.resolve("missing").resolve("out.txt");
        assertThatThrownBy(() -> AtomicFiles.write(target, out -> out.write(1)))
                .isInstanceOf(NoSuchFileException.class);
        assertThat(target.getParent()).doesNotExist();
    }

    @Test
    void newFileGetsTheUsualPermissionsNotOwnerOnly() throws IOException {
        org.junit.jupiter.api.Assumptions.assumeTrue(
                FileSystems.getDefault().supportedFileAttributeViews().contains("posix"), "POSIX permissions");
        Path reference = Files.writeString(dir.resolve("plain.txt"), "x");
        Path target = dir.resolve("atomic.txt");
        AtomicFiles.write(target, out -> out.write('x'));
        assertThat(Files.getPosixFilePermissions(target)).isEqualTo(Files.getPosixFilePermissions(reference));
    }

    @Test
    void temporaryNamesAreHiddenAndBounded() {
        String name = AtomicFiles.tempName("x".repeat(300));
        assertThat(name).startsWith(".").endsWith(".tmp");
        assertThat(name.length()).isLessThan(255);
        assertThat(AtomicFiles.tempName("a.png")).isNotEqualTo(AtomicFiles.tempName("a.png"));
    }

    @Test
    void staleTemporaryFilesOfTheTargetAreRemovedOthersKept() throws IOException {
        Path target = Files.writeString(dir.resolve("out.png"), "done");
        Path stale = Files.writeString(dir.resolve(AtomicFiles.tempName("out.png")), "half"); // a killed run's
        Path otherOutput = Files.writeString(dir.resolve(AtomicFiles.tempName("other.png")), "half");
        Path lookalike = Files.writeString(dir.resolve(".out.png.notrandom.tmp"), "mine");
        Path userFile = Files.writeString(dir.resolve("out.png.tmp"), "mine");

        assertThat(AtomicFiles.removeStaleTemporaryFiles(List.of(target))).containsExactly(stale.toAbsolutePath());
        assertThat(listing()).containsExactlyInAnyOrder(target, otherOutput, lookalike, userFile);

        Path second = dir.resolve("sub/second.png");
        Path staleSecond = Files.writeString(Files.createDirectories(second.getParent())
                .resolve(AtomicFiles.tempName("second.png")), "half");
        assertThat(AtomicFiles.removeStaleTemporaryFiles(List.of(target, dir.resolve("other.png"), second)))
                .containsExactlyInAnyOrder(otherOutput.toAbsolutePath(), staleSecond.toAbsolutePath());
        assertThat(AtomicFiles.removeStaleTemporaryFiles(List.of(dir.resolve("missing-dir/out.png")))).isEmpty();
    }

    @Test
    void aTemporaryFileThisJvmIsWritingIsLeftAlone() throws IOException {
        Path target = dir.resolve("out.txt");
        AtomicFiles.write(target, out -> {
            out.write("partly".getBytes(StandardCharsets.UTF_8));
            assertThat(AtomicFiles.removeStaleTemporaryFiles(List.of(target))).isEmpty();
            out.write(" written".getBytes(StandardCharsets.UTF_8));
        });
        assertThat(target).hasContent("partly written");
        assertThat(listing()).containsExactly(target);
    }

    @Test
    void aTemporaryFileLockedByAnotherProcessIsLeftAlone() throws Exception {
        Path target = dir.resolve("out.png");
        Path live = Files.writeString(dir.resolve(AtomicFiles.tempName("out.png")), "being written");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process holder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                HoldFileLock.class.getName(), live.toString()).redirectErrorStream(true).start();
        try {
            String said = new BufferedReader(new InputStreamReader(holder.getInputStream(),
                    StandardCharsets.UTF_8)).readLine();
            assertThat(said).isEqualTo("locked");
            assertThat(AtomicFiles.removeStaleTemporaryFiles(List.of(target))).isEmpty();
            assertThat(live).exists();
        } finally {
            holder.getOutputStream().close();
            assertThat(holder.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        // Its process gone, the lock went with it: now it is stale.
        assertThat(AtomicFiles.removeStaleTemporaryFiles(List.of(target))).containsExactly(live.toAbsolutePath());
    }

    private java.util.List<Path> listing() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.toList();
        }
    }
}
