package io.sr4j.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The diffusion parts of a training config: defaults, and errors that name the file and the field. */
class DiffusionConfigTest {
    @TempDir
    Path dir;

    private static final String NETWORK = "{\"type\": \"diffusion\", \"channels\": 8}";
    private static final String DIFFUSION = "{\"residualGain\": 10}";

    private TrainConfig read(String network, String diffusion, int patch) throws IOException {
        String json = "{\"name\": \"d\", \"scale\": 4, \"seed\": 1, \"network\": " + network
                + (diffusion == null ? "" : ", \"diffusion\": " + diffusion)
                + ", \"data\": {\"train\": [\"t\"], \"patch\": " + patch + ", \"validationCrop\": 64}"
                + ", \"schedule\": {\"steps\": 10, \"learningRate\": 0.001}}";
        return TrainConfig.read(Files.writeString(dir.resolve("cfg.json"), json));
    }

    @Test
    void theCommittedConfigReadsAndRoundTrips() throws IOException {
        TrainConfig cfg = TrainConfig.read(Path.of("configs/sr4j-diffusion-x4.json"));
        assertThat(cfg.network().isDiffusion()).isTrue();
        assertThat(cfg.diffusion().noiseSchedule().name()).isEqualTo("cosine");
        assertThat(cfg.diffusion().trainSteps()).isEqualTo(1000);
        assertThat(cfg.data().validation()).noneMatch(v -> v.contains("opencv") || v.contains("ukui"));
        assertThat(cfg.data().train()).noneMatch(v -> v.contains("opencv") || v.contains("ukui"));
        Path copy = Files.writeString(dir.resolve("copy.json"), cfg.toJson());
        assertThat(TrainConfig.read(copy)).isEqualTo(cfg);
    }

    @Test
    void defaultsFillTheUNetAndTheSchedule() throws IOException {
        TrainConfig cfg = read(NETWORK, DIFFUSION, 16);
        assertThat(cfg.network().levels()).isEqualTo(4);
        assertThat(cfg.network().blocks()).isEqualTo(1);
        assertThat(cfg.network().embedding()).isEqualTo(64);
        assertThat(cfg.diffusion().schedule()).isEqualTo("cosine");
        assertThat(cfg.diffusion().validationSteps()).containsExactly(50, 200, 500, 800);
    }

    @Test
    void badDiffusionConfigsAreRefusedNamingFileAndField() {
        assertThatThrownBy(() -> read(NETWORK, null, 16))
                .hasMessageContaining("cfg.json").hasMessageContaining("needs a diffusion section");
        assertThatThrownBy(() -> read("{\"type\": \"fast\", \"channels\": 8, \"depth\": 1}", DIFFUSION, 16))
                .hasMessageContaining("diffusion section is for network.type 'diffusion' only");
        assertThatThrownBy(() -> read("{\"type\": \"diffusion\", \"channels\": 8, \"depth\": 2}", DIFFUSION, 16))
                .hasMessageContaining("network.depth is not used by type 'diffusion'");
        assertThatThrownBy(() -> read("{\"type\": \"fast\", \"channels\": 8, \"depth\": 1, \"levels\": 3}", null, 16))
                .hasMessageContaining("are for type 'diffusion'");
        assertThatThrownBy(() -> read("{\"type\": \"diffusion\", \"channels\": 8, \"levels\": 6}", DIFFUSION, 16))
                .hasMessageContaining("network.levels must be 1..5");
        assertThatThrownBy(() -> read("{\"type\": \"diffusion\", \"channels\": 8, \"embedding\": 7}", DIFFUSION, 16))
                .hasMessageContaining("network.embedding must be even");
        assertThatThrownBy(() -> read(NETWORK, DIFFUSION, 5))
                .hasMessageContaining("data.patch × scale (20) must be a multiple of 8");
        assertThatThrownBy(() -> read(NETWORK, "{\"residualGain\": 0}", 16))
                .hasMessageContaining("diffusion.residualGain must be positive");
        assertThatThrownBy(() -> read(NETWORK, "{\"residualGain\": 10, \"schedule\": \"sigmoid\"}", 16))
                .hasMessageContaining("unknown noise schedule 'sigmoid'");
        assertThatThrownBy(() -> read(NETWORK, "{\"residualGain\": 10, \"validationSteps\": [0]}", 16))
                .hasMessageContaining("diffusion.validationSteps must lie in 1..1000");
        assertThatThrownBy(() -> read(NETWORK, "{\"residualGain\": 10, \"gain\": 3}", 16))
                .hasMessageContaining("gain");
    }
}
