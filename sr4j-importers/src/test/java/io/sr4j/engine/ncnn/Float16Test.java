package io.sr4j.engine.ncnn;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class Float16Test {
    /** The value of a half from its fields by the IEEE 754 definition, computed with Math.scalb. */
    private static float byDefinition(int bits) {
        int sign = bits >>> 15;
        int exponent = (bits >>> 10) & 0x1f;
        int fraction = bits & 0x3ff;
        float magnitude;
        if (exponent == 31) {
            magnitude = fraction == 0 ? Float.POSITIVE_INFINITY : Float.NaN;
        } else if (exponent == 0) {
            magnitude = Math.scalb((float) fraction, -24); // 0.fraction × 2^-14
        } else {
            magnitude = Math.scalb((float) (1024 + fraction), exponent - 25); // 1.fraction × 2^(e-15)
        }
        return sign == 1 ? -magnitude : magnitude;
    }

    @Test
    void everyHalfValueConvertsExactly() {
        int nans = 0;
        int subnormals = 0;
        for (int bits = 0; bits < 65536; bits++) {
            float expected = byDefinition(bits);
            float actual = Float16.toFloat(bits);
            if (Float.isNaN(expected)) {
                assertThat(actual).as("half 0x%04x", bits).isNaN();
                nans++;
            } else {
                // Float.compare tells -0 from +0, and infinities compare equal to themselves
                assertThat(Float.compare(actual, expected)).as("half 0x%04x: %s vs %s", bits, actual, expected).isZero();
            }
            if ((bits & 0x7c00) == 0 && (bits & 0x3ff) != 0) {
                subnormals++;
            }
        }
        assertThat(nans).isEqualTo(2 * 1023);
        assertThat(subnormals).isEqualTo(2 * 1023);
    }

    @Test
    void knownValues() {
        assertThat(Float16.toFloat(0x3c00)).isEqualTo(1f);
        assertThat(Float16.toFloat(0xc000)).isEqualTo(-2f);
        assertThat(Float16.toFloat(0x7bff)).isEqualTo(65504f);
        assertThat(Float16.toFloat(0x3555)).isEqualTo(0.333251953125f);
        assertThat(Float16.toFloat(0x0001)).isEqualTo(5.9604645e-8f);
        assertThat(Float16.toFloat(0x03ff)).isEqualTo(6.097555e-5f);
        assertThat(Float16.toFloat(0x0400)).isEqualTo(6.1035156e-5f);
        assertThat(Float.floatToRawIntBits(Float16.toFloat(0x8000))).isEqualTo(0x80000000);
        assertThat(Float16.toFloat(0x7c00)).isEqualTo(Float.POSITIVE_INFINITY);
        assertThat(Float16.toFloat(0xfc00)).isEqualTo(Float.NEGATIVE_INFINITY);
        assertThat(Float16.toFloat(0x7e00)).isNaN();
        // only the low 16 bits count
        assertThat(Float16.toFloat(0xffff3c00)).isEqualTo(1f);
    }
}
