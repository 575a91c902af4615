package io.sr4j.quality;

import io.sr4j.image.Picture;
import io.sr4j.image.PlanarImage;
import io.sr4j.io.ImageDecodeException;
import io.sr4j.io.ImageDecoder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * No-reference quality of an image: what it suffers from (JPEG compression, blur, noise, low
 * resolution) and what it shows (photo or illustration), without the original to compare with.
 * Each signal is a published, simple measurement on BT.601 luma (see {@link ImageAssessment} for
 * the scores and their thresholds):
 * <ul>
 * <li>JPEG quality: the inverse of IJG table scaling when the file is a JPEG ({@link JpegTables}),
 *     else 8×8 blockiness of the pixels;</li>
 * <li>blur: Crété-Roffet et al. 2007 (re-blur and compare);</li>
 * <li>noise: Immerkær 1996 with Tai and Yang's edge exclusion;</li>
 * <li>illustration: the share of smooth 4×4 blocks for the noise level.</li>
 * </ul>
 * Transparent pixels are measured over white. Stateless and thread-safe.
 */
public final class QualityAssessor {
    private QualityAssessor() {
    }

    /**
     * Reads and assesses an image file (any format the decoder reads; a JPEG's tables are read too).
     *
     * @throws ImageDecodeException if the file cannot be read or decoded
     */
    public static ImageAssessment assess(Path file) {
        // Decoding first gives the decoder's clear messages for missing, unreadable or corrupt files.
        return assess(new ImageDecoder().decode(file), file);
    }

    /** Assesses {@code picture}, decoded from {@code file} (read again for JPEG quantisation tables). */
    public static ImageAssessment assess(Picture picture, Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new ImageDecodeException(file.toString(), ImageDecodeException.Reason.UNREADABLE,
                    "cannot read the file (" + e.getMessage() + ")", e);
        }
        return assess(picture, bytes);
    }

    /**
     * Assesses decoded pixels; {@code fileBytes} (may be null) are the encoded file, read for JPEG
     * quantisation tables.
     */
    public static ImageAssessment assess(Picture picture, byte[] fileBytes) {
        Objects.requireNonNull(picture, "picture");
        int tableQuality = fileBytes == null ? -1 : JpegTables.estimateQuality(fileBytes).orElse(-1);
        return assess(onWhite(picture), tableQuality);
    }

    /** Assesses RGB planes in [0, 1] that came from no file (no JPEG tables to read). */
    public static ImageAssessment assess(PlanarImage rgb) {
        return assess(rgb, -1);
    }

    /**
     * The noise standard deviation of {@code rgb}'s luma on the 0–255 scale (Immerkær, edges left
     * out), the same figure as {@link ImageAssessment#noise()}, without the other signals.
     */
    public static double noiseSigma(PlanarImage rgb) {
        return Signals.noiseSigma(Signals.luma(rgb), rgb.width(), rgb.height());
    }

    private static ImageAssessment assess(PlanarImage rgb, int tableQuality) {
        int w = rgb.width();
        int h = rgb.height();
        double[] y = Signals.luma(rgb);
        double noise = Signals.noiseSigma(y, w, h);
        return new ImageAssessment(w, h, tableQuality, Signals.blockiness(y, w, h), Signals.blur(y, w, h), noise,
                Signals.smoothShare(y, w, h, noise) + Signals.prevalentColourShare(rgb));
    }

    /** The colour planes composited over white where the picture has alpha (a copy), else the planes themselves. */
    public static PlanarImage onWhite(Picture picture) {
        if (!picture.hasAlpha()) {
            return picture.rgb();
        }
        PlanarImage rgb = picture.rgb().copy();
        float[] a = picture.alpha().orElseThrow().data();
        float[] d = rgb.data();
        int n = rgb.planeSize();
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < n; i++) {
                d[c * n + i] = d[c * n + i] * a[i] + (1 - a[i]);
            }
        }
        return rgb;
    }
}
