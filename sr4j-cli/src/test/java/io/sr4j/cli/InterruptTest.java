package io.sr4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.sr4j.io.ImageDecoder;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C in the middle of a batch: a child JVM runs {@code sr4j upscale}, gets SIGINT while an
 * output is being written (a temporary file exists), and must leave no temporary or partial file.
 */
@DisabledOnOs(OS.WINDOWS)
class InterruptTest {
    @TempDir
    Path temp;

    @Test
    void sigintWhileWritingLeavesOnlyCompleteOutputs() throws Exception {
        // A build started in the background by a non-interactive shell (`./run-tests &`) ignores
        // SIGINT, and the child JVM inherits that: the signal would do nothing and the batch finish.
        assumeFalse(sigintIgnored(), "SIGINT is ignored by this process (started in the background?); "
                + "the child would inherit that");
        Path in = Files.createDirectories(temp.resolve("in"));
        Random random = new Random(4);
        for (int i = 0; i < 4; i++) {
            // Noise compresses badly, so writing each 3072x3072 PNG takes a while: time to interrupt it.
            BufferedImage noise = new BufferedImage(768, 768, BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < 768; y++) {
                for (int x = 0; x < 768; x++) {
                    noise.setRGB(x, y, random.nextInt(1 << 24));
                }
            }
            ImageIO.write(noise, "png", in.resolve("noise" + i + ".png").toFile());
        }
        Path out = temp.resolve("out");
        Process child = new ProcessBuilder(javaExecutable(), "-Xmx1g", "-cp", classPath(), Main.class.getName(),
                "upscale", in.toString(), "-o", out.toString(), "-m", "bicubic", "--scale", "4", "--threads", "1")
                .redirectErrorStream(true).redirectOutput(temp.resolve("child.log").toFile()).start();
        try {
            assertThat(waitForTemporaryFile(out, child)).as("a temporary output appeared; log:%n%s", log()).isTrue();
            Process kill = new ProcessBuilder("kill", "-INT", Long.toString(child.pid())).start();
            assertThat(kill.waitFor()).isZero();
            assertThat(child.waitFor(60, TimeUnit.SECONDS)).as("child ends after SIGINT").isTrue();
        } finally {
            child.destroyForcibly();
        }
        assertThat(child.exitValue()).as(log()).isNotZero();
        List<Path> left = BatchCommandTest.relativeFiles(out).stream().map(out::resolve).toList();
        assertThat(left).as("no temporary files").noneMatch(p -> p.getFileName().toString().endsWith(".tmp"));
        assertThat(left.size()).as("interrupted before the last image").isLessThan(4);
        for (Path output : left) {
            assertThat(new ImageDecoder().decode(output).width()).isEqualTo(3072); // complete, not cut
        }
    }

    private String log() {
        try {
            return Files.readString(temp.resolve("child.log"));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    private static boolean waitForTemporaryFile(Path dir, Process child) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline && child.isAlive()) {
            if (Files.isDirectory(dir) && BatchCommandTest.relativeFiles(dir).stream().anyMatch(f -> f.endsWith(".tmp"))) {
                return true;
            }
            Thread.sleep(5);
        }
        return false;
    }

    /** Whether this process ignores SIGINT: bit 1 of the SigIgn mask in /proc/self/status (Linux). */
    private static boolean sigintIgnored() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("SigIgn:")) {
                    return (Long.parseLong(line.substring("SigIgn:".length()).trim(), 16) & (1L << 1)) != 0;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux, or an unexpected format: assume signals are delivered
        }
        return false;
    }

    static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Surefire may run tests from a manifest-only jar; it publishes the real class path separately. */
    static String classPath() {
        String surefire = System.getProperty("surefire.test.class.path");
        return surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path", "")
                .replace(File.pathSeparator + File.pathSeparator, File.pathSeparator);
    }
}
