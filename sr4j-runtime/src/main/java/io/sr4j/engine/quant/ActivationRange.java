package io.sr4j.engine.quant;

/**
 * The calibrated range of one activation tensor and the uint8 quantisation it implies:
 * {@code real = scale × (q − zeroPoint)}, q in 0..255. The range is widened to hold 0 so that zero
 * (padding, ReLU's floor) is exact, as ONNX Runtime's own quantiser does.
 *
 * @param min smallest value to represent
 * @param max largest value to represent
 */
public record ActivationRange(float min, float max) {
    public ActivationRange {
        if (!(min <= max) || !Float.isFinite(min) || !Float.isFinite(max)) {
            throw new IllegalArgumentException("activation range needs finite min <= max, got " + min + ".." + max);
        }
    }

    /** The step between two uint8 levels (1 when the range is a single value). */
    public float scale() {
        float lo = Math.min(min, 0f);
        float hi = Math.max(max, 0f);
        return hi > lo ? (hi - lo) / 255f : 1f;
    }

    /** The uint8 level that stands for 0. */
    public int zeroPoint() {
        float lo = Math.min(min, 0f);
        return Math.max(0, Math.min(255, Math.round(-lo / scale())));
    }
}
