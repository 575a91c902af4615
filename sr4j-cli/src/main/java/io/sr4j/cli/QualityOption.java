package io.sr4j.cli;

import io.sr4j.model.QualityTier;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code --quality fast|balanced|best}, shared by the commands that enlarge. */
final class QualityOption {
    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--quality", paramLabel = "TIER", description = "What enlarges when no model is named: fast, "
            + "balanced (default) or best, each the measured choice for the scale ('sr4j models tiers').")
    String text;

    /** The tier; a usage error (exit 2) for another word, and a pointer for a number (the old encoder option). */
    QualityTier tier() {
        if (text == null) {
            return QualityTier.DEFAULT;
        }
        if (text.strip().matches("[0-9]+")) {
            throw new ParameterException(spec.commandLine(), "--quality names the quality tier (" + QualityTier.names()
                    + "); the JPEG/WebP encoder quality is --jpeg-quality " + text.strip());
        }
        try {
            return QualityTier.parse(text);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--quality: " + e.getMessage());
        }
    }
}
