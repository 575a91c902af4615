package io.sr4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sr4j.image.Cicp;
import io.sr4j.image.Picture;
import io.sr4j.io.ImageDecoder;
import io.sr4j.io.ImageEncoder;
import io.sr4j.testing.TestPhotos;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --hdr} on the image commands and what {@code assess} says of the result. */
class HdrCommandTest {
    @TempDir
    Path temp;

    private Path photo() throws IOException {
        Path in = temp.resolve("coffee.png");
        ImageEncoder.defaults().write(Picture.of(TestPhotos.crop("coffee.png", 60, 40, 48, 32)), in);
        return in;
    }

    @Test
    void upscaleWritesA16BitHlgPngThatAssessReportsAsHdr() throws IOException {
        Path out = temp.resolve("out.png");
        CliRunner.Result r = CliRunner.run("upscale", photo().toString(), "-o", out.toString(), "-m", "bicubic",
                "--scale", "2", "--hdr", "hlg", "--hdr-peak", "1000", "--hdr-white", "203");
        assertThat(r.exitCode()).as(r.err()).isZero();
        Picture written = new ImageDecoder().decode(out);
        assertThat(written.width()).isEqualTo(96);
        assertThat(written.source().bitDepth()).isEqualTo(16);
        assertThat(written.source().cicp()).contains(new Cicp(9, 18, 0, true));

        CliRunner.Result assess = CliRunner.run("assess", out.toString(), "--json");
        assertThat(assess.exitCode()).as(assess.err()).isZero();
        JsonNode first = new ObjectMapper().readTree(assess.out()).get(0);
        assertThat(first.get("primaries").asText()).isEqualTo("BT.2020");
        assertThat(first.get("transfer").asText()).startsWith("HLG");
        assertThat(first.get("hdr").asBoolean()).isTrue();
        CliRunner.Result sdr = CliRunner.run("assess", photo().toString());
        assertThat(sdr.out()).contains("colour        BT.709 / sRGB\n");
    }

    @Test
    void restoreTakesHdrAsTheLastStageOfTheSpec() throws IOException {
        Path out = temp.resolve("pq.png");
        CliRunner.Result r = CliRunner.run("restore", photo().toString(), "-o", out.toString(), "--pipeline",
                "sr=2:bicubic,hdr=hdr10:1000:203");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(new ImageDecoder().decode(out).source().cicp()).contains(new Cicp(9, 16, 0, true));
    }

    @Test
    void badHdrRequestsAreRefusedBeforeAnythingIsWritten() throws IOException {
        Path in = photo();
        CliRunner.Result format = CliRunner.run("upscale", in.toString(), "-o", temp.resolve("o.jpg").toString(),
                "-m", "bicubic", "--hdr", "hdr10");
        assertThat(format.exitCode()).isNotZero();
        assertThat(format.err()).contains("16-bit PNG with a cICP chunk");
        assertThat(temp.resolve("o.jpg")).doesNotExist();

        CliRunner.Result unknown = CliRunner.run("upscale", in.toString(), "-o", temp.resolve("o.png").toString(),
                "--hdr", "dolby");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("--hdr dolby").contains("hdr10 or hlg");

        CliRunner.Result peak = CliRunner.run("upscale", in.toString(), "-o", temp.resolve("o.png").toString(),
                "--hdr", "hdr10", "--hdr-peak", "100");
        assertThat(peak.exitCode()).isEqualTo(2);
        assertThat(peak.err()).contains("white ≤ peak");

        CliRunner.Result twice = CliRunner.run("restore", in.toString(), "-o", temp.resolve("o.png").toString(),
                "--pipeline", "sr=2:bicubic,hdr=hlg", "--hdr", "hdr10");
        assertThat(twice.exitCode()).isEqualTo(2);
        assertThat(twice.err()).contains("already ends in hdr=hlg");
        assertThat(Files.exists(temp.resolve("o.png"))).isFalse();
    }
}
