package io.sr4j.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MachineLimitTest {
    @Test
    void bothMatrixProductsRunAndCountTwoOperationsPerMultiplyAdd() {
        for (MachineLimit.Kind kind : MachineLimit.Kind.values()) {
            MachineLimit.Timing timing = MachineLimit.measure(kind, 128, 1, 2);
            assertThat(timing.operations()).isEqualTo(2.0 * 128 * 128 * 128);
            assertThat(timing.seconds()).hasSize(2);
            assertThat(Stats.min(timing.seconds())).isPositive();
            assertThat(timing.gigaOpsPerSecond()).isPositive();
        }
    }

    @Test
    void medianOfEvenAndOddCounts() {
        assertThat(Stats.median(new double[] {3, 1, 2})).isEqualTo(2);
        assertThat(Stats.median(new double[] {4, 1, 2, 3})).isEqualTo(2.5);
    }
}
