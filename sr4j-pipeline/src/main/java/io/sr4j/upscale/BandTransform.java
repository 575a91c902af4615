package io.sr4j.upscale;

import io.sr4j.image.PlanarImage;

/**
 * Changes output colour bands in place before they are encoded (e.g. a conversion back to the
 * source's colour profile). Called once per band, top to bottom, on the producing thread.
 */
@FunctionalInterface
public interface BandTransform {
    /** Transforms the three colour planes of {@code rgb} in place. */
    void apply(PlanarImage rgb);

    /** This transform, then {@code next}. */
    default BandTransform andThen(BandTransform next) {
        return rgb -> {
            apply(rgb);
            next.apply(rgb);
        };
    }

    /** Leaves colour as it is. */
    static BandTransform identity() {
        return rgb -> { };
    }
}
