package io.sr4j.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.sr4j.image.PlanarImage;
import io.sr4j.resample.ResampleFilter;
import io.sr4j.resample.Resampler;
import io.sr4j.testing.TestPhotos;
import java.nio.FloatBuffer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SrNetworkTest {
    static {
        TrainCommand.configureDjl(new String[0]);
    }

    /**
     * With the body's last layer silenced, a fresh network is exactly sr4j's MATLAB bicubic away from
     * the borders: the skip kernel and DJL's pixel-shuffle order agree with the resampler.
     */
    @ParameterizedTest
    @ValueSource(ints = {2, 3, 4})
    void freshNetworkWithSilentTailIsMatlabBicubic(int scale) {
        PlanarImage lr = TestPhotos.crop("coffee.png", 200, 100, 40, 36);
        try (NDManager manager = NDManager.newBaseManager()) {
            SrNetwork net = new SrNetwork(new TrainConfig.Network("fast", 8, 1), scale);
            net.initializeForTraining(manager, new Shape(1, 3, 36, 40));
            var tail = SrNetwork.weight(net.layers().get(net.layers().size() - 1));
            tail.set(FloatBuffer.wrap(new float[(int) tail.size()]));
            PlanarImage out = Validation.run(net, manager, lr);
            PlanarImage bicubic = Resampler.of(ResampleFilter.BICUBIC).resize(lr, 40 * scale, 36 * scale);
            assertThat(out.width()).isEqualTo(40 * scale);
            assertThat(out.height()).isEqualTo(36 * scale);
            double worst = 0;
            // The tail's bias is zero at initialisation; the interior skips the kernel's 2-pixel reach.
            for (int c = 0; c < 3; c++) {
                for (int y = 2 * scale; y < (36 - 2) * scale; y++) {
                    for (int x = 2 * scale; x < (40 - 2) * scale; x++) {
                        worst = Math.max(worst, Math.abs(out.get(c, x, y) - bicubic.get(c, x, y)));
                    }
                }
            }
            assertThat(worst).isLessThan(1e-5);
        }
    }
}
