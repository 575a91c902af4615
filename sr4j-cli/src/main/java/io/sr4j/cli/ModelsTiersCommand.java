package io.sr4j.cli;

import io.sr4j.io.AtomicFiles;
import io.sr4j.model.Domain;
import io.sr4j.model.ModelCatalog;
import io.sr4j.model.ModelInfo;
import io.sr4j.model.QualityTier;
import io.sr4j.model.TierCandidate;
import io.sr4j.model.TierEntry;
import io.sr4j.model.TierTable;
import io.sr4j.pipeline.ModelRef;
import io.sr4j.pipeline.PipelineSpec;
import io.sr4j.pipeline.PipelineSpecException;
import io.sr4j.pipeline.StageSpec;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code sr4j models tiers}: the measured table behind {@code --quality}, and (with
 * {@code --from}) the step that makes it from {@code sr4j eval} reports.
 */
@Command(name = "tiers", mixinStandardHelpOptions = true,
        description = {"What --quality fast|balanced|best runs per kind of picture and scale, with the figures it "
            + "was chosen by (the committed table tools/quality/build-tiers.sh generates).",
            "With --from: builds a table from 'sr4j eval --out' CSV reports instead (every pipeline measured is "
            + "a candidate; the tiers follow the rule in docs/QUALITY.md)."},
        footer = {"", "Examples:",
            "  sr4j models tiers",
            "  sr4j models tiers --candidates",
            "  sr4j models tiers --from photo=photos-x2.csv --from anime=art-x2.csv --write tiers.json"})
final class ModelsTiersCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--candidates", description = "Also list every candidate measured, not only the choices.")
    boolean candidates;

    @Option(names = "--from", paramLabel = "DOMAIN=CSV", description = "An 'sr4j eval' CSV report and the kind of "
            + "picture its set holds (photo or anime); repeatable.")
    List<String> from = List.of();

    @Option(names = "--write", paramLabel = "FILE", description = "With --from: write the table here (JSON).")
    Path write;

    @Option(names = "--measured-with", paramLabel = "TEXT", description = "With --from: how the reports were made "
            + "(commands, sets, machine), recorded in the table.", defaultValue = "sr4j eval")
    String measuredWith;

    @Override
    public Integer call() throws IOException {
        TierTable table;
        if (from.isEmpty()) {
            if (write != null) {
                throw new ParameterException(spec.commandLine(), "--write needs --from (the reports to build from)");
            }
            table = TierTable.standard();
        } else {
            ModelCatalog catalog = Sr4jCommand.of(spec).store().catalog();
            List<TierCandidate> all = new ArrayList<>();
            for (String source : from) {
                all.addAll(readReport(source, catalog));
            }
            table = TierTable.of(measuredWith, all);
            if (write != null) {
                byte[] json = table.toJson().getBytes(StandardCharsets.UTF_8);
                AtomicFiles.write(write, out -> out.write(json));
            }
        }
        print(spec.commandLine().getOut(), table);
        return Sr4jCommand.OK;
    }

    private void print(PrintWriter out, TierTable table) {
        out.println("Quality tiers (--quality; default " + QualityTier.DEFAULT + "), measured with: "
                + table.measuredWith());
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"DOMAIN", "SCALE", "TIER", "PSNR", "VS BICUBIC", "SSIM", "S/MPX", "PIPELINE"});
        for (TierEntry e : table.tiers()) {
            rows.add(new String[] {e.domain().code(), "x" + e.scale(), e.tier().code(), decibels(e.psnr()),
                Double.isNaN(e.gainDb()) ? "-" : String.format(Locale.ROOT, "%+.2f dB", e.gainDb()),
                String.format(Locale.ROOT, "%.4f", e.ssim()), String.format(Locale.ROOT, "%.2f", e.secondsPerMpx()),
                e.pipeline()});
        }
        ModelsCommand.ListCommand.printTable(out, rows);
        if (candidates) {
            out.println();
            out.println("Candidates:");
            List<String[]> all = new ArrayList<>();
            all.add(new String[] {"DOMAIN", "SCALE", "PSNR", "SSIM", "S/MPX", "PIPELINE"});
            for (TierCandidate c : table.candidates()) {
                all.add(new String[] {c.domain().code(), "x" + c.scale(), decibels(c.psnr()),
                    String.format(Locale.ROOT, "%.4f", c.ssim()), String.format(Locale.ROOT, "%.2f", c.secondsPerMpx()),
                    c.pipeline() + (c.classical() ? " (classical)" : "")});
            }
            ModelsCommand.ListCommand.printTable(out, all);
        }
        out.flush();
    }

    private static String decibels(double db) {
        return String.format(Locale.ROOT, "%.2f", db);
    }

    /**
     * The candidates of one report: per pipeline, its mean scores and its cost, the median over the
     * images of seconds per output megapixel (a median, because other work on the machine slows
     * some images, and a mean would take such bursts for the model's cost).
     */
    private List<TierCandidate> readReport(String source, ModelCatalog catalog) throws IOException {
        int eq = source.indexOf('=');
        if (eq < 1) {
            throw new ParameterException(spec.commandLine(), "--from " + source + ": give DOMAIN=CSV, e.g. "
                    + "photo=photos-x2.csv");
        }
        Domain domain = domain(source.substring(0, eq));
        Path csv = Path.of(source.substring(eq + 1));
        Map<String, Measured> byLabel = new LinkedHashMap<>();
        try (Reader in = Files.newBufferedReader(csv, StandardCharsets.UTF_8);
             CSVParser report = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(in)) {
            if (report.getHeaderNames().contains("image") && !report.getHeaderNames().contains("pixels")) {
                throw new ParameterException(spec.commandLine(), csv + ": no 'pixels' column (a report of an "
                        + "older sr4j eval); run it again");
            }
            for (CSVRecord r : report) {
                if (r.get("image").equals("MEAN")) {
                    continue;
                }
                if (!r.get("degradation").equals("none")) {
                    throw new ParameterException(spec.commandLine(), csv + ": tiers are measured on clean inputs, "
                            + "this report degraded them (" + r.get("degradation") + ")");
                }
                Measured m = byLabel.computeIfAbsent(r.get("model"), k -> new Measured(Integer.parseInt(r.get("scale"))));
                m.psnr.add(Double.parseDouble(r.get("psnr")));
                m.ssim.add(Double.parseDouble(r.get("ssim")));
                m.costs.add(Double.parseDouble(r.get("seconds")) / (Double.parseDouble(r.get("pixels")) / 1e6));
            }
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new ParameterException(spec.commandLine(), csv + ": not an sr4j eval report (" + e.getMessage() + ")");
        }
        if (byLabel.isEmpty()) {
            throw new ParameterException(spec.commandLine(), csv + ": no measurements in the report");
        }
        List<TierCandidate> out = new ArrayList<>();
        for (Map.Entry<String, Measured> e : byLabel.entrySet()) {
            Measured m = e.getValue();
            PipelineSpec pipeline = asPipeline(e.getKey(), m.scale);
            out.add(new TierCandidate(domain, m.scale, pipeline.toString(), mean(m.psnr), mean(m.ssim),
                    median(m.costs), classical(pipeline, catalog)));
        }
        return out;
    }

    /** One report label's figures per image. */
    private record Measured(int scale, List<Double> psnr, List<Double> ssim, List<Double> costs) {
        Measured(int scale) {
            this(scale, new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        }
    }

    private static double mean(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private Domain domain(String text) {
        for (Domain d : List.of(Domain.PHOTO, Domain.ANIME)) {
            if (d.code().equalsIgnoreCase(text.strip())) {
                return d;
            }
        }
        throw new ParameterException(spec.commandLine(), "--from: the kinds of picture tiers are measured for are "
                + "photo and anime, not '" + text + "'");
    }

    /** A report's label as a pipeline: a model id measured with {@code -m} becomes {@code sr=SCALE:ID}. */
    private PipelineSpec asPipeline(String label, int scale) {
        String text = label.contains("=") ? label : "sr=" + scale + ":" + label;
        try {
            PipelineSpec parsed = PipelineSpec.parse(text);
            if (!parsed.isScaledChain()) {
                throw new ParameterException(spec.commandLine(), "'" + label + "': a tier is a chain of "
                        + "sr=SCALE:MODEL stages");
            }
            return parsed;
        } catch (PipelineSpecException e) {
            throw new ParameterException(spec.commandLine(), "'" + label + "' is not a pipeline: " + e.getMessage());
        }
    }

    /** Whether every stage of the pipeline is a classical filter (the baseline). */
    private static boolean classical(PipelineSpec pipeline, ModelCatalog catalog) {
        for (StageSpec stage : pipeline.stages()) {
            String id = stage.model();
            if (id.toLowerCase(Locale.ROOT).endsWith(ModelRef.ENSEMBLE_SUFFIX)) {
                return false;
            }
            Optional<ModelInfo> info = catalog.find(id);
            if (info.isEmpty() || !info.get().isResampler()) {
                return false;
            }
        }
        return true;
    }
}
