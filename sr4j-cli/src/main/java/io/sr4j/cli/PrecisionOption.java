package io.sr4j.cli;

import io.sr4j.upscale.Precision;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code --precision fp32|int8}, shared by the commands that run networks. */
final class PrecisionOption {
    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--precision", paramLabel = "fp32|int8", defaultValue = "fp32",
            description = {"Network arithmetic: fp32 (default), or int8 — static quantisation calibrated on "
                    + "built-in photos, faster on CPUs with VNNI, slightly less exact; the int8 graph is made "
                    + "and stored the first time a model is used so."})
    String text;

    /** The chosen precision; a usage error (exit 2) for anything but fp32 or int8. */
    Precision precision() {
        try {
            return Precision.parse(text);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--precision: " + e.getMessage());
        }
    }
}
