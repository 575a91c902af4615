package io.sr4j.cli;

import io.sr4j.image.Picture;
import io.sr4j.upscale.OutputOptions;
import java.nio.file.Path;
import java.util.List;

/**
 * The models one image runs through, in order; the last one enlarges. A named model is the same
 * for every image; {@code --model auto} and the built-in default choose per image, from its
 * content or from the scale its size asks for.
 */
@FunctionalInterface
interface ImageModels {
    /** Scale when neither a scale nor a size is given. */
    int DEFAULT_SCALE = 4;

    List<ModelChoice> steps(Path file, Picture picture, OutputOptions options);

    /** The same model for every image. */
    static ImageModels fixed(ModelChoice model) {
        List<ModelChoice> steps = List.of(model);
        return (file, picture, options) -> steps;
    }
}
