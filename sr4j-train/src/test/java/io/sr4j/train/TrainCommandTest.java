package io.sr4j.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Bad configs and missing photos: a clear message naming the file, a nonzero exit, nothing written. */
class TrainCommandTest {
    @TempDir
    Path dir;

    private record Run(int exit, String err) {
    }

    private Run run(String... args) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream old = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            int exit = new CommandLine(new TrainCommand()).execute(args);
            return new Run(exit, err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(old);
        }
    }

    @Test
    void aConfigThatIsNotJsonIsAUsageErrorNamingTheFile() throws IOException {
        Path config = Files.writeString(dir.resolve("broken.json"), "{\"name\": \"x\", \"scale\": 3,");
        Run r = run("--config", config.toString(), "--run-dir", dir.resolve("run").toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("broken.json");
        assertThat(dir.resolve("run")).doesNotExist();
    }

    @Test
    void unknownFieldsAndBadValuesAreRefused() throws IOException {
        Path typo = Files.writeString(dir.resolve("typo.json"), """
                {"name": "x", "scale": 3, "seed": 1, "network": {"type": "fast", "channels": 8, "depth": 1},
                 "data": {"train": ["t"], "hrDownscal": 2}, "schedule": {"steps": 10, "learningRate": 0.001}}""");
        assertThat(run("--config", typo.toString()).err()).contains("typo.json").contains("hrDownscal");
        Path missing = Files.writeString(dir.resolve("missing.json"), """
                {"name": "x", "scale": 3, "seed": 1}""");
        assertThat(run("--config", missing.toString()).err()).contains("missing.json: network is missing");
        Path scale = Files.writeString(dir.resolve("scale.json"), """
                {"name": "x", "scale": 5, "seed": 1, "network": {"type": "fast", "channels": 8, "depth": 1},
                 "data": {"train": ["t"]}, "schedule": {"steps": 10, "learningRate": 0.001}}""");
        Run r = run("--config", scale.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("scale must be 2, 3 or 4");
    }

    @Test
    void aMissingTrainingFolderIsNamed() throws IOException {
        Path config = Files.writeString(dir.resolve("ok.json"), """
                {"name": "x", "scale": 2, "seed": 1, "network": {"type": "fast", "channels": 8, "depth": 1},
                 "data": {"train": ["nowhere"]}, "schedule": {"steps": 10, "learningRate": 0.001}}""");
        Run r = run("--config", config.toString(), "--data-root", dir.toString(), "--run-dir",
                dir.resolve("run").toString(), "--no-install");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains(dir.resolve("nowhere").toString()).contains("does not exist");
        assertThat(dir.resolve("run")).doesNotExist();
    }

    @Test
    void aStopStepBelowOneIsAUsageError() throws IOException {
        Path config = Files.writeString(dir.resolve("ok.json"), """
                {"name": "x", "scale": 2, "seed": 1, "network": {"type": "fast", "channels": 8, "depth": 1},
                 "data": {"train": ["t"]}, "schedule": {"steps": 10, "learningRate": 0.001}}""");
        Run r = run("--config", config.toString(), "--stop-after", "0", "--run-dir", dir.resolve("run").toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("--stop-after must be a step of 1 or more");
        assertThat(dir.resolve("run")).doesNotExist();
    }
}
