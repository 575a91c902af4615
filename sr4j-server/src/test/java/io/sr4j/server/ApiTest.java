package io.sr4j.server;

import static io.sr4j.server.TestServer.decode;
import static io.sr4j.server.TestServer.gradientPng;
import static io.sr4j.server.TestServer.text;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sr4j.image.Picture;
import io.sr4j.io.ImageDecoder;
import io.sr4j.model.Domain;
import io.sr4j.model.QualityTier;
import io.sr4j.model.TierTable;
import io.sr4j.testing.TestData;
import io.sr4j.upscale.TileProgress;
import io.sr4j.upscale.Upscaler;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The synchronous API, the info routes and every error case, against a server on a random port. */
class ApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long MAX_UPLOAD = 2_000_000;

    @TempDir
    static Path jobs;
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(jobs, b -> b.maxUploadBytes(MAX_UPLOAD).maxInputPixels(300_000)
                .maxOutputPixels(2_000_000));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static JsonNode json(HttpResponse<byte[]> response) throws IOException {
        return JSON.readTree(response.body());
    }

    /** Status, error code and a message that names the problem. */
    static void assertError(HttpResponse<byte[]> response, int status, String code) throws IOException {
        assertThat(response.statusCode()).as(text(response)).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                t -> assertThat(t).startsWith("application/json"));
        JsonNode error = json(response).get("error");
        assertThat(error.get("status").asInt()).isEqualTo(status);
        assertThat(error.get("code").asText()).isEqualTo(code);
        assertThat(error.get("message").asText()).isNotBlank();
    }

    @Test
    void rawBodyIsEnlargedLikeTheLibraryDoes() throws IOException {
        Path photo = TestData.skimage("coins.png");
        HttpResponse<byte[]> response = server.post("/api/v1/upscale?model=bicubic&scale=1.5&filename=coins.png",
                Files.readAllBytes(photo));

        assertThat(response.statusCode()).as(text(response)).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("image/png");
        assertThat(response.headers().firstValue("Content-Disposition")).hasValueSatisfying(
                v -> assertThat(v).contains("coins_sr4j.png"));
        Picture result = decode(response);
        Picture input = new ImageDecoder().decode(photo);
        try (Upscaler bicubic = Upscaler.builder().model("bicubic").store(TestServer.store()).build()) {
            Picture expected = bicubic.upscale(input, 1.5, TileProgress.none());
            assertThat(result.width()).isEqualTo(expected.width()).isEqualTo(576);
            assertThat(result.height()).isEqualTo(expected.height());
            assertThat(maxDifference(result, expected)).isLessThanOrEqualTo(1 / 255f + 1e-6f);
        }
        assertThat(response.headers().firstValue("X-Sr4j-Output-Size")).hasValue(result.width() + "x" + result.height());
    }

    private static float maxDifference(Picture a, Picture b) {
        float[] x = a.rgb().data();
        float[] y = b.rgb().data();
        // A grey input comes back grey: compare the first plane when the channel counts differ.
        int n = Math.min(x.length, y.length);
        float max = 0;
        for (int i = 0; i < n; i++) {
            max = Math.max(max, Math.abs(x[i] - y[i]));
        }
        return max;
    }

    @Test
    void multipartWithFormFieldsChoosesTheFormat() throws IOException {
        HttpResponse<byte[]> response = server.postMultipart("/api/v1/upscale", "grad.png", gradientPng(40, 30),
                "model", "lanczos", "scale", "2", "format", "jpeg", "jpeg_quality", "80");

        assertThat(response.statusCode()).as(text(response)).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("image/jpeg");
        Picture result = decode(response);
        assertThat(result.source().format()).isEqualTo("jpeg");
        assertThat(result.width()).isEqualTo(80);
        assertThat(result.height()).isEqualTo(60);
    }

    @Test
    void parametersOutOfRangeAre400() throws IOException {
        byte[] png = gradientPng(20, 20);
        assertError(server.post("/api/v1/upscale?scale=abc", png), 400, "bad_scale");
        assertError(server.post("/api/v1/upscale?scale=-2", png), 400, "bad_scale");
        assertError(server.post("/api/v1/upscale?scale=100", png), 400, "bad_scale");
        assertError(server.post("/api/v1/upscale?denoise=7", png), 400, "bad_denoise");
        assertError(server.post("/api/v1/upscale?format=tiff", png), 400, "bad_format");
        assertError(server.post("/api/v1/upscale?jpeg_quality=0", png), 400, "bad_jpeg_quality");
        assertError(server.post("/api/v1/upscale?quality=superb", png), 400, "bad_quality");
        HttpResponse<byte[]> number = server.post("/api/v1/upscale?quality=80", png);
        assertError(number, 400, "bad_quality");
        assertThat(text(number)).as("a number points to the encoder's parameter").contains("jpeg_quality=80");
        HttpResponse<byte[]> unknown = server.post("/api/v1/upscale?model=bicubc", png);
        assertError(unknown, 400, "unknown_model");
        assertThat(text(unknown)).contains("bicubic");
    }

    @Test
    void clientsCannotNameFiles() throws IOException {
        byte[] png = gradientPng(20, 20);
        // A model path is not a catalogue id.
        assertError(server.post("/api/v1/upscale?model=/etc/passwd", png), 400, "unknown_model");
        assertError(server.post("/api/v1/upscale?model=../../models/x.onnx", png), 400, "unknown_model");
        // The upload's name only labels messages: no directory part survives.
        HttpResponse<byte[]> named = server.post("/api/v1/upscale?model=bicubic&filename=../../etc/evil.png", png);
        assertThat(named.headers().firstValue("Content-Disposition")).hasValueSatisfying(
                v -> assertThat(v).contains("\"evil_sr4j.png\"").doesNotContain(".."));
        // Job ids are checked before any path is built from them.
        assertError(server.get("/api/v1/jobs/..%2f..%2fjob.json"), 404, "not_found");
        assertError(server.get("/api/v1/jobs/00000000000000000000000000000000"), 404, "not_found");
    }

    @Test
    void staticFilesCannotBeLeftByTraversal() {
        for (String path : List.of("/..%2f..%2f..%2fetc%2fpasswd", "/%2e%2e/%2e%2e/etc/passwd", "/../pom.xml",
                "/io/sr4j/server/openapi.json", "/simplelogger.properties")) {
            HttpResponse<byte[]> response = server.get(path);
            assertThat(response.statusCode()).as(path).isIn(400, 404);
            assertThat(text(response)).doesNotContain("root:").doesNotContain("simpleLogger");
        }
        assertThat(server.get("/").statusCode()).isEqualTo(200);
    }

    @Test
    void oversizedUploadIs413() throws IOException {
        byte[] big = new byte[(int) MAX_UPLOAD + 1];
        assertError(server.post("/api/v1/upscale", big), 413, "upload_too_large");
        assertError(server.postMultipart("/api/v1/upscale", "big.png", big), 413, "upload_too_large");
        // Chunked (no declared length): cut off while reading.
        HttpRequest chunked = server.request("/api/v1/upscale").POST(HttpRequest.BodyPublishers.ofInputStream(
                () -> new java.io.ByteArrayInputStream(big))).build();
        assertError(server.send(chunked), 413, "upload_too_large");
    }

    @Test
    void notAnImageTruncatedOrEmptyIsRefused() throws IOException {
        assertError(server.post("/api/v1/upscale", "hello, not an image".getBytes()), 422, "not_an_image");
        byte[] png = gradientPng(64, 64);
        byte[] truncated = Arrays.copyOf(png, png.length / 2);
        HttpResponse<byte[]> cut = server.post("/api/v1/upscale?filename=cut.png", truncated);
        assertThat(cut.statusCode()).as(text(cut)).isEqualTo(422);
        assertThat(text(cut)).contains("cut.png");
        assertError(server.post("/api/v1/upscale", new byte[0]), 400, "empty_upload");
        assertError(server.postMultipart("/api/v1/upscale", null, null, "model", "bicubic"), 400, "missing_file");
    }

    @Test
    void tooManyPixelsInOrOutIs422() throws IOException {
        // 600 x 600 = 360 000 input pixels > 300 000; the header alone decides.
        assertError(server.post("/api/v1/upscale?model=bicubic", gradientPng(600, 600)), 422, "too_many_pixels");
        // 400 x 400 x 4² = 2.56 Mpx output > 2 Mpx.
        HttpResponse<byte[]> out = server.post("/api/v1/upscale?model=bicubic&scale=4", gradientPng(400, 400));
        assertError(out, 422, "output_too_large");
        assertThat(text(out)).contains("2000000");
    }

    @Test
    void aQualityTierPicksTheMeasuredNetworkOverTheServersDefault() throws IOException {
        byte[] png = gradientPng(24, 16);
        HttpResponse<byte[]> fast = server.post("/api/v1/upscale?quality=fast&scale=2", png);
        assertThat(fast.statusCode()).as(text(fast)).isEqualTo(200);
        String expected = TierTable.standard().choose(QualityTier.FAST, Domain.PHOTO, 2).orElseThrow().pipeline();
        assertThat(fast.headers().firstValue("X-Sr4j-Pipeline")).hasValue(expected);
        assertThat(decode(fast).width()).isEqualTo(48);

        // no tier asked for: the server's default model (bicubic in these tests) runs
        HttpResponse<byte[]> plain = server.post("/api/v1/upscale?scale=2", png);
        assertThat(plain.headers().firstValue("X-Sr4j-Pipeline")).hasValue("sr=2:bicubic");
    }

    @Test
    void modelsHealthMetricsAndOpenApi() throws IOException {
        JsonNode models = json(server.get("/api/v1/models"));
        assertThat(models.get("defaultModel").asText()).isEqualTo("bicubic");
        assertThat(models.get("defaultQuality").asText()).isEqualTo(QualityTier.DEFAULT.code());
        assertThat(models.get("qualityTiers").toString()).isEqualTo("[\"fast\",\"balanced\",\"best\"]");
        assertThat(models.get("models").findValuesAsText("id")).contains("bicubic", "realesrgan-x4fast",
                "waifu2x-cunet-noise1");
        JsonNode health = json(server.get("/health"));
        assertThat(health.get("status").asText()).isEqualTo("ok");
        assertThat(health.at("/queue/capacity").asInt()).isEqualTo(ServerConfig.DEFAULT_QUEUE);

        server.post("/api/v1/upscale?model=bicubic", gradientPng(32, 32));
        HttpResponse<byte[]> metrics = server.get("/metrics");
        assertThat(metrics.headers().firstValue("Content-Type")).hasValueSatisfying(
                t -> assertThat(t).startsWith("text/plain"));
        assertThat(text(metrics)).contains("sr4j_queue_waiting", "sr4j_queue_running", "sr4j_jobs{state=\"queued\"}",
                "sr4j_processed_megapixels_total", "sr4j_http_requests_seconds_bucket",
                "route=\"/api/v1/upscale\"", "sr4j_work_seconds_bucket");
        assertThat(json(server.get("/api/openapi.json")).get("openapi").asText()).startsWith("3.");
    }

    @Test
    void everyRegisteredRouteIsInTheOpenApiDocument() throws IOException {
        JsonNode paths = JSON.readTree(InfoRoutes.resource(InfoRoutes.OPENAPI_RESOURCE)).get("paths");
        List<Sr4jServer.Route> routes = server.server.routes();
        assertThat(routes).hasSizeGreaterThanOrEqualTo(9);
        for (Sr4jServer.Route route : routes) {
            assertThat(paths.has(route.path())).as("%s in openapi.json", route.path()).isTrue();
            assertThat(paths.get(route.path()).has(route.method().toLowerCase())).as("%s %s documented",
                    route.method(), route.path()).isTrue();
        }
        // And nothing documented that the server does not serve.
        for (var it = paths.fieldNames(); it.hasNext(); ) {
            String path = it.next();
            assertThat(routes).as(path).anyMatch(r -> r.path().equals(path));
        }
    }

    @Test
    void multipartSpoolFilesAreRemoved() throws IOException {
        // Parts above 1 MB would be spooled to disk; here the server's limit keeps them smaller, so check
        // that whatever Jetty wrote is gone once the requests are answered.
        for (int i = 0; i < 3; i++) {
            server.postMultipart("/api/v1/upscale", "g.png", gradientPng(100, 100), "model", "bicubic");
        }
        try (Stream<Path> left = Files.list(jobs.resolve(".uploads"))) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void aPipelineRunsItsStagesInOrder() throws IOException {
        HttpResponse<byte[]> response = server.post("/api/v1/upscale?filename=g.png&pipeline="
                + "sr%3D2%3Alanczos%2Csr%3Dw150%3Abicubic", gradientPng(50, 40));
        assertThat(response.statusCode()).as(text(response)).isEqualTo(200);
        assertThat(response.headers().firstValue("X-Sr4j-Output-Size")).hasValue("150x120");
        assertThat(decode(response).width()).isEqualTo(150);
    }

    @Test
    void deblurEnhanceAndHdrJoinModelScaleAndDenoiseAsOnePipeline() throws IOException {
        byte[] png = gradientPng(64, 48);
        HttpResponse<byte[]> all = server.post("/api/v1/upscale?model=bicubic&scale=2&deblur=true&enhance=auto"
                + "&hdr=hdr10", png);
        assertThat(all.statusCode()).as(text(all)).isEqualTo(200);
        assertThat(all.headers().firstValue("X-Sr4j-Pipeline")).hasValue("deblur,sr=2:bicubic,enhance,hdr=hdr10");
        assertThat(all.headers().firstValue("Content-Type")).hasValue("image/png");
        Picture hdr = decode(all);
        assertThat(hdr.width()).isEqualTo(128);
        assertThat(hdr.source().bitDepth()).isEqualTo(16);
        assertThat(hdr.source().cicp()).hasValueSatisfying(c -> assertThat(c.isHdr()).isTrue());
        // Off is the same as absent; the spelling of a value is checked.
        HttpResponse<byte[]> off = server.post("/api/v1/upscale?model=bicubic&scale=2&deblur=false&enhance=none"
                + "&hdr=none", png);
        assertThat(off.headers().firstValue("X-Sr4j-Pipeline")).hasValue("sr=2:bicubic");
        assertError(server.post("/api/v1/upscale?model=bicubic&deblur=maybe", png), 400, "bad_deblur");
        assertError(server.post("/api/v1/upscale?model=bicubic&enhance=strong", png), 400, "bad_enhance");
        HttpResponse<byte[]> badHdr = server.post("/api/v1/upscale?model=bicubic&hdr=sdr", png);
        assertError(badHdr, 400, "bad_pipeline");
        assertThat(text(badHdr)).contains("hdr=sdr");
        assertError(server.post("/api/v1/upscale?pipeline=sr%3D2&hdr=hdr10", png), 400, "bad_pipeline");
    }

    @Test
    void aBadPipelineIsRefusedNamingTheStage() throws IOException {
        byte[] png = gradientPng(20, 20);
        HttpResponse<byte[]> misplaced = server.post("/api/v1/upscale?pipeline=sr%3D2%2Cdeblur", png);
        assertError(misplaced, 400, "bad_pipeline");
        assertThat(text(misplaced)).contains("'deblur'").contains("must come before sr");
        assertError(server.post("/api/v1/upscale?pipeline=sr%3D2%2Cdenoise", png), 400, "bad_pipeline");
        assertError(server.post("/api/v1/upscale?pipeline=sr%3D2&model=bicubic", png), 400, "bad_pipeline");
        HttpResponse<byte[]> unknown = server.post("/api/v1/upscale?pipeline=sr%3D2%3Anope", png);
        assertError(unknown, 400, "unknown_model");
        assertThat(text(unknown)).contains("'nope'");
        // A file path is never a model on the server.
        assertError(server.post("/api/v1/upscale?pipeline=sr%3D2%3A%2Fetc%2Fpasswd.onnx", png), 400, "unknown_model");
    }

    @Test
    void aPipelineWhoseStagesMakeTooLargeAnImageIsRefusedBeforeWork() throws IOException {
        // 500x400 by 4 then reduced is small at the end, but the x4 image on the way is 3.2 Mpx.
        assertError(server.post("/api/v1/upscale?pipeline=sr%3D4%3Abicubic%2Csr%3D0.25%3Abicubic",
                gradientPng(500, 400)), 422, "output_too_large");
    }
}
