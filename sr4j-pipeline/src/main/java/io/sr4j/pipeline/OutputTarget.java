package io.sr4j.pipeline;

import io.sr4j.io.ImageEncoder;
import io.sr4j.io.ImageFormat;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Function;

/**
 * Where a restored image goes: a file (written to a temporary name, then renamed), a file named
 * once the format is known, or a stream. All three get the same bytes for the same image.
 *
 * <p>The format is the encoder's explicit one if set; else a file's extension; else (a stream, or
 * a file named by format) the input's format when sr4j writes it, and PNG otherwise.
 */
public abstract sealed class OutputTarget permits OutputTarget.File, OutputTarget.ByFormat, OutputTarget.Stream {
    private OutputTarget() {
    }

    public static OutputTarget file(Path output) {
        return new File(Objects.requireNonNull(output, "output"));
    }

    /** A file whose path depends on the format (e.g. {@code result.png} or {@code result.jpeg}). */
    public static OutputTarget fileFor(Function<ImageFormat, Path> output) {
        return new ByFormat(Objects.requireNonNull(output, "output"));
    }

    /** A stream, not closed; on failure it holds part of the result, which the caller discards. */
    public static OutputTarget stream(OutputStream out) {
        return new Stream(Objects.requireNonNull(out, "out"));
    }

    /**
     * The format written for an input read as {@code inputFormat} ({@link io.sr4j.image.SourceInfo#format()}):
     * the encoder's, else the input's when sr4j writes it, else PNG.
     */
    ImageFormat format(ImageEncoder encoder, String inputFormat) {
        return encoder.format().orElseGet(() -> ImageFormat.fromName(inputFormat).filter(ImageFormat::isWritable)
                .orElse(ImageFormat.PNG));
    }

    static final class File extends OutputTarget {
        final Path output;

        private File(Path output) {
            this.output = output;
        }

        @Override
        ImageFormat format(ImageEncoder encoder, String inputFormat) {
            return encoder.formatFor(output);
        }
    }

    static final class ByFormat extends OutputTarget {
        final Function<ImageFormat, Path> output;

        private ByFormat(Function<ImageFormat, Path> output) {
            this.output = output;
        }

    }

    static final class Stream extends OutputTarget {
        final OutputStream out;

        private Stream(OutputStream out) {
            this.out = out;
        }

    }
}
