package io.sr4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.sr4j.assess.Pipeline;
import io.sr4j.assess.PipelineAdvisor;
import io.sr4j.color.IccConversion;
import io.sr4j.deblur.BlindKernelEstimator;
import io.sr4j.deblur.BlurEstimate;
import io.sr4j.image.Cicp;
import io.sr4j.image.Picture;
import io.sr4j.image.SourceInfo;
import io.sr4j.io.ImageDecoder;
import io.sr4j.model.ModelCatalog;
import io.sr4j.model.QualityTier;
import io.sr4j.pipeline.SizeRequest;
import io.sr4j.quality.ImageAssessment;
import io.sr4j.quality.QualityAssessor;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code sr4j assess IMAGE…}: no-reference quality signals, a verdict and the recommended pipeline. */
@Command(
        name = "assess",
        mixinStandardHelpOptions = true,
        description = {"Tell what an image suffers from and what it needs, without an original: estimated JPEG "
            + "quality (from the file's tables, else from 8x8 blockiness), blur, noise level, resolution, photo or "
            + "illustration; each with its score, a verdict, and the recommended models."},
        footer = {"", "Examples:",
            "  sr4j assess photo.jpg",
            "  sr4j assess *.png --scale 2 --json",
            "  sr4j assess photo.jpg --quality best"})
final class AssessCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "IMAGE", description = "Images to assess.")
    List<Path> images;

    @Option(names = "--scale", paramLabel = "N",
            description = "Enlargement to plan for. Default: from the size (x4 below 512 px, x2 below 1024, else 1).")
    Integer scale;

    @Mixin
    QualityOption quality;

    @Option(names = "--json", description = "Print one JSON array instead of text.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (scale != null && scale < 1) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--scale must be >= 1, got " + scale);
        }
        QualityTier tier = quality.tier();
        PipelineAdvisor advisor = new PipelineAdvisor(ModelCatalog.standard());
        PrintWriter out = spec.commandLine().getOut();
        List<Map<String, Object>> all = new ArrayList<>();
        for (Path image : images) {
            Picture picture = new ImageDecoder().decode(image);
            ImageAssessment a = QualityAssessor.assess(picture, image);
            ColourEncoding colour = ColourEncoding.of(picture.source());
            int s = scale != null ? scale : PipelineAdvisor.suggestedScale(a);
            BlurEstimate blur = new BlindKernelEstimator().estimate(picture.rgb());
            Pipeline pipeline = advisor.advise(a, blur, s, tier);
            if (json) {
                all.add(asMap(image, a, blur, colour, s, tier, pipeline));
            } else {
                print(out, image, a, blur, colour, s, tier, pipeline);
            }
        }
        if (json) {
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(all));
        }
        out.flush();
        return Sr4jCommand.OK;
    }

    private static void print(PrintWriter out, Path image, ImageAssessment a, BlurEstimate blur, ColourEncoding colour,
            int s, QualityTier tier, Pipeline p) {
        out.println(image + ": " + a.verdict());
        out.printf(Locale.ROOT, "  jpeg quality  %s%n", a.tableQuality() > 0 ? a.tableQuality() + " (file tables)"
                : a.jpegQuality().isPresent() ? "~" + a.jpegQuality().getAsInt() + " (from pixels)" : "-");
        out.printf(Locale.ROOT, "  blockiness    %.3f%s%n", a.blockiness(), a.blockiness() > ImageAssessment.BLOCKY
                ? "  block seams" : "");
        out.printf(Locale.ROOT, "  blur          %.3f%s%n", a.blur(), a.blurred() ? "  blurred" : "  sharp");
        out.printf(Locale.ROOT, "  blur kernel   %s (explains %.0f %% of the spectrum's misfit)%n", blur.describe(),
                100 * Math.max(0, blur.confidence()));
        out.printf(Locale.ROOT, "  noise sigma   %.1f%s%n", a.noise(), a.noisy() ? "  noisy" : "");
        out.printf(Locale.ROOT, "  illustration  %.2f  %s%n", a.illustrationScore(), a.illustration() ? "illustration"
                : "photo");
        out.printf(Locale.ROOT, "  colour        %s%s%n", colour.primaries().equals(colour.transfer())
                ? colour.primaries() : colour.primaries() + " / " + colour.transfer(), colour.hdr() ? "  HDR" : "");
        out.printf(Locale.ROOT, "  resolution    %dx%d%s%n", a.width(), a.height(), a.lowResolution()
                ? "  low-resolution" : "");
        out.printf(Locale.ROOT, "  recommended   x%d, %s tier: %s%n", s, tier, p.describe());
        out.println("    sr4j restore IN -o OUT --pipeline " + p.spec());
    }

    private static Map<String, Object> asMap(Path image, ImageAssessment a, BlurEstimate blur, ColourEncoding colour,
            int s, QualityTier tier, Pipeline p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("image", image.toString());
        m.put("verdict", a.verdict());
        m.put("width", a.width());
        m.put("height", a.height());
        m.put("jpegQuality", a.jpegQuality().isPresent() ? a.jpegQuality().getAsInt() : null);
        m.put("jpegQualityFrom", a.tableQuality() > 0 ? "tables" : a.jpegQuality().isPresent() ? "pixels" : null);
        m.put("blockiness", a.blockiness());
        m.put("compressed", a.compressed());
        m.put("blur", a.blur());
        m.put("blurred", a.blurred());
        m.put("blurKernel", blur.describe());
        m.put("blurKind", blur.kind().name().toLowerCase(Locale.ROOT));
        m.put("noiseSigma", a.noise());
        m.put("noisy", a.noisy());
        m.put("illustrationScore", a.illustrationScore());
        m.put("content", a.illustration() ? "illustration" : "photo");
        m.put("lowResolution", a.lowResolution());
        m.put("primaries", colour.primaries());
        m.put("transfer", colour.transfer());
        m.put("hdr", colour.hdr());
        m.put("scale", s);
        m.put("quality", tier.code());
        // 4, not 4.0: a factor as the spec writes it
        m.put("pipeline", p.steps().stream().map(st -> Map.of("model", st.model(), "scale",
                new BigDecimal(SizeRequest.format(st.scale())))).toList());
        m.put("spec", p.spec());
        m.put("reason", p.reason());
        return m;
    }

    /** What the samples are in, as far as the file says: its code points, an ICC profile, or sRGB by default. */
    record ColourEncoding(String primaries, String transfer, boolean hdr) {
        static ColourEncoding of(SourceInfo source) {
            if (source.cicp().isPresent()) {
                Cicp c = source.cicp().get();
                return new ColourEncoding(c.primariesName(), c.transferName(), c.isHdr());
            }
            if (source.iccProfile().isPresent() && !IccConversion.isSrgb(source.iccProfile().get())) {
                return new ColourEncoding("ICC profile", "ICC profile", false);
            }
            return new ColourEncoding("BT.709", "sRGB", false);
        }
    }
}
