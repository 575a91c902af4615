package io.sr4j.upscale;

import io.sr4j.model.Domain;
import io.sr4j.model.ModelCatalog;
import io.sr4j.model.ModelInfo;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Chooses a catalogue model for {@code --model auto}: the kind of content first, then the network
 * whose native scale fits the requested scale best.
 *
 * <ul>
 *   <li>Scale above 1: among the networks trained for the content's domain, the smallest native
 *       scale at or above the request (a network and then a reduce keeps more detail than a smaller
 *       network and then an enlargement); if none reaches it, the largest. Ties go to the catalogue's
 *       smallest model (the fastest; for photos the compact {@code realesrgan-x4fast}).</li>
 *   <li>Scale 1 or below: a 1× restoration network of the domain if the catalogue has one, else
 *       the classical bicubic filter (antialiased when reducing, as MATLAB's {@code imresize}).</li>
 * </ul>
 * The content is a parameter so that an assessment of the image (photo vs illustration, JPEG
 * quality) can be added here without touching the callers.
 */
public final class ModelChooser {
    /** What an image shows, as far as choosing a network is concerned. */
    public enum Content {
        /** Camera photos: Real-ESRGAN's photo models. */
        PHOTO(Domain.PHOTO),
        /** Drawings, anime, line art: Real-CUGAN / waifu2x / anime models. */
        ILLUSTRATION(Domain.ANIME);

        private final Domain domain;

        Content(Domain domain) {
            this.domain = domain;
        }
    }

    /** The classical filter used at scale 1 and below when no restoration network fits. */
    static final String CLASSICAL = "bicubic";

    private final ModelCatalog catalog;

    public ModelChooser(ModelCatalog catalog) {
        this.catalog = Objects.requireNonNull(catalog, "catalog");
    }

    /**
     * The catalogue id to use for {@code scale} on {@code content}.
     *
     * @throws IllegalArgumentException if the scale is not a finite number &gt; 0
     */
    public String choose(double scale, Content content) {
        if (!(scale > 0) || Double.isInfinite(scale)) {
            throw new IllegalArgumentException("scale must be a number > 0, got " + scale);
        }
        Objects.requireNonNull(content, "content");
        List<ModelInfo> networks = catalog.models().stream()
                .filter(m -> !m.anyScale() && m.domain() == content.domain)
                // sr4j's own built-in networks (no files, size 0) would win every tie on size: they
                // join the automatic choice only by a deliberate decision (issue #11), not by accident.
                .filter(m -> m.format() != io.sr4j.model.ModelFormat.BUILTIN)
                .sorted(Comparator.comparingLong(ModelInfo::totalSize)).toList();
        if (scale <= 1) {
            return networks.stream().filter(m -> m.scale() == 1).findFirst().map(ModelInfo::id).orElse(CLASSICAL);
        }
        List<ModelInfo> enlarging = networks.stream().filter(m -> m.scale() > 1).toList();
        Optional<ModelInfo> reaching = enlarging.stream().filter(m -> m.scale() >= scale)
                .min(Comparator.comparingInt(ModelInfo::scale));
        return reaching.or(() -> enlarging.stream().max(Comparator.comparingInt(ModelInfo::scale)))
                .map(ModelInfo::id).orElse(CLASSICAL);
    }
}
