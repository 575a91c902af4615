package io.sr4j.image;

import java.util.Arrays;
import java.util.Optional;

/**
 * The descriptive metadata of a source image that sr4j copies to its outputs: the EXIF block, the
 * XMP packet and the ICC profile the source was tagged with. Immutable; arrays are copied in and out.
 *
 * @param exif       the EXIF data as a TIFF structure ("II*\0…" or "MM\0*…", without JPEG's
 *                   "Exif\0\0" prefix), or null
 * @param xmp        the XMP packet as XML text, or null
 * @param sourceIcc  the ICC profile embedded in the source file, whatever the pixels are in now
 *                   (converting to sRGB empties {@link SourceInfo#iccProfile()} but keeps this, so
 *                   that the output can be converted back), or null
 */
public record ImageMetadata(byte[] exif, String xmp, byte[] sourceIcc) {
    /** No metadata. */
    public static final ImageMetadata NONE = new ImageMetadata(null, null, null);

    public ImageMetadata {
        exif = exif == null ? null : exif.clone();
        sourceIcc = sourceIcc == null ? null : sourceIcc.clone();
    }

    @Override
    public byte[] exif() {
        return exif == null ? null : exif.clone();
    }

    @Override
    public byte[] sourceIcc() {
        return sourceIcc == null ? null : sourceIcc.clone();
    }

    public Optional<byte[]> exifBlock() {
        return Optional.ofNullable(exif());
    }

    public Optional<String> xmpPacket() {
        return Optional.ofNullable(xmp);
    }

    public Optional<byte[]> sourceProfile() {
        return Optional.ofNullable(sourceIcc());
    }

    public ImageMetadata withExif(byte[] block) {
        return new ImageMetadata(block, xmp, sourceIcc);
    }

    public ImageMetadata withXmp(String packet) {
        return new ImageMetadata(exif, packet, sourceIcc);
    }

    /** EXIF and XMP dropped; the source profile kept (it is colour, not description). */
    public ImageMetadata stripped() {
        return new ImageMetadata(null, null, sourceIcc);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ImageMetadata m && Arrays.equals(exif, m.exif) && java.util.Objects.equals(xmp, m.xmp)
                && Arrays.equals(sourceIcc, m.sourceIcc);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(exif) + java.util.Objects.hashCode(xmp)) + Arrays.hashCode(sourceIcc);
    }

    @Override
    public String toString() {
        return "ImageMetadata[exif=" + (exif == null ? "none" : exif.length + " bytes") + ", xmp="
                + (xmp == null ? "none" : xmp.length() + " chars") + ", icc="
                + (sourceIcc == null ? "none" : sourceIcc.length + " bytes") + "]";
    }
}
