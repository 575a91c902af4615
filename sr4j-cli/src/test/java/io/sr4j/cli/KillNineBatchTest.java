package io.sr4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sr4j.io.ImageDecoder;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash-safety of a batch run: a child JVM runs {@code sr4j upscale DIR -o OUT} and is killed with
 * SIGKILL (no shutdown hook runs) at a random moment, {@code -Dsr4j.crash.iterations} times (default
 * 20). After each kill every output present under its real name decodes to the same pixels as
 * a clean run's (the files differ only in the provenance timestamp); only hidden {@code .*.tmp} files
 * may be left over; and {@code --skip-existing} then finishes the job to exactly the clean result,
 * removing those temporary files. Tagged slow: the full suite runs it.
 */
@Tag("slow")
@DisabledOnOs(OS.WINDOWS)
class KillNineBatchTest {
    private static final int IMAGES = 6;

    @TempDir
    Path temp;

    @Test
    void sigkillAtRandomMomentsLosesNothing() throws Exception {
        Path in = Files.createDirectories(temp.resolve("in"));
        Random random = new Random(9);
        for (int i = 0; i < IMAGES; i++) {
            BufferedImage noise = new BufferedImage(320, 240, BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < noise.getHeight(); y++) {
                for (int x = 0; x < noise.getWidth(); x++) {
                    noise.setRGB(x, y, random.nextInt(1 << 24));
                }
            }
            ImageIO.write(noise, "png", in.resolve("img" + i + ".png").toFile());
        }
        Path cleanOut = temp.resolve("clean");
        long start = System.nanoTime();
        Process cleanRun = start(in, cleanOut, "clean");
        assertThat(cleanRun.waitFor(300, TimeUnit.SECONDS)).isTrue();
        assertThat(cleanRun.exitValue()).as(Files.readString(temp.resolve("clean.log"))).isZero();
        long cleanMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        Map<String, byte[]> clean = contents(cleanOut);
        assertThat(clean).hasSize(IMAGES);

        int iterations = Integer.getInteger("sr4j.crash.iterations", 20);
        int partial = 0;
        int leftTemporaryFiles = 0;
        for (int i = 0; i < iterations; i++) {
            Path out = temp.resolve("out" + i);
            ChildCli.sigkillAfter(start(in, out, "run" + i), random.nextInt((int) cleanMillis));

            Map<String, byte[]> left = contents(out);
            partial += left.size() < IMAGES ? 1 : 0;
            boolean tempLeft = allFiles(out).size() > left.size();
            leftTemporaryFiles += tempLeft ? 1 : 0;
            for (Map.Entry<String, byte[]> e : left.entrySet()) {
                assertThat(pixels(e.getValue(), e.getKey())).as("kill %d: %s has the clean run's pixels", i, e.getKey())
                        .isEqualTo(pixels(clean.get(e.getKey()), e.getKey()));
            }

            CliRunner.Result resumed = CliRunner.run("upscale", in.toString(), "-o", out.toString(), "-m", "bicubic",
                    "--scale", "2", "--threads", "1", "--skip-existing");
            assertThat(resumed.exitCode()).as(resumed.err()).isZero();
            Map<String, byte[]> finished = contents(out);
            assertThat(finished.keySet()).as("kill %d, then --skip-existing", i).isEqualTo(clean.keySet());
            finished.forEach((name, bytes) -> assertThat(pixels(bytes, name)).as("%s after resuming", name)
                    .isEqualTo(pixels(clean.get(name), name)));
            assertThat(allFiles(out)).as("kill %d, then --skip-existing: files left", i)
                    .containsExactlyElementsOf(finished.keySet());
            assertThat(resumed.err().contains("left by an interrupted run")).as("kill %d: removal reported", i)
                    .isEqualTo(tempLeft);
        }
        System.out.printf("KillNineBatchTest: %d kills, %d interrupted the batch, %d left a temporary file%n",
                iterations, partial, leftTemporaryFiles);
        assertThat(partial).as("kills that interrupted the batch").isGreaterThan(iterations / 2);
    }

    /**
     * The decoded samples: the files themselves differ in the provenance XMP's timestamp. Decoding
     * fails on a truncated or corrupt file.
     */
    private static float[] pixels(byte[] png, String name) {
        io.sr4j.image.Picture p = new ImageDecoder().decode(png, name);
        assertThat(p.width()).isEqualTo(640);
        return p.rgb().data();
    }

    /** Every file under {@code dir}, hidden ones too (none if a kill came before the directory was made). */
    private static List<String> allFiles(Path dir) {
        return Files.isDirectory(dir) ? BatchCommandTest.relativeFiles(dir) : List.of();
    }

    /** Outputs under their real names (the hidden temporary files of a killed run are left out). */
    private static Map<String, byte[]> contents(Path dir) throws java.io.IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        if (!Files.isDirectory(dir)) {
            return files;
        }
        List<String> names = BatchCommandTest.relativeFiles(dir);
        for (String name : names) {
            if (!(Path.of(name).getFileName().toString().startsWith(".") && name.endsWith(".tmp"))) {
                files.put(name, Files.readAllBytes(dir.resolve(name)));
            }
        }
        return files;
    }

    private Process start(Path in, Path out, String log) throws java.io.IOException {
        return ChildCli.start(temp.resolve(log + ".log"), "upscale", in.toString(), "-o", out.toString(), "-m",
                "bicubic", "--scale", "2", "--threads", "1");
    }
}
