package io.sr4j.pipeline;

import java.util.Objects;

/**
 * One stage as it runs on one image: the stage, its model, and the size it is asked for
 * ({@link SizeRequest#of(double) 1} for 1× restorations).
 */
public record PlannedStep(StageKind kind, ModelRef model, SizeRequest size) {
    public PlannedStep {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(size, "size");
    }

    /** What ran: the model's name, or {@code enhance} for the grade (whatever carried its bands). */
    public String name() {
        return kind == StageKind.ENHANCE ? kind.token() : model.name();
    }

    /**
     * The step as a spec stage that names its model, so that a note's pipeline can be run again
     * as it stands: {@code denoise=waifu2x-cunet-noise1}, {@code sr=4:sr4j-fast-x4}.
     */
    public String toSpec() {
        if (kind == StageKind.ENHANCE || kind == StageKind.DEBLUR) {
            return kind.token();
        }
        String ref = (model.info().isPresent() ? model.name() : model.file().toString())
                + (model.selfEnsemble() ? ModelRef.ENSEMBLE_SUFFIX : "");
        if (kind == StageKind.DENOISE) {
            return kind.token() + "=" + ref;
        }
        return kind.token() + "=" + (size.isNone() ? ref : size + ":" + ref);
    }
}
