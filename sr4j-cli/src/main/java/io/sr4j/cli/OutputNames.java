package io.sr4j.cli;

import io.sr4j.io.ImageFormat;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Names the output of each batch image: the input's place under its root, mirrored under the
 * output directory, with the file name made from a template such as {@code {name}_x{scale}.{ext}}.
 *
 * <p>Template fields: {@code {name}} the input's file name without extension, {@code {inext}} the
 * input's extension, {@code {ext}} the output's extension, {@code {format}} the output format
 * (png, jpeg, webp, bmp), {@code {scale}} the scale factor as written ({@code 4}, {@code 2.5}),
 * {@code {model}} the model id (or the model file's name without extension).
 */
final class OutputNames {
    static final String FIELDS = "{name}, {inext}, {ext}, {format}, {scale}, {model}";
    private static final Pattern FIELD = Pattern.compile("\\{([^{}]*)}");
    private static final java.util.Set<String> KNOWN = java.util.Set.of("name", "inext", "ext", "format", "scale", "model");

    private final String template;
    private final Path outputDir;
    private final ImageFormat format;
    private final String scale;
    private final String model;

    /**
     * @param format the output format for every image, or null to keep each input's format when sr4j
     *               writes it (else PNG)
     * @throws IllegalArgumentException if the template has an unknown field, no {@code {name}},
     *                                  or a path separator
     */
    OutputNames(String template, Path outputDir, ImageFormat format, String scale, String model) {
        validate(template);
        this.template = template;
        this.outputDir = outputDir;
        this.format = format;
        this.scale = scale;
        this.model = model;
    }

    static void validate(String template) {
        Matcher m = FIELD.matcher(template);
        boolean hasName = false;
        while (m.find()) {
            if (!KNOWN.contains(m.group(1))) {
                throw new IllegalArgumentException("unknown field {" + m.group(1) + "} in --name " + template
                        + " (fields: " + FIELDS + ")");
            }
            hasName |= m.group(1).equals("name");
        }
        if (!hasName) {
            throw new IllegalArgumentException("--name " + template + " must contain {name}, or every image"
                    + " would get the same output name");
        }
        if (template.indexOf('/') >= 0 || template.indexOf('\\') >= 0) {
            throw new IllegalArgumentException("--name " + template + " names a file, not a path (outputs mirror"
                    + " the input tree under -o)");
        }
    }

    /** The format the output of {@code input} is written in. */
    ImageFormat formatFor(Path input) {
        if (format != null) {
            return format;
        }
        Optional<ImageFormat> own = ImageFormat.fromFileName(input.getFileName().toString());
        return own.filter(ImageFormat::isWritable).orElse(ImageFormat.PNG);
    }

    /** Where the output of {@code item} goes. */
    Path outputFor(BatchInputs.Item item) {
        String file = item.relative().getFileName().toString();
        int dot = file.lastIndexOf('.');
        String name = dot > 0 ? file.substring(0, dot) : file;
        String inext = dot > 0 ? file.substring(dot + 1) : "";
        ImageFormat out = formatFor(item.input());
        // Keep the input's spelling (".jpeg", ".JPG") when the format does not change.
        String ext = out.extensions().contains(inext.toLowerCase(Locale.ROOT)) ? inext : out.extensions().get(0);
        Map<String, String> values = Map.of("name", name, "inext", inext, "ext", ext, "format", out.id(),
                "scale", scale, "model", model);
        Matcher m = FIELD.matcher(template);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(sb, Matcher.quoteReplacement(values.get(m.group(1))));
        }
        m.appendTail(sb);
        Path parent = item.relative().getParent();
        return (parent == null ? outputDir : outputDir.resolve(parent)).resolve(sb.toString());
    }
}
