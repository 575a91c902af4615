package io.sr4j.color;

import io.sr4j.image.Picture;
import io.sr4j.image.SourceInfo;
import java.util.Optional;

/**
 * Whole-picture colour management: pixels into sRGB before a network (the networks were trained
 * on sRGB), and optionally back into the source's profile for the output. The picture's
 * {@link SourceInfo#iccProfile()} always describes its current pixels (empty: sRGB); the source's
 * own profile stays in {@link io.sr4j.image.ImageMetadata#sourceProfile()}.
 */
public final class ColourProfiles {
    private ColourProfiles() {
    }

    /**
     * {@code picture} with sRGB pixels: converted if it is tagged with another RGB or grey profile,
     * returned as it is when untagged or tagged sRGB (it then keeps its tag). Alpha is not touched.
     */
    public static Picture toSrgb(Picture picture) {
        Optional<byte[]> icc = picture.source().iccProfile();
        if (icc.isEmpty() || IccConversion.isSrgb(icc.get())) {
            return picture;
        }
        return picture.withPixels(IccConversion.toSrgb(icc.get()).apply(picture.rgb()), picture.alpha().orElse(null))
                .withSource(picture.source().withIccProfile(Optional.empty()));
    }

    /**
     * {@code picture} (sRGB pixels) converted back into the profile its source was tagged with, and
     * tagged with it; returned as it is when the source had no profile or the pixels are already in it.
     */
    public static Picture toSourceProfile(Picture picture) {
        Optional<byte[]> source = profileToRestore(picture.source());
        if (source.isEmpty()) {
            return picture;
        }
        byte[] icc = source.get();
        Picture pixels = IccConversion.isSrgb(icc) ? picture : picture.withPixels(
                IccConversion.fromSrgb(icc).apply(picture.rgb()), picture.alpha().orElse(null));
        return pixels.withSource(picture.source().withIccProfile(Optional.of(icc)));
    }

    /**
     * The profile {@link #toSourceProfile} would convert back into: the source's own, when the
     * pixels described by {@code info} are no longer in it (they were converted to sRGB). For
     * output made band by band, convert each band with {@link IccConversion#fromSrgb} (unless the
     * profile {@link IccConversion#isSrgb is sRGB}) and tag the output with the profile.
     */
    public static Optional<byte[]> profileToRestore(SourceInfo info) {
        Optional<byte[]> source = info.metadata().sourceProfile();
        return source.isEmpty() || info.iccProfile().isPresent() ? Optional.empty() : source;
    }
}
