package io.sr4j.image;

import java.util.Optional;

/**
 * What was learnt about an image when it was decoded and must travel with it to the encoder.
 *
 * @param format      the container it was read from ("png", "jpeg", …), lower case
 * @param bitDepth    bits per sample of the source (8 or 16; 1/2/4-bit and palette sources report 8)
 * @param grey        true if the source had one colour channel (grey, grey+alpha)
 * @param iccProfile  the embedded ICC profile bytes, if any (kept as bytes: the codec decides how to embed it)
 * @param orientation the EXIF orientation (1–8) the pixels were rotated from; 1 when none was present
 */
public record SourceInfo(String format, int bitDepth, boolean grey, Optional<byte[]> iccProfile, int orientation) {
    public SourceInfo {
        if (bitDepth != 8 && bitDepth != 16) {
            throw new IllegalArgumentException("bit depth must be 8 or 16, got " + bitDepth);
        }
        if (orientation < 1 || orientation > 8) {
            throw new IllegalArgumentException("EXIF orientation must be 1..8, got " + orientation);
        }
        iccProfile = iccProfile == null ? Optional.empty() : iccProfile;
    }

    /** Info for an image made in memory: 8-bit sRGB colour, no profile, upright. */
    public static SourceInfo synthetic() {
        return new SourceInfo("memory", 8, false, Optional.empty(), 1);
    }

    public SourceInfo withBitDepth(int depth) {
        return new SourceInfo(format, depth, grey, iccProfile, orientation);
    }

    public SourceInfo withGrey(boolean isGrey) {
        return new SourceInfo(format, bitDepth, isGrey, iccProfile, orientation);
    }
}
