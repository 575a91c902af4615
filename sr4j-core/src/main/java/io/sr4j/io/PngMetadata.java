package io.sr4j.io;

import java.util.Optional;

/**
 * Ancillary chunks {@link PngStreamWriter} writes before the image data, as plain values. Every
 * field is optional; {@link #none()} writes none of them.
 *
 * @param iccProfile     ICC profile bytes, written zlib-compressed in an {@code iCCP} chunk
 * @param srgb           write an {@code sRGB} chunk (rendering intent perceptual) instead; ignored
 *                       when an ICC profile is given (the two chunks must not appear together)
 * @param exif           raw TIFF-structured EXIF bytes (starting "II*\0" or "MM\0*"), {@code eXIf}
 * @param xmp            an XMP packet, in an uncompressed {@code iTXt} chunk "XML:com.adobe.xmp"
 * @param pixelsPerMetre physical pixel density (same both ways), {@code pHYs}; 0 for none
 */
public record PngMetadata(Optional<byte[]> iccProfile, boolean srgb, Optional<byte[]> exif, Optional<String> xmp,
        int pixelsPerMetre) {
    private static final PngMetadata NONE = new PngMetadata(Optional.empty(), false, Optional.empty(),
            Optional.empty(), 0);

    public PngMetadata {
        iccProfile = iccProfile == null ? Optional.empty() : iccProfile;
        exif = exif == null ? Optional.empty() : exif;
        xmp = xmp == null ? Optional.empty() : xmp;
        if (pixelsPerMetre < 0) {
            throw new IllegalArgumentException("pixels per metre must be >= 0, got " + pixelsPerMetre);
        }
    }

    /** No ancillary chunks. */
    public static PngMetadata none() {
        return NONE;
    }

    public PngMetadata withIccProfile(byte[] profile) {
        return new PngMetadata(Optional.ofNullable(profile), srgb, exif, xmp, pixelsPerMetre);
    }

    public PngMetadata withSrgb(boolean on) {
        return new PngMetadata(iccProfile, on, exif, xmp, pixelsPerMetre);
    }

    public PngMetadata withExif(byte[] tiff) {
        return new PngMetadata(iccProfile, srgb, Optional.ofNullable(tiff), xmp, pixelsPerMetre);
    }

    public PngMetadata withXmp(String packet) {
        return new PngMetadata(iccProfile, srgb, exif, Optional.ofNullable(packet), pixelsPerMetre);
    }

    public PngMetadata withPixelsPerMetre(int density) {
        return new PngMetadata(iccProfile, srgb, exif, xmp, density);
    }
}
