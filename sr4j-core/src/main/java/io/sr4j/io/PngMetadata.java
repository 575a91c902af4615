package io.sr4j.io;

import io.sr4j.image.Cicp;
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
 * @param cicp           colour code points, {@code cICP} (PNG third edition); when present,
 *                       neither {@code iCCP} nor {@code sRGB} is written (decoders give cICP precedence
 *                       and an HDR transfer has no ICC equivalent)
 */
public record PngMetadata(Optional<byte[]> iccProfile, boolean srgb, Optional<byte[]> exif, Optional<String> xmp,
        int pixelsPerMetre, Optional<Cicp> cicp) {
    private static final PngMetadata NONE = new PngMetadata(Optional.empty(), false, Optional.empty(),
            Optional.empty(), 0, Optional.empty());

    public PngMetadata {
        iccProfile = iccProfile == null ? Optional.empty() : iccProfile;
        exif = exif == null ? Optional.empty() : exif;
        xmp = xmp == null ? Optional.empty() : xmp;
        cicp = cicp == null ? Optional.empty() : cicp;
        if (pixelsPerMetre < 0) {
            throw new IllegalArgumentException("pixels per metre must be >= 0, got " + pixelsPerMetre);
        }
    }

    /** No ancillary chunks. */
    public static PngMetadata none() {
        return NONE;
    }

    public PngMetadata withIccProfile(byte[] profile) {
        return new PngMetadata(Optional.ofNullable(profile), srgb, exif, xmp, pixelsPerMetre, cicp);
    }

    public PngMetadata withSrgb(boolean on) {
        return new PngMetadata(iccProfile, on, exif, xmp, pixelsPerMetre, cicp);
    }

    public PngMetadata withExif(byte[] tiff) {
        return new PngMetadata(iccProfile, srgb, Optional.ofNullable(tiff), xmp, pixelsPerMetre, cicp);
    }

    public PngMetadata withXmp(String packet) {
        return new PngMetadata(iccProfile, srgb, exif, Optional.ofNullable(packet), pixelsPerMetre, cicp);
    }

    public PngMetadata withPixelsPerMetre(int density) {
        return new PngMetadata(iccProfile, srgb, exif, xmp, density, cicp);
    }

    public PngMetadata withCicp(Cicp code) {
        return new PngMetadata(iccProfile, srgb, exif, xmp, pixelsPerMetre, Optional.ofNullable(code));
    }
}
