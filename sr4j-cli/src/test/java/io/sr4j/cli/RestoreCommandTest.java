package io.sr4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sr4j.image.Picture;
import io.sr4j.io.ImageDecoder;
import io.sr4j.io.ImageEncoder;
import io.sr4j.io.XmpPackets;
import io.sr4j.testing.TestData;
import io.sr4j.testing.TestPhotos;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code sr4j restore --pipeline}: the stages run in order; a bad spec is a usage error that writes nothing. */
class RestoreCommandTest {
    @TempDir
    Path temp;

    private Path photo() throws IOException {
        Path in = temp.resolve("coffee.png");
        ImageEncoder.defaults().write(Picture.of(TestPhotos.crop("coffee.png", 100, 40, 60, 40)), in);
        return in;
    }

    @Test
    void runsTheStagesInOrder() throws IOException {
        Path out = temp.resolve("out.png");
        CliRunner.Result r = CliRunner.run("restore", photo().toString(), "-o", out.toString(), "--pipeline",
                "sr=2:lanczos,sr=w180:bicubic");
        assertThat(r.exitCode()).as(r.err()).isZero();
        Picture result = new ImageDecoder().decode(out);
        assertThat(result.width()).isEqualTo(180);
        assertThat(result.height()).isEqualTo(120);
        assertThat(r.err()).contains("(lanczos then bicubic x3");
        assertThat(XmpPackets.readProvenance(result.source().metadata().xmp()))
                .containsEntry("Pipeline", "sr=2:lanczos,sr=w180:bicubic").containsEntry("Scale", "3");
    }

    @Test
    void upscaleIsTheOneStageShorthand() throws IOException {
        Path viaUpscale = temp.resolve("a.png");
        Path viaRestore = temp.resolve("b.png");
        Path in = photo();
        assertThat(CliRunner.run("upscale", in.toString(), "-o", viaUpscale.toString(), "-m", "bicubic", "--scale",
                "2.5", "--strip-metadata").exitCode()).isZero();
        assertThat(CliRunner.run("restore", in.toString(), "-o", viaRestore.toString(), "-p", "sr=2.5:bicubic",
                "--strip-metadata").exitCode()).isZero();
        assertThat(Files.readAllBytes(viaRestore)).isEqualTo(Files.readAllBytes(viaUpscale));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "sr=4,deblur|'deblur': deblur must come before sr",
        "blur=3|unknown stage 'blur'",
        "sr=2,denoise=1|denoise must come before sr",
        "denoise=9|the denoise level is 0 (light) .. 3 (heavy)",
        "auto,sr=2|give it alone"})
    void aBadSpecIsAUsageErrorThatNamesTheTokenAndWritesNothing(String spec, String message) throws IOException {
        Path out = temp.resolve("out.png");
        CliRunner.Result r = CliRunner.run("restore", photo().toString(), "-o", out.toString(), "--pipeline", spec);
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains(message).contains("stages: deblur, denoise[=0..3|MODEL]");
        assertThat(out).doesNotExist();
        try (Stream<Path> left = Files.list(temp)) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactly("coffee.png");
        }
    }

    @Test
    void anUnknownModelInTheSpecIsAUsageErrorBeforeAnyWork() throws IOException {
        Path out = temp.resolve("out.png");
        CliRunner.Result r = CliRunner.run("restore", TestData.skimage("camera.png").toString(), "-o",
                out.toString(), "--pipeline", "denoise=1,sr=2:realesrgan-x4fats");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("unknown model 'realesrgan-x4fats'").contains("realesrgan-x4fast");
        assertThat(out).doesNotExist();
    }

    @Test
    void aBatchNamesOutputsAfterTheLastStage() throws IOException {
        Path in = Files.createDirectories(temp.resolve("in"));
        ImageEncoder.defaults().write(Picture.of(TestPhotos.crop("coffee.png", 0, 0, 32, 24)), in.resolve("a.png"));
        ImageEncoder.defaults().write(Picture.of(TestPhotos.crop("coffee.png", 40, 0, 32, 24)), in.resolve("b.png"));
        Path out = temp.resolve("out");
        CliRunner.Result r = CliRunner.run("restore", in.toString(), "-o", out.toString(), "-p", "sr=2:bicubic",
                "--name", "{name}_{model}_x{scale}.{ext}");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(out.resolve("a_bicubic_x2.png")).exists();
        assertThat(out.resolve("b_bicubic_x2.png")).exists();
    }
}
