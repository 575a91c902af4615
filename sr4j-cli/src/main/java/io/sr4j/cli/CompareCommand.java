package io.sr4j.cli;

import io.sr4j.image.Picture;
import io.sr4j.io.AtomicFiles;
import io.sr4j.io.ImageDecodeException;
import io.sr4j.io.ImageDecoder;
import io.sr4j.io.ImageEncoder;
import io.sr4j.io.ImageFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code sr4j compare A B [C…] -o page.html}: a self-contained before/after page. */
@Command(
        name = "compare",
        mixinStandardHelpOptions = true,
        description = {"Write one self-contained HTML page (images embedded, no external files) to look at images "
            + "side by side: a before/after slider between any two, zoom and pan applied to both, names and sizes. "
            + "Images of different sizes are shown at the same size (zoomed pixels stay square)."},
        footer = {"", "Examples:",
            "  sr4j compare photo.jpg photo_x4.png -o compare.html",
            "  sr4j compare small.png bicubic.png x4fast.png x4plus.png -o models.html"})
final class CompareCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "2..*", paramLabel = "IMAGE", description = "Images to compare, in order (two or more).")
    List<Path> images;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "PAGE", description = "HTML file to write.")
    Path output;

    @Override
    public Integer call() {
        String name = output.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        if (!name.endsWith(".html") && !name.endsWith(".htm")) {
            throw new ParameterException(spec.commandLine(), "--output " + output + ": write the page as .html");
        }
        List<ComparePage.Entry> entries = new ArrayList<>();
        for (Path image : images) {
            entries.add(entry(image));
        }
        String html = ComparePage.html(entries);
        try {
            AtomicFiles.write(output, out -> out.write(html.getBytes(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException(output + ": cannot write the page (" + e.getMessage() + ")", e);
        }
        spec.commandLine().getErr().println("wrote " + output + " (" + images.size() + " images, "
                + html.length() / 1024 + " KiB)");
        return Sr4jCommand.OK;
    }

    /** Decodes the image (checking it and giving its size) and embeds its bytes, as PNG if a browser cannot show them. */
    private static ComparePage.Entry entry(Path image) {
        Picture picture = new ImageDecoder().decode(image);
        String mime = ComparePage.browserMime(image.getFileName().toString());
        byte[] bytes;
        if (mime != null) {
            try {
                bytes = Files.readAllBytes(image);
            } catch (IOException e) {
                throw new ImageDecodeException(image.toString(), ImageDecodeException.Reason.UNREADABLE,
                        "cannot read the file (" + e.getMessage() + ")", e);
            }
        } else {
            mime = "image/png";
            bytes = ImageEncoder.builder().format(ImageFormat.PNG).build().encode(picture);
        }
        return new ComparePage.Entry(image.getFileName().toString(), picture.width(), picture.height(), mime, bytes);
    }
}
