package io.sr4j.assess;

import io.sr4j.deblur.BlurEstimate;
import io.sr4j.model.Domain;
import io.sr4j.model.ModelCatalog;
import io.sr4j.model.ModelFamily;
import io.sr4j.model.QualityTier;
import io.sr4j.model.TierEntry;
import io.sr4j.model.TierTable;
import io.sr4j.pipeline.ModelRef;
import io.sr4j.pipeline.PipelineSpec;
import io.sr4j.pipeline.SizeRequest;
import io.sr4j.pipeline.StageSpec;
import io.sr4j.quality.ImageAssessment;
import io.sr4j.upscale.ModelChooser;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Turns a no-reference {@link ImageAssessment} into a {@link Pipeline} of catalogue models: a 1×
 * waifu2x CUnet denoiser at the level the compression or noise calls for, then what the quality
 * tier's measured table ({@link TierTable}) runs for the picture's kind (photo or illustration) at
 * that scale, a network or a chain. Where the tier enlarges ×2 with waifu2x CUnet itself, its
 * denoising twin does both in one pass. Beyond the table, sr4j's built-in network for the scale.
 */
public final class PipelineAdvisor {
    private final ModelCatalog catalog;
    private final TierTable tiers;
    private final ModelChooser chooser;

    /** Over the shipped tier table. */
    public PipelineAdvisor(ModelCatalog catalog) {
        this(catalog, TierTable.standard());
    }

    public PipelineAdvisor(ModelCatalog catalog, TierTable tiers) {
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.tiers = Objects.requireNonNull(tiers, "tiers");
        this.chooser = new ModelChooser(catalog);
    }

    /**
     * The enlargement an image of this size should get when the user does not say: ×4 below 512
     * pixels on the long side, ×2 below 1024, else none.
     */
    public static int suggestedScale(ImageAssessment a) {
        int longSide = Math.max(a.width(), a.height());
        return longSide < 512 ? 4 : longSide < ImageAssessment.LOW_RESOLUTION ? 2 : 1;
    }

    /**
     * The waifu2x denoise level (0 light … 3 heavy) for the image, or −1 when it needs none:
     * from the JPEG quality (≥ 80 → 0, ≥ 60 → 1, ≥ 40 → 2, else 3) or the noise σ (≤ 8 → 1,
     * ≤ 14 → 2, else 3), whichever asks for more.
     */
    public static int denoiseLevel(ImageAssessment a) {
        int level = -1;
        if (a.compressed()) {
            int q = a.jpegQuality().orElse(50);
            level = q >= 80 ? 0 : q >= 60 ? 1 : q >= 40 ? 2 : 3;
        }
        if (a.noisy()) {
            double s = a.noise();
            level = Math.max(level, s <= 8 ? 1 : s <= 14 ? 2 : 3);
        }
        return level;
    }

    /** The catalogue's blind deblurring, put first where a blur was found. */
    public static final String DEBLURRER = "sr4j-deblur";

    /** {@link #advise(ImageAssessment, double, QualityTier)} at the default tier. */
    public Pipeline advise(ImageAssessment a, double scale) {
        return advise(a, scale, QualityTier.DEFAULT);
    }

    /** {@link #advise(ImageAssessment, BlurEstimate, double, QualityTier)} with no blur estimated. */
    public Pipeline advise(ImageAssessment a, double scale, QualityTier tier) {
        return advise(a, null, scale, tier);
    }

    /**
     * The pipeline for an image enlarged by {@code scale} (1 = restore only) at {@code tier}; its
     * steps multiply to {@code scale}. Where the assessment calls the image blurred and {@code blur}
     * (the blind estimate, or null when none was made) found the kernel, {@link #DEBLURRER} comes
     * first: the networks after it would enlarge the blur, not undo it.
     *
     * @throws IllegalArgumentException if scale is below 1
     */
    public Pipeline advise(ImageAssessment a, BlurEstimate blur, double scale, QualityTier tier) {
        if (!(scale >= 1) || Double.isInfinite(scale)) {
            throw new IllegalArgumentException("scale must be >= 1, got " + scale);
        }
        int level = denoiseLevel(a);
        Domain domain = a.illustration() ? Domain.ANIME : Domain.PHOTO;
        List<Pipeline.Step> enlarging = scale > 1 ? enlarging(tier, domain, scale) : List.of();
        StringBuilder reason = new StringBuilder(a.verdict());
        String kind = a.illustration() ? "illustration" : "photo";
        List<Pipeline.Step> steps = new ArrayList<>();
        // Both must say blur: the assessment's blur score (re-blur test, AUC 0.965 on the labelled set)
        // and the kernel fit. On a small or smooth crop the fit alone can find a streak in a sharp
        // photo (a 200 × 150 crop of coffee.png's cup: 10.5 px at 0.56); the score does not.
        boolean deblur = blur != null && blur.blurred() && a.blurred() && catalog.find(DEBLURRER).isPresent();
        if (deblur) {
            steps.add(new Pipeline.Step(DEBLURRER, 1));
            reason.append(": deblur first (").append(blur.describe()).append(")");
        }
        Optional<Pipeline.Step> both = level >= 0 ? denoisingTwin(enlarging, level) : Optional.empty();
        if (both.isPresent()) {
            reason.append(deblur ? ", then" : ":").append(" denoise level ").append(level)
                    .append(" and x2 in one network (").append(tier).append(" tier)");
            steps.add(both.get());
            return new Pipeline(steps, withBlurNote(reason, a, blur));
        }
        if (level >= 0) {
            catalog.select(ModelFamily.WAIFU2X_CUNET, 1, level)
                    .ifPresent(m -> steps.add(new Pipeline.Step(m.id(), 1)));
            reason.append(deblur ? ", then" : ":").append(" denoise level ").append(level)
                    .append(deblur ? "" : " first");
        }
        if (!enlarging.isEmpty()) {
            steps.addAll(enlarging);
            reason.append(level >= 0 || deblur ? ", then " : ": ").append(tier).append(" tier for a ").append(kind)
                    .append(" at x").append(SizeRequest.format(scale));
        }
        return new Pipeline(steps, withBlurNote(reason, a, blur));
    }

    /**
     * The tier's chain for the domain at {@code scale} (the entry for the next measured scale up,
     * its last step stretched or shrunk to reach {@code scale}); sr4j's built-in network beyond the table.
     */
    private List<Pipeline.Step> enlarging(QualityTier tier, Domain domain, double scale) {
        Optional<TierEntry> entry = tiers.choose(tier, domain, scale);
        if (entry.isEmpty()) {
            return List.of(new Pipeline.Step(chooser.chooseBuiltIn(scale), scale));
        }
        List<StageSpec> stages = PipelineSpec.parse(entry.get().pipeline()).stages();
        List<Pipeline.Step> steps = new ArrayList<>();
        double before = 1;
        for (int i = 0; i < stages.size() - 1; i++) {
            double factor = stages.get(i).size().scale();
            steps.add(new Pipeline.Step(stages.get(i).model(), factor));
            before *= factor;
        }
        steps.add(new Pipeline.Step(stages.get(stages.size() - 1).model(), scale / before));
        return steps;
    }

    /**
     * Where the tier enlarges ×2 with one waifu2x CUnet ×2 pass, the CUnet ×2 that also denoises at
     * {@code level} (the same cost, one pass fewer), with the tier's self-ensemble if it has one.
     */
    private Optional<Pipeline.Step> denoisingTwin(List<Pipeline.Step> enlarging, int level) {
        if (enlarging.size() != 1 || enlarging.get(0).scale() != 2) {
            return Optional.empty();
        }
        String model = enlarging.get(0).model();
        boolean ensemble = model.endsWith(ModelRef.ENSEMBLE_SUFFIX);
        String id = ensemble ? model.substring(0, model.length() - ModelRef.ENSEMBLE_SUFFIX.length()) : model;
        boolean cunetX2 = catalog.find(id).filter(m -> m.family() == ModelFamily.WAIFU2X_CUNET && m.scale() == 2)
                .isPresent();
        if (!cunetX2) {
            return Optional.empty();
        }
        return catalog.select(ModelFamily.WAIFU2X_CUNET, 2, level)
                .map(m -> new Pipeline.Step(m.id() + (ensemble ? ModelRef.ENSEMBLE_SUFFIX : ""), 2));
    }

    private static String withBlurNote(StringBuilder reason, ImageAssessment a, BlurEstimate blur) {
        if (a.blurred() && blur == null) {
            reason.append(" (none of these networks undoes blur)");
        } else if (a.blurred() && !blur.blurred()) {
            reason.append(" (soft, but no streak, disc or Gaussian blur was found to undo)");
        }
        return reason.toString();
    }
}
