package io.sr4j.server;

import static io.sr4j.server.ApiTest.assertError;
import static io.sr4j.server.ApiTest.json;
import static io.sr4j.server.JobLifecycleTest.await;
import static io.sr4j.server.TestServer.gradientPng;
import static io.sr4j.server.TestServer.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.sr4j.diffusion.SamplerKind;
import io.sr4j.diffusion.SamplerSettings;
import io.sr4j.model.ModelCatalog;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** steps, seed and sampler on the API: diffusion models only, and only as jobs. */
class DiffusionApiTest {
    private static final ModelCatalog CATALOG = ModelCatalog.standard();
    private static final String DIFFUSION = "sr4j-diffusion-x4";

    @TempDir
    Path jobs;

    private static UpscaleParams parse(Map<String, String> values) {
        return UpscaleParams.parse(values::get, CATALOG, null);
    }

    @Test
    void aDiffusionModelGetsTheSamplingAskedOrTheDefaults() {
        UpscaleParams plain = parse(Map.of("model", DIFFUSION));
        assertThat(plain.samplesDiffusion()).isTrue();
        assertThat(plain.sampling()).isEqualTo(SamplerSettings.defaults());
        UpscaleParams asked = parse(Map.of("model", DIFFUSION, "steps", "7", "seed", "-3", "sampler", "DDPM"));
        assertThat(asked.sampling()).isEqualTo(new SamplerSettings(SamplerKind.DDPM, 7, 0, -3));
        UpscaleParams piped = parse(Map.of("pipeline", "deblur,sr=" + DIFFUSION, "eta", "0.5"));
        assertThat(piped.sampling()).isEqualTo(SamplerSettings.defaults().withEta(0.5));
        assertThat(parse(Map.of("model", "bicubic")).samplesDiffusion()).isFalse();
    }

    @Test
    void badOrMisplacedSamplingIsA400NamingIt() {
        assertBad(Map.of("model", DIFFUSION, "steps", "0"), "bad_steps", "1..1000");
        assertBad(Map.of("model", DIFFUSION, "steps", "1001"), "bad_steps", "1..1000");
        assertBad(Map.of("model", DIFFUSION, "seed", "one"), "bad_seed", "integer");
        assertBad(Map.of("model", DIFFUSION, "sampler", "euler"), "bad_sampler", "ddim or ddpm");
        assertBad(Map.of("model", DIFFUSION, "sampler", "ddpm", "eta", "0.5"), "bad_eta", "DDIM");
        assertBad(Map.of("model", "bicubic", "steps", "5"), "bad_sampling", "diffusion");
        assertBad(Map.of("pipeline", "sr=2:bicubic", "seed", "5"), "bad_sampling", "diffusion");
    }

    private static void assertBad(Map<String, String> values, String code, String says) {
        assertThatThrownBy(() -> parse(values)).isInstanceOfSatisfying(ApiError.class, e -> {
            assertThat(e.code()).isEqualTo(code);
            assertThat(e.status()).isEqualTo(400);
        }).hasMessageContaining(says);
    }

    @Test
    void theSynchronousRouteSendsDiffusionToJobs() throws Exception {
        try (TestServer server = TestServer.start(jobs, b -> { })) {
            HttpResponse<byte[]> refused = server.post("/api/v1/upscale?filename=g.png&model=" + DIFFUSION
                    + "&steps=3", gradientPng(16, 16));
            assertError(refused, 422, "diffusion_needs_job");
            assertThat(json(refused).at("/error/message").asText()).contains("/api/v1/jobs", "3 steps");
            assertError(server.post("/api/v1/upscale?filename=g.png&model=bicubic&seed=2", gradientPng(16, 16)),
                    400, "bad_sampling");
        }
    }

    @Test
    void aDiffusionJobIsDeterministicPerSeed() throws Exception {
        assumeTrue(DiffusionApiTest.class.getResource(CATALOG.get(DIFFUSION).builtinResource()) != null,
                "the shipped diffusion graph is not in this build");
        try (TestServer server = TestServer.start(jobs, b -> b.threads(2))) {
            byte[] image = gradientPng(16, 12);
            byte[] first = result(server, image, "2");
            byte[] again = result(server, image, "2");
            byte[] other = result(server, image, "3");
            assertThat(new io.sr4j.io.ImageDecoder().decode(first, "result").width()).isEqualTo(64);
            assertThat(again).isEqualTo(first);
            assertThat(other).isNotEqualTo(first);
        }
    }

    private static byte[] result(TestServer server, byte[] image, String seed) throws Exception {
        HttpResponse<byte[]> accepted = server.postMultipart("/api/v1/jobs", "g.png", image, "model", DIFFUSION,
                "steps", "2", "seed", seed);
        assertThat(accepted.statusCode()).as(text(accepted)).isEqualTo(202);
        String id = json(accepted).get("id").asText();
        JsonNode done = await(server, id, j -> !j.get("state").asText().matches("queued|running"));
        assertThat(done.get("state").asText()).as(done.toString()).isEqualTo("succeeded");
        HttpResponse<byte[]> result = server.get(done.get("resultUrl").asText());
        assertThat(result.statusCode()).isEqualTo(200);
        return result.body();
    }
}
