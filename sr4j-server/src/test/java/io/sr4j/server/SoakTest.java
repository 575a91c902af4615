package io.sr4j.server;

import static io.sr4j.server.TestServer.gradientPng;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
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
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Soak: the server on loopback under a steady mixed load for {@code -Dsr4j.soak.seconds} (default
 * 60; 600 for the long run in docs/RELIABILITY.md): valid images (sync and as jobs), oversized
 * uploads, corrupt data, and jobs cancelled right after they are accepted. Checks: no 5xx other
 * than 503 with Retry-After (queue full), and after a full GC no growth of heap, live threads (the
 * JVM's, less the test's own HTTP clients), open file descriptors or files in the jobs directory
 * compared with after a warm-up under the same load. Tagged slow.
 */
@Tag("slow")
class SoakTest {
    private static final int CLIENTS = 6;
    private static final long WARM_UP_SECONDS = 5;
    /** Threads of the test's own load, not the server's: left out of the thread count. */
    private static final String CLIENT_THREADS = "soak-client-";
    private static final String HTTP_CLIENT_THREADS = "HttpClient-";
    private static final long MAX_UPLOAD = 256 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path jobs;

    @Test
    void steadyMixedLoadLeavesNothingBehind() throws Exception {
        long seconds = Long.getLong("sr4j.soak.seconds", 60);
        byte[] valid = gradientPng(96, 64);
        byte[] oversized = new byte[(int) MAX_UPLOAD + 1024];
        new Random(3).nextBytes(oversized);
        byte[] corrupt = Arrays.copyOf(gradientPng(64, 64), 200);

        try (TestServer server = TestServer.start(jobs, b -> b.workers(2).threads(1).queueCapacity(8)
                .maxUploadBytes(MAX_UPLOAD))) {
            Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
            List<String> problems = Collections.synchronizedList(new ArrayList<>());
            AtomicInteger counter = new AtomicInteger();
            Runnable oneRequest = () -> {
                int i = counter.getAndIncrement();
                int kind = i % 5;
                HttpResponse<byte[]> r = switch (kind) {
                    case 0 -> server.post("/api/v1/upscale?model=bicubic&scale=2", valid);
                    case 1 -> server.post("/api/v1/upscale?model=lanczos&scale=2", oversized);
                    case 2 -> server.postMultipart("/api/v1/upscale?scale=2", "bad.png", corrupt);
                    default -> server.post("/api/v1/jobs?model=bicubic&scale=2&filename=j.png", valid);
                };
                int status = r.statusCode();
                boolean expected = switch (kind) {
                    case 0 -> status == 200 || status == 503;
                    case 1 -> status == 413;
                    case 2 -> status == 422;
                    default -> status == 202 || status == 503;
                };
                if (status == 503 && r.headers().firstValue("Retry-After").isEmpty()) {
                    expected = false;
                }
                if (status == 202) {
                    String id = jobId(r);
                    // Half the jobs are cancelled at once (200, or 204 if it had already finished); every job
                    // is then awaited and deleted (204), as docs/API.md describes.
                    if (kind == 3) {
                        int cancel = server.delete("/api/v1/jobs/" + id).statusCode();
                        if (cancel != 200 && cancel != 204) {
                            problems.add("job " + id + ": cancel answered " + cancel);
                        }
                    }
                    int deleted = awaitAndDelete(server, id);
                    if (deleted != 204 && deleted != 404) {
                        problems.add("job " + id + ": delete answered " + deleted);
                    }
                }
                record(statuses, status);
                if (!expected) {
                    problems.add("request " + i + " (kind " + kind + "): " + status + " " + TestServer.text(r));
                }
            };
            // Warm-up under the same concurrency as the soak: classes, JIT, and the thread pools that
            // grow with concurrent connections (Jetty's, the HTTP client's) reach their working size
            // before anything is measured. A single-client warm-up made them grow by 9 during the soak.
            AtomicInteger clientNumber = new AtomicInteger();
            ExecutorService clients = Executors.newFixedThreadPool(CLIENTS,
                    r -> new Thread(r, CLIENT_THREADS + clientNumber.incrementAndGet()));
            drive(clients, oneRequest, WARM_UP_SECONDS);
            Snapshot before = Snapshot.take(jobs);
            int warmUpRequests = counter.get();
            statuses.clear(); // the figures are the soak's; problems found in the warm-up still count

            drive(clients, oneRequest, seconds);
            clients.shutdown();
            assertThat(clients.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            Thread.sleep(500); // let the workers finish what the last requests queued
            Snapshot after = Snapshot.take(jobs);
            int soakRequests = counter.get() - warmUpRequests;

            Map<Integer, Integer> counts = new TreeMap<>();
            statuses.forEach((k, v) -> counts.put(k, v.get()));
            String report = String.format(Locale.ROOT, "soak %d s, %d clients, %d requests (%.1f/s); statuses %s;"
                            + " before/after: heap %d/%d MB, server threads %d/%d, fds %d/%d, job files %d/%d%n", seconds,
                    CLIENTS, soakRequests, soakRequests / (double) seconds, counts, before.heap >> 20,
                    after.heap >> 20, before.threads, after.threads, before.fds, after.fds, before.files, after.files);
            Files.createDirectories(Path.of("target"));
            Files.writeString(Path.of("target", "soak-test.txt"), report);
            System.out.print("SoakTest: " + report);
            System.out.println("SoakTest: threads before " + before.threadNames + "\nSoakTest: threads after  " + after.threadNames);

            assertThat(problems).as("unexpected answers").isEmpty();
            assertThat(counts.keySet()).allMatch(s -> s < 500 || s == 503);
            assertThat(after.heap - before.heap).as("heap growth").isLessThan(32L << 20);
            assertThat(after.threads - before.threads).as("thread growth").isLessThanOrEqualTo(2);
            assertThat(after.fds - before.fds).as("file descriptor growth").isLessThanOrEqualTo(4);
            assertThat(after.files).as("files left in the jobs directory").isLessThanOrEqualTo(before.files);
        }
    }

    /** {@link #CLIENTS} clients sending requests one after another for {@code seconds}. */
    private static void drive(ExecutorService clients, Runnable oneRequest, long seconds) throws Exception {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        List<Future<?>> running = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            running.add(clients.submit(() -> {
                while (System.nanoTime() < end) {
                    oneRequest.run();
                }
                return null;
            }));
        }
        for (Future<?> f : running) {
            f.get();
        }
    }

    private static void record(Map<Integer, AtomicInteger> statuses, int status) {
        statuses.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
    }

    private static String jobId(HttpResponse<byte[]> accepted) {
        try {
            return JSON.readTree(accepted.body()).get("id").asText();
        } catch (IOException e) {
            throw new AssertionError(new String(accepted.body(), StandardCharsets.UTF_8), e);
        }
    }

    private static int awaitAndDelete(TestServer server, String id) {
        for (int i = 0; i < 200; i++) {
            String state = jsonField(server.get("/api/v1/jobs/" + id), "state");
            if (!state.equals("queued") && !state.equals("running")) {
                break;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return server.delete("/api/v1/jobs/" + id).statusCode();
    }

    private static String jsonField(HttpResponse<byte[]> r, String field) {
        try {
            return JSON.readTree(r.body()).path(field).asText();
        } catch (IOException e) {
            return "";
        }
    }

    /** What the process holds: heap after full GCs, live threads, open descriptors, files under the jobs dir. */
    private record Snapshot(long heap, int threads, long fds, long files, Map<String, Integer> threadNames) {
        static Snapshot take(Path jobs) throws Exception {
            for (int i = 0; i < 3; i++) {
                System.gc();
                Thread.sleep(100);
            }
            long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            long fds;
            try (Stream<Path> open = Files.list(Path.of("/proc/self/fd"))) {
                fds = open.count();
            }
            long files;
            try (Stream<Path> all = Files.walk(jobs)) {
                files = all.filter(Files::isRegularFile).count();
            }
            Map<String, Integer> names = new TreeMap<>();
            int serverThreads = 0;
            for (Thread t : Thread.getAllStackTraces().keySet()) {
                names.merge(t.getName().replaceAll("\\d+", "#"), 1, Integer::sum); // pools by name, not by number
                if (!t.getName().startsWith(CLIENT_THREADS) && !t.getName().startsWith(HTTP_CLIENT_THREADS)) {
                    serverThreads++;
                }
            }
            return new Snapshot(heap, serverThreads, fds, files, names);
        }
    }
}
