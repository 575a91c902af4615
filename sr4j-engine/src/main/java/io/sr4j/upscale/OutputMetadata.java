package io.sr4j.upscale;

import java.util.Optional;

/**
 * What to embed in an output file besides the pixels, as plain values; each writer embeds what
 * its format holds (PNG: {@code iCCP}, {@code eXIf}, {@code iTXt} XMP).
 *
 * @param iccProfile ICC profile bytes describing the output's colour
 * @param exif       raw TIFF-structured EXIF
 * @param xmp        an XMP packet
 */
public record OutputMetadata(Optional<byte[]> iccProfile, Optional<byte[]> exif, Optional<String> xmp) {
    public OutputMetadata {
        iccProfile = iccProfile == null ? Optional.empty() : iccProfile;
        exif = exif == null ? Optional.empty() : exif;
        xmp = xmp == null ? Optional.empty() : xmp;
    }

    /** Nothing at all. */
    public static OutputMetadata none() {
        return new OutputMetadata(Optional.empty(), Optional.empty(), Optional.empty());
    }
}
