package io.sr4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sr4j.io.ImageDecoder;
import io.sr4j.io.ImageEncoder;
import io.sr4j.model.Domain;
import io.sr4j.model.QualityTier;
import io.sr4j.model.TierTable;
import io.sr4j.testing.TestData;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code upscale --model auto}: the assessment of each image decides the models (a denoiser first
 * for a heavily compressed JPEG; none for a clean PNG), the scale decides the network's own scale.
 */
class AutoModelCommandTest {
    @TempDir
    Path temp;

    @Test
    void aHeavilyCompressedJpegIsDenoisedAndEnlargedByOneNetworkAtX2WhereTheTierRunsCunet() throws IOException {
        Path jpeg = compressedCrop(20);
        String tierX2 = TierTable.standard().choose(QualityTier.BEST, Domain.PHOTO, 2).orElseThrow().pipeline();
        // the best tier enlarges x2 with waifu2x CUnet, so its denoising twin does both
        assertThat(tierX2).startsWith("sr=2:waifu2x-cunet-x2");
        CliRunner.Result result = run(jpeg, "2", "--quality", "best");
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.err()).contains("(waifu2x-cunet-noise3-x2").doesNotContain(" then ");
    }

    @Test
    void aHeavilyCompressedJpegIsDenoisedFirstThenEnlargedAtX4() throws IOException {
        Path jpeg = compressedCrop(20);
        CliRunner.Result result = run(jpeg, "4");
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.err()).contains("(waifu2x-cunet-noise3 then ").contains(" x4");
        assertThat(new ImageDecoder().decode(temp.resolve("out.png")).width()).isEqualTo(4 * 64);
    }

    @Test
    void aCleanPhotoGoesStraightToThePhotoEnlarger() throws IOException {
        Path png = TestImages.writeCrop(TestData.skimage("astronaut.png"), 180, 60, 64, 64, temp.resolve("clean.png"));
        CliRunner.Result result = run(png, "4");
        assertThat(result.exitCode()).as(result.err()).isZero();
        String tierX4 = TierTable.standard().choose(QualityTier.DEFAULT, Domain.PHOTO, 4).orElseThrow().pipeline();
        assertThat(result.err()).doesNotContain(" then ").contains("(" + tierX4.substring("sr=4:".length()) + " x4");
    }

    private Path compressedCrop(int quality) throws IOException {
        Path png = TestImages.writeCrop(TestData.skimage("astronaut.png"), 180, 60, 64, 64, temp.resolve("crop.png"));
        Path jpeg = temp.resolve("crop.jpg");
        ImageEncoder.builder().jpegQuality(quality).build().write(new ImageDecoder().decode(png), jpeg);
        return jpeg;
    }

    private CliRunner.Result run(Path input, String scale, String... more) {
        List<String> argv = new ArrayList<>(List.of("upscale", input.toString(), "-o",
                temp.resolve("out.png").toString(), "--model", "auto", "--scale", scale));
        argv.addAll(List.of(more));
        return CliRunner.run(argv.toArray(String[]::new));
    }
}
