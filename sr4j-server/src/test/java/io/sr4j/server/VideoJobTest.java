package io.sr4j.server;

import static io.sr4j.server.ApiTest.assertError;
import static io.sr4j.server.ApiTest.json;
import static io.sr4j.server.JobLifecycleTest.await;
import static io.sr4j.server.TestServer.gradientPng;
import static io.sr4j.server.TestServer.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sr4j.video.TestClips;
import io.sr4j.video.VideoInfo;
import io.sr4j.video.VideoUpscaler;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Video as a job: clips made in the test with the FFmpeg bindings (a moving pattern and a sine
 * tone), enlarged with bicubic where only the plumbing matters, and with a real network
 * (realesrgan-x4fast on one thread, small tiles) where a job must run long enough to be cancelled,
 * timed out or stopped by a restart.
 */
class VideoJobTest {
    private static final int FPS = 10;
    /** Long enough to be stopped part-way with a real network; short segments so some finish first. */
    private static final String SLOW = "/api/v1/jobs?model=realesrgan-x4fast&filename=slow.mkv";

    @TempDir
    static Path clips;
    @TempDir
    Path jobs;

    static Path mp4;
    static Path mkv;
    static Path slow;
    static Path longClip;

    @BeforeAll
    static void makeClips() {
        mp4 = clips.resolve("clip.mp4");
        TestClips.write(mp4, 64, 48, FPS, 1.0);
        mkv = clips.resolve("clip.mkv");
        TestClips.write(mkv, 48, 32, FPS, 0.6);
        slow = clips.resolve("slow.mkv");
        TestClips.write(slow, 32, 24, FPS, 2.0);
        longClip = clips.resolve("long.mp4");
        TestClips.write(longClip, 32, 32, FPS, 3.0);
    }

    private static TestServer server(Path dir, Consumer<ServerConfig.Builder> settings) {
        return TestServer.start(dir, b -> {
            b.video(VideoLimits.defaults().withSegmentLength(Duration.ofMillis(300)));
            settings.accept(b);
        });
    }

    /** One thread and small tiles: a frame of the slow clip takes a noticeable time. */
    private static TestServer slowServer(Path dir) {
        return server(dir, b -> b.tileSize(32).threads(1));
    }

    private static List<String> files(Path dir) throws IOException {
        try (Stream<Path> list = Files.list(dir)) {
            return list.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static VideoInfo probe(byte[] video, Path dir, String name) throws IOException {
        Path file = dir.resolve(name);
        Files.write(file, video);
        return VideoUpscaler.probe(file);
    }

    @Test
    void aVideoJobEndsAsAnEnlargedVideoWithItsSound() throws Exception {
        try (TestServer server = server(jobs, b -> { })) {
            HttpResponse<byte[]> accepted = server.postMultipart("/api/v1/jobs", "clip.mp4", Files.readAllBytes(mp4),
                    "model", "bicubic", "scale", "2", "crf", "30");
            assertThat(accepted.statusCode()).as(text(accepted)).isEqualTo(202);
            JsonNode queued = json(accepted);
            assertThat(queued.get("kind").asText()).isEqualTo("video");
            assertThat(queued.get("format").asText()).isEqualTo("mp4");
            assertThat(queued.at("/input/width").asInt()).isEqualTo(64);
            assertThat(queued.at("/video/frames").asLong()).isEqualTo(FPS);
            assertThat(queued.at("/video/crf").asInt()).isEqualTo(30);
            String id = queued.get("id").asText();

            JsonNode done = await(server, id, j -> j.get("state").asText().equals("succeeded"));
            assertThat(done.get("progress").asInt()).isEqualTo(100);
            assertThat(done.at("/output/width").asInt()).isEqualTo(128);
            assertThat(done.at("/output/height").asInt()).isEqualTo(96);
            HttpResponse<byte[]> result = server.get(done.get("resultUrl").asText());
            assertThat(result.statusCode()).isEqualTo(200);
            assertThat(result.headers().firstValue("Content-Type")).hasValue("video/mp4");
            assertThat(result.headers().firstValue("Content-Disposition")).hasValueSatisfying(
                    v -> assertThat(v).contains("clip_sr4j.mp4"));
            VideoInfo in = VideoUpscaler.probe(mp4);
            VideoInfo out = probe(result.body(), clips, id + ".mp4");
            assertThat(out.width()).isEqualTo(128);
            assertThat(out.height()).isEqualTo(96);
            assertThat(out.audioStreams()).isEqualTo(1);
            assertThat(out.seconds()).isCloseTo(in.seconds(), within(1.0 / FPS));
            // Upload and segments are gone; the record and the result stay until expiry.
            assertThat(files(jobs.resolve(id))).containsExactly("job.json", "result.mp4");

            // A Matroska body (no multipart, no model): the video default model, x2, and Matroska out.
            HttpResponse<byte[]> raw = server.post("/api/v1/jobs?filename=clip.mkv", Files.readAllBytes(mkv));
            assertThat(raw.statusCode()).as(text(raw)).isEqualTo(202);
            String second = json(raw).get("id").asText();
            JsonNode mkvDone = await(server, second, j -> j.get("state").asText().equals("succeeded"));
            assertThat(mkvDone.get("format").asText()).isEqualTo("mkv");
            assertThat(mkvDone.get("model").asText()).isEqualTo(VideoLimits.DEFAULT_MODEL);
            HttpResponse<byte[]> mkvResult = server.get("/api/v1/jobs/" + second + "/result");
            assertThat(mkvResult.headers().firstValue("Content-Type")).hasValue("video/x-matroska");
            assertThat(probe(mkvResult.body(), clips, second + ".mkv").width()).isEqualTo(48 * 2);
        }
    }

    @Test
    void hdrMakesATenBitHevcVideoAndGradingIsRefusedForVideos() throws Exception {
        try (TestServer server = server(jobs, b -> { })) {
            HttpResponse<byte[]> accepted = server.postMultipart("/api/v1/jobs", "clip.mkv", Files.readAllBytes(mkv),
                    "model", "bicubic", "scale", "2", "hdr", "hlg");
            assertThat(accepted.statusCode()).as(text(accepted)).isEqualTo(202);
            assertThat(json(accepted).get("pipeline").asText()).isEqualTo("sr=2:bicubic,hdr=hlg");
            String id = json(accepted).get("id").asText();
            JsonNode done = await(server, id, j -> !j.get("state").asText().matches("queued|running"));
            assertThat(done.get("state").asText()).as(done.toString()).isEqualTo("succeeded");
            VideoInfo out = probe(server.get(done.get("resultUrl").asText()).body(), clips, id + ".mkv");
            assertThat(out.width()).isEqualTo(96);
            assertThat(out.hdr()).isTrue();
            byte[] clip = Files.readAllBytes(mkv);
            HttpResponse<byte[]> h264 = server.post("/api/v1/jobs?filename=c.mkv&model=bicubic&hdr=hdr10&codec=h264",
                    clip);
            assertError(h264, 400, "bad_codec");
            assertThat(text(h264)).contains("h265");
            assertError(server.post("/api/v1/jobs?filename=c.mkv&model=bicubic&hdr=hdr10&bit_depth=8", clip), 400,
                    "bad_bit_depth");
        }
    }

    @Test
    void anEnhancedTenBitVideoJobIsGradedAndWrittenWithTenBits() throws Exception {
        try (TestServer server = server(jobs, b -> { })) {
            HttpResponse<byte[]> accepted = server.postMultipart("/api/v1/jobs", "clip.mkv", Files.readAllBytes(mkv),
                    "model", "bicubic", "scale", "2", "enhance", "auto", "codec", "h265", "bit_depth", "10");
            assertThat(accepted.statusCode()).as(text(accepted)).isEqualTo(202);
            assertThat(json(accepted).get("pipeline").asText()).isEqualTo("sr=2:bicubic,enhance");
            assertThat(json(accepted).at("/video/bitDepth").asInt()).isEqualTo(10);
            String id = json(accepted).get("id").asText();
            JsonNode done = await(server, id, j -> !j.get("state").asText().matches("queued|running"));
            assertThat(done.get("state").asText()).as(done.toString()).isEqualTo("succeeded");
            Path out = clips.resolve(id + ".mkv");
            Files.write(out, server.get(done.get("resultUrl").asText()).body());
            assertThat(VideoUpscaler.probe(out).width()).isEqualTo(96);
            Process probe = new ProcessBuilder("ffprobe", "-v", "error", "-select_streams", "v", "-show_entries",
                    "stream=pix_fmt", "-of", "csv=p=0", out.toString()).redirectErrorStream(true).start();
            assertThat(new String(probe.getInputStream().readAllBytes()).trim()).isEqualTo("yuv420p10le");
            assertThat(probe.waitFor()).isZero();
            assertError(server.post("/api/v1/jobs?filename=c.mkv&model=bicubic&bit_depth=12",
                    Files.readAllBytes(mkv)), 400, "bad_bit_depth");
        }
    }

    @Test
    void theSynchronousRouteSendsVideosToJobs() throws Exception {
        try (TestServer server = server(jobs, b -> { })) {
            HttpResponse<byte[]> refused = server.post("/api/v1/upscale?filename=clip.mp4", Files.readAllBytes(mp4));
            assertError(refused, 422, "video_needs_job");
            assertThat(json(refused).at("/error/message").asText()).contains("clip.mp4", "/api/v1/jobs");
            assertError(server.postMultipart("/api/v1/upscale", "clip.mkv", Files.readAllBytes(mkv)), 422,
                    "video_needs_job");
        }
    }

    @Test
    void videosOverTheLimitsAreRefusedBeforeQueuing() throws Exception {
        byte[] clip = Files.readAllBytes(mp4);
        byte[] tooLong = Files.readAllBytes(longClip);
        long limit = Math.max(clip.length, tooLong.length) + 10;
        try (TestServer server = server(jobs, b -> b.video(VideoLimits.defaults().withMaxUploadBytes(limit)
                .withMaxFrames(20).withMaxFramePixels(200 * 150)))) {
            byte[] big = Arrays.copyOf(clip, (int) limit + 1);
            HttpResponse<byte[]> tooBig = server.post("/api/v1/jobs?filename=big.mp4", big);
            assertError(tooBig, 413, "upload_too_large");
            assertThat(json(tooBig).at("/error/message").asText()).contains("video", Long.toString(limit));
            assertError(server.post("/api/v1/jobs?filename=long.mp4&model=bicubic&scale=2", tooLong), 422,
                    "too_many_frames");
            HttpResponse<byte[]> tooWide = server.post("/api/v1/jobs?filename=clip.mp4&model=bicubic&scale=4", clip);
            assertError(tooWide, 422, "output_too_large");
            assertThat(json(tooWide).at("/error/message").asText()).contains("clip.mp4", "frame");

            byte[] broken = Arrays.copyOf(clip, 600);
            Arrays.fill(broken, 64, broken.length, (byte) 0x5A);
            HttpResponse<byte[]> unreadable = server.post("/api/v1/jobs?filename=broken.mp4&model=bicubic", broken);
            assertError(unreadable, 422, "unreadable_video");
            assertThat(json(unreadable).at("/error/message").asText()).startsWith("broken.mp4").doesNotContain(
                    jobs.toString());

            assertError(server.post("/api/v1/jobs?model=bicubic&format=png", clip), 400, "bad_format");
            assertError(server.post("/api/v1/jobs?model=bicubic&format=mp4", gradientPng(8, 8)), 400, "bad_format");
            assertError(server.post("/api/v1/jobs?model=bicubic&codec=vp9", clip), 400, "bad_codec");
            assertError(server.post("/api/v1/jobs?model=bicubic&crf=60", clip), 400, "bad_crf");
            assertThat(files(jobs)).containsExactly(".uploads");
        }
    }

    @Test
    void cancelStopsARunningVideoBetweenFramesAndRemovesItsWork() throws Exception {
        try (TestServer server = slowServer(jobs)) {
            String id = json(server.post(SLOW, Files.readAllBytes(slow))).get("id").asText();
            await(server, id, j -> j.get("state").asText().equals("running") && j.get("progress").asInt() > 0);
            HttpResponse<byte[]> cancel = server.delete("/api/v1/jobs/" + id);
            assertThat(json(cancel).get("state").asText()).isEqualTo("cancelled");

            // Once the worker has left the video it takes new work; the cancelled job kept nothing.
            String next = json(server.post("/api/v1/jobs?model=bicubic", gradientPng(8, 8))).get("id").asText();
            await(server, next, j -> j.get("state").asText().equals("succeeded"));
            assertThat(json(server.get("/api/v1/jobs/" + id)).get("state").asText()).isEqualTo("cancelled");
            assertError(server.get("/api/v1/jobs/" + id + "/result"), 409, "not_ready");
            assertThat(files(jobs.resolve(id))).containsExactly("job.json");
        }
    }

    @Test
    void aVideoOverItsTimeLimitFails() throws Exception {
        try (TestServer server = server(jobs, b -> b.tileSize(32).threads(1).video(VideoLimits.defaults()
                .withTimeout(Duration.ofMillis(300))))) {
            String id = json(server.post(SLOW, Files.readAllBytes(slow))).get("id").asText();
            JsonNode failed = await(server, id, j -> j.get("state").asText().equals("failed"));
            assertThat(failed.at("/error/code").asText()).isEqualTo("timeout");
            assertThat(failed.at("/error/message").asText()).contains("slow.mkv", "limit");
            assertThat(files(jobs.resolve(id))).containsExactly("job.json");
        }
    }

    @Test
    void aRestartContinuesAVideoFromItsFinishedSegments() throws Exception {
        String id;
        Path parts;
        try (TestServer first = slowServer(jobs)) {
            id = json(first.post(SLOW, Files.readAllBytes(slow))).get("id").asText();
            parts = jobs.resolve(id).resolve(".result.mkv.sr4j-parts");
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (segments(parts) == 0) {
                assertThat(System.nanoTime() - deadline).as("no segment finished").isNegative();
                Thread.sleep(20);
            }
        } // stopped under the running video
        JsonNode onDisk = new ObjectMapper().readTree(jobs.resolve(id).resolve("job.json").toFile());
        assertThat(onDisk.get("state").asText()).isEqualTo("queued");
        assertThat(jobs.resolve(id).resolve("input")).exists();
        long kept = segments(parts);
        assertThat(kept).isPositive();

        // Tile size and threads are not part of a video's settings: the second run may use faster ones.
        try (TestServer second = server(jobs, b -> { })) {
            JsonNode done = await(second, id, j -> j.get("state").asText().equals("succeeded"));
            long frames = done.at("/video/frames").asLong();
            assertThat(done.at("/video/resumedFrames").asLong()).isPositive().isLessThan(frames);
            VideoInfo in = VideoUpscaler.probe(slow);
            VideoInfo out = probe(second.get("/api/v1/jobs/" + id + "/result").body(), clips, id + ".mkv");
            assertThat(out.width()).isEqualTo(32 * 4);
            assertThat(out.audioStreams()).isEqualTo(1);
            assertThat(out.seconds()).isCloseTo(in.seconds(), within(1.0 / FPS));
            assertThat(files(jobs.resolve(id))).containsExactly("job.json", "result.mkv");
        }
    }

    private static long segments(Path parts) throws IOException {
        if (!Files.isDirectory(parts)) {
            return 0;
        }
        try (Stream<Path> list = Files.list(parts)) {
            return list.filter(p -> p.getFileName().toString().startsWith("segment-")
                    && !p.getFileName().toString().endsWith(".tmp")).count();
        }
    }
}
