package io.sr4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sr4j.image.ImageMetadata;
import io.sr4j.image.Picture;
import io.sr4j.image.SourceInfo;
import io.sr4j.io.ImageDecoder;
import io.sr4j.io.ImageEncoder;
import io.sr4j.io.XmpPackets;
import io.sr4j.testing.TestData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Metadata and colour profiles through {@code sr4j upscale} on real files. */
class MetadataCommandTest {
    @TempDir
    Path temp;

    @Test
    void exifAndXmpAreCopiedWithANoteNamingTheModelAndStripRemovesThem() {
        Path input = TestData.skimage("hubble_deep_field.jpg");
        Path kept = temp.resolve("kept.jpg");
        CliRunner.Result result = CliRunner.run("upscale", input.toString(), "-o", kept.toString(), "-m", "bicubic",
                "--scale", "0.5");
        assertThat(result.exitCode()).as(result.err()).isZero();
        ImageMetadata meta = new ImageDecoder().decode(kept).source().metadata();
        assertThat(new String(meta.exif(), StandardCharsets.ISO_8859_1)).contains("Adobe Photoshop CS5 Macintosh");
        assertThat(meta.xmp()).contains("Adobe Photoshop CS5 Macintosh");
        assertThat(XmpPackets.readProvenance(meta.xmp())).containsEntry("Model", "bicubic")
                .containsEntry("Scale", "0.5").containsKey("Date").containsKey("Software");

        Path stripped = temp.resolve("stripped.png");
        CliRunner.Result strip = CliRunner.run("upscale", input.toString(), "-o", stripped.toString(), "-m", "bicubic",
                "--scale", "0.5", "--strip-metadata");
        assertThat(strip.exitCode()).as(strip.err()).isZero();
        ImageMetadata none = new ImageDecoder().decode(stripped).source().metadata();
        assertThat(none.exif()).isNull();
        assertThat(none.xmp()).isNull();
    }

    @Test
    void aNetworkNoteCarriesTheCataloguedWeightsHash() throws IOException {
        Path input = TestImages.writeCrop(TestData.skimage("chelsea.png"), 50, 50, 24, 16, temp.resolve("cat.png"));
        Path output = temp.resolve("cat_x4.png");
        // An explicit tile size is recorded; the automatic one (the default) varies per image and is not.
        CliRunner.Result result = CliRunner.run("upscale", input.toString(), "-o", output.toString(),
                "-m", "realesrgan-x4fast", "--tile", "512");
        assertThat(result.exitCode()).as(result.err()).isZero();
        String xmp = new ImageDecoder().decode(output).source().metadata().xmp();
        assertThat(XmpPackets.readProvenance(xmp)).containsEntry("Model", "realesrgan-x4fast")
                .containsEntry("TileSize", "512").hasEntrySatisfying("ModelSHA256",
                        sha -> assertThat(sha).matches("[0-9a-f]{64}"));
    }

    @Test
    void adobeRgbInputIsWrittenAsSrgbOrBackInItsProfileWithKeepProfile() throws IOException {
        byte[] adobe = Files.readAllBytes(TestData.iccProfile("AdobeRGB1998.icc"));
        Picture photo = new ImageDecoder().decode(TestImages.writeCrop(TestData.skimage("coffee.png"), 100, 100, 40,
                30, temp.resolve("crop.png")));
        Path tagged = temp.resolve("adobe.png");
        // The same numbers, now declared Adobe RGB: sr4j must convert them before the filter.
        ImageEncoder.defaults().write(photo.withSource(new SourceInfo("png", 8, false, Optional.of(adobe), 1)), tagged);

        Path srgb = temp.resolve("srgb.png");
        assertThat(CliRunner.run("upscale", tagged.toString(), "-o", srgb.toString(), "-m", "bicubic", "--scale", "1")
                .exitCode()).isZero();
        Picture converted = new ImageDecoder().decode(srgb);
        assertThat(converted.source().iccProfile()).isEmpty();
        assertThat(TestImages.psnr(photo.rgb(), converted.rgb())).as("sRGB numbers differ").isLessThan(30);

        Path back = temp.resolve("back.png");
        assertThat(CliRunner.run("upscale", tagged.toString(), "-o", back.toString(), "-m", "bicubic", "--scale", "1",
                "--keep-profile").exitCode()).isZero();
        Picture kept = new ImageDecoder().decode(back);
        assertThat(kept.source().iccProfile()).hasValueSatisfying(p -> assertThat(p).isEqualTo(adobe));
        assertThat(TestImages.psnr(photo.rgb(), kept.rgb())).isGreaterThan(45);
    }
}
