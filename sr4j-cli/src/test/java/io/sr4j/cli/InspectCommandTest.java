package io.sr4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sr4j models inspect FILE}: a small safetensors file, a malicious checkpoint, bad paths. */
class InspectCommandTest {
    @TempDir
    Path temp;

    /** A safetensors file of 12 tensors body.N.weight [2, 3] F16 (zeros) under DataParallel's module. prefix. */
    private Path safetensors() throws Exception {
        StringBuilder header = new StringBuilder("{\"__metadata__\": {\"format\": \"pt\"}");
        for (int i = 0; i < 12; i++) {
            header.append(String.format(", \"module.body.%d.weight\": {\"dtype\": \"F16\", \"shape\": [2, 3], "
                    + "\"data_offsets\": [%d, %d]}", i, 12 * i, 12 * i + 12));
        }
        byte[] json = header.append('}').toString().getBytes(StandardCharsets.UTF_8);
        ByteBuffer file = ByteBuffer.allocate(8 + json.length + 12 * 12).order(ByteOrder.LITTLE_ENDIAN);
        file.putLong(json.length).put(json);
        Path path = temp.resolve("tiny.safetensors");
        Files.write(path, file.array());
        return path;
    }

    @Test
    void printsFormatWrapperCountsAndTheFirstTensors() throws Exception {
        Path file = safetensors();
        CliRunner.Result result = CliRunner.run("models", "inspect", file.toString());
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains("file:          " + file)
                .contains("format:        safetensors")
                .contains("wrapper:       none")
                .contains("prefix:        module. (stripped)")
                .contains("tensors:       12")
                .contains("parameters:    72 (0.00 M)")
                .contains("dtypes:        F16 (12 tensors)")
                .contains("architecture:  none sr4j converts: architecture not recognised. sr4j converts SRVGGNetCompact")
                .contains("first 10 of 12 tensors (--all lists every one):")
                .contains("  body.0.weight  F16   [2, 3]")
                .doesNotContain("body.10.weight");

        CliRunner.Result all = CliRunner.run("models", "inspect", "--all", file.toString());
        assertThat(all.exitCode()).isZero();
        assertThat(all.out()).contains("body.11.weight").doesNotContain("first 10");
    }

    @Test
    void jsonListsEveryTensor() throws Exception {
        CliRunner.Result result = CliRunner.run("models", "inspect", "--json", safetensors().toString());
        assertThat(result.exitCode()).as(result.err()).isZero();
        JsonNode json = new ObjectMapper().readTree(result.out());
        assertThat(json.get("format").asText()).isEqualTo("safetensors");
        assertThat(json.get("strippedPrefix").asText()).isEqualTo("module.");
        assertThat(json.get("tensorCount").asInt()).isEqualTo(12);
        assertThat(json.get("parameters").asLong()).isEqualTo(72);
        assertThat(json.get("dtypes").get("F16").asInt()).isEqualTo(12);
        assertThat(json.get("architecture").get("name").isNull()).isTrue();
        assertThat(json.get("architecture").get("problem").asText()).startsWith("architecture not recognised");
        assertThat(json.get("tensors")).hasSize(12);
        assertThat(json.get("tensors").get(11).get("name").asText()).isEqualTo("body.11.weight");
        assertThat(json.get("tensors").get(0).get("shape").toString()).isEqualTo("[2,3]");
    }

    @Test
    void aMaliciousCheckpointFailsNamingTheFileAndTheGlobal() throws Exception {
        Path marker = temp.resolve("pwned");
        // data.pkl = posix.system("touch <marker>"): PROTO 2, GLOBAL, BINUNICODE, TUPLE1, REDUCE, STOP.
        ByteArrayOutputStream pickle = new ByteArrayOutputStream();
        pickle.write(new byte[] {(byte) 0x80, 2});
        pickle.writeBytes("cposix\nsystem\n".getBytes(StandardCharsets.US_ASCII));
        byte[] command = ("touch " + marker).getBytes(StandardCharsets.UTF_8);
        pickle.write('X');
        pickle.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(command.length).array());
        pickle.writeBytes(command);
        pickle.writeBytes(new byte[] {(byte) 0x85, 'R', '.'});
        Path file = temp.resolve("evil.pth");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
            byte[] data = pickle.toByteArray();
            ZipEntry entry = new ZipEntry("evil/data.pkl");
            entry.setMethod(ZipEntry.STORED);
            entry.setSize(data.length);
            CRC32 crc = new CRC32();
            crc.update(data);
            entry.setCrc(crc.getValue());
            zip.putNextEntry(entry);
            zip.write(data);
            zip.closeEntry();
        }
        CliRunner.Result result = CliRunner.run("models", "inspect", file.toString());
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).startsWith("sr4j: " + file + ": ").contains("refused global posix.system");
        assertThat(result.out()).isEmpty();
        assertThat(marker).doesNotExist();
    }

    @Test
    void missingAndForeignFilesFailWithExitCode1AndAMissingArgumentWith2() throws Exception {
        Path missing = temp.resolve("nope.pth");
        CliRunner.Result none = CliRunner.run("models", "inspect", missing.toString());
        assertThat(none.exitCode()).isEqualTo(1);
        assertThat(none.err()).contains(missing + ": no such file");

        Path text = temp.resolve("notes.pth");
        Files.writeString(text, "just some text");
        CliRunner.Result foreign = CliRunner.run("models", "inspect", text.toString());
        assertThat(foreign.exitCode()).isEqualTo(1);
        assertThat(foreign.err()).contains(text + ": not a PyTorch checkpoint");

        assertThat(CliRunner.run("models", "inspect").exitCode()).isEqualTo(2);
    }
}
