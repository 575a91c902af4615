package io.sr4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sr4j.image.PlanarImage;
import io.sr4j.model.ModelStore;
import io.sr4j.testing.TestData;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PyTorch checkpoints on the command line: {@code upscale --model FILE.pth}, {@code models import}
 * then {@code --model NAME}, and {@code models inspect} naming the architecture. The checkpoints are
 * the importer's tiny reference networks (tools/pytorch-reference/make_references.py).
 */
class PytorchCliTest {
    private static final Path REFERENCE = Path.of("../sr4j-importers/src/test/resources/io/sr4j/engine/pytorch/reference");

    @TempDir
    Path temp;

    /** Runs sr4j with a store of its own under the test's folder (nothing lands in the user's store). */
    private CliRunner.Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Sr4jCommand.newCommandLine(new PrintWriter(out, true), new PrintWriter(err, true),
                () -> ModelStore.builder().root(temp.resolve("store")).build(), false).execute(args);
        return new CliRunner.Result(code, out.toString(), err.toString());
    }

    @Test
    void upscaleTakesACheckpointAsTheModel() throws Exception {
        Path model = Files.copy(REFERENCE.resolve("compact-x4.pth"), temp.resolve("my-model.pth"));
        Path input = TestImages.writeCrop(TestData.skimage("chelsea.png"), 50, 50, 20, 14, temp.resolve("cat.png"));
        Path output = temp.resolve("out.png");

        CliRunner.Result result = run("upscale", input.toString(), "-o", output.toString(), "--model", model.toString());

        assertThat(result.exitCode()).as(result.err()).isZero();
        PlanarImage image = TestImages.read(output);
        assertThat(image.width()).isEqualTo(80);
        assertThat(image.height()).isEqualTo(56);
    }

    @Test
    void importInstallsALocalModelUsableByName() throws Exception {
        CliRunner.Result imported = run("models", "import", REFERENCE.resolve("rrdb-new-x2.pth").toString(),
                "--name", "tiny-rrdb");
        assertThat(imported.exitCode()).as(imported.err()).isZero();
        assertThat(imported.out()).contains("installed tiny-rrdb: RRDBNet ×2 (nf 8, nb 1, gc 4, pixel-unshuffle 2,"
                + " BasicSR keys)");
        Path local = temp.resolve("store/local-models");
        assertThat(local.resolve("tiny-rrdb.onnx")).isRegularFile();
        assertThat(Files.readString(local.resolve("tiny-rrdb.onnx.json"))).contains("\"scale\" : 2")
                .contains("\"padding\" : 32");

        Path input = TestImages.writeCrop(TestData.skimage("chelsea.png"), 50, 50, 15, 11, temp.resolve("cat.png"));
        Path output = temp.resolve("out.png");
        CliRunner.Result up = run("upscale", input.toString(), "-o", output.toString(), "--model", "tiny-rrdb");
        assertThat(up.exitCode()).as(up.err()).isZero();
        assertThat(TestImages.read(output).width()).isEqualTo(30);

        CliRunner.Result again = run("models", "import", REFERENCE.resolve("rrdb-new-x2.pth").toString(),
                "--name", "tiny-rrdb");
        assertThat(again.exitCode()).isNotZero();
        assertThat(again.err()).contains("--force");
    }

    /**
     * An imported SwinIR keeps tiling on its window grid: its sidecar names the window, and the
     * local model gives the same picture as the checkpoint itself with the same small tiles.
     */
    @Test
    void importedSwinIrTilesLikeTheCheckpoint() throws Exception {
        Path checkpoint = REFERENCE.resolve("swinir-light-x4.pth");
        CliRunner.Result imported = run("models", "import", checkpoint.toString(), "--name", "tiny-swin");
        assertThat(imported.exitCode()).as(imported.err()).isZero();
        assertThat(Files.readString(temp.resolve("store/local-models/tiny-swin.onnx.json")))
                .contains("\"tileWindow\" : 4");

        Path input = TestImages.writeCrop(TestData.skimage("chelsea.png"), 50, 37, 15, 11, temp.resolve("cat.png"));
        Path byName = temp.resolve("by-name.png");
        Path byFile = temp.resolve("by-file.png");
        CliRunner.Result named = run("upscale", input.toString(), "-o", byName.toString(), "--model", "tiny-swin",
                "--tile", "16");
        assertThat(named.exitCode()).as(named.err()).isZero();
        CliRunner.Result file = run("upscale", input.toString(), "-o", byFile.toString(), "--model",
                checkpoint.toString(), "--tile", "16");
        assertThat(file.exitCode()).as(file.err()).isZero();
        assertThat(TestImages.read(byName)).isEqualTo(TestImages.read(byFile));
    }

    @Test
    void inspectNamesTheArchitecture() {
        CliRunner.Result result = run("models", "inspect", REFERENCE.resolve("rrdb-old-x4.pth").toString());
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains(
                "architecture:  RRDBNet ×4 (nf 8, nb 2, gc 4, original ESRGAN keys), tile padding 32");
    }
}
