package io.sr4j.pipeline;

import io.sr4j.assess.Pipeline;
import io.sr4j.assess.PipelineAdvisor;
import io.sr4j.deblur.BlindKernelEstimator;
import io.sr4j.deblur.BlurEstimate;
import io.sr4j.image.Picture;
import io.sr4j.model.Domain;
import io.sr4j.model.ModelCatalog;
import io.sr4j.model.QualityTier;
import io.sr4j.model.TierEntry;
import io.sr4j.model.TierTable;
import io.sr4j.quality.ImageAssessment;
import io.sr4j.quality.QualityAssessor;
import io.sr4j.upscale.ModelChooser;
import io.sr4j.upscale.OutputGeometry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Turns a {@link PipelineSpec} into the {@link PlannedStep}s of one image. Models the spec names
 * are resolved once, when the planner is made, so that an unknown id fails before any image is
 * read; what depends on the image is chosen per image: sr4j's built-in network for the size an
 * {@code sr} stage asks of it, and with {@code auto} the whole pipeline, from the no-reference
 * assessment ({@link PipelineAdvisor}).
 *
 * <p>An {@code sr} stage that names no model runs what the {@link QualityTier} asked for measured
 * best at that scale ({@link TierTable}): one network, or a chain of them, whose last stage reaches
 * the size asked.
 */
final class StagePlanner {
    /** The factor {@code sr} and {@code auto} enlarge by when nothing is asked and the model has no own scale. */
    static final double DEFAULT_SCALE = 4;
    /**
     * What streams the picture to the encoder when {@code enhance} is the only stage: bicubic at
     * 1×, which is exact (its weights are 1 at the sample and 0 at the neighbours); the grade is
     * the output's colour transform, whatever carries the bands.
     */
    static final String ENHANCE_CARRIER = "bicubic";

    private final PipelineSpec spec;
    private final ModelCatalog catalog;
    private final ModelChooser chooser;
    private final PipelineAdvisor advisor;
    private final ModelResolver resolver;
    private final QualityTier quality;
    private final TierTable tiers;
    /** Per spec stage: the model it names (null: chosen per image). */
    private final List<ModelRef> named = new ArrayList<>();
    /** A tier entry's pipeline, parsed and its models resolved, by pipeline text. */
    private final Map<String, List<TierStep>> chains = new ConcurrentHashMap<>();

    StagePlanner(PipelineSpec spec, ModelResolver resolver) {
        this(spec, resolver, QualityTier.DEFAULT, TierTable.standard());
    }

    StagePlanner(PipelineSpec spec, ModelResolver resolver, QualityTier quality, TierTable tiers) {
        this.spec = spec;
        this.resolver = resolver;
        this.quality = quality;
        this.tiers = tiers;
        this.catalog = resolver.catalog();
        this.chooser = new ModelChooser(catalog);
        this.advisor = new PipelineAdvisor(catalog, tiers);
        for (StageSpec stage : spec.stages()) {
            ModelRef ref = stage.model() != null ? resolver.resolve(stage.model())
                    : stage.kind() == StageKind.DENOISE ? resolver.catalogued(denoiserFor(stage.denoiseLevel()))
                    : stage.kind() == StageKind.ENHANCE ? resolver.catalogued(ENHANCE_CARRIER)
                    : stage.kind() == StageKind.DEBLUR ? resolver.catalogued(PipelineAdvisor.DEBLURRER)
                    : null;
            named.add(ref);
        }
    }

    /** The catalogue's 1× denoiser for a level (waifu2x CUnet). */
    static String denoiserFor(int level) {
        return "waifu2x-cunet-noise" + level;
    }

    /**
     * The steps for {@code picture} (in the working colour space).
     *
     * @param nativeScale the native scale of a model (loads a model file to learn it)
     * @param sourceBytes the encoded input, read only when {@code auto} needs it (JPEG tables)
     */
    List<PlannedStep> plan(Picture picture, Supplier<byte[]> sourceBytes, NativeScale nativeScale) {
        if (spec.auto()) {
            return auto(picture, sourceBytes.get());
        }
        return fixed(picture.width(), picture.height(), nativeScale);
    }

    /** See {@link ImageRestorer#estimate}. */
    SizeEstimate estimate(int width, int height, NativeScale nativeScale) {
        if (spec.auto()) {
            SizeRequest size = spec.autoSize().isNone() ? SizeRequest.of(DEFAULT_SCALE) : spec.autoSize();
            OutputGeometry g = size.geometry(width, height, (int) DEFAULT_SCALE);
            double wanted = g.scale();
            int network = wanted <= 1 ? 1 : wanted <= 2 ? 2 : wanted <= 3 ? 3 : wanted <= 4 ? 4 : 8;
            double largest = Math.max(g.pixels(), (double) width * network * height * network);
            return new SizeEstimate(g.width(), g.height(), largest);
        }
        int w = width;
        int h = height;
        double largest = (double) w * h;
        for (PlannedStep step : fixed(width, height, nativeScale)) {
            int own = nativeScale.of(step.model());
            OutputGeometry g = step.size().geometry(w, h, own);
            largest = Math.max(largest, Math.max(g.pixels(), (double) w * own * h * own));
            w = g.width();
            h = g.height();
        }
        return new SizeEstimate(w, h, largest);
    }

    private List<PlannedStep> fixed(int width, int height, NativeScale nativeScale) {
        List<PlannedStep> steps = new ArrayList<>();
        int w = width;
        int h = height;
        for (int i = 0; i < spec.stages().size(); i++) {
            StageSpec stage = spec.stages().get(i);
            ModelRef model = named.get(i);
            SizeRequest size = stage.kind() == StageKind.SR ? stage.size() : SizeRequest.of(1);
            List<PlannedStep> stageSteps;
            if (model == null) {
                double wanted = size.geometry(w, h, (int) DEFAULT_SCALE).scale();
                stageSteps = enlarging(size, wanted, Domain.PHOTO);
            } else {
                stageSteps = List.of(new PlannedStep(stage.kind(), model, size));
            }
            for (PlannedStep step : stageSteps) {
                steps.add(step);
                OutputGeometry next = step.size().geometry(w, h, nativeScale.of(step.model()));
                w = next.width();
                h = next.height();
            }
        }
        return steps;
    }

    /**
     * The steps of an {@code sr} stage that names no model, asked for {@code size} ({@code wanted}
     * times its input): the tier's entry for the scale, its last step reaching the size; at 1× and
     * below, or where the table has no entry, sr4j's built-in network for the scale.
     */
    private List<PlannedStep> enlarging(SizeRequest size, double wanted, Domain domain) {
        TierEntry entry = wanted > 1 ? tiers.choose(quality, domain, wanted).orElse(null) : null;
        if (entry == null) {
            return List.of(new PlannedStep(StageKind.SR, ModelRef.catalogued(catalog.get(chooser.chooseBuiltIn(wanted))),
                    size));
        }
        return chainSteps(chains.computeIfAbsent(entry.pipeline(), this::chain), size, wanted);
    }

    /** A chain's networks in order, each asked for its factor but the last, which reaches {@code size}. */
    private static List<PlannedStep> chainSteps(List<TierStep> chain, SizeRequest size, double wanted) {
        List<PlannedStep> steps = new ArrayList<>();
        double before = 1;
        for (int i = 0; i < chain.size() - 1; i++) {
            steps.add(new PlannedStep(StageKind.SR, chain.get(i).model(), SizeRequest.of(chain.get(i).scale())));
            before *= chain.get(i).scale();
        }
        SizeRequest last = chain.size() == 1 || size.isFit() ? size : SizeRequest.of(wanted / before);
        steps.add(new PlannedStep(StageKind.SR, chain.get(chain.size() - 1).model(), last));
        return steps;
    }

    /** A tier entry's stages: each an {@code sr=SCALE:MODEL} of the table. */
    private List<TierStep> chain(String pipeline) {
        PipelineSpec chain = PipelineSpec.parse(pipeline);
        if (!chain.isScaledChain()) {
            throw new IllegalStateException("tier table entry '" + pipeline + "' is not a chain of sr=SCALE:MODEL");
        }
        return chain.stages().stream().map(s -> new TierStep(resolver.resolve(s.model()), s.size().scale())).toList();
    }

    /** One network of a tier's chain and the factor it is asked for. */
    private record TierStep(ModelRef model, double scale) {
    }

    /**
     * {@code auto}: the assessment says what the picture is and needs, the tier's table what
     * enlarges it ({@link PipelineAdvisor}, as {@code sr4j assess} prints); the last step reaches the size.
     */
    private List<PlannedStep> auto(Picture picture, byte[] sourceBytes) {
        ImageAssessment assessment = QualityAssessor.assess(picture, sourceBytes);
        SizeRequest size = spec.autoSize().isNone() ? SizeRequest.of(PipelineAdvisor.suggestedScale(assessment))
                : spec.autoSize();
        double wanted = size.geometry(picture.width(), picture.height(), (int) DEFAULT_SCALE).scale();
        // The kernel fit only counts where the blur score calls the picture blurred (PipelineAdvisor).
        BlurEstimate blur = assessment.blurred() ? new BlindKernelEstimator().estimate(picture.rgb()) : null;
        Pipeline advice = advisor.advise(assessment, blur, Math.max(1, wanted), quality);
        List<PlannedStep> steps = new ArrayList<>();
        List<TierStep> enlarging = new ArrayList<>();
        for (Pipeline.Step step : advice.steps()) {
            if (step.scale() == 1 && enlarging.isEmpty()) {
                StageKind kind = step.model().equals(PipelineAdvisor.DEBLURRER) ? StageKind.DEBLUR : StageKind.DENOISE;
                steps.add(new PlannedStep(kind, resolver.resolve(step.model()), SizeRequest.of(1)));
            } else {
                enlarging.add(new TierStep(resolver.resolve(step.model()), step.scale()));
            }
        }
        if (!enlarging.isEmpty()) {
            steps.addAll(chainSteps(enlarging, size, wanted));
        } else if (wanted != 1 || steps.isEmpty()) {
            // reducing (or nothing to restore): the last denoiser resizes, else a 1× network or bicubic
            ModelChooser.Content content = assessment.illustration() ? ModelChooser.Content.ILLUSTRATION
                    : ModelChooser.Content.PHOTO;
            if (steps.isEmpty()) {
                steps.add(new PlannedStep(StageKind.SR, ModelRef.catalogued(catalog.get(chooser.choose(wanted,
                        content))), size));
            } else {
                PlannedStep denoiser = steps.remove(steps.size() - 1);
                steps.add(new PlannedStep(StageKind.SR, denoiser.model(), size));
            }
        }
        return steps;
    }

    /** The factor a model enlarges by in one pass; 0 for any factor. */
    @FunctionalInterface
    interface NativeScale {
        int of(ModelRef model);
    }
}
