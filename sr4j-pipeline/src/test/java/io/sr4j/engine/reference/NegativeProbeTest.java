package io.sr4j.engine.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sr4j.engine.reference.ReferenceProgram.ProbeLayer;
import org.junit.jupiter.api.Test;

/** The param rewrite that appends "+1.0" to a model's output. */
class NegativeProbeTest {
    private static final String PARAM = """
            7767517
            4 4
            Input            input.1   0 1 data
            Convolution      conv      1 1 data 1 0=3 1=3 4=1 5=1 6=81
            Interp           up        1 1 data 2 0=1 1=4.000000e+00 2=4.000000e+00
            BinaryOp         Add_69    2 1 1 2 output
            """;

    @Test
    void binaryOpProbeRenamesTheOutputAndAddsAHalf() {
        String shifted = NegativeProbe.shiftedParam(PARAM, "output", ProbeLayer.BINARY_OP);
        String[] lines = shifted.split("\n");

        assertThat(lines).hasSize(7);
        assertThat(lines[0]).isEqualTo("7767517");
        assertThat(lines[1]).isEqualTo("5 5");
        assertThat(lines[5].split("\\s+")).containsExactly("BinaryOp", "Add_69", "2", "1", "1", "2", "output_sr4j_raw");
        assertThat(lines[6].split("\\s+")).containsExactly("BinaryOp", "sr4j_negative_probe", "1", "1",
                "output_sr4j_raw", "output", "0=0", "1=1", "2=5.000000e-01");
    }

    @Test
    void scaleProbeKeepsTheLastLayersParameters() {
        String param = """
                7767517
                2 3
                Input   input   0 1 Input1
                Eltwise Eltwise4 2 1 Input1 Input1 Eltwise4 0=1
                """;
        String[] lines = NegativeProbe.shiftedParam(param, "Eltwise4", ProbeLayer.SCALE).split("\n");

        assertThat(lines[1]).isEqualTo("3 4");
        assertThat(lines[3]).isEqualTo("Eltwise Eltwise4 2 1 Input1 Input1 Eltwise4_sr4j_raw 0=1");
        assertThat(lines[4]).isEqualTo("Scale sr4j_negative_probe 1 1 Eltwise4_sr4j_raw Eltwise4 0=3 1=1");
    }

    @Test
    void refusesFilesWhoseLastLayerIsNotTheOutput() {
        assertThatThrownBy(() -> NegativeProbe.shiftedParam(PARAM, "out0", ProbeLayer.BINARY_OP))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("out0");
        assertThatThrownBy(() -> NegativeProbe.shiftedParam("1234\n1 1\nInput a 0 1 x\n", "x", ProbeLayer.SCALE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("magic");
    }
}
