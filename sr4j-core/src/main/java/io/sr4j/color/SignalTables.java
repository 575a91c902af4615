package io.sr4j.color;

import java.util.function.DoubleUnaryOperator;

/**
 * Tabulated curves for converting whole frames: the SDR decode, the tone mapping and the HDR
 * encode, each sampled once and read with linear interpolation. Curves that are steep near zero
 * (PQ, HLG's square root, the HLG inverse OOTF) are sampled in the fourth root of their input, where
 * they are smooth, so a table of 8192 steps stays within 1e-4 of the exact curve everywhere
 * ({@code HdrConversionTest} checks it against {@link HdrConversion}'s exact path).
 */
final class SignalTables {
    private static final int STEPS = 8192;

    /** A curve on [lo, hi], sampled evenly; outside it, the exact curve. */
    static final class Linear {
        private final double lo;
        private final double scale;
        private final double[] table = new double[STEPS + 1];
        private final DoubleUnaryOperator exact;
        private final double hi;

        Linear(DoubleUnaryOperator curve, double lo, double hi) {
            this.lo = lo;
            this.hi = hi;
            this.scale = STEPS / (hi - lo);
            this.exact = curve;
            for (int i = 0; i <= STEPS; i++) {
                table[i] = curve.applyAsDouble(lo + i / scale);
            }
        }

        double apply(double x) {
            if (x < lo || x > hi) {
                return exact.applyAsDouble(x);
            }
            double p = (x - lo) * scale;
            int i = Math.min((int) p, STEPS - 1);
            return table[i] + (table[i + 1] - table[i]) * (p - i);
        }
    }

    /** A curve on [0, max] sampled evenly in the fourth root of its input; above max, the exact curve. */
    static final class Root {
        private final double max;
        private final double[] table = new double[STEPS + 1];
        private final DoubleUnaryOperator exact;

        Root(DoubleUnaryOperator curve, double max) {
            this.max = max;
            this.exact = curve;
            for (int i = 0; i <= STEPS; i++) {
                double u = (double) i / STEPS;
                table[i] = curve.applyAsDouble(max * u * u * u * u);
            }
        }

        double apply(double x) {
            if (x <= 0) {
                return table[0];
            }
            if (x > max) {
                return exact.applyAsDouble(x);
            }
            double p = Math.sqrt(Math.sqrt(x / max)) * STEPS;
            int i = Math.min((int) p, STEPS - 1);
            return table[i] + (table[i + 1] - table[i]) * (p - i);
        }
    }

    private SignalTables() {
    }
}
