package io.sr4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sr4j.image.PlanarImage;
import io.sr4j.io.ImageFormat;
import io.sr4j.testing.TestData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code .webp} outputs through the command line: lossy with --jpeg-quality, --lossless, batch --format webp. */
class WebpOutputCommandTest {
    @TempDir
    Path temp;
    Path cat;

    @BeforeEach
    void photo() throws IOException {
        cat = TestImages.writeCrop(TestData.skimage("chelsea.png"), 100, 50, 48, 40, temp.resolve("cat.png"));
    }

    @Test
    void losslessWebpHoldsExactlyThePixelsOfThePngOutput() throws IOException {
        Path png = temp.resolve("cat_x2.png");
        Path webp = temp.resolve("cat_x2.webp");
        assertThat(upscale(cat, png).exitCode()).isZero();
        CliRunner.Result result = upscale(cat, webp, "--lossless");
        assertThat(result.exitCode()).as(result.err()).isZero();

        assertThat(sniff(webp)).isEqualTo(ImageFormat.WEBP);
        assertThat(new String(Files.readAllBytes(webp), 12, 4, StandardCharsets.US_ASCII)).isIn("VP8L", "VP8X");
        assertThat(TestImages.read(webp).data()).containsExactly(TestImages.read(png).data());
    }

    @Test
    void lossyQualityTradesSizeForFidelity() throws IOException {
        Path png = temp.resolve("ref.png");
        Path high = temp.resolve("high.webp");
        Path low = temp.resolve("low.webp");
        assertThat(upscale(cat, png).exitCode()).isZero();
        assertThat(upscale(cat, high, "--jpeg-quality", "90").exitCode()).isZero();
        assertThat(upscale(cat, low, "--jpeg-quality", "30").exitCode()).isZero();

        PlanarImage reference = TestImages.read(png);
        double highPsnr = TestImages.psnr(reference, TestImages.read(high));
        double lowPsnr = TestImages.psnr(reference, TestImages.read(low));
        assertThat(highPsnr).isGreaterThan(35.0).isGreaterThan(lowPsnr);
        assertThat(Files.size(low)).isLessThan(Files.size(high));
    }

    @Test
    void batchFormatWebpNamesAndWritesWebp() throws IOException {
        Files.copy(TestData.skimage("rocket.jpg"), temp.resolve("rocket.jpg"));
        Path out = temp.resolve("out");
        CliRunner.Result result = CliRunner.run("upscale", cat.toString(), temp.resolve("rocket.jpg").toString(),
                "-o", out.toString(), "-m", "bicubic", "--scale", "0.5", "--format", "webp");
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(sniff(out.resolve("cat_x0.5.webp"))).isEqualTo(ImageFormat.WEBP);
        assertThat(sniff(out.resolve("rocket_x0.5.webp"))).isEqualTo(ImageFormat.WEBP);
        try (Stream<Path> files = Files.list(out)) {
            assertThat(files).hasSize(2);
        }
    }

    /** libwebp unpacked where it cannot be written (a child JVM): a clear error, exit 1, no file. */
    @Test
    void whenLibwebpCannotLoadTheErrorSaysSo() throws Exception {
        Path webp = temp.resolve("cat.webp");
        Path log = temp.resolve("child.log");
        Process child = new ProcessBuilder(InterruptTest.javaExecutable(), "-Xmx512m",
                "-Dcom.luciad.imageio.webp.tmpdir=" + temp.resolve("missing/dir"), "-cp", InterruptTest.classPath(),
                Main.class.getName(), "upscale", cat.toString(), "-o", webp.toString(), "-m", "bicubic")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertThat(child.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String output = Files.readString(log);
        assertThat(child.exitValue()).as(output).isEqualTo(1);
        assertThat(output).contains(webp + ": cannot write .webp: libwebp").contains("did not load");
        assertThat(webp).doesNotExist();
    }

    private static CliRunner.Result upscale(Path in, Path out, String... extra) {
        String[] args = Stream.concat(Stream.of("upscale", in.toString(), "-o", out.toString(), "-m", "bicubic",
                "--scale", "2"), Stream.of(extra)).toArray(String[]::new);
        return CliRunner.run(args);
    }

    private static ImageFormat sniff(Path file) throws IOException {
        byte[] head = Files.readAllBytes(file);
        return ImageFormat.sniff(head, head.length).orElseThrow();
    }
}
