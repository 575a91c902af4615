package io.sr4j.upscale;

import io.sr4j.model.Domain;
import io.sr4j.model.ModelCatalog;
import io.sr4j.model.ModelFormat;
import io.sr4j.model.ModelInfo;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

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
        checkScale(scale);
        Objects.requireNonNull(content, "content");
        // sr4j's own built-in networks (no files, size 0) would win every tie on size: the
        // assessed pipeline (PipelineAdvisor) brings them in where they measured best.
        return pick(scale, networksOf(content.domain).filter(m -> m.format() != ModelFormat.BUILTIN));
    }

    /**
     * The model used when the user names none: sr4j's built-in network whose native scale fits
     * {@code scale} by the same rule as {@link #choose} (so ×8 runs the ×4 network, then bicubic),
     * or bicubic at scale 1 and below. Built-in networks need no download.
     *
     * @throws IllegalArgumentException if the scale is not a finite number &gt; 0
     */
    public String chooseBuiltIn(double scale) {
        checkScale(scale);
        return pick(scale, networksOf(Domain.PHOTO).filter(m -> m.format() == ModelFormat.BUILTIN));
    }

    private Stream<ModelInfo> networksOf(Domain domain) {
        // Diffusion models trade fidelity and time for sampled detail: only ever named, never picked.
        return catalog.models().stream().filter(m -> !m.anyScale() && !m.isDiffusion() && m.domain() == domain);
    }

    private static void checkScale(double scale) {
        if (!(scale > 0) || Double.isInfinite(scale)) {
            throw new IllegalArgumentException("scale must be a number > 0, got " + scale);
        }
    }

    private static String pick(double scale, Stream<ModelInfo> candidates) {
        List<ModelInfo> networks = candidates.sorted(Comparator.comparingLong(ModelInfo::totalSize)).toList();
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
