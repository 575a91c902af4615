package io.sr4j.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.sr4j.cli.Sr4jCommand;
import io.sr4j.image.Picture;
import io.sr4j.io.ImageDecoder;
import io.sr4j.io.ImageEncoder;
import io.sr4j.io.ImageFormat;
import io.sr4j.io.XmpPackets;
import io.sr4j.model.Domain;
import io.sr4j.model.ModelStore;
import io.sr4j.model.QualityTier;
import io.sr4j.model.TierTable;
import io.sr4j.server.ServerConfig;
import io.sr4j.server.Sr4jServer;
import io.sr4j.testing.TestPhotos;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The one pipeline behind every face: the same image and spec give byte-identical files through
 * the command line ({@code sr4j restore}), the HTTP API ({@code pipeline=}) and the Spark job
 * ({@code --pipeline}). Metadata is stripped on all three (the server never copies it; the notes
 * of the other two name their program and date), so the bytes are the pixels and the encoder's.
 */
class FacesAgreeTest {
    /** Two stages, a catalogue denoiser and sr4j's built-in network for the scale: no 8-bit step between. */
    private static final String SPEC = "denoise=1,sr=2";

    @Test
    void cliServerAndSparkWriteTheSameBytes(@TempDir Path tmp) throws Exception {
        Path in = Files.createDirectories(tmp.resolve("in"));
        Path photo = in.resolve("coffee.jpg");
        // A real photo, JPEG-compressed so the denoiser has work to do.
        ImageEncoder.builder().quality(60).build()
                .write(Picture.of(TestPhotos.crop("coffee.png", 180, 60, 96, 80)), photo);
        byte[] input = Files.readAllBytes(photo);

        Path fromCli = tmp.resolve("cli.png");
        int code = Sr4jCommand.execute("restore", photo.toString(), "-o", fromCli.toString(), "--pipeline", SPEC,
                "--strip-metadata", "--threads", "2");
        assertThat(code).isZero();
        byte[] cli = Files.readAllBytes(fromCli);

        byte[] server;
        ServerConfig config = ServerConfig.builder().port(0).jobsDir(tmp.resolve("jobs"))
                .store(ModelStore.builder().root(ModelStore.defaultRoot()).build()).workers(1).threads(2).build();
        try (Sr4jServer running = new Sr4jServer(config).start()) {
            HttpResponse<byte[]> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + running.port() + "/api/v1/upscale?format=png&filename=coffee.jpg"
                            + "&pipeline=" + URLEncoder.encode(SPEC, StandardCharsets.UTF_8)))
                    .timeout(Duration.ofMinutes(2)).POST(HttpRequest.BodyPublishers.ofByteArray(input)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(response.statusCode()).as(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo(200);
            server = response.body();
        }

        Path out = tmp.resolve("out");
        SparkSession spark = SparkSession.builder().master("local[1]").appName("sr4j faces agree")
                .config("spark.ui.enabled", "false").getOrCreate();
        try {
            BatchJob.Summary s = BatchJob.builder(spark, in.toString(), out.toString())
                    .settings(BatchSettings.defaults().withPipeline(SPEC).withStripMetadata(true).withThreads(2)
                            .withFormat(ImageFormat.PNG))
                    .build().run();
            assertThat(s.ok()).isEqualTo(1);
        } finally {
            spark.stop();
        }
        byte[] batch = Files.readAllBytes(out.resolve("coffee.png"));

        Picture decoded = new ImageDecoder().decode(fromCli);
        assertThat(decoded.width()).isEqualTo(192);
        assertThat(decoded.height()).isEqualTo(160);
        assertThat(server).as("server = CLI").isEqualTo(cli);
        assertThat(batch).as("Spark = CLI").isEqualTo(cli);
    }

    @Test
    void theProvenanceNoteListsEveryStageWithItsModel(@TempDir Path tmp) throws IOException {
        Path photo = tmp.resolve("coffee.png");
        ImageEncoder.defaults().write(Picture.of(TestPhotos.crop("coffee.png", 180, 60, 64, 48)), photo);
        Path result = tmp.resolve("out.png");
        assertThat(Sr4jCommand.execute("restore", photo.toString(), "-o", result.toString(), "--pipeline", SPEC))
                .isZero();
        String xmp = new ImageDecoder().decode(result).source().metadata().xmp();
        var note = XmpPackets.readProvenance(xmp);
        // the sr stage names no model, so the default tier picks it from the shipped table
        String tierPipeline = TierTable.standard().choose(QualityTier.DEFAULT, Domain.PHOTO, 2).orElseThrow()
                .pipeline();
        String srModel = tierPipeline.substring(tierPipeline.lastIndexOf(':') + 1);
        assertThat(note.get("Pipeline")).isEqualTo("denoise=waifu2x-cunet-noise1,sr=2:" + srModel);
        assertThat(note.get("Model")).isEqualTo("waifu2x-cunet-noise1 then " + srModel);
        assertThat(note.get("Scale")).isEqualTo("2");
        assertThat(List.of(note.get("Software").split(" "))).first().isEqualTo("sr4j");
    }
}
