package io.sr4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sr4j.deblur.BlurKernel;
import io.sr4j.deblur.Convolution;
import io.sr4j.image.PlanarImage;
import io.sr4j.io.ImageEncoder;
import io.sr4j.image.Picture;
import io.sr4j.quality.Degradations;
import io.sr4j.testing.TestPhotos;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sr4j deblur}: a blurred photo comes back sharper, a sharp one unchanged, bad input is refused. */
class DeblurCommandTest {
    @TempDir
    Path temp;

    private final PlanarImage sharp = Degradations.quantize(TestPhotos.crop("motorcycle_left.png", 150, 60, 256, 224));

    private Path write(PlanarImage image, String name) throws IOException {
        Path file = temp.resolve(name);
        ImageEncoder.defaults().write(Picture.of(image), file);
        return file;
    }

    @Test
    void aDefocusedPhotoGainsMoreThanThreeDecibels() throws IOException {
        PlanarImage blurred = Degradations.quantize(Convolution.convolve(sharp, BlurKernel.defocus(3.6)));
        Path in = write(blurred, "soft.png");
        Path out = temp.resolve("sharp.png");
        CliRunner.Result r = CliRunner.run("deblur", in.toString(), "-o", out.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        PlanarImage restored = TestImages.read(out);
        assertThat(restored.width()).isEqualTo(sharp.width());
        double before = TestImages.psnr(sharp, blurred);
        assertThat(TestImages.psnr(sharp, restored)).as("blurred %.2f dB", before).isGreaterThan(before + 3);
    }

    @Test
    void autoDeblursAShakyPhotoBeforeEnlargingAndSaysSo() throws IOException {
        PlanarImage shaken = Degradations.quantize(Convolution.convolve(sharp, BlurKernel.motion(13, 150)));
        Path in = write(shaken, "shaky.png");
        CliRunner.Result assess = CliRunner.run("assess", in.toString(), "--scale", "2");
        assertThat(assess.exitCode()).as(assess.err()).isZero();
        assertThat(assess.out()).contains("blur kernel   motion 13.0 px at 150°").contains("sr4j-deblur (x1), then")
                .contains("--pipeline deblur,");
        Path out = temp.resolve("big.png");
        CliRunner.Result r = CliRunner.run("upscale", in.toString(), "-o", out.toString(), "--model", "auto",
                "--scale", "2", "--quality", "fast");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.err()).contains("sr4j-deblur");
        // A sharp photo gets no deblurring.
        CliRunner.Result clean = CliRunner.run("assess", write(sharp, "sharp.png").toString(), "--scale", "2");
        assertThat(clean.out()).contains("blur kernel   none").doesNotContain("deblur");
    }

    @Test
    void restoreDeblursThenEnlargesInOnePipeline() throws IOException {
        PlanarImage soft = Degradations.quantize(Convolution.convolve(sharp, BlurKernel.defocus(3)));
        Path in = write(soft, "soft.png");
        Path deblurred = temp.resolve("a.png");
        Path plain = temp.resolve("b.png");
        assertThat(CliRunner.run("restore", in.toString(), "-o", deblurred.toString(), "-p",
                "deblur,sr=2:bicubic").exitCode()).isZero();
        assertThat(CliRunner.run("restore", in.toString(), "-o", plain.toString(), "-p", "sr=2:bicubic")
                .exitCode()).isZero();
        PlanarImage reference = TestImages.read(write(sharp, "ref.png"));
        PlanarImage a = TestImages.read(deblurred);
        PlanarImage b = TestImages.read(plain);
        assertThat(a.width()).isEqualTo(2 * sharp.width());
        // Reduced back by bicubic, the deblurred enlargement is closer to the sharp photo.
        PlanarImage backA = io.sr4j.resample.Resampler.of(io.sr4j.resample.ResampleFilter.BICUBIC)
                .resize(a, sharp.width(), sharp.height());
        PlanarImage backB = io.sr4j.resample.Resampler.of(io.sr4j.resample.ResampleFilter.BICUBIC)
                .resize(b, sharp.width(), sharp.height());
        assertThat(TestImages.psnr(reference, backA)).isGreaterThan(TestImages.psnr(reference, backB) + 2);
    }

    @Test
    void aSharpPhotoIsWrittenUnchanged() throws IOException {
        Path in = write(sharp, "sharp.png");
        Path out = temp.resolve("out.png");
        CliRunner.Result r = CliRunner.run("deblur", in.toString(), "-o", out.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(TestImages.read(out)).isEqualTo(TestImages.read(in));
    }

    @Test
    void aCorruptInputIsAnErrorNamingItAndLeavesNothing() throws IOException {
        Path bad = temp.resolve("broken.png");
        Files.write(bad, new byte[] {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3});
        Path out = temp.resolve("out.png");
        CliRunner.Result r = CliRunner.run("deblur", bad.toString(), "-o", out.toString());
        assertThat(r.exitCode()).isNotZero();
        assertThat(r.err()).contains("broken.png");
        assertThat(out).doesNotExist();
        try (Stream<Path> left = Files.list(temp)) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactly("broken.png");
        }
    }
}
