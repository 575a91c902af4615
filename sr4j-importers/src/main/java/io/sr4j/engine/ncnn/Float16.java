package io.sr4j.engine.ncnn;

/**
 * IEEE 754 binary16 ("half") to binary32 conversion ({@code Float.float16ToFloat} arrived only in
 * Java 20). Exact: every half value, subnormals included, is representable as a float.
 */
public final class Float16 {
    private Float16() {
    }

    /**
     * The float with the same value as the half whose bits are the low 16 bits of {@code bits}:
     * sign, 5-bit exponent (bias 15), 10-bit fraction. Infinities stay infinite; NaNs stay NaN with
     * their payload shifted into the float's fraction.
     */
    public static float toFloat(int bits) {
        int sign = (bits & 0x8000) << 16;
        int exponent = (bits >>> 10) & 0x1f;
        int fraction = bits & 0x3ff;
        if (exponent == 0x1f) {
            // Inf (fraction 0) or NaN: all-ones float exponent, same fraction bits at the top.
            return Float.intBitsToFloat(sign | 0x7f800000 | (fraction << 13));
        }
        if (exponent == 0) {
            if (fraction == 0) {
                return Float.intBitsToFloat(sign); // ±0
            }
            // Subnormal half: fraction × 2^-24. Normalise it into a float (all are normal floats).
            int shift = Integer.numberOfLeadingZeros(fraction) - 21; // moves the top 1 to bit 10
            int mantissa = (fraction << shift) & 0x3ff;
            int floatExponent = 127 - 15 + 1 - shift;
            return Float.intBitsToFloat(sign | (floatExponent << 23) | (mantissa << 13));
        }
        // Normal: rebias the exponent from 15 to 127, widen the fraction from 10 to 23 bits.
        return Float.intBitsToFloat(sign | ((exponent + 127 - 15) << 23) | (fraction << 13));
    }
}
