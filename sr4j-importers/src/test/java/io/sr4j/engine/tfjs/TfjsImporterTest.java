package io.sr4j.engine.tfjs;

import static io.sr4j.engine.tfjs.KerasModelBuilder.config;
import static io.sr4j.engine.tfjs.KerasModelBuilder.conv;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sr4j.engine.Engine;
import io.sr4j.engine.InferenceSession;
import io.sr4j.engine.OrtEngine;
import io.sr4j.engine.ncnn.ConvertedModel;
import io.sr4j.engine.ncnn.ModelImportException;
import io.sr4j.image.PlanarImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The TF.js importer on small Keras models written by the test, run in ONNX Runtime and compared
 * with direct implementations of the Keras/TF.js semantics (NHWC kernels, TF SAME padding,
 * depth_to_space order, nearest upsampling).
 */
class TfjsImporterTest {
    private static final Engine ENGINE = new OrtEngine();
    private static final float TOLERANCE = 1e-4f;

    @TempDir
    Path dir;

    @AfterAll
    static void closeEngine() {
        ENGINE.close();
    }

    @Test
    void conv2dSamePaddingBiasAndReluFollowKeras() {
        Random r = new Random(1);
        float[] kernel = random(r, 3 * 3 * 2 * 4);
        float[] bias = random(r, 4);
        KerasModelBuilder.Files m = new KerasModelBuilder().input("in", 2)
                .layer("Conv2D", "c", conv(4, 3, "same", "relu"), "in")
                .weight("c/kernel", kernel, 3, 3, 2, 4).weight("c/bias", bias, 4)
                .build("in", "c");
        PlanarImage x = randomImage(r, 7, 5, 2);

        PlanarImage y = run(m, TfjsImportOptions.unitRange(), x);

        PlanarImage expected = kerasConv(x, kernel, bias, 3, 4, true, true);
        assertClose(y, expected);
        assertThat(y.width()).isEqualTo(7);
        assertThat(y.height()).isEqualTo(5);
    }

    @Test
    void validPaddingShrinksTheImage() {
        Random r = new Random(2);
        float[] kernel = random(r, 3 * 3 * 3 * 3);
        float[] bias = random(r, 3);
        KerasModelBuilder.Files m = new KerasModelBuilder().input("in", 3)
                .layer("Conv2D", "c", conv(3, 3, "valid", "linear"), "in")
                .weight("c/kernel", kernel, 3, 3, 3, 3).weight("c/bias", bias, 3)
                .build("in", "c");
        PlanarImage x = randomImage(r, 9, 8, 3);

        assertClose(run(m, TfjsImportOptions.unitRange(), x), kerasConv(x, kernel, bias, 3, 3, false, false));
    }

    @Test
    void pixelShuffleIsTensorflowDepthToSpace() {
        Random r = new Random(3);
        int s = 2;
        KerasModelBuilder.Files m = new KerasModelBuilder().input("in", 3 * s * s)
                .layer("PixelShuffle2x", "shuffle", config().put("scale", s), "in")
                .build("in", "shuffle");
        PlanarImage x = randomImage(r, 4, 3, 12);

        PlanarImage y = run(m, TfjsImportOptions.unitRange(), x);

        // tf.depthToSpace (NHWC): out[y][x][c] = in[y / s][x / s][((y % s) * s + x % s) * C + c]
        PlanarImage expected = new PlanarImage(4 * s, 3 * s, 3);
        for (int c = 0; c < 3; c++) {
            for (int oy = 0; oy < 3 * s; oy++) {
                for (int ox = 0; ox < 4 * s; ox++) {
                    expected.set(c, ox, oy, x.get(((oy % s) * s + ox % s) * 3 + c, ox / s, oy / s));
                }
            }
        }
        assertClose(y, expected);
    }

    @Test
    void concatenateOnTheLastKerasAxisAddMultiplyBetaAndNearestUpsampling() {
        Random r = new Random(4);
        ObjectNodes n = new ObjectNodes();
        KerasModelBuilder.Files m = new KerasModelBuilder().input("in", 2)
                .layer("MultiplyBeta", "beta", config().put("beta", 0.2), "in")
                .layer("Add", "sum", config(), "in", "beta")
                .layer("Concatenate", "cat", config().put("axis", -1), "sum", "in")
                .layer("UpSampling2D", "up", n.upsampling(2, 3), "cat")
                .build("in", "up");
        PlanarImage x = randomImage(r, 3, 2, 2);

        PlanarImage y = run(m, TfjsImportOptions.unitRange(), x);

        PlanarImage expected = new PlanarImage(9, 4, 4);
        for (int oy = 0; oy < 4; oy++) {
            for (int ox = 0; ox < 9; ox++) {
                for (int c = 0; c < 2; c++) {
                    float v = x.get(c, ox / 3, oy / 2);
                    expected.set(c, ox, oy, v + 0.2f * v);
                    expected.set(c + 2, ox, oy, v);
                }
            }
        }
        assertClose(y, expected);
    }

    /** Written as one low-resolution convolution + depth_to_space (SubPixelKernel): must equal the pair. */
    @Test
    void nearestUpsamplingThenConvolutionEqualsTheTwoLayers() {
        Random r = new Random(5);
        ObjectNodes n = new ObjectNodes();
        for (int[] sk : new int[][] {{3, 3}, {2, 5}, {8, 3}, {4, 2}}) {
            int s = sk[0];
            int k = sk[1];
            float[] kernel = random(r, k * k * 3 * 2);
            float[] bias = random(r, 2);
            KerasModelBuilder.Files m = new KerasModelBuilder().input("in", 3)
                    .layer("UpSampling2D", "up", n.upsampling(s, s), "in")
                    .layer("Conv2D", "c", conv(2, k, "same", "relu"), "up")
                    .weight("c/kernel", kernel, k, k, 3, 2).weight("c/bias", bias, 2)
                    .build("in", "c");
            PlanarImage x = randomImage(r, 5, 4, 3);

            PlanarImage y = run(m, TfjsImportOptions.unitRange(), x);

            PlanarImage up = new PlanarImage(5 * s, 4 * s, 3);
            for (int c = 0; c < 3; c++) {
                for (int oy = 0; oy < 4 * s; oy++) {
                    for (int ox = 0; ox < 5 * s; ox++) {
                        up.set(c, ox, oy, x.get(c, ox / s, oy / s));
                    }
                }
            }
            assertClose(y, kerasConv(up, kernel, bias, k, 2, true, true));
        }
    }

    @Test
    void networkRangeScalesInputAndOutputInsideTheGraph() {
        // A 1x1 convolution with a bias: scaling by 255 around it is not the identity.
        float[] kernel = {1f};
        float[] bias = {10f};
        KerasModelBuilder.Files m = new KerasModelBuilder().input("in", 1)
                .layer("Conv2D", "c", conv(1, 1, "same", "linear"), "in")
                .weight("c/kernel", kernel, 1, 1, 1, 1).weight("c/bias", bias, 1)
                .build("in", "c");
        PlanarImage x = new PlanarImage(2, 1, 1, new float[] {0.5f, 0f});

        PlanarImage y = run(m, new TfjsImportOptions(255), x);

        assertThat(y.data()[0]).isCloseTo((0.5f * 255 + 10) / 255, org.assertj.core.data.Offset.offset(1e-6f));
        assertThat(y.data()[1]).isCloseTo(10f / 255, org.assertj.core.data.Offset.offset(1e-6f));
    }

    @Test
    void weightsSpanningShardsAndUint8QuantisationDecode() {
        // Kernel 1x1x2x2 quantised: q * 0.5 - 1 → {-1, 0, 0.5, 1.5}; bias float32, split across shards.
        byte[] q = {0, 2, 3, 5};
        KerasModelBuilder.Files m = new KerasModelBuilder().input("in", 2)
                .layer("Conv2D", "c", conv(2, 1, "valid", "linear"), "in")
                .quantizedWeight("c/kernel", q, 0.5, -1, 1, 1, 2, 2)
                .weight("c/bias", new float[] {0.25f, -0.5f}, 2)
                .shardSize(3)
                .build("in", "c");
        assertThat(m.shards()).hasSize(4);
        PlanarImage x = new PlanarImage(1, 1, 2, new float[] {2f, 3f});

        PlanarImage y = run(m, TfjsImportOptions.unitRange(), x);

        // Keras kernel [in][out]: out0 = 2*(-1) + 3*0.5 + 0.25, out1 = 2*0 + 3*1.5 - 0.5
        assertThat(y.data()).containsExactly(-0.25f, 4f);
    }

    @Test
    void unknownLayerClassIsAnErrorNamingTheClassAndTheFile() throws Exception {
        KerasModelBuilder.Files m = new KerasModelBuilder().input("in", 3)
                .layer("Conv3DTranspose", "odd", config(), "in")
                .build("in", "odd");
        Path json = write(m);

        assertThatThrownBy(() -> TfjsImporter.convert(json, TfjsImportOptions.unitRange()))
                .isInstanceOf(ModelImportException.class)
                .hasMessageContaining(json.toString())
                .hasMessageContaining("'odd'")
                .hasMessageContaining("Conv3DTranspose");
    }

    @Test
    void missingShardIsAnErrorNamingIt() throws Exception {
        KerasModelBuilder.Files m = new KerasModelBuilder().input("in", 1)
                .layer("Conv2D", "c", conv(1, 1, "same", "linear"), "in")
                .weight("c/kernel", new float[] {1f}, 1, 1, 1, 1).weight("c/bias", new float[] {0f}, 1)
                .build("in", "c");
        Path json = dir.resolve("model.json");
        Files.write(json, m.modelJson());

        assertThatThrownBy(() -> TfjsImporter.convert(json, TfjsImportOptions.unitRange()))
                .isInstanceOf(ModelImportException.class)
                .hasMessageContaining("group1-shard1of1.bin");
    }

    @Test
    void truncatedJsonIsAnError() throws Exception {
        Path json = dir.resolve("model.json");
        Files.writeString(json, "{\"modelTopology\": {\"class_name\": ");

        assertThatThrownBy(() -> TfjsImporter.convert(json, TfjsImportOptions.unitRange()))
                .isInstanceOf(ModelImportException.class)
                .hasMessageContaining(json.toString())
                .hasMessageContaining("JSON");
    }

    // ---- helpers ----

    /** Small config objects that need arrays. */
    private static final class ObjectNodes {
        com.fasterxml.jackson.databind.node.ObjectNode upsampling(int sh, int sw) {
            com.fasterxml.jackson.databind.node.ObjectNode c = config().put("interpolation", "nearest")
                    .put("data_format", "channels_last");
            c.putArray("size").add(sh).add(sw);
            return c;
        }
    }

    private Path write(KerasModelBuilder.Files m) throws Exception {
        Path json = dir.resolve("model.json");
        Files.write(json, m.modelJson());
        for (var e : m.shards().entrySet()) {
            Files.write(dir.resolve(e.getKey()), e.getValue());
        }
        return json;
    }

    private PlanarImage run(KerasModelBuilder.Files m, TfjsImportOptions options, PlanarImage x) {
        ConvertedModel converted;
        try {
            converted = TfjsImporter.convert(write(m), options);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        assertThat(converted).isEqualTo(converted);
        try (InferenceSession s = ENGINE.open(converted.onnx(), "test")) {
            return s.run(x);
        }
    }

    /** Keras Conv2D, stride 1, kernel [k][k][in][out]; SAME pads (k − 1) / 2 before, the rest after. */
    private static PlanarImage kerasConv(PlanarImage x, float[] kernel, float[] bias, int k, int out, boolean same,
            boolean relu) {
        int in = x.channels();
        int pad = same ? (k - 1) / 2 : 0;
        int w = same ? x.width() : x.width() - k + 1;
        int h = same ? x.height() : x.height() - k + 1;
        PlanarImage y = new PlanarImage(w, h, out);
        for (int o = 0; o < out; o++) {
            for (int oy = 0; oy < h; oy++) {
                for (int ox = 0; ox < w; ox++) {
                    double sum = bias[o];
                    for (int ky = 0; ky < k; ky++) {
                        for (int kx = 0; kx < k; kx++) {
                            int sy = oy + ky - pad;
                            int sx = ox + kx - pad;
                            if (sy < 0 || sx < 0 || sy >= x.height() || sx >= x.width()) {
                                continue;
                            }
                            for (int i = 0; i < in; i++) {
                                sum += x.get(i, sx, sy) * kernel[((ky * k + kx) * in + i) * out + o];
                            }
                        }
                    }
                    y.set(o, ox, oy, (float) (relu ? Math.max(0, sum) : sum));
                }
            }
        }
        return y;
    }

    private static void assertClose(PlanarImage actual, PlanarImage expected) {
        assertThat(actual.channels()).isEqualTo(expected.channels());
        assertThat(actual.width()).isEqualTo(expected.width());
        assertThat(actual.height()).isEqualTo(expected.height());
        float[] a = actual.data();
        float[] e = expected.data();
        for (int i = 0; i < a.length; i++) {
            assertThat(a[i]).as("sample %d", i).isCloseTo(e[i], org.assertj.core.data.Offset.offset(TOLERANCE));
        }
    }

    private static float[] random(Random r, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) r.nextGaussian() * 0.5f;
        }
        return v;
    }

    private static PlanarImage randomImage(Random r, int w, int h, int c) {
        PlanarImage x = new PlanarImage(w, h, c);
        float[] d = x.data();
        for (int i = 0; i < d.length; i++) {
            d[i] = r.nextFloat();
        }
        return x;
    }
}
