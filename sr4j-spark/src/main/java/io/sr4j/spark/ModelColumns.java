package io.sr4j.spark;

import io.sr4j.pipeline.PlannedStep;
import io.sr4j.pipeline.StageKind;
import java.util.List;

/**
 * The manifest's model columns: what ran (the last stage's model and the SHA-256 of its weights,
 * the denoiser), or for work that did not run what the job asked for.
 *
 * @param model    the last stage's model id, or the pipeline spec asked for
 * @param sha256   its weights' SHA-256 (null for classical filters, or when nothing ran)
 * @param denoiser the 1× denoiser, or null
 */
record ModelColumns(String model, String sha256, String denoiser) implements java.io.Serializable {
    static ModelColumns of(List<PlannedStep> steps) {
        PlannedStep last = steps.get(steps.size() - 1);
        String denoiser = steps.stream().filter(s -> s.kind() == StageKind.DENOISE).map(s -> s.model().name())
                .findFirst().orElse(null);
        return new ModelColumns(last.model().name(), last.model().weightsSha256(), denoiser);
    }

    static ModelColumns asked(BatchSettings settings) {
        return settings.pipeline() == null
                ? new ModelColumns(settings.modelId(), null, settings.denoiseModelId())
                : new ModelColumns(settings.pipeline(), null, null);
    }
}
