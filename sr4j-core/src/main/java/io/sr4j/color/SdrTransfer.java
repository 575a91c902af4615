package io.sr4j.color;

/**
 * How an SDR signal maps to relative display light: the sRGB curve for photos, BT.1886's pure
 * 2.4 gamma (zero black level) for video. Both are extended as odd functions beyond [0, 1], so a
 * network's small overshoot survives to the HDR conversion.
 */
public enum SdrTransfer {
    SRGB {
        @Override
        public double toLinear(double v) {
            double a = Math.abs(v);
            double l = a <= 0.04045 ? a / 12.92 : Math.pow((a + 0.055) / 1.055, 2.4);
            return Math.copySign(l, v);
        }

        @Override
        public double fromLinear(double l) {
            double a = Math.abs(l);
            double v = a <= 0.0031308 ? a * 12.92 : 1.055 * Math.pow(a, 1 / 2.4) - 0.055;
            return Math.copySign(v, l);
        }
    },
    BT1886 {
        @Override
        public double toLinear(double v) {
            return Math.copySign(Math.pow(Math.abs(v), 2.4), v);
        }

        @Override
        public double fromLinear(double l) {
            return Math.copySign(Math.pow(Math.abs(l), 1 / 2.4), l);
        }
    };

    /** Relative display light of signal {@code v}. */
    public abstract double toLinear(double v);

    /** The signal of relative display light {@code l}. */
    public abstract double fromLinear(double l);
}
