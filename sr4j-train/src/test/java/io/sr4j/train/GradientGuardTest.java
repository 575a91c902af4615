package io.sr4j.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The training step's guard against a non-finite gradient from the backward pass. */
class GradientGuardTest {
    static {
        TrainCommand.configureDjl(new String[] {"--threads", "1"});
    }

    @Test
    void aNanGradientIsReportedAndClearedSoTheNextPassStartsFromZero() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray param = manager.create(new float[] {1, 2, 3});
            param.setRequiresGradient(true);
            backward(param, Float.NaN);

            List<float[]> first = Training.takeGradients(List.of(param));
            assertThat(first.get(0)).containsOnly(Float.NaN);
            // ×0 would have kept the NaN (NaN·0 = NaN) and poisoned every later step.
            backward(param, 2f);
            assertThat(Training.takeGradients(List.of(param)).get(0)).containsExactly(2f, 2f, 2f);
            assertThat(param.getGradient().toFloatArray()).containsOnly(0f);
        }
    }

    /** Accumulates d(sum(param · k))/d(param) = k into the parameter's gradient. */
    private static void backward(NDArray param, float k) {
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            collector.backward(param.mul(k).sum());
        }
    }
}
