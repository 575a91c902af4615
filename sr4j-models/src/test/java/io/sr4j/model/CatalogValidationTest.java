package io.sr4j.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** A catalogue document is checked when read; each broken variant of a valid one is refused with a clear message. */
class CatalogValidationTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HASH_A = "a".repeat(64);
    private static final String HASH_B = "b".repeat(64);

    /** A small valid document: one package, one ncnn model, one builtin. */
    private static ObjectNode valid() {
        ObjectNode doc = JSON.createObjectNode();
        doc.put("formatVersion", 1);
        ObjectNode pkg = doc.putArray("packages").addObject();
        pkg.put("spec", "some-models@1.2.3");
        pkg.put("license", "MIT");
        pkg.put("tarballSize", 1000);
        ArrayNode models = doc.putArray("models");
        ObjectNode m = models.addObject();
        m.put("id", "net-x2");
        m.put("displayName", "Net x2");
        m.put("family", "realesrgan-compact");
        m.put("format", "ncnn");
        m.put("scale", 2);
        m.put("noise", -1);
        m.put("domain", "photo");
        m.put("inputRange", "0..1");
        m.put("channelOrder", "RGB");
        ObjectNode tiling = m.putObject("tiling");
        tiling.put("padding", 10);
        tiling.put("alignment", 1);
        tiling.put("border", "reflect");
        m.put("sharedSeStatistics", false);
        m.put("postProcess", "none");
        m.put("license", "BSD-3-Clause");
        m.put("source", "some-models@1.2.3");
        ArrayNode files = m.putArray("files");
        ObjectNode param = files.addObject();
        param.put("role", "ncnn-param");
        param.put("path", "package/models/net-x2.param");
        param.put("size", 100);
        param.put("sha256", HASH_A);
        ObjectNode bin = files.addObject();
        bin.put("role", "ncnn-bin");
        bin.put("path", "package/models/net-x2.bin");
        bin.put("size", 900);
        bin.put("sha256", HASH_B);
        ObjectNode b = models.addObject();
        b.put("id", "bicubic");
        b.put("displayName", "Bicubic");
        b.put("family", "baseline");
        b.put("format", "builtin");
        b.put("noise", -1);
        b.put("domain", "general");
        b.put("inputRange", "0..1");
        b.put("channelOrder", "RGB");
        ObjectNode bt = b.putObject("tiling");
        bt.put("padding", 2);
        bt.put("alignment", 1);
        bt.put("border", "symmetric");
        b.put("sharedSeStatistics", false);
        b.put("postProcess", "none");
        b.put("license", "NONE");
        b.putArray("files");
        return doc;
    }

    private static ModelCatalog read(ObjectNode doc) throws Exception {
        return ModelCatalog.read(new ByteArrayInputStream(JSON.writeValueAsBytes(doc)), "test.json");
    }

    private static ObjectNode model(ObjectNode doc) {
        return (ObjectNode) doc.get("models").get(0);
    }

    private static ObjectNode bin(ObjectNode doc) {
        return (ObjectNode) model(doc).get("files").get(1);
    }

    private static void refused(Consumer<ObjectNode> breakIt, String... messageParts) {
        ObjectNode doc = valid();
        breakIt.accept(doc);
        var thrown = assertThatThrownBy(() -> read(doc)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("test.json");
        for (String part : messageParts) {
            thrown.hasMessageContaining(part);
        }
    }

    @Test
    void theValidDocumentReads() throws Exception {
        ModelCatalog c = read(valid());
        assertThat(c.ids()).containsExactly("net-x2", "bicubic");
        ModelInfo m = c.get("net-x2");
        assertThat(m.scale()).isEqualTo(2);
        assertThat(m.tiling()).isEqualTo(new TilingHints(10, 1, BorderMode.REFLECT));
        assertThat(m.file(FileRole.NCNN_BIN).fileName()).isEqualTo("net-x2.bin");
        assertThat(m.totalSize()).isEqualTo(1000);
        assertThat(m.notes()).isEmpty();
        assertThat(c.get("bicubic").scale()).isEqualTo(ModelInfo.ANY_SCALE);
    }

    @Test
    void duplicateIdsAreRefused() {
        refused(doc -> ((ArrayNode) doc.get("models")).add(model(doc).deepCopy()), "'net-x2' appears twice");
    }

    @Test
    void malformedHashesAreRefused() {
        refused(doc -> bin(doc).put("sha256", "b".repeat(63)), "sha256", "64 lower-case hex");
        refused(doc -> bin(doc).put("sha256", "B".repeat(64)), "sha256");
        refused(doc -> bin(doc).put("sha256", "g".repeat(64)), "sha256");
    }

    @Test
    void sizesMustBePositive() {
        refused(doc -> bin(doc).put("size", 0), "size of package/models/net-x2.bin must be positive");
    }

    @Test
    void scalesMustBePositiveForNetworksAndAbsentForBuiltins() {
        refused(doc -> model(doc).put("scale", 0), "model 'net-x2'", "scale must be 1..16");
        refused(doc -> model(doc).remove("scale"), "scale must be 1..16");
        refused(doc -> model(doc).put("scale", 17), "scale must be 1..16");
        refused(doc -> ((ObjectNode) doc.get("models").get(1)).put("scale", 2), "builtin resamplers take any scale");
    }

    @Test
    void ncnnModelsNeedParamThenBin() {
        refused(doc -> ((ArrayNode) model(doc).get("files")).remove(1), "ncnn-param, ncnn-bin");
        refused(doc -> bin(doc).put("role", "ncnn-param").put("path", "package/models/other.param"),
                "ncnn-param, ncnn-bin");
        refused(doc -> bin(doc).put("path", "package/models/net-x2.weights"), "does not end with .bin");
    }

    @Test
    void unsafePathsAreRefused() {
        refused(doc -> bin(doc).put("path", "package/../../etc/passwd.bin"), "'..'");
        refused(doc -> bin(doc).put("path", "/abs/net.bin"), "relative");
        refused(doc -> bin(doc).put("path", "package\\net.bin"), "relative");
    }

    @Test
    void valuesOutOfRangeAreRefused() {
        refused(doc -> model(doc).put("noise", 4), "noise must be -1..3");
        refused(doc -> ((ObjectNode) model(doc).get("tiling")).put("alignment", 0), "alignment must be 1..64");
        refused(doc -> ((ObjectNode) model(doc).get("tiling")).put("padding", -1), "padding must be 0..256");
        refused(doc -> model(doc).put("id", "Net X2"), "model id must be lower-case");
        refused(doc -> model(doc).put("license", "BSD 3 clause"), "SPDX");
    }

    @Test
    void unknownEnumValuesPropertiesAndMissingFieldsAreRefused() {
        refused(doc -> ((ObjectNode) model(doc).get("tiling")).put("border", "wrap"), "wrap");
        refused(doc -> model(doc).put("scaleFactor", 2), "scaleFactor");
        refused(doc -> model(doc).remove("noise"), "noise");
        refused(doc -> model(doc).remove("sharedSeStatistics"), "sharedSeStatistics");
    }

    @Test
    void sourcesMustBeDescribedPinnedPackages() {
        refused(doc -> model(doc).put("source", "other-models@1.0.0"), "other-models@1.0.0",
                "does not describe");
        refused(doc -> model(doc).put("source", "some-models@^1.2.3"), "exact version");
        refused(doc -> model(doc).remove("source"), "source package");
        refused(doc -> ((ObjectNode) doc.get("packages").get(0)).put("spec", "some-models"), "name@version");
    }

    @Test
    void oneTarballEntryMustNotHaveTwoDescriptions() {
        refused(doc -> {
            ObjectNode twin = model(doc).deepCopy();
            twin.put("id", "net-x2-again");
            ((ObjectNode) twin.get("files").get(1)).put("sha256", HASH_A);
            ((ArrayNode) doc.get("models")).add(twin);
        }, "two different sizes or hashes");
    }

    @Test
    void otherFormatVersionsAreRefused() {
        refused(doc -> doc.put("formatVersion", 2), "formatVersion 2");
    }

    @Test
    void packageSpecsParseWithScopes() {
        PackageRef scoped = PackageRef.parse("@upscalerjs/esrgan-slim@1.0.0");
        assertThat(scoped.name()).isEqualTo("@upscalerjs/esrgan-slim");
        assertThat(scoped.version()).isEqualTo("1.0.0");
        assertThat(scoped.fileStem()).isEqualTo("upscalerjs-esrgan-slim-1.0.0");
        assertThat(PackageRef.parse("waifu2x@1.6.5").fileStem()).isEqualTo("waifu2x-1.6.5");
        assertThatThrownBy(() -> PackageRef.parse("-rf@1.0.0")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a valid npm package name");
        assertThatThrownBy(() -> PackageRef.parse("waifu2x@latest")).hasMessageContaining("exact version");
        assertThatThrownBy(() -> PackageRef.parse("@scope/name")).hasMessageContaining("name@version");
    }
}
