package io.sr4j.upscale;

import io.sr4j.diffusion.NoiseSchedule;
import java.util.Map;

/**
 * What a diffusion graph's metadata tells the sampler (written by sr4j-train's export): the scale,
 * the noise schedule it was trained on, the residual gain g of x₀ = (HR − condition)·g, the side
 * alignment its U-Net needs, its receptive radius (which sizes the window overlap) and the largest
 * residual |HR − condition| the sampler lets x̂₀ say at each step.
 */
record DiffusionMetadata(int scale, NoiseSchedule schedule, double residualGain, int alignment, int receptiveRadius,
        double residualClip) {
    /**
     * The residual bound when the graph names none, in image units (0..1). A weak denoiser's x̂₀ at
     * the first, nearly pure-noise steps is far off; clipped only to the valid range, its errors
     * compound: the CPU-trained model at step 400 gave 10.0 dB with DDIM 20 steps on its two
     * validation crops, 27.5 dB with this bound (residuals of training crops have σ 0.027, so
     * ±0.1 is ±3.7σ and leaves real detail alone).
     */
    static final double DEFAULT_RESIDUAL_CLIP = 0.1;
    static final String SCALE = "scale";
    static final String PREDICTION = "diffusion.prediction";
    static final String SCHEDULE = "diffusion.schedule";
    static final String TRAIN_STEPS = "diffusion.train_steps";
    static final String RESIDUAL_GAIN = "diffusion.residual_gain";
    static final String ALIGNMENT = "diffusion.alignment";
    static final String RECEPTIVE_RADIUS = "diffusion.receptive_radius";
    static final String RESIDUAL_CLIP = "diffusion.residual_clip";

    /**
     * Reads the metadata of the graph from {@code source}.
     *
     * @throws IllegalArgumentException naming the source and the key, for a missing or bad entry
     */
    static DiffusionMetadata read(Map<String, String> metadata, String source) {
        String prediction = require(metadata, PREDICTION, source);
        if (!prediction.trim().equals("eps")) {
            throw new IllegalArgumentException("diffusion model " + source + " predicts '" + prediction
                    + "'; sr4j's sampler takes eps (noise) prediction");
        }
        int scale = positiveInt(metadata, SCALE, source);
        int steps = positiveInt(metadata, TRAIN_STEPS, source);
        NoiseSchedule schedule;
        try {
            schedule = NoiseSchedule.parse(require(metadata, SCHEDULE, source), steps);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("diffusion model " + source + ": " + e.getMessage(), e);
        }
        double gain = number(metadata, RESIDUAL_GAIN, source);
        if (!(gain > 0) || Double.isInfinite(gain)) {
            throw new IllegalArgumentException("diffusion model " + source + ": " + RESIDUAL_GAIN
                    + " must be a number > 0, got " + gain);
        }
        int alignment = positiveInt(metadata, ALIGNMENT, source);
        int radius = (int) Math.ceil(number(metadata, RECEPTIVE_RADIUS, source));
        if (radius < 0) {
            throw new IllegalArgumentException("diffusion model " + source + ": " + RECEPTIVE_RADIUS
                    + " must be >= 0, got " + radius);
        }
        double clip = metadata.containsKey(RESIDUAL_CLIP) ? number(metadata, RESIDUAL_CLIP, source)
                : DEFAULT_RESIDUAL_CLIP;
        if (!(clip > 0 && clip <= 1)) {
            throw new IllegalArgumentException("diffusion model " + source + ": " + RESIDUAL_CLIP
                    + " must be a number in (0, 1], got " + clip);
        }
        return new DiffusionMetadata(scale, schedule, gain, alignment, radius, clip);
    }

    private static String require(Map<String, String> metadata, String key, String source) {
        String value = metadata.get(key);
        if (value == null) {
            throw new IllegalArgumentException("diffusion model " + source + " has no '" + key
                    + "' in its metadata (an sr4j-train diffusion export writes it)");
        }
        return value;
    }

    private static double number(Map<String, String> metadata, String key, String source) {
        String value = require(metadata, key, source);
        try {
            return Double.parseDouble(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("diffusion model " + source + ": " + key + " is not a number: "
                    + value, e);
        }
    }

    private static int positiveInt(Map<String, String> metadata, String key, String source) {
        double value = number(metadata, key, source);
        if (value < 1 || value != Math.rint(value) || value > 1_000_000) {
            throw new IllegalArgumentException("diffusion model " + source + ": " + key
                    + " must be a whole number >= 1, got " + metadata.get(key));
        }
        return (int) value;
    }
}
