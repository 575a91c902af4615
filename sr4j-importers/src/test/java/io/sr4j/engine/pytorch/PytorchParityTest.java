package io.sr4j.engine.pytorch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sr4j.engine.Engine;
import io.sr4j.engine.OrtEngine;
import io.sr4j.engine.ncnn.NpmModels;
import io.sr4j.image.PlanarImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Converted checkpoints against PyTorch 1.13 itself: the tiny seeded networks of every supported
 * variant and the real checkpoints of waifu2x@1.6.5, each run on the input the reference script
 * used, must agree with torch's output to ≥ 50 dB (raw floats, peak 1). The figures go to
 * {@code target/pytorch-parity.txt} (docs/MODELS.md quotes them). Pointed at another reference set
 * ({@link TorchReference#DIR_PROPERTY}, see tools/pytorch-reference/check_upstream.sh) it checks
 * that set's variants instead, into {@code target/pytorch-upstream-parity.txt}.
 */
class PytorchParityTest {
    private static final double REQUIRED_DB = 50;
    private static final Engine ENGINE = new OrtEngine();
    private static final List<String> REPORT = new ArrayList<>();

    @AfterAll
    static void writeReport() throws IOException {
        ENGINE.close();
        Files.createDirectories(Path.of("target"));
        Files.write(Path.of("target", TorchReference.external() ? "pytorch-upstream-parity.txt" : "pytorch-parity.txt"),
                REPORT);
    }

    static Stream<Arguments> variants() {
        List<Arguments> out = new ArrayList<>();
        for (JsonNode v : TorchReference.manifest().get("variants")) {
            out.add(Arguments.of(v.get("name").asText(), v));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void tinyNetworkAgreesWithPytorch(String name, JsonNode variant) {
        JsonNode manifest = TorchReference.manifest();
        StateDict dict = PytorchCheckpoints.read(TorchReference.dir().resolve(variant.get("file").asText()));
        String savedAs = variant.get("saved_as").asText();
        assertThat(dict.format()).isEqualTo(savedAs.startsWith("legacy") ? CheckpointFormat.LEGACY
                : savedAs.equals("safetensors") ? CheckpointFormat.SAFETENSORS : CheckpointFormat.ZIP);
        PytorchModel model = PytorchImporter.convert(dict);
        assertThat(model.architecture().name()).isEqualTo(variant.get("architecture").asText());
        assertThat(model.architecture().scale()).isEqualTo(variant.get("scale").asInt());

        // Most variants share one image; some need a larger one of their own.
        JsonNode input = variant.has("input") ? variant.get("input") : manifest.get("input");
        PlanarImage y = TorchReference.run(ENGINE, model, TorchReference.image(input));
        if (variant.path("quantised").asBoolean()) {
            y = TorchReference.quantised(y);
        }

        double db = TorchReference.psnr(y, TorchReference.output(variant));
        report(name + " (" + variant.get("saved_as").asText() + ")", model, db);
        assertThat(db).as(name).isGreaterThanOrEqualTo(REQUIRED_DB);
    }

    static Stream<Arguments> realModels() {
        List<Arguments> out = new ArrayList<>();
        for (JsonNode m : TorchReference.manifest().get("real").get("models")) {
            out.add(Arguments.of(m.get("file").asText(), m));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("realModels")
    void realCheckpointAgreesWithPytorch(String file, JsonNode entry) {
        Path checkpoint = NpmModels.file(NpmModels.WAIFU2X, NpmModels.WAIFU2X_VERSION, "package/models/" + file);
        PytorchModel model = PytorchImporter.convert(checkpoint);
        assertThat(model.architecture().scale()).isEqualTo(entry.get("scale").asInt());

        PlanarImage y = TorchReference.run(ENGINE, model,
                TorchReference.image(TorchReference.manifest().get("real").get("input")));

        double db = TorchReference.psnr(y, TorchReference.output(entry));
        report(file, model, db);
        assertThat(db).as(file).isGreaterThanOrEqualTo(REQUIRED_DB);
    }

    @Test
    void realCheckpointsAreRecognisedWithTheirHyperParameters() {
        Path dir = NpmModels.file(NpmModels.WAIFU2X, NpmModels.WAIFU2X_VERSION, "package/models/2x-AniScale.pth")
                .getParent();
        assertThat(PytorchImporter.detect(PytorchCheckpoints.read(dir.resolve("2x-AniScale.pth"))).describe())
                .isEqualTo("SRVGGNetCompact ×2 (num_feat 64, num_conv 16, PReLU)");
        DetectedArchitecture yandere = PytorchImporter.detect(
                PytorchCheckpoints.read(dir.resolve("4x-NMKD-YandereNeo-Superlite.pth")));
        assertThat(yandere.describe()).isEqualTo("RRDBNet ×4 (nf 64, nb 2, gc 32, original ESRGAN keys)");
        assertThat(yandere.tilePadding()).isEqualTo(32);
        DetectedArchitecture descreen = PytorchImporter.detect(PytorchCheckpoints.read(dir.resolve("4x_WTP_descreenton.pth")));
        assertThat(descreen.describe()).isEqualTo("OmniSR ×4 (num_feat 64, res_num 5, block_num 1, window 8)");
    }

    /** The catalogue's entries for these files: hashes of the files the tests read, scale and padding as detected. */
    @Test
    void catalogueEntriesAgreeWithTheFilesAndTheirDetection() throws Exception {
        JsonNode catalog = new ObjectMapper().readTree(
                Path.of("../sr4j-models/src/main/resources/io/sr4j/model/catalog.json").toFile());
        int seen = 0;
        for (JsonNode m : catalog.get("models")) {
            if (!m.get("format").asText().equals("pytorch")) {
                continue;
            }
            seen++;
            JsonNode file = m.get("files").get(0);
            Path checkpoint = NpmModels.file(NpmModels.WAIFU2X, NpmModels.WAIFU2X_VERSION, file.get("path").asText());
            String id = m.get("id").asText();
            assertThat(Files.size(checkpoint)).as(id).isEqualTo(file.get("size").asLong());
            assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(checkpoint))))
                    .as(id).isEqualTo(file.get("sha256").asText());
            DetectedArchitecture arch = PytorchImporter.detect(PytorchCheckpoints.read(checkpoint));
            assertThat(arch.scale()).as(id).isEqualTo(m.get("scale").asInt());
            assertThat(arch.tilePadding()).as(id).isEqualTo(m.get("tiling").get("padding").asInt());
        }
        assertThat(seen).isEqualTo(3);
    }

    private static synchronized void report(String what, PytorchModel model, double db) {
        REPORT.add(String.format("%-34s %-74s %6.1f dB", what, model.architecture().describe(), db));
    }
}
