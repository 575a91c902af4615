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
 * @param metadata    EXIF, XMP and the source's own ICC profile, to copy to outputs
 * @param cicp        the colour code points the samples are in (a PNG's {@code cICP}, an HDR
 *                    result), which then take the place of an ICC profile; empty for the usual
 *                    ICC-described or sRGB samples
 */
public record SourceInfo(String format, int bitDepth, boolean grey, Optional<byte[]> iccProfile, int orientation,
                         ImageMetadata metadata, Optional<Cicp> cicp) {
    public SourceInfo {
        if (bitDepth != 8 && bitDepth != 16) {
            throw new IllegalArgumentException("bit depth must be 8 or 16, got " + bitDepth);
        }
        if (orientation < 1 || orientation > 8) {
            throw new IllegalArgumentException("EXIF orientation must be 1..8, got " + orientation);
        }
        iccProfile = iccProfile == null ? Optional.empty() : iccProfile;
        metadata = metadata == null ? ImageMetadata.NONE : metadata;
        cicp = cicp == null ? Optional.empty() : cicp;
    }

    /** Info with no code points (ICC-described or sRGB samples). */
    public SourceInfo(String format, int bitDepth, boolean grey, Optional<byte[]> iccProfile, int orientation,
                      ImageMetadata metadata) {
        this(format, bitDepth, grey, iccProfile, orientation, metadata, Optional.empty());
    }

    /** Info without EXIF/XMP; the ICC profile, if any, is also recorded as the source's profile. */
    public SourceInfo(String format, int bitDepth, boolean grey, Optional<byte[]> iccProfile, int orientation) {
        this(format, bitDepth, grey, iccProfile, orientation,
                new ImageMetadata(null, null, iccProfile == null ? null : iccProfile.orElse(null)));
    }

    /** Info for an image made in memory: 8-bit sRGB colour, no profile, upright. */
    public static SourceInfo synthetic() {
        return new SourceInfo("memory", 8, false, Optional.empty(), 1);
    }

    public SourceInfo withBitDepth(int depth) {
        return new SourceInfo(format, depth, grey, iccProfile, orientation, metadata, cicp);
    }

    public SourceInfo withGrey(boolean isGrey) {
        return new SourceInfo(format, bitDepth, isGrey, iccProfile, orientation, metadata, cicp);
    }

    public SourceInfo withMetadata(ImageMetadata newMetadata) {
        return new SourceInfo(format, bitDepth, grey, iccProfile, orientation, newMetadata, cicp);
    }

    /** The same info for pixels now in the colour space of {@code profile} (empty: sRGB). */
    public SourceInfo withIccProfile(Optional<byte[]> profile) {
        return new SourceInfo(format, bitDepth, grey, profile, orientation, metadata, cicp);
    }

    /** The same info for samples in the colour encoding {@code code} (no ICC profile then applies). */
    public SourceInfo withCicp(Cicp code) {
        return new SourceInfo(format, bitDepth, grey, code == null ? iccProfile : Optional.empty(), orientation,
                metadata, Optional.ofNullable(code));
    }
}
