package io.sr4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sr4j.image.Picture;
import io.sr4j.io.ImageEncoder;
import io.sr4j.model.Domain;
import io.sr4j.model.QualityTier;
import io.sr4j.model.TierTable;
import io.sr4j.quality.Degradations;
import io.sr4j.testing.TestData;
import io.sr4j.testing.TestPhotos;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sr4j assess} and {@code sr4j compare} through the real entry point, on real images. */
class AssessCompareCommandTest {
    @TempDir
    Path temp;

    @Test
    void assessReadsTheJpegQualityFromTheFileAndRecommendsADenoiser() throws IOException {
        Path jpeg = temp.resolve("coffee_q30.jpg");
        Files.write(jpeg, Degradations.jpegBytes(TestPhotos.crop("coffee.png", 100, 100, 256, 256), 30));
        CliRunner.Result result = CliRunner.run("assess", jpeg.toString(), "--json");
        assertThat(result.exitCode()).as(result.err()).isZero();
        JsonNode first = new ObjectMapper().readTree(result.out()).get(0);
        assertThat(first.get("jpegQuality").asInt()).isEqualTo(30);
        assertThat(first.get("jpegQualityFrom").asText()).isEqualTo("tables");
        assertThat(first.get("scale").asInt()).isEqualTo(4);
        assertThat(first.get("pipeline").get(0).get("model").asText()).isEqualTo("waifu2x-cunet-noise3");
        assertThat(first.get("spec").asText()).startsWith("denoise=waifu2x-cunet-noise3,sr=4:");
        // What assess recommends is a spec restore runs.
        assertThat(io.sr4j.pipeline.PipelineSpec.parse(first.get("spec").asText()).stages()).hasSize(2);
    }

    @Test
    void assessRecommendsWhatTheAskedTierRunsFromTheTierTable() throws IOException {
        Path png = temp.resolve("coffee.png");
        ImageEncoder.defaults().write(Picture.of(TestPhotos.crop("coffee.png", 100, 100, 200, 150)), png);
        for (QualityTier tier : QualityTier.values()) {
            CliRunner.Result result = CliRunner.run("assess", png.toString(), "--json", "--quality", tier.code());
            assertThat(result.exitCode()).as(result.err()).isZero();
            JsonNode first = new ObjectMapper().readTree(result.out()).get(0);
            assertThat(first.get("quality").asText()).isEqualTo(tier.code());
            assertThat(first.get("spec").asText()).as(tier.code()).isEqualTo(
                    TierTable.standard().choose(tier, Domain.PHOTO, 4).orElseThrow().pipeline());
        }
        assertThat(CliRunner.run("assess", png.toString(), "--quality", "90").exitCode()).isEqualTo(2);
    }

    @Test
    void assessPrintsAVerdictPerImageAndFailsClearlyOnAMissingFile() {
        CliRunner.Result ok = CliRunner.run("assess", TestData.pingus("story1.png").toString());
        assertThat(ok.exitCode()).as(ok.err()).isZero();
        assertThat(ok.out()).contains("story1.png: ").contains("illustration").contains("recommended");
        CliRunner.Result missing = CliRunner.run("assess", temp.resolve("none.png").toString());
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err()).contains("none.png");
    }

    @Test
    void compareWritesOneSelfContainedPage() throws IOException {
        Path small = temp.resolve("small.png");
        ImageEncoder.defaults().write(Picture.of(TestPhotos.crop("chelsea.png", 100, 50, 40, 30)), small);
        Path big = temp.resolve("big.bmp");
        ImageEncoder.defaults().write(Picture.of(TestPhotos.crop("chelsea.png", 100, 50, 160, 120)), big);
        Path page = temp.resolve("page.html");
        CliRunner.Result result = CliRunner.run("compare", small.toString(), big.toString(), "-o", page.toString());
        assertThat(result.exitCode()).as(result.err()).isZero();
        String html = Files.readString(page);
        assertThat(html).startsWith("<!DOCTYPE html>").contains("small.png (40x30)").contains("big.bmp (160x120)")
                .contains("data:image/png;base64,").contains("type=\"range\"").contains("image-rendering: pixelated")
                .contains("aspect-ratio: 160 / 120").doesNotContain("http://").doesNotContain("https://")
                .doesNotContain("<link").doesNotContain("<script src");
        assertThat(html.split("<img ", -1)).hasSize(3);
        assertThat(CliRunner.run("compare", small.toString(), "-o", page.toString()).exitCode()).isEqualTo(2);
        assertThat(CliRunner.run("compare", small.toString(), big.toString(), "-o", temp.resolve("p.txt").toString())
                .exitCode()).isEqualTo(2);
    }
}
