package io.sr4j.engine.pytorch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.sr4j.engine.Engine;
import io.sr4j.engine.OrtEngine;
import io.sr4j.engine.ncnn.ModelImportException;
import io.sr4j.engine.onnx.OnnxModelReader;
import io.sr4j.image.PlanarImage;
import io.sr4j.tile.BorderMode;
import io.sr4j.tile.Rect;
import io.sr4j.tile.TileExtractor;
import java.util.LinkedHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What the importer recognises, what it refuses and how: architecture detection from names and
 * shapes, metadata in the graph, any image size for the unshuffling variants, clear errors.
 */
class PytorchImporterTest {
    private static final Engine ENGINE = new OrtEngine();

    @AfterAll
    static void closeEngine() {
        ENGINE.close();
    }

    @Test
    void graphRecordsArchitectureScaleAndPadding() {
        PytorchModel model = PytorchImporter.convert(TorchReference.dir().resolve("rrdb-new-x4.pth"));
        assertThat(model.architecture().tilePadding()).isEqualTo(32);
        var meta = OnnxModelReader.read(model.onnx()).metadataEntries();
        assertThat(meta).containsEntry("sr4j.scale", "4").containsEntry("sr4j.tile_padding", "32")
                .containsEntry("sr4j.architecture", "RRDBNet ×4 (nf 8, nb 2, gc 4, BasicSR keys)");
    }

    @Test
    void compactPaddingIsItsReceptiveField() {
        // body.0 + 3 middle convolutions + the last: 5 pixels of context.
        assertThat(PytorchImporter.detect(PytorchCheckpoints.read(TorchReference.dir().resolve("compact-x4.pth")))
                .tilePadding()).isEqualTo(5);
    }

    @Test
    void unshufflingVariantsTakeSizesThatAreNotMultiples() {
        for (String file : new String[] {"rrdb-new-x2.pth", "rrdb-new-x1.pth"}) {
            PytorchModel model = PytorchImporter.convert(TorchReference.dir().resolve(file));
            int s = model.architecture().scale();
            PlanarImage whole = TorchReference.image(TorchReference.manifest().get("input"));
            // 7×5 is a multiple of neither 2 nor 4: padded inside the graph, cropped back.
            PlanarImage y = TorchReference.run(ENGINE, model, whole.crop(0, 0, 7, 5));
            assertThat(y.width()).as(file).isEqualTo(7 * s);
            assertThat(y.height()).as(file).isEqualTo(5 * s);
            for (float v : y.data()) {
                assertThat(Float.isFinite(v)).isTrue();
            }
        }
    }

    @Test
    void unknownArchitectureListsTheSupportedOnesAndSomeKeys() {
        byte[] zip = new CheckpointBuilder().floats("encoder.0.weight", new float[27], 1, 3, 3, 3)
                .floats("encoder.0.bias", new float[1], 1).zip();
        StateDict dict = PytorchCheckpoints.read(zip, "unknown.pth");
        assertThatThrownBy(() -> PytorchImporter.convert(dict)).isInstanceOf(ModelImportException.class)
                .hasMessageStartingWith("unknown.pth: architecture not recognised")
                .hasMessageContaining("SRVGGNetCompact").hasMessageContaining("RRDBNet")
                .hasMessageContaining("OmniSR").hasMessageContaining("SPAN").hasMessageContaining("RealPLKSR")
                .hasMessageContaining("RealCUGAN").hasMessageContaining("SwinIR").hasMessageContaining("HAT")
                .hasMessageContaining("encoder.0.weight, encoder.0.bias");
    }

    @Test
    void compactWithoutActivationWeightsIsRefusedNotGuessed() {
        byte[] zip = new CheckpointBuilder().floats("body.0.weight", new float[4 * 27], 4, 3, 3, 3)
                .floats("body.0.bias", new float[4], 4)
                .floats("body.2.weight", new float[12 * 36], 12, 4, 3, 3)
                .floats("body.2.bias", new float[12], 12).zip();
        assertThatThrownBy(() -> PytorchImporter.convert(PytorchCheckpoints.read(zip, "relu.pth")))
                .isInstanceOf(ModelImportException.class)
                .hasMessageContaining("relu.pth: SRVGGNetCompact: body.1 has no weight")
                .hasMessageContaining("ReLU or LeakyReLU");
    }

    @Test
    void leftoverTensorsAreRefusedNamingThem() {
        CheckpointBuilder b = new CheckpointBuilder().floats("body.0.weight", new float[4 * 27], 4, 3, 3, 3)
                .floats("body.0.bias", new float[4], 4).floats("body.1.weight", new float[4], 4)
                .floats("body.2.weight", new float[12 * 36], 12, 4, 3, 3).floats("body.2.bias", new float[12], 12)
                .floats("body.7.bias", new float[3], 3);
        assertThatThrownBy(() -> PytorchImporter.convert(PytorchCheckpoints.read(b.zip(), "extra.pth")))
                .isInstanceOf(ModelImportException.class)
                .hasMessageContaining("extra.pth: SRVGGNetCompact: 1 tensors do not belong to SRVGGNetCompact")
                .hasMessageContaining("body.7.bias");
    }

    @Test
    void spanPaddingIsItsReceptiveFieldAndNormalisationIsReadFromTheFile() {
        DetectedArchitecture x4 = PytorchImporter.detect(PytorchCheckpoints.read(TorchReference.dir().resolve("span-x4.pth")));
        // conv_1, 6 blocks of three 3×3 layers, conv_2 and the upsampler's 3×3.
        assertThat(x4.tilePadding()).isEqualTo(21);
        assertThat(x4.describe()).isEqualTo("SPAN ×4 (feature_channels 8, input normalised)");
        assertThat(PytorchImporter.detect(PytorchCheckpoints.read(TorchReference.dir().resolve("span-x2.safetensors")))
                .describe()).isEqualTo("SPAN ×2 (feature_channels 8, no_norm)");
    }

    /** PyTorch refolds Conv3XC's branches on every forward; a stored eval_conv must not change the picture. */
    @Test
    void spanFoldsItsBranchesAndIgnoresTheStoredEvalConv() {
        StateDict stored = PytorchCheckpoints.read(TorchReference.dir().resolve("span-x4.pth"));
        CheckpointBuilder rebuilt = new CheckpointBuilder();
        int zeroed = 0;
        for (var e : stored.tensors().entrySet()) {
            float[] values = e.getValue().toFloatArray();
            if (e.getKey().contains(".eval_conv.")) {
                values = new float[values.length];
                zeroed++;
            }
            rebuilt.floats(e.getKey(), values, e.getValue().shape());
        }
        assertThat(zeroed).isEqualTo(2 * (1 + 6 * 3 + 1));
        PytorchModel model = PytorchImporter.convert(PytorchCheckpoints.read(rebuilt.zip(), "span-zeroed.pth"));
        JsonNode variant = variant("span-x4");
        PlanarImage y = TorchReference.run(ENGINE, model, TorchReference.image(TorchReference.manifest().get("input")));
        assertThat(TorchReference.psnr(y, TorchReference.output(variant))).isGreaterThanOrEqualTo(50);
    }

    @Test
    void realPlksrDetailsComeFromTheShapes() {
        DetectedArchitecture x4 = PytorchImporter.detect(
                PytorchCheckpoints.read(TorchReference.dir().resolve("realplksr-x4.pth")));
        assertThat(x4.describe()).isEqualTo("RealPLKSR ×4 (dim 8, n_blocks 2, kernel 7, split 2/8, EA, group norm 4)");
        // feats.0 and the last conv, and per block 2 (channel mixer) + 3 (7×7) + 1 (EA)
        assertThat(x4.tilePadding()).isEqualTo(2 + 2 * 6);
        assertThat(PytorchImporter.detect(PytorchCheckpoints.read(TorchReference.dir().resolve("realplksr-x2.pth")))
                .describe()).isEqualTo("RealPLKSR ×2 (dim 8, n_blocks 2, kernel 7, split 2/8, no EA, layer norm)");
    }

    private static CheckpointBuilder plksrStart() {
        return new CheckpointBuilder().floats("feats.0.weight", new float[8 * 27], 8, 3, 3, 3)
                .floats("feats.1.lk.conv.weight", new float[2 * 2 * 49], 2, 2, 7, 7)
                .floats("feats.1.refine.weight", new float[64], 8, 8, 1, 1);
    }

    @Test
    void realPlksrWithDySampleIsRefusedNamingIt() {
        byte[] zip = plksrStart().floats("feats.1.channel_mixer.0.weight", new float[16 * 8 * 9], 16, 8, 3, 3)
                .floats("to_img.offset.weight", new float[32], 32).zip();
        assertThatThrownBy(() -> PytorchImporter.convert(PytorchCheckpoints.read(zip, "dysample.pth")))
                .isInstanceOf(ModelImportException.class)
                .hasMessageContaining("dysample.pth: RealPLKSR: to_img.* is the DySample upsampler");
    }

    @Test
    void originalPlksrIsNotTakenForRealPlksr() {
        byte[] zip = plksrStart().floats("feats.1.channe_mixer.0.weight", new float[16 * 8 * 9], 16, 8, 3, 3).zip();
        assertThatThrownBy(() -> PytorchImporter.convert(PytorchCheckpoints.read(zip, "plksr.pth")))
                .isInstanceOf(ModelImportException.class)
                .hasMessageContaining("plksr.pth: RealPLKSR: feats.1.channe_mixer is the original PLKSR's spelling");
    }

    @Test
    void realCuganScaleComesFromItsLastLayersAndPaddingIsItsOwnTileOverlap() {
        String[][] expected = {
            {"realcugan-x2.pth", "RealCUGAN ×2 (UpCunet2x, width 8)", "18"},
            {"realcugan-x3.pth", "RealCUGAN ×3 (UpCunet3x, width 8, pro)", "14"},
            {"realcugan-x4-pro.safetensors", "RealCUGAN ×4 (UpCunet4x, width 8, pro)", "19"},
        };
        for (String[] e : expected) {
            DetectedArchitecture arch = PytorchImporter.detect(PytorchCheckpoints.read(TorchReference.dir().resolve(e[0])));
            assertThat(arch.describe()).as(e[0]).isEqualTo(e[1]);
            assertThat(arch.tilePadding()).as(e[0]).isEqualTo(Integer.parseInt(e[2]));
        }
    }

    @Test
    void realCuganFastIsRefusedNamingIt() {
        byte[] zip = new CheckpointBuilder().floats("unet1.conv1.conv.0.weight", new float[32 * 12 * 9], 32, 12, 3, 3)
                .floats("unet2.conv_bottom.weight", new float[64 * 64 * 9], 64, 64, 3, 3).zip();
        assertThatThrownBy(() -> PytorchImporter.convert(PytorchCheckpoints.read(zip, "fast.pth")))
                .isInstanceOf(ModelImportException.class)
                .hasMessageContaining("fast.pth: RealCUGAN: unet1 takes 12 channels: this is UpCunet2x_fast");
    }

    @Test
    void swinIrHyperParametersAndUpsamplerComeFromTheNames() {
        String[][] expected = {
            {"swinir-classical-x2.pth", "SwinIR ×2 (embed_dim 8, depths 2,2, heads 2,2, window 4, pixelshuffle)"},
            {"swinir-classical-x3.pth", "SwinIR ×3 (embed_dim 8, depths 2,2, heads 2,2, window 4, pixelshuffle, no patch norm)"},
            {"swinir-light-x4.pth", "SwinIR ×4 (embed_dim 8, depths 2,2, heads 2,4, window 4, pixelshuffledirect)"},
            {"swinir-real-x4.pth", "SwinIR ×4 (embed_dim 8, depths 2,2, heads 2,2, window 4, nearest+conv, 3conv)"},
        };
        for (String[] e : expected) {
            assertThat(PytorchImporter.detect(PytorchCheckpoints.read(TorchReference.dir().resolve(e[0]))).describe())
                    .as(e[0]).isEqualTo(e[1]);
        }
    }

    private static CheckpointBuilder swinIrStart() {
        return new CheckpointBuilder().floats("conv_first.weight", new float[8 * 27], 8, 3, 3, 3)
                .floats("layers.0.residual_group.blocks.0.attn.relative_position_bias_table", new float[49 * 2], 49, 2);
    }

    @Test
    void swinIrWithAbsolutePositionsOrWithoutUpsamplerIsRefused() {
        byte[] ape = swinIrStart().floats("absolute_pos_embed", new float[8 * 64], 1, 64, 8).zip();
        assertThatThrownBy(() -> PytorchImporter.convert(PytorchCheckpoints.read(ape, "ape.pth")))
                .isInstanceOf(ModelImportException.class).hasMessageContaining("ape.pth: SwinIR: absolute_pos_embed");
        byte[] denoise = swinIrStart().floats("conv_last.weight", new float[3 * 8 * 9], 3, 8, 3, 3).zip();
        assertThatThrownBy(() -> PytorchImporter.convert(PytorchCheckpoints.read(denoise, "denoise.pth")))
                .isInstanceOf(ModelImportException.class)
                .hasMessageContaining("denoise.pth: SwinIR: no upsampler");
    }

    @Test
    void hatIsToldFromSwinIrAndItsWindowsComeFromTheIndices() {
        String[][] expected = {
            {"hat-x4.pth", "HAT ×4 (embed_dim 12, depths 2,2, heads 2,2, window 4, overlap window 6, compress 3, squeeze 6)"},
            {"hat-x3-w8.safetensors", "HAT ×3 (embed_dim 12, depths 2,2, heads 2,4, window 8, overlap window 12, compress 4,"
                    + " squeeze 4)"},
        };
        for (String[] e : expected) {
            assertThat(PytorchImporter.detect(PytorchCheckpoints.read(TorchReference.dir().resolve(e[0]))).describe())
                    .as(e[0]).isEqualTo(e[1]);
        }
    }

    @Test
    void datHyperParametersComeFromTheShapesAndItsTilesFollowTheLongerWindowSide() {
        String[][] expected = {
            {"dat-x2.pth", "DAT ×2 (embed_dim 64, depths 2,1, heads 2,4, split 2x4, expansion 2.0, pixelshuffle)"},
            {"dat-light-x3.safetensors", "DAT ×3 (embed_dim 64, depths 3, heads 2, split 2x4, expansion 2.0,"
                    + " pixelshuffledirect, 3conv)"},
        };
        for (String[] e : expected) {
            DetectedArchitecture arch = PytorchImporter.detect(PytorchCheckpoints.read(TorchReference.dir().resolve(e[0])));
            assertThat(arch.describe()).as(e[0]).isEqualTo(e[1]);
            assertThat(arch.tileWindow()).as(e[0]).isEqualTo(4);
            assertThat(arch.tilePadding()).as(e[0]).isEqualTo(32);
        }
    }

    /** The rolled blocks are DAT's fixed schedule; a file whose stored masks say otherwise is another network. */
    @Test
    void datWhoseMasksDisagreeWithTheRollingScheduleIsRefused() {
        StateDict dict = PytorchCheckpoints.read(TorchReference.dir().resolve("dat-x2.pth"));
        LinkedHashMap<String, Tensor> tensors = new LinkedHashMap<>(dict.tensors());
        assertThat(tensors.remove("layers.1.blocks.0.attn.attn_mask_0")).isNotNull();
        StateDict unrolled = new StateDict("unrolled.pth", dict.format(), null, null, tensors, 0);
        assertThatThrownBy(() -> PytorchImporter.convert(unrolled)).isInstanceOf(ModelImportException.class)
                .hasMessageContaining("unrolled.pth: DAT: layers.1.blocks.0.attn lacks attn_mask_0");
    }

    private static CheckpointBuilder hatStart(int overlap) {
        return swinIrStart().floats("layers.0.residual_group.overlap_attn.relative_position_bias_table",
                        new float[(6 + overlap) * (6 + overlap) * 2], (6 + overlap) * (6 + overlap), 2)
                .floats("relative_position_index_SA", new float[49 * 49], 49, 49)
                .floats("relative_position_index_OCA", new float[49 * overlap * overlap], 49, overlap * overlap);
    }

    @Test
    void hatWithAnOddOverlapWithoutGroupConvsOrWithoutPixelShuffleIsRefused() {
        byte[] odd = hatStart(10).zip();
        assertThatThrownBy(() -> PytorchImporter.convert(PytorchCheckpoints.read(odd, "odd.pth")))
                .isInstanceOf(ModelImportException.class)
                .hasMessageContaining("odd.pth: HAT: overlapping window 10 for window 7");
        byte[] identity = hatStart(11).floats("layers.0.residual_group.blocks.0.norm1.weight", new float[8], 8).zip();
        assertThatThrownBy(() -> PytorchImporter.convert(PytorchCheckpoints.read(identity, "identity.pth")))
                .isInstanceOf(ModelImportException.class)
                .hasMessageContaining("identity.pth: HAT: no layers.0.conv: resi_connection identity");
        byte[] noHead = hatStart(11).floats("layers.0.residual_group.blocks.0.norm1.weight", new float[8], 8)
                .floats("layers.0.conv.weight", new float[8 * 8 * 9], 8, 8, 3, 3).zip();
        assertThatThrownBy(() -> PytorchImporter.convert(PytorchCheckpoints.read(noHead, "nohead.pth")))
                .isInstanceOf(ModelImportException.class)
                .hasMessageContaining("nohead.pth: HAT: no conv_before_upsample");
    }

    /**
     * Real-CUGAN reflect-pads by 18 / 14 / 19 pixels plus up to a multiple, which PyTorch (and ONNX
     * Runtime) refuse for smaller images; sr4j first repeats their last row and column up to that
     * size, so a 12×9 image gives the top-left of what the 12×9 image so extended gives.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"realcugan-x2, 2, 20", "realcugan-x3, 3, 18", "realcugan-x4, 4, 21"})
    void realCuganRunsOnImagesSmallerThanItsReflection(String name, int scale, int minimum) {
        PytorchModel model = PytorchImporter.convert(PytorchCheckpoints.read(
                TorchReference.dir().resolve(variant(name).get("file").asText())));
        PlanarImage small = TorchReference.image(variant(name).get("input")).crop(0, 0, 12, 9);
        PlanarImage extended = new PlanarImage(minimum, minimum, 3);
        new TileExtractor(BorderMode.REPLICATE).extract(small, new Rect(0, 0, minimum, minimum), extended);
        PlanarImage y = TorchReference.run(ENGINE, model, small);
        PlanarImage expected = TorchReference.run(ENGINE, model, extended).crop(0, 0, 12 * scale, 9 * scale);
        assertThat(TorchReference.psnr(y, expected)).as(name).isGreaterThanOrEqualTo(100);
    }

    private static JsonNode variant(String name) {
        for (JsonNode v : TorchReference.manifest().get("variants")) {
            if (v.get("name").asText().equals(name)) {
                return v;
            }
        }
        throw new AssertionError("no variant " + name + " in the manifest");
    }

    @Test
    void rrdbWithAnOddInputChannelCountIsRefused() {
        byte[] zip = new CheckpointBuilder().floats("conv_first.weight", new float[4 * 5 * 9], 4, 5, 3, 3)
                .floats("body.0.rdb1.conv1.weight", new float[2 * 4 * 9], 2, 4, 3, 3).zip();
        assertThatThrownBy(() -> PytorchImporter.convert(PytorchCheckpoints.read(zip, "odd.pth")))
                .isInstanceOf(ModelImportException.class)
                .hasMessageContaining("odd.pth: RRDBNet: conv_first takes 5 channels");
    }
}
