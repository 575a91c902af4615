package io.sr4j.cli;

import io.sr4j.assess.Pipeline;
import io.sr4j.assess.PipelineAdvisor;
import io.sr4j.image.Picture;
import io.sr4j.io.ImageDecodeException;
import io.sr4j.model.ModelCatalog;
import io.sr4j.model.ModelInfo;
import io.sr4j.quality.ImageAssessment;
import io.sr4j.quality.QualityAssessor;
import io.sr4j.upscale.ModelChooser;
import io.sr4j.upscale.OutputOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code --model auto}: the models one image needs. The no-reference assessment says what the
 * image is (photo or illustration) and what it suffers from (JPEG compression, noise);
 * {@link ModelChooser} picks the native scale that reaches the size asked for, and
 * {@link PipelineAdvisor} the measured-best networks at that scale, with a 1× denoiser first when
 * the image needs one.
 */
final class AutoPipeline implements ImageModels {
    private final ModelCatalog catalog;
    private final ModelChooser chooser;
    private final PipelineAdvisor advisor;

    AutoPipeline(ModelCatalog catalog) {
        this.catalog = catalog;
        this.chooser = new ModelChooser(catalog);
        this.advisor = new PipelineAdvisor(catalog);
    }

    /** The models to run on {@code picture} (decoded from {@code file}), in order; the last one enlarges. */
    @Override
    public List<ModelChoice> steps(Path file, Picture picture, OutputOptions options) {
        ImageAssessment assessment = QualityAssessor.assess(picture, bytes(file));
        double wanted = options.geometry(picture.width(), picture.height(), DEFAULT_SCALE).scale();
        ModelChooser.Content content = assessment.illustration() ? ModelChooser.Content.ILLUSTRATION
                : ModelChooser.Content.PHOTO;
        ModelInfo reaching = catalog.get(chooser.choose(wanted, content));
        Pipeline pipeline = advisor.advise(assessment, reaching.anyScale() ? 1 : Math.max(1, reaching.scale()));
        if (pipeline.steps().isEmpty()) {
            return List.of(ModelChoice.catalogued(reaching));
        }
        return pipeline.steps().stream().map(step -> ModelChoice.catalogued(catalog.get(step.model()))).toList();
    }

    private static byte[] bytes(Path file) {
        try {
            return Files.readAllBytes(file); // for a JPEG's quantisation tables
        } catch (IOException e) {
            throw new ImageDecodeException(file.toString(), ImageDecodeException.Reason.UNREADABLE,
                    "cannot read the file (" + e.getMessage() + ")", e);
        }
    }
}
