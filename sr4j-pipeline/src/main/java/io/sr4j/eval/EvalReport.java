package io.sr4j.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What an {@link Evaluation} measured: every model on every image, and the means per model.
 *
 * @param scale       the enlargement factor (1 for restoration)
 * @param degradation what was done to the low-resolution inputs
 * @param models      model ids in the order they were run
 * @param images      HR file names in the order they were read
 * @param results     one entry per model and image, grouped by model
 */
public record EvalReport(int scale, Degradation degradation, List<String> models, List<String> images,
        List<EvalResult> results) {

    /** Copies the lists. */
    public EvalReport {
        Objects.requireNonNull(degradation, "degradation");
        models = List.copyOf(models);
        images = List.copyOf(images);
        results = List.copyOf(results);
    }

    /**
     * The mean over images of one model.
     *
     * @param images how many images it ran on
     * @param pixels the output pixels of all of them
     */
    public record Summary(String model, double psnr, double ssim, double seconds, int images, long pixels) {
        /** Its total time over its total output pixels, in seconds per megapixel (0 without pixels). */
        public double secondsPerMpx() {
            return pixels > 0 ? seconds * images / (pixels / 1e6) : 0;
        }
    }

    /** Means per model, in the order the models were run. */
    public List<Summary> summaries() {
        List<Summary> out = new ArrayList<>();
        for (String model : models) {
            double psnr = 0;
            double ssim = 0;
            double seconds = 0;
            long pixels = 0;
            int n = 0;
            for (EvalResult r : results) {
                if (r.model().equals(model)) {
                    psnr += r.psnr();
                    ssim += r.ssim();
                    seconds += r.seconds();
                    pixels += r.pixels();
                    n++;
                }
            }
            if (n > 0) {
                out.add(new Summary(model, psnr / n, ssim / n, seconds / n, n, pixels));
            }
        }
        return out;
    }

    /** The mean of one model; IllegalArgumentException if it was not run. */
    public Summary summary(String model) {
        return summaries().stream().filter(s -> s.model().equals(model)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("model " + model + " was not evaluated"));
    }

    /** A heading line, the table of means, then the table per image, in Markdown. */
    public String toMarkdown() {
        StringBuilder md = new StringBuilder();
        md.append(String.format(Locale.ROOT, "### x%d, %d images, degradation %s%n%n", scale, images.size(),
                degradation));
        md.append("| model | PSNR (dB) | SSIM | s/image |\n|---|---|---|---|\n");
        for (Summary s : summaries()) {
            md.append(String.format(Locale.ROOT, "| %s | %.2f | %.4f | %.2f |%n", s.model(), s.psnr(), s.ssim(),
                    s.seconds()));
        }
        md.append("\n| image | model | PSNR (dB) | SSIM | s |\n|---|---|---|---|---|\n");
        for (EvalResult r : results) {
            md.append(String.format(Locale.ROOT, "| %s | %s | %.2f | %.4f | %.2f |%n", r.image(), r.model(), r.psnr(),
                    r.ssim(), r.seconds()));
        }
        return md.toString();
    }

    /**
     * One row per image and model, then one {@code MEAN} row per model (whose pixels are the
     * set's total): {@code scale,degradation,image,model,psnr,ssim,seconds,pixels}. Fields with a
     * comma (a pipeline's stages) are quoted.
     */
    public String toCsv() {
        StringBuilder csv = new StringBuilder("scale,degradation,image,model,psnr,ssim,seconds,pixels\n");
        for (EvalResult r : results) {
            row(csv, r.image(), r.model(), r.psnr(), r.ssim(), r.seconds(), r.pixels());
        }
        for (Summary s : summaries()) {
            row(csv, "MEAN", s.model(), s.psnr(), s.ssim(), s.seconds(), s.pixels());
        }
        return csv.toString();
    }

    private void row(StringBuilder csv, String image, String model, double psnr, double ssim, double seconds,
            long pixels) {
        csv.append(String.format(Locale.ROOT, "%d,%s,%s,%s,%.4f,%.6f,%.3f,%d%n", scale, quoted(degradation.toString()),
                quoted(image), quoted(model), psnr, ssim, seconds, pixels));
    }

    private static String quoted(String field) {
        return field.contains(",") || field.contains("\"") ? '"' + field.replace("\"", "\"\"") + '"' : field;
    }
}
