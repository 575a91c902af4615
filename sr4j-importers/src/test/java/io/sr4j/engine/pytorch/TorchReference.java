package io.sr4j.engine.pytorch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sr4j.engine.Engine;
import io.sr4j.engine.InferenceSession;
import io.sr4j.image.PlanarImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The checkpoints and PyTorch outputs written by {@code tools/pytorch-reference/make_references.py}
 * (test resources {@code io/sr4j/engine/pytorch/reference/}; manifest.json says what is what), or,
 * with the system property {@value #DIR_PROPERTY}, the same layout written elsewhere
 * ({@code tools/pytorch-reference/check_upstream.py}: the upstream architectures' own code).
 */
final class TorchReference {
    static final String DIR_PROPERTY = "sr4j.pytorch.references";

    private TorchReference() {
    }

    /** Whether the references come from {@value #DIR_PROPERTY} instead of the test resources. */
    static boolean external() {
        return !System.getProperty(DIR_PROPERTY, "").isBlank();
    }

    static Path dir() {
        if (external()) {
            return Path.of(System.getProperty(DIR_PROPERTY));
        }
        try {
            return Path.of(TorchReference.class.getResource("reference/manifest.json").toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static JsonNode manifest() {
        try {
            return new ObjectMapper().readTree(dir().resolve("manifest.json").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A raw little-endian float32 CHW image of the reference set. */
    static PlanarImage image(String file, int channels, int height, int width) {
        try {
            ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(dir().resolve(file))).order(ByteOrder.LITTLE_ENDIAN);
            float[] data = new float[channels * height * width];
            if (bytes.remaining() != 4 * data.length) {
                throw new IllegalStateException(file + ": " + bytes.remaining() + " bytes for " + data.length + " floats");
            }
            bytes.asFloatBuffer().get(data);
            return new PlanarImage(width, height, channels, data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static PlanarImage image(JsonNode input) {
        return image(input.get("file").asText(), input.get("channels").asInt(), input.get("height").asInt(),
                input.get("width").asInt());
    }

    static PlanarImage output(JsonNode entry) {
        JsonNode shape = entry.get("output_shape");
        return image(entry.get("output").asText(), shape.get(0).asInt(), shape.get(1).asInt(), shape.get(2).asInt());
    }

    static PlanarImage run(Engine engine, PytorchModel model, PlanarImage x) {
        try (InferenceSession s = engine.open(model.onnx(), model.converted().source())) {
            return s.run(x);
        }
    }

    /** {@code a} rounded to 8 bits the way Real-CUGAN's own code returns its output ((x·255).round().clamp). */
    static PlanarImage quantised(PlanarImage a) {
        float[] q = a.data().clone();
        for (int i = 0; i < q.length; i++) {
            q[i] = Math.max(0, Math.min(255, Math.round(q[i] * 255.0))) / 255f;
        }
        return new PlanarImage(a.width(), a.height(), a.channels(), q);
    }

    /** PSNR in dB of {@code a} against {@code b}, peak 1 (the networks' 0..1 range), on the raw floats. */
    static double psnr(PlanarImage a, PlanarImage b) {
        if (!a.sameShape(b)) {
            throw new AssertionError(a + " vs " + b);
        }
        double sum = 0;
        float[] x = a.data();
        float[] y = b.data();
        for (int i = 0; i < x.length; i++) {
            double d = x[i] - y[i];
            sum += d * d;
        }
        double mse = sum / x.length;
        return mse == 0 ? Double.POSITIVE_INFINITY : 10 * Math.log10(1 / mse);
    }
}
