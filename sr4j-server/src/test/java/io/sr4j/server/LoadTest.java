package io.sr4j.server;

import static io.sr4j.server.TestServer.gradientPng;
import static org.assertj.core.api.Assertions.assertThat;

import io.sr4j.image.Picture;
import io.sr4j.image.PlanarImage;
import io.sr4j.io.ImageEncoder;
import io.sr4j.io.ImageFormat;
import io.sr4j.testing.TestPhotos;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bounded load on loopback: 300 synchronous requests from 16 concurrent clients, small real and
 * synthetic images with oversized, truncated and non-image uploads mixed in. Expected: only 200,
 * 413, 422 and 503 answers (never another 5xx, never a dropped connection), Retry-After on every
 * 503, and the heap back near where it started. The numbers go to {@code target/load-test.txt}
 * (docs/PERFORMANCE.md quotes them).
 */
class LoadTest {
    private static final int REQUESTS = 300;
    private static final int CLIENTS = 16;
    private static final long MAX_UPLOAD = 256 * 1024;

    @TempDir
    Path jobs;

    private static byte[] png(PlanarImage rgb) {
        return ImageEncoder.builder().format(ImageFormat.PNG).build().encode(Picture.of(rgb));
    }

    @Test
    void manyClientsGetOnlyExpectedAnswersAndTheHeapComesBack() throws Exception {
        List<byte[]> valid = List.of(gradientPng(64, 48), gradientPng(96, 64),
                png(TestPhotos.crop("astronaut.png", 100, 40, 80, 80)),
                png(TestPhotos.crop("chelsea.png", 150, 60, 96, 72)));
        // Over the limit even with the multipart allowance: refused from Content-Length, before the queue.
        byte[] oversized = new byte[(int) (MAX_UPLOAD + UploadReader.MULTIPART_OVERHEAD) + 4096];
        new Random(7).nextBytes(oversized);
        byte[] png = gradientPng(64, 64);
        byte[] truncated = Arrays.copyOf(png, png.length / 2);
        byte[] notAnImage = "<html>not an image</html>".getBytes(StandardCharsets.UTF_8);

        try (TestServer server = TestServer.start(jobs, b -> b.workers(2).threads(1).queueCapacity(8)
                .maxUploadBytes(MAX_UPLOAD))) {
            for (byte[] image : valid) { // warm-up: classes loaded, JIT started, before the heap is measured
                assertThat(server.post("/api/v1/upscale?model=bicubic&scale=2", image).statusCode()).isEqualTo(200);
            }
            long heapBefore = usedHeapAfterGc();

            Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
            List<String> problems = java.util.Collections.synchronizedList(new ArrayList<>());
            AtomicLong outputBytes = new AtomicLong();
            AtomicInteger next = new AtomicInteger();
            ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
            long start = System.nanoTime();
            List<Future<?>> running = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                running.add(clients.submit(() -> {
                    for (int i = next.getAndIncrement(); i < REQUESTS; i = next.getAndIncrement()) {
                        int kind = i % 10;
                        byte[] body = kind == 0 ? oversized : kind == 1 ? truncated : kind == 2 ? notAnImage
                                : valid.get(i % valid.size());
                        String query = "?model=" + (i % 2 == 0 ? "bicubic" : "lanczos") + "&scale=2";
                        HttpResponse<byte[]> response;
                        try {
                            response = i % 3 == 0
                                    ? server.postMultipart("/api/v1/upscale" + query, "i" + i + ".png", body)
                                    : server.post("/api/v1/upscale" + query, body);
                        } catch (AssertionError e) {
                            problems.add("request " + i + ": " + e.getMessage());
                            continue;
                        }
                        int status = response.statusCode();
                        statuses.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
                        if ((status == 503 || status == 429) && response.headers().firstValue("Retry-After").isEmpty()) {
                            problems.add("request " + i + ": " + status + " without Retry-After");
                        }
                        boolean expected = switch (kind) {
                            case 0 -> status == 413;
                            case 1, 2 -> status == 422 || status == 503;
                            default -> status == 200 || status == 503;
                        };
                        if (!expected) {
                            problems.add("request " + i + " (kind " + kind + "): " + status + " "
                                    + TestServer.text(response));
                        }
                        if (status == 200) {
                            outputBytes.addAndGet(response.body().length);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : running) {
                f.get();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            clients.shutdown();
            long heapAfter = usedHeapAfterGc();

            Map<Integer, Integer> counts = new TreeMap<>();
            statuses.forEach((k, v) -> counts.put(k, v.get()));
            int ok = counts.getOrDefault(200, 0);
            String report = String.format(Locale.ROOT, "requests %d, clients %d, %.2f s, %.1f requests/s, "
                            + "%.1f images/s answered 200; statuses %s; heap used %d MB before, %d MB after; "
                            + "max heap %d MB, %d cores%n", REQUESTS, CLIENTS, seconds, REQUESTS / seconds,
                    ok / seconds, counts, heapBefore >> 20, heapAfter >> 20,
                    Runtime.getRuntime().maxMemory() >> 20, Runtime.getRuntime().availableProcessors());
            Files.createDirectories(Path.of("target"));
            Files.writeString(Path.of("target", "load-test.txt"), report);
            System.out.print("LoadTest: " + report);

            assertThat(problems).isEmpty();
            assertThat(counts.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(REQUESTS);
            assertThat(ok).as("some valid images must get through").isGreaterThan(REQUESTS / 10);
            assertThat(counts.get(413)).isEqualTo(REQUESTS / 10);
            // Back near the start: what the requests held (uploads, decoded images, results) is released.
            assertThat(heapAfter - heapBefore).as("heap growth in bytes").isLessThan(64L << 20);
            try (var left = Files.list(jobs.resolve(".uploads"))) {
                assertThat(left).as("multipart spool files left").isEmpty();
            }
        }
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        var memory = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return memory.getHeapMemoryUsage().getUsed();
    }
}
