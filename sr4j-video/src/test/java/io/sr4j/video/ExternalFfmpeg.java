package io.sr4j.video;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Debian's ffprobe and ffmpeg (installed by the test set-up): checks of sr4j's files from outside. */
final class ExternalFfmpeg {
    private ExternalFfmpeg() {
    }

    /** ffprobe's description of the first stream of {@code type} ("v", "a") in {@code file}. */
    static JsonNode stream(Path file, String type) throws Exception {
        String json = run("ffprobe", "-v", "error", "-select_streams", type, "-show_streams", "-of", "json",
                file.toString());
        return new ObjectMapper().readTree(json).get("streams").get(0);
    }

    /** Runs {@code command}; its output, or an AssertionError when it fails. */
    static String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError(String.join(" ", command) + " failed: " + out);
        }
        return out;
    }
}
