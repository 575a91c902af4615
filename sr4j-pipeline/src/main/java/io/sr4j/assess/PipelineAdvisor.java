package io.sr4j.assess;

import io.sr4j.model.ModelCatalog;
import io.sr4j.model.ModelFamily;
import io.sr4j.model.ModelInfo;
import io.sr4j.quality.ImageAssessment;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Turns a no-reference {@link ImageAssessment} into a {@link Pipeline} of catalogue models: a 1×
 * waifu2x CUnet denoiser at the level the compression or noise calls for, then the enlarging
 * network that measured best for the picture's kind at that scale (docs/QUALITY.md). At ×2 the
 * waifu2x CUnet ×2 models denoise and enlarge in one step. Only ids the catalogue holds are
 * chosen; when none fits, classical bicubic.
 */
public final class PipelineAdvisor {
    /**
     * Preferred enlargers per scale, for photos and for illustrations, from the tables of
     * docs/QUALITY.md: the best PSNR among the networks that cost at most about 2 s per 256² tile
     * on a 2-core CPU (esrgan-thick and realesrgan-x4plus, 5–16× slower, are for users who ask
     * for them), except at ×8, where only esrgan-thick-x8 beats bicubic. At ×3 and ×4 sr4j's
     * built-in networks measured best on both sets (and cost least); at ×2 waifu2x CUnet stays
     * well ahead of them.
     */
    private static final Map<Integer, List<String>> PHOTO = Map.of(
            2, List.of("waifu2x-cunet-x2"),
            3, List.of("sr4j-fast-x3", "esrgan-medium-x3"),
            4, List.of("sr4j-fast-x4", "esrgan-medium-x4"),
            8, List.of("esrgan-thick-x8"));
    private static final Map<Integer, List<String>> ILLUSTRATION = Map.of(
            2, List.of("waifu2x-cunet-x2"),
            3, List.of("sr4j-fast-x3", "esrgan-medium-x3"),
            4, List.of("sr4j-fast-x4", "esrgan-medium-x4"),
            8, List.of("esrgan-thick-x8"));

    private final ModelCatalog catalog;

    public PipelineAdvisor(ModelCatalog catalog) {
        this.catalog = Objects.requireNonNull(catalog, "catalog");
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

    /**
     * The pipeline for an image enlarged by {@code scale} (1 = restore only).
     *
     * @throws IllegalArgumentException if scale is below 1
     */
    public Pipeline advise(ImageAssessment a, int scale) {
        if (scale < 1) {
            throw new IllegalArgumentException("scale must be >= 1, got " + scale);
        }
        int level = denoiseLevel(a);
        List<Pipeline.Step> steps = new ArrayList<>();
        String kind = a.illustration() ? "illustration" : "photo";
        StringBuilder reason = new StringBuilder(a.verdict());
        if (level >= 0 && scale == 2) {
            Optional<ModelInfo> both = catalog.select(ModelFamily.WAIFU2X_CUNET, 2, level);
            if (both.isPresent()) {
                steps.add(new Pipeline.Step(both.get().id(), 2));
                reason.append(": denoise level ").append(level).append(" and x2 in one network");
                return new Pipeline(steps, withBlurNote(reason, a));
            }
        }
        if (level >= 0) {
            catalog.select(ModelFamily.WAIFU2X_CUNET, 1, level)
                    .ifPresent(m -> steps.add(new Pipeline.Step(m.id(), 1)));
            reason.append(": denoise level ").append(level).append(" first");
        }
        if (scale > 1) {
            String enlarger = enlarger(a.illustration() ? ILLUSTRATION : PHOTO, scale);
            steps.add(new Pipeline.Step(enlarger, scale));
            reason.append(level >= 0 ? ", then " : ": ").append(enlarger).append(" for a ").append(kind)
                    .append(" at x").append(scale);
        }
        return new Pipeline(steps, withBlurNote(reason, a));
    }

    private static String withBlurNote(StringBuilder reason, ImageAssessment a) {
        if (a.blurred()) {
            reason.append(" (none of these networks undoes blur)");
        }
        return reason.toString();
    }

    private String enlarger(Map<Integer, List<String>> preferred, int scale) {
        for (String id : preferred.getOrDefault(scale, List.of())) {
            if (catalog.find(id).isPresent()) {
                return id;
            }
        }
        return catalog.models().stream().filter(m -> m.scale() == scale).map(ModelInfo::id).findFirst()
                .orElse("bicubic");
    }
}
