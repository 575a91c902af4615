package io.sr4j.quality;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;

/**
 * What {@link QualityAssessor} found in one image: the raw scores and the verdicts drawn from them.
 * The thresholds were chosen on the labelled set of {@code NoReferenceSignalsTest} (real photos and
 * drawings, clean and degraded; see docs/QUALITY.md for the ROC AUC of each score).
 *
 * @param width        image width in pixels
 * @param height       image height in pixels
 * @param tableQuality JPEG quality read from the file's quantisation tables (1–100), or −1 when the
 *                     file is not a JPEG
 * @param blockiness   8×8 block seams in the pixels, 0 for none; above about 0.15 the image was
 *                     JPEG-compressed below quality 80 or so, whatever its file format
 * @param blur         Crété-Roffet blur, 0 sharp … 1 blurred
 * @param noise        estimated standard deviation of additive noise, 0–255 scale
 * @param illustrationScore 0 … 2: the share of 4×4 blocks that are smooth for the noise level
 *                     plus the share of pixels of the most frequent colour; high for drawings and
 *                     paintings (flat fills, paper), low for photos (texture, spread colours)
 */
public record ImageAssessment(int width, int height, int tableQuality, double blockiness, double blur,
        double noise, double illustrationScore) {

    /** Blockiness above which the pixels show JPEG block seams. */
    public static final double BLOCKY = 0.15;
    /** Table quality below which a JPEG is called compressed (q ≥ 90 looks clean). */
    public static final int COMPRESSED_BELOW = 90;
    /** Blur score above which the image is called blurred. */
    public static final double BLURRED = 0.45;
    /** Noise σ (0–255) above which the image is called noisy. */
    public static final double NOISY = 6.0;
    /** Illustration score above which the image is called an illustration. */
    public static final double ILLUSTRATION = 0.9;
    /** Long side in pixels below which the image is called low-resolution. */
    public static final int LOW_RESOLUTION = 1024;

    /**
     * The estimated JPEG quality: from the quantisation tables when the file is a JPEG, else from
     * the blockiness of the pixels (calibrated on the labelled set: coarse, ±15); empty when the
     * pixels show no block seams.
     */
    public OptionalInt jpegQuality() {
        if (tableQuality > 0) {
            return OptionalInt.of(tableQuality);
        }
        if (blockiness <= BLOCKY) {
            return OptionalInt.empty();
        }
        return OptionalInt.of(qualityFromBlockiness(blockiness));
    }

    /**
     * A coarse inverse of the blockiness of Java ImageIO JPEGs of the 16 labelled photos and
     * drawings: the median blockiness at q 90, 70, 50, 40, 30, 20 (measured by
     * {@code NoReferenceSignalsTest}), interpolated on log(blockiness).
     */
    static int qualityFromBlockiness(double b) {
        double[] blocks = {0.082, 0.227, 0.354, 0.430, 0.529, 0.708};
        int[] qualities = {90, 70, 50, 40, 30, 20};
        if (b <= blocks[0]) {
            return qualities[0];
        }
        for (int i = 1; i < blocks.length; i++) {
            if (b <= blocks[i]) {
                double t = Math.log(b / blocks[i - 1]) / Math.log(blocks[i] / blocks[i - 1]);
                return (int) Math.round(qualities[i - 1] + t * (qualities[i] - qualities[i - 1]));
            }
        }
        return qualities[qualities.length - 1];
    }

    /** True if the file's tables or the pixels' block seams say the image was compressed visibly. */
    public boolean compressed() {
        return tableQuality > 0 ? tableQuality < COMPRESSED_BELOW : blockiness > BLOCKY;
    }

    public boolean blurred() {
        return blur > BLURRED;
    }

    public boolean noisy() {
        return noise > NOISY;
    }

    public boolean illustration() {
        return illustrationScore > ILLUSTRATION;
    }

    public boolean lowResolution() {
        return Math.max(width, height) < LOW_RESOLUTION;
    }

    /** The verdict in a few words, e.g. {@code compressed q≈35, noisy σ≈12, low-resolution 640x480, photo}. */
    public String verdict() {
        List<String> parts = new ArrayList<>();
        if (compressed()) {
            parts.add(jpegQuality().isPresent() ? "compressed q≈" + jpegQuality().getAsInt() : "compressed");
        }
        if (noisy()) {
            parts.add(String.format(Locale.ROOT, "noisy σ≈%.0f", noise));
        }
        if (blurred()) {
            parts.add("blurred");
        }
        if (parts.isEmpty()) {
            parts.add("clean");
        }
        parts.add((lowResolution() ? "low-resolution " : "") + width + "x" + height);
        parts.add(illustration() ? "illustration" : "photo");
        return String.join(", ", parts);
    }
}
