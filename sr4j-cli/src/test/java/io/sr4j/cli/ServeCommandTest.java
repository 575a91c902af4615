package io.sr4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sr4j serve}: option errors before anything starts, and a real start and stop in a child JVM. */
class ServeCommandTest {
    @TempDir
    Path dir;

    @Test
    void badOptionsAreUsageErrors() {
        for (List<String> args : List.of(List.of("--job-ttl", "soon"), List.of("--job-timeout", "0s"),
                List.of("--model", "nosuchmodel"), List.of("--port", "70000"), List.of("--max-upload-mb", "0"),
                List.of("--queue", "-1"))) {
            List<String> argv = new ArrayList<>(List.of("serve", "--jobs-dir", dir.toString()));
            argv.addAll(args);
            CliRunner.Result result = CliRunner.run(argv.toArray(String[]::new));
            assertThat(result.exitCode()).as("%s: %s", args, result.err()).isEqualTo(Sr4jCommand.USAGE);
            assertThat(result.err()).startsWith("sr4j: ");
        }
    }

    @Test
    void servesUntilSigtermThenStops() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process process = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                "io.sr4j.cli.Main", "serve", "--port", "0", "--jobs-dir", dir.resolve("jobs").toString(),
                "--model", "bicubic").redirectErrorStream(true).start();
        try {
            BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8));
            Pattern serving = Pattern.compile("sr4j serving on http://127\\.0\\.0\\.1:(\\d+)/");
            String line;
            Matcher m = null;
            while ((line = lines.readLine()) != null) {
                m = serving.matcher(line);
                if (m.find()) {
                    break;
                }
            }
            assertThat(line).as("the start-up line").isNotNull();
            HttpClient client = HttpClient.newHttpClient();
            URI base = URI.create("http://127.0.0.1:" + m.group(1));
            HttpResponse<String> health = client.send(HttpRequest.newBuilder(base.resolve("/health")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(health.body()).contains("\"ok\"");
            HttpResponse<byte[]> page = client.send(HttpRequest.newBuilder(base.resolve("/")).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(new String(page.body(), StandardCharsets.UTF_8)).contains("<title>sr4j");

            process.destroy(); // SIGTERM: the shutdown hook stops the server
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(dir.resolve("jobs")).isDirectory();
        } finally {
            process.destroyForcibly();
        }
    }
}
