package io.sr4j.engine.pytorch;

import io.sr4j.engine.ncnn.ConvertedModel;
import io.sr4j.engine.ncnn.ModelImportException;
import io.sr4j.engine.onnx.Dim;
import io.sr4j.engine.onnx.OnnxGraphBuilder;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Turns the state dict of a PyTorch super-resolution network into an ONNX graph that
 * {@link io.sr4j.engine.OrtEngine} runs. The architecture is recognised from tensor names and
 * shapes (a state dict holds no code): {@value CompactNetwork#NAME} (Real-ESRGAN compact, PReLU),
 * {@value RrdbNetwork#NAME} (ESRGAN, both key namings, ×1 to ×8), {@value OmniSrNetwork#NAME},
 * {@value SpanNetwork#NAME}, {@value RealPlksrNetwork#NAME}, {@value RealCuganNetwork#NAME},
 * {@value SwinIrNetwork#NAME}, {@value HatNetwork#NAME} and {@value DatNetwork#NAME}.
 * Anything else fails with a
 * {@link ModelImportException} naming the file, the supported architectures and the first keys.
 *
 * <p>The graph maps {@code input} (1×3×H×W, RGB in 0..1, as the networks were trained) to
 * {@code output} (1×3×sH×sW) and records the architecture, scale and tile padding in its metadata
 * ({@code sr4j.architecture}, {@code sr4j.scale}, {@code sr4j.tile_padding}, {@code sr4j.tile_window}). Pure: writes nothing.
 */
public final class PytorchImporter {
    /** Bump when the graphs written change, so cached conversions are rebuilt. */
    public static final String CONVERTER_VERSION = "pytorch2onnx-4";
    public static final String INPUT = "input";
    public static final String OUTPUT = "output";

    private PytorchImporter() {
    }

    /** Reads {@code file} (see {@link PytorchCheckpoints}) and converts it. */
    public static PytorchModel convert(Path file) {
        return convert(PytorchCheckpoints.read(file));
    }

    /** What {@code dict} is, without converting it. */
    public static DetectedArchitecture detect(StateDict dict) {
        return recognise(dict).architecture();
    }

    public static PytorchModel convert(StateDict dict) {
        Objects.requireNonNull(dict, "dict");
        TorchNetwork network = recognise(dict);
        DetectedArchitecture arch = network.architecture();
        OnnxGraphBuilder g = new OnnxGraphBuilder(arch.name());
        g.input(INPUT, Dim.of(1), Dim.of(3), Dim.named("height"), Dim.named("width"));
        g.reserve(OUTPUT);
        String y = network.emit(new TorchGraph(g, network.weights()), INPUT);
        network.weights().requireAllUsed();
        g.node("Identity", List.of(y), OUTPUT);
        g.output(OUTPUT, Dim.of(1), Dim.of(3), Dim.unknown(), Dim.unknown());
        g.metadata("sr4j.converted_from", "pytorch:" + dict.source());
        g.metadata("sr4j.architecture", arch.describe());
        g.metadata("sr4j.scale", Integer.toString(arch.scale()));
        g.metadata("sr4j.tile_padding", Integer.toString(arch.tilePadding()));
        g.metadata("sr4j.tile_window", Integer.toString(arch.tileWindow()));
        g.docString("Converted by sr4j from the PyTorch state dict " + dict.source() + ": " + arch.describe());
        ConvertedModel converted = new ConvertedModel(g.build(), dict.source(), List.of(INPUT), List.of(OUTPUT),
                List.of());
        return new PytorchModel(converted, arch);
    }

    /** One supported architecture: how to recognise it, and the key names that show it (for errors). */
    private record Architecture(String name, String keys, Function<StateDict, TorchNetwork> detect) {
    }

    /** Every supported architecture, tried in order; each detector returns null when the names say "not mine". */
    private static final List<Architecture> ARCHITECTURES = List.of(
            new Architecture(CompactNetwork.NAME, "Real-ESRGAN compact: body.0.weight, body.1.weight, …",
                    CompactNetwork::detect),
            new Architecture(RrdbNetwork.NAME, "ESRGAN: conv_first, body.N.rdbK.convJ, conv_up1, … or model.0,"
                    + " model.1.sub.N.RDBK.convJ.0, …", RrdbNetwork::detect),
            new Architecture(OmniSrNetwork.NAME, "input, residual_layer.N.residual_layer.0.layer.M, residual_layer.N.esa,"
                    + " output, up.0", OmniSrNetwork::detect),
            new Architecture(SpanNetwork.NAME, "conv_1.sk, block_1…6.c1_r…c3_r (sk, conv.0…2, eval_conv), conv_cat,"
                    + " conv_2, upsampler.0", SpanNetwork::detect),
            new Architecture(RealPlksrNetwork.NAME, "feats.0, feats.N.channel_mixer.0/2, feats.N.lk.conv,"
                    + " feats.N.refine, feats.N.norm or layer_norm, pixel-shuffle head", RealPlksrNetwork::detect),
            new Architecture(RealCuganNetwork.NAME, "unet1.conv1.conv.0, unet1.conv_bottom, unet2.convN.seblock,"
                    + " unet2.conv_bottom, conv_final (×4), pro", RealCuganNetwork::detect),
            // before SwinIR, whose names HAT's include
            new Architecture(HatNetwork.NAME, "conv_first, layers.N.residual_group.blocks.M.conv_block.cab,"
                    + " layers.N.residual_group.overlap_attn, relative_position_index_OCA, conv_before_upsample",
                    HatNetwork::detect),
            new Architecture(DatNetwork.NAME, "conv_first, before_RG.1, layers.N.blocks.M.attn.attns.K (pos, rpe_biases),"
                    + " layers.N.blocks.M.attn.temperature, layers.N.blocks.M.ffn.sg, conv_after_body", DatNetwork::detect),
            new Architecture(SwinIrNetwork.NAME, "conv_first, layers.N.residual_group.blocks.M.attn"
                    + ".relative_position_bias_table, conv_after_body, upsample.0 or conv_up1", SwinIrNetwork::detect));

    /** The names of the supported architectures, in the order they are tried. */
    public static List<String> supportedArchitectures() {
        return ARCHITECTURES.stream().map(Architecture::name).toList();
    }

    private static TorchNetwork recognise(StateDict dict) {
        for (Architecture a : ARCHITECTURES) {
            TorchNetwork network = a.detect().apply(dict);
            if (network != null) {
                return network;
            }
        }
        List<String> keys = List.copyOf(dict.tensors().keySet());
        throw new ModelImportException(dict.source() + ": architecture not recognised. sr4j converts "
                + ARCHITECTURES.stream().map(a -> a.name() + " (" + a.keys() + ")").collect(Collectors.joining("; "))
                + ". This file has " + keys.size() + " tensors: "
                + (keys.isEmpty() ? "none" : String.join(", ", keys.subList(0, Math.min(8, keys.size())))
                + (keys.size() > 8 ? ", …" : "")));
    }
}
