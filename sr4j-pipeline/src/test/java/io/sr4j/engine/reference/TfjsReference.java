package io.sr4j.engine.reference;

import io.sr4j.image.PlanarImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The UpscalerJS models' own runtime, as installed by {@code scripts/install-tfjs-reference.sh}:
 * TensorFlow.js layers on its pure-JavaScript CPU backend in Node, with the model package's own
 * JavaScript definition (custom layers, value ranges). {@code tfjs-upscale.js} (a test resource)
 * loads the model and runs it on one image, scaling values as UpscalerJS does.
 */
public final class TfjsReference {
    static final String STAMP = ".complete-v2";
    private static final String HINT = "run scripts/install-reference-programs.sh (it runs"
            + " install-tfjs-reference.sh: TF.js and the UpscalerJS packages' JavaScript, from npm)";
    private static final Pattern RESULT = Pattern.compile("\\{\"height\":(\\d+),\"width\":(\\d+),\"seconds\":([0-9.eE+-]+)}");

    private final Path root;

    private TfjsReference(Path root) {
        this.root = root;
    }

    /** The installation under the configured reference root (see {@link ReferenceProgram#locate()}). */
    public static TfjsReference locate() {
        Path root = ReferenceProgram.configuredRoot().resolve("tfjs");
        if (!Files.isRegularFile(root.resolve(STAMP))) {
            throw new IllegalStateException("TF.js reference is not installed in " + root + ": " + HINT);
        }
        return new TfjsReference(root);
    }

    /**
     * The package's CommonJS model definition: {@code upscalerjs/NAME/dist/cjs/models/NAME/src/xS/cjs.js},
     * or {@code .../src/cjs.js} for a package with one model (default-model).
     *
     * @param packageName the package without its scope, e.g. {@code esrgan-thick}
     */
    public Path definition(String packageName, int scale) {
        Path src = root.resolve("upscalerjs").resolve(packageName).resolve("dist/cjs/models").resolve(packageName)
                .resolve("src");
        Path perScale = src.resolve("x" + scale).resolve("cjs.js");
        Path file = Files.isRegularFile(perScale) ? perScale : src.resolve("cjs.js");
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("no model definition for " + packageName + " x" + scale + " in " + src);
        }
        return file;
    }

    /** The output of one TF.js run and how long the model took (loading excluded). */
    public record Run(PlanarImage rgb, double seconds) {
    }

    /**
     * Runs the model on {@code rgb} (0..1, 3 planes) and returns its output in 0..1, quantised to the
     * 8-bit levels of {@link ReferenceImages#level(float)} as an image file would hold it.
     *
     * @param work a directory for the exchange files
     */
    public Run upscale(Path modelJson, Path definition, PlanarImage rgb, Path work) {
        int w = rgb.width();
        int h = rgb.height();
        try {
            Path script = work.resolve("tfjs-upscale.js");
            try (InputStream in = TfjsReference.class.getResourceAsStream("tfjs-upscale.js")) {
                Files.write(script, in.readAllBytes());
            }
            Path input = Files.createTempFile(work, "tfjs-in", ".f32");
            Path output = Files.createTempFile(work, "tfjs-out", ".f32");
            ByteBuffer bytes = ByteBuffer.allocate(w * h * 3 * 4).order(ByteOrder.LITTLE_ENDIAN);
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    for (int c = 0; c < 3; c++) {
                        bytes.putFloat(ReferenceImages.level(rgb.get(c, x, y)));
                    }
                }
            }
            Files.write(input, bytes.array());
            ProcessBuilder pb = new ProcessBuilder(List.of("node", script.toString(), modelJson.toString(),
                    definition.toString(), input.toString(), Integer.toString(h), Integer.toString(w),
                    output.toString())).redirectErrorStream(true);
            pb.environment().put("NODE_PATH", root.resolve("node_modules").toString());
            Process p = pb.start();
            String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
                throw new IllegalStateException("TF.js run of " + modelJson + " failed:\n" + log);
            }
            Matcher m = RESULT.matcher(log);
            if (!m.find()) {
                throw new IllegalStateException("TF.js run of " + modelJson + " printed no result:\n" + log);
            }
            return new Run(read(output, Integer.parseInt(m.group(2)), Integer.parseInt(m.group(1))),
                    Double.parseDouble(m.group(3)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static PlanarImage read(Path file, int w, int h) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        if (bytes.remaining() != w * h * 3 * 4) {
            throw new IllegalStateException(file + ": " + bytes.remaining() + " bytes for a " + w + "x" + h + " RGB image");
        }
        PlanarImage out = new PlanarImage(w, h, 3);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int c = 0; c < 3; c++) {
                    out.set(c, x, y, ReferenceImages.level(bytes.getFloat() / 255f) / 255f);
                }
            }
        }
        return out;
    }
}
