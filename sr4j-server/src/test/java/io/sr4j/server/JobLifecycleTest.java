package io.sr4j.server;

import static io.sr4j.server.ApiTest.assertError;
import static io.sr4j.server.ApiTest.json;
import static io.sr4j.server.TestServer.decode;
import static io.sr4j.server.TestServer.gradientPng;
import static io.sr4j.server.TestServer.text;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sr4j.image.Picture;
import io.sr4j.testing.TestData;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Jobs from submission to result, cancel, expiry and restart recovery; the bounded queue. The slow
 * work that keeps a worker busy is a real network (realesrgan-x4fast, fetched on first use like a
 * user's) on a photo cut into many small tiles, so progress is reported often.
 */
class JobLifecycleTest {
    private static final String SLOW = "/api/v1/jobs?model=realesrgan-x4fast&filename=astronaut.png";

    @TempDir
    Path jobs;

    private static byte[] photo() throws IOException {
        return Files.readAllBytes(TestData.skimage("astronaut.png")); // 512 x 512
    }

    private static TestServer slowServer(Path dir) {
        return TestServer.start(dir, b -> b.tileSize(32).threads(1).queueCapacity(1));
    }

    static JsonNode await(TestServer server, String id, Predicate<JsonNode> until) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (true) {
            JsonNode job = json(server.get("/api/v1/jobs/" + id));
            if (until.test(job)) {
                return job;
            }
            assertThat(System.nanoTime() - deadline).as("job %s still %s", id, job).isNegative();
            Thread.sleep(50);
        }
    }

    private static List<String> files(Path dir) throws IOException {
        try (Stream<Path> list = Files.list(dir)) {
            return list.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aJobRunsItsPipelineAndSaysWhichRan() throws Exception {
        try (TestServer server = TestServer.start(jobs, b -> { })) {
            HttpResponse<byte[]> accepted = server.postMultipart("/api/v1/jobs", "g.png", gradientPng(50, 40),
                    "pipeline", "sr=2:lanczos, sr=1.5:bicubic");
            assertThat(accepted.statusCode()).as(text(accepted)).isEqualTo(202);
            String id = json(accepted).get("id").asText();
            assertThat(json(accepted).get("pipeline").asText()).isEqualTo("sr=2:lanczos,sr=1.5:bicubic");
            JsonNode done = await(server, id, j -> j.get("state").asText().equals("succeeded"));
            assertThat(done.at("/output/width").asInt()).isEqualTo(150);
            assertThat(done.get("pipeline").asText()).isEqualTo("sr=2:lanczos,sr=1.5:bicubic");
        }
    }

    @Test
    void jobRunsToAResultThatCanBeDownloadedAndDeleted() throws Exception {
        try (TestServer server = TestServer.start(jobs, b -> { })) {
            HttpResponse<byte[]> accepted = server.post("/api/v1/jobs?model=bicubic&scale=3&format=webp&filename=g.png",
                    gradientPng(50, 40));
            assertThat(accepted.statusCode()).as(text(accepted)).isEqualTo(202);
            String id = json(accepted).get("id").asText();
            assertThat(accepted.headers().firstValue("Location")).hasValue("/api/v1/jobs/" + id);

            JsonNode done = await(server, id, j -> j.get("state").asText().equals("succeeded"));
            assertThat(done.get("progress").asInt()).isEqualTo(100);
            assertThat(done.at("/output/width").asInt()).isEqualTo(150);
            assertThat(done.get("resultUrl").asText()).isEqualTo("/api/v1/jobs/" + id + "/result");
            HttpResponse<byte[]> result = server.get("/api/v1/jobs/" + id + "/result");
            assertThat(result.headers().firstValue("Content-Type")).hasValue("image/webp");
            Picture picture = decode(result);
            assertThat(picture.width()).isEqualTo(150);
            assertThat(picture.height()).isEqualTo(120);
            // The upload is gone once the job ended; only the record and the result stay.
            assertThat(files(jobs.resolve(id))).containsExactly("job.json", "result.webp");

            assertThat(server.delete("/api/v1/jobs/" + id).statusCode()).isEqualTo(204);
            assertError(server.get("/api/v1/jobs/" + id), 404, "not_found");
            assertThat(jobs.resolve(id)).doesNotExist();
        }
    }

    @Test
    void badUploadsAreRefusedAtSubmissionAndLeaveNothing() throws Exception {
        try (TestServer server = TestServer.start(jobs, b -> b.maxUploadBytes(100_000).maxInputPixels(10_000))) {
            assertError(server.post("/api/v1/jobs", "text".getBytes()), 422, "not_an_image");
            assertError(server.post("/api/v1/jobs", new byte[100_001]), 413, "upload_too_large");
            assertError(server.post("/api/v1/jobs", gradientPng(120, 100)), 422, "too_many_pixels");
            assertError(server.post("/api/v1/jobs?scale=0", gradientPng(10, 10)), 400, "bad_scale");
            assertThat(files(jobs)).containsExactly(".uploads");
        }
    }

    @Test
    void aCorruptImageFailsTheJobWithTheReason() throws Exception {
        try (TestServer server = TestServer.start(jobs, b -> { })) {
            byte[] png = gradientPng(64, 64);
            byte[] truncated = java.util.Arrays.copyOf(png, png.length * 2 / 3);
            String id = json(server.post("/api/v1/jobs?model=bicubic&filename=cut.png", truncated)).get("id").asText();
            JsonNode failed = await(server, id, j -> j.get("state").asText().equals("failed"));
            assertThat(failed.at("/error/message").asText()).startsWith("cut.png: ");
            assertError(server.get("/api/v1/jobs/" + id + "/result"), 409, "not_ready");
            assertThat(files(jobs.resolve(id))).containsExactly("job.json");
        }
    }

    @Test
    void cancelStopsARunningJobAndAQueuedOne() throws Exception {
        try (TestServer server = slowServer(jobs)) {
            String running = json(server.post(SLOW, photo())).get("id").asText();
            String queued = json(server.post(SLOW, photo())).get("id").asText();
            await(server, running, j -> j.get("state").asText().equals("running") && j.get("progress").asInt() > 0);

            // The queue (1 running + 1 place) is full now: refused with a hint when to retry.
            HttpResponse<byte[]> refused = server.post("/api/v1/upscale?model=bicubic", gradientPng(8, 8));
            assertError(refused, 503, "queue_full");
            assertThat(refused.headers().firstValue("Retry-After")).hasValueSatisfying(
                    v -> assertThat(Long.parseLong(v)).isPositive());

            HttpResponse<byte[]> cancel = server.delete("/api/v1/jobs/" + queued);
            assertThat(cancel.statusCode()).isEqualTo(200);
            assertThat(json(cancel).get("state").asText()).isEqualTo("cancelled");
            HttpResponse<byte[]> stop = server.delete("/api/v1/jobs/" + running);
            assertThat(json(stop).get("state").asText()).isEqualTo("cancelled");

            // The worker leaves the running job at its next tile and takes new work again.
            HttpResponse<byte[]> next = server.post("/api/v1/jobs?model=bicubic", gradientPng(8, 8));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (next.statusCode() == 503 && System.nanoTime() < deadline) {
                Thread.sleep(100);
                next = server.post("/api/v1/jobs?model=bicubic", gradientPng(8, 8));
            }
            String after = json(next).get("id").asText();
            await(server, after, j -> j.get("state").asText().equals("succeeded"));
            for (String id : List.of(running, queued)) {
                assertThat(json(server.get("/api/v1/jobs/" + id)).get("state").asText()).isEqualTo("cancelled");
                assertError(server.get("/api/v1/jobs/" + id + "/result"), 409, "not_ready");
                assertThat(files(jobs.resolve(id))).containsExactly("job.json");
            }
        }
    }

    @Test
    void aJobDeletedRightAfterItsCancelGoesWithItsFilesOnceItsWorkerStops() throws Exception {
        try (TestServer server = slowServer(jobs)) {
            String id = json(server.post(SLOW, photo())).get("id").asText();
            await(server, id, j -> j.get("state").asText().equals("running") && j.get("progress").asInt() > 0);

            // The soak test's race: the worker is still inside a tile when the job is cancelled and deleted.
            assertThat(json(server.delete("/api/v1/jobs/" + id)).get("state").asText()).isEqualTo("cancelled");
            HttpResponse<byte[]> deleted = server.delete("/api/v1/jobs/" + id);
            assertThat(deleted.statusCode()).as(text(deleted)).isEqualTo(204);
            assertError(server.get("/api/v1/jobs/" + id), 404, "not_found");

            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (Files.exists(jobs.resolve(id)) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(jobs.resolve(id)).as("folder of the deleted job").doesNotExist();
            assertThat(files(jobs)).containsExactly(".uploads");
        }
    }

    @Test
    void unfinishedJobsRunAgainAfterARestart() throws Exception {
        String running;
        String queued;
        try (TestServer first = slowServer(jobs)) {
            running = json(first.post(SLOW, photo())).get("id").asText();
            queued = json(first.post("/api/v1/jobs?model=bicubic&scale=2", gradientPng(30, 20))).get("id").asText();
            await(first, running, j -> j.get("state").asText().equals("running"));
        } // stopped under a running job
        for (String id : List.of(running, queued)) {
            JsonNode onDisk = new ObjectMapper().readTree(jobs.resolve(id).resolve("job.json").toFile());
            assertThat(onDisk.get("state").asText()).as(id).isEqualTo("queued");
            assertThat(jobs.resolve(id).resolve("input")).exists();
        }
        try (TestServer second = TestServer.start(jobs, b -> b.threads(2))) {
            JsonNode big = await(second, running, j -> j.get("state").asText().equals("succeeded"));
            assertThat(big.at("/output/width").asInt()).isEqualTo(2048);
            JsonNode small = await(second, queued, j -> j.get("state").asText().equals("succeeded"));
            assertThat(small.at("/output/width").asInt()).isEqualTo(60);
            assertThat(decode(second.get("/api/v1/jobs/" + queued + "/result")).height()).isEqualTo(40);
        }
    }

    @Test
    void finishedJobsExpireWithTheirFiles() throws Exception {
        try (TestServer server = TestServer.start(jobs, b -> b.jobTtl(Duration.ofSeconds(1)))) {
            String id = json(server.post("/api/v1/jobs?model=bicubic", gradientPng(16, 16))).get("id").asText();
            await(server, id, j -> j.get("state").asText().equals("succeeded"));
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (server.get("/api/v1/jobs/" + id).statusCode() == 200 && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            assertError(server.get("/api/v1/jobs/" + id), 404, "not_found");
            assertThat(jobs.resolve(id)).doesNotExist();
        }
    }

    @Test
    void aJobOverItsTimeLimitFails() throws Exception {
        try (TestServer server = TestServer.start(jobs, b -> b.tileSize(32).threads(1)
                .jobTimeout(Duration.ofMillis(300)))) {
            String id = json(server.post(SLOW, photo())).get("id").asText();
            JsonNode failed = await(server, id, j -> j.get("state").asText().equals("failed"));
            assertThat(failed.at("/error/code").asText()).isEqualTo("timeout");
            assertThat(failed.at("/error/message").asText()).contains("astronaut.png", "limit");
        }
    }

    @Test
    void apiKeyGuardsEverythingButHealthAndThePage() throws Exception {
        try (TestServer server = TestServer.start(jobs, b -> b.apiKey("s3cret"))) {
            assertThat(server.get("/health").statusCode()).isEqualTo(200);
            assertThat(server.get("/").statusCode()).isEqualTo(200);
            for (String path : List.of("/api/v1/models", "/metrics", "/api/openapi.json")) {
                HttpResponse<byte[]> none = server.get(path);
                assertError(none, 401, "unauthorized");
                assertThat(none.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
            }
            assertError(server.post("/api/v1/upscale", gradientPng(8, 8)), 401, "unauthorized");
            HttpResponse<byte[]> wrong = server.send(server.request("/api/v1/models")
                    .header("Authorization", "Bearer nope").GET().build());
            assertError(wrong, 401, "unauthorized");
            HttpResponse<byte[]> right = server.send(server.request("/api/v1/models")
                    .header("Authorization", "Bearer s3cret").GET().build());
            assertThat(right.statusCode()).isEqualTo(200);
        }
    }

    @Test
    void corsAllowsTheConfiguredOriginOnly() throws Exception {
        try (TestServer server = TestServer.start(jobs, b -> b.corsOrigins(List.of("https://news.example")))) {
            HttpResponse<byte[]> allowed = server.send(server.request("/api/v1/models")
                    .header("Origin", "https://news.example").GET().build());
            assertThat(allowed.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://news.example");
            HttpResponse<byte[]> other = server.send(server.request("/api/v1/models")
                    .header("Origin", "https://evil.example").GET().build());
            assertThat(other.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        }
    }
}
