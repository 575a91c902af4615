package io.sr4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.sr4j.Sr4jException;
import io.sr4j.engine.ncnn.ConvertedModel;
import io.sr4j.engine.ncnn.ImportOptions;
import io.sr4j.engine.ncnn.NcnnImporter;
import io.sr4j.engine.ncnn.ModelImportException;
import io.sr4j.engine.pytorch.DetectedArchitecture;
import io.sr4j.engine.pytorch.PytorchCheckpoints;
import io.sr4j.engine.pytorch.PytorchImporter;
import io.sr4j.engine.pytorch.StateDict;
import io.sr4j.engine.pytorch.Tensor;
import io.sr4j.engine.tfjs.TfjsImportOptions;
import io.sr4j.engine.tfjs.TfjsImporter;
import io.sr4j.model.FileRole;
import io.sr4j.model.LocalModel;
import io.sr4j.model.ModelFamily;
import io.sr4j.model.ModelFile;
import io.sr4j.model.ModelFormat;
import io.sr4j.model.ModelInfo;
import io.sr4j.model.ModelStore;
import io.sr4j.model.NpmPackage;
import io.sr4j.model.PostProcess;
import io.sr4j.model.Verification;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code sr4j models …}: the catalogue and the local model store. Listings go to stdout (so they
 * can be piped), progress and notices to stderr.
 */
@Command(
        name = "models",
        mixinStandardHelpOptions = true,
        description = {"List, inspect, fetch and export the pretrained models; read your own PyTorch checkpoints.",
            "Models are stored in $SR4J_HOME (default ~/.cache/sr4j)."},
        subcommands = {ModelsCommand.ListCommand.class, ModelsCommand.InfoCommand.class,
            ModelsCommand.FetchCommand.class, ModelsCommand.PathCommand.class, ModelsCommand.ExportCommand.class,
            ModelsCommand.InspectCommand.class, ModelsImportCommand.class, ModelsTiersCommand.class},
        footer = {"", "Examples:",
            "  sr4j models list --family realcugan",
            "  sr4j models info realesrgan-x4fast",
            "  sr4j models fetch realesrgan-x4fast waifu2x-cunet-noise1",
            "  sr4j models path realesrgan-x4fast",
            "  sr4j models export realesr-animevideov3-x2 -o animevideov3-x2.onnx",
            "  sr4j models inspect 4x-MyModel.pth"})
final class ModelsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return Sr4jCommand.USAGE;
    }

    private static ModelStore store(CommandSpec spec) {
        return Sr4jCommand.of(spec).store();
    }

    private static ConsoleFetchListener fetchListener(CommandSpec spec) {
        return new ConsoleFetchListener(spec.commandLine().getErr(), Sr4jCommand.of(spec).interactive());
    }

    private static String noise(int noise) {
        return noise < 0 ? "-" : Integer.toString(noise);
    }

    private static String scale(ModelInfo info) {
        return info.anyScale() ? "any" : "x" + info.scale();
    }

    /** {@code sr4j models list}. */
    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "Table of every model: id, scale, noise level, domain, licence, installed, size.")
    static final class ListCommand implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = {"-f", "--family"}, paramLabel = "F",
                description = "Only this family: realesrgan, realesrgan-compact, realcugan, waifu2x-cunet, baseline.")
        String family;

        @Option(names = "--installed", description = "Only models whose files are in the store (and builtins).")
        boolean installedOnly;

        @Override
        public Integer call() {
            ModelFamily wanted = family == null ? null : parseFamily(family);
            ModelStore store = store(spec);
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {"ID", "SCALE", "NOISE", "DOMAIN", "LICENCE", "INSTALLED", "SIZE"});
            for (ModelInfo info : store.catalog().models()) {
                if (wanted != null && info.family() != wanted) {
                    continue;
                }
                boolean builtin = !info.hasFiles();
                boolean installed = builtin || store.isPresent(info.id());
                if (installedOnly && !installed) {
                    continue;
                }
                rows.add(new String[] {info.id(), scale(info), noise(info.noise()), info.domain().code(),
                    info.license(), builtin ? "builtin" : installed ? "yes" : "no",
                    builtin ? "-" : Sizes.megabytes(info.totalSize())});
            }
            printTable(spec.commandLine().getOut(), rows);
            return Sr4jCommand.OK;
        }

        private ModelFamily parseFamily(String text) {
            List<String> codes = new ArrayList<>();
            for (ModelFamily f : ModelFamily.values()) {
                if (f.code().equalsIgnoreCase(text) || f.name().equalsIgnoreCase(text)) {
                    return f;
                }
                codes.add(f.code());
            }
            throw new ParameterException(spec.commandLine(),
                    "unknown --family '" + text + "'; families: " + String.join(", ", codes));
        }

        /** Left-aligned columns, two spaces apart. */
        static void printTable(PrintWriter out, List<String[]> rows) {
            int[] widths = new int[rows.get(0).length];
            for (String[] row : rows) {
                for (int i = 0; i < row.length; i++) {
                    widths[i] = Math.max(widths[i], row[i].length());
                }
            }
            for (String[] row : rows) {
                StringBuilder line = new StringBuilder();
                for (int i = 0; i < row.length; i++) {
                    line.append(row[i]);
                    if (i < row.length - 1) {
                        line.append(" ".repeat(widths[i] - row[i].length() + 2));
                    }
                }
                out.println(line);
            }
            out.flush();
        }
    }

    /** {@code sr4j models info ID}. */
    @Command(name = "info", mixinStandardHelpOptions = true,
            description = "Every catalogue field of one model, its files with SHA-256, and where it is installed.")
    static final class InfoCommand implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "ID", description = "A model id from 'sr4j models list'.")
        String id;

        @Option(names = "--verify", description = "Also check the installed files' SHA-256 (reads them all); "
                + "exit 1 if one is missing or differs.")
        boolean verify;

        @Override
        public Integer call() {
            ModelStore store = store(spec);
            ModelInfo info = store.catalog().get(id);
            PrintWriter out = spec.commandLine().getOut();
            field(out, "id", info.id());
            field(out, "name", info.displayName());
            field(out, "family", info.family().code());
            field(out, "format", info.format().code());
            field(out, "scale", info.anyScale() ? "any (classical filter)" : "x" + info.scale());
            field(out, "noise", info.noise() < 0 ? "-1 (no denoise level)" : Integer.toString(info.noise()));
            field(out, "domain", info.domain().code());
            field(out, "input range", info.inputRange().code());
            field(out, "channel order", info.channelOrder().code());
            field(out, "tiling", "padding " + info.tiling().padding() + ", alignment " + info.tiling().alignment()
                    + ", border " + info.tiling().border().code());
            field(out, "shared SE stats", info.sharedSeStatistics()
                    ? "yes (squeeze-excitation means computed over the whole image, shared by tiles)" : "no");
            field(out, "post-process", info.postProcess().code());
            field(out, "licence", info.license());
            if (info.source() == null) {
                field(out, "source", "built into sr4j");
            } else {
                NpmPackage pkg = store.catalog().npmPackage(info.source());
                field(out, "source", "npm package " + pkg.spec() + " (package licence " + pkg.license()
                        + ", download " + Sizes.megabytes(pkg.tarballSize()) + ")");
            }
            if (info.hasFiles()) {
                out.println("files:");
                for (ModelFile f : info.files()) {
                    out.printf(Locale.ROOT, "  %-10s  %10s  %s%n", f.role().code(), Sizes.megabytes(f.size()),
                            f.path());
                    out.println("              sha256 " + f.sha256());
                }
                boolean installed = store.isPresent(info.id());
                field(out, "installed", installed ? "yes, in " + store.path(info.id())
                        : "no (fetched on first use into " + store.path(info.id()) + ")");
            } else {
                field(out, "installed", "builtin (no files)");
            }
            if (!info.notes().isEmpty()) {
                field(out, "notes", info.notes());
            }
            out.flush();
            if (verify && info.hasFiles()) {
                Verification v = store.verify(info.id());
                if (!v.ok()) {
                    throw new Sr4jException("model " + info.id() + " failed verification: "
                            + String.join("; ", v.problems()) + " (run 'sr4j models fetch " + info.id()
                            + "' to fetch it again)");
                }
                field(out, "verified", "every file has its catalogued size and SHA-256");
                out.flush();
            }
            return Sr4jCommand.OK;
        }

        private static void field(PrintWriter out, String name, String value) {
            out.printf(Locale.ROOT, "%-16s %s%n", name + ":", value);
        }
    }

    /** {@code sr4j models fetch ID… | --all}. */
    @Command(name = "fetch", mixinStandardHelpOptions = true,
            description = {"Fetch models into the store now (otherwise they are fetched on first use).",
                "Installed models are checked against their SHA-256 and fetched again if they differ."})
    static final class FetchCommand implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "ID", arity = "0..*", description = "Model ids from 'sr4j models list'.")
        List<String> ids = new ArrayList<>();

        @Option(names = "--all", description = "Every model of the catalogue (several hundred MB).")
        boolean all;

        @Override
        public Integer call() {
            if (all == !ids.isEmpty()) {
                throw new ParameterException(spec.commandLine(),
                        all ? "give model ids or --all, not both" : "name the models to fetch, or --all");
            }
            ModelStore store = store(spec);
            ConsoleFetchListener listener = fetchListener(spec);
            List<String> wanted = new ArrayList<>();
            for (String id : all ? store.catalog().ids() : ids) {
                ModelInfo info = store.catalog().get(id); // unknown ids fail here, before any download
                if (info.hasFiles()) {
                    wanted.add(id);
                } else if (!all) {
                    listener.message("Model " + id + " is built into sr4j; there is nothing to fetch.");
                }
            }
            List<LocalModel> fetched = store.fetchAll(wanted, listener);
            listener.endProgressLine();
            PrintWriter out = spec.commandLine().getOut();
            for (LocalModel model : fetched) {
                out.println(model.info().id() + "  " + model.files().get(0).getParent());
            }
            out.flush();
            return Sr4jCommand.OK;
        }
    }

    /** {@code sr4j models path [ID]}. */
    @Command(name = "path", mixinStandardHelpOptions = true,
            description = "Print the store's root directory, or the directory of one model's files.")
    static final class PathCommand implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", arity = "0..1", paramLabel = "ID", description = "A model id.")
        String id;

        @Override
        public Integer call() {
            ModelStore store = store(spec);
            Path path;
            if (id == null) {
                path = store.root();
            } else if (!store.catalog().get(id).hasFiles()) {
                throw new ParameterException(spec.commandLine(),
                        "model '" + id + "' is built into sr4j and has no files");
            } else {
                path = store.path(id);
            }
            spec.commandLine().getOut().println(path);
            spec.commandLine().getOut().flush();
            return Sr4jCommand.OK;
        }
    }

    /** {@code sr4j models export ID -o model.onnx}. */
    @Command(name = "export", mixinStandardHelpOptions = true,
            description = {"Write a model as a standalone ONNX file (fetching it first if needed).",
                "Input: one image tensor [1, 3, H, W], float, in the model's input range and channel order "
                    + "('sr4j models info ID' shows both); output: the enlarged image."})
    static final class ExportCommand implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "ID", description = "A model id from 'sr4j models list'.")
        String id;

        @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE", description = "The .onnx file to write.")
        Path output;

        @Override
        public Integer call() {
            ModelStore store = store(spec);
            ModelInfo info = store.catalog().get(id);
            if (!info.hasFiles()) {
                throw new ParameterException(spec.commandLine(), "model '" + id + "' is a classical filter built into"
                        + " sr4j: it has no network to export");
            }
            if (info.format() != ModelFormat.NCNN && info.format() != ModelFormat.TFJS
                    && info.format() != ModelFormat.PYTORCH) {
                throw new Sr4jException("model " + id + " has format " + info.format().code()
                        + ", which this version of sr4j cannot export");
            }
            String name = output.getFileName() == null ? "" : output.getFileName().toString();
            if (!name.toLowerCase(Locale.ROOT).endsWith(".onnx")) {
                throw new ParameterException(spec.commandLine(), "output " + output + " must end with .onnx");
            }
            Path dir = output.toAbsolutePath().getParent();
            if (dir == null || !Files.isDirectory(dir)) {
                throw new Sr4jException(output + ": output directory " + dir + " does not exist");
            }
            if (Files.isDirectory(output)) {
                throw new ParameterException(spec.commandLine(), "output " + output + " is a directory");
            }

            LocalModel local = store.ensurePresent(id, fetchListener(spec));
            ConvertedModel converted = convert(info, local);
            // TF.js graphs scale their 0..255 range inside the graph: the exported file takes 0..1.
            String inputRange = info.format() == ModelFormat.TFJS ? "0..1" : info.inputRange().code();
            try {
                converted.writeTo(output);
            } catch (IOException e) {
                throw new Sr4jException(output + ": cannot write the ONNX file (" + e.getMessage() + ")", e);
            }
            PrintWriter err = spec.commandLine().getErr();
            err.printf(Locale.ROOT, "Wrote %s (%s): input '%s' [1, 3, H, W] float %s in %s, output '%s' x%d.%n",
                    output, Sizes.megabytes(converted.onnx().length), converted.imageInput(),
                    info.channelOrder().code(), inputRange, converted.imageOutput(), info.scale());
            // Real-CUGAN and waifu2x consume part of their input border; Real-ESRGAN keeps the size.
            if (info.family() == ModelFamily.REALCUGAN || info.family() == ModelFamily.WAIFU2X_CUNET) {
                err.printf(Locale.ROOT, "Note: this network trims a border from its output; sr4j pads its input by "
                        + "%d pixels (%s) and crops the matching output border.%n", info.tiling().padding(),
                        info.tiling().border().code());
            }
            err.flush();
            return Sr4jCommand.OK;
        }

        private static ConvertedModel convert(ModelInfo info, LocalModel local) {
            if (info.format() == ModelFormat.PYTORCH) {
                return PytorchImporter.convert(local.file(FileRole.PYTORCH_CHECKPOINT)).converted();
            }
            if (info.format() == ModelFormat.TFJS) {
                return TfjsImporter.convert(local.file(FileRole.TFJS_MODEL),
                        new TfjsImportOptions(info.inputRange().max()));
            }
            ImportOptions options = ImportOptions.plain();
            if (info.postProcess() == PostProcess.ADD_NEAREST_INPUT) {
                // The reference program adds this residual after the network; put it in the graph so the
                // exported file maps image to image on its own.
                options = options.withInputResidual(info.scale(), info.tiling().padding());
            }
            return NcnnImporter.convert(local.file(FileRole.NCNN_PARAM), local.file(FileRole.NCNN_BIN), options);
        }
    }

    /** {@code sr4j models inspect FILE}: what a PyTorch checkpoint or safetensors file holds, read safely. */
    @Command(name = "inspect", mixinStandardHelpOptions = true,
            description = {"Show what a PyTorch checkpoint (.pth/.pt, zip or legacy) or safetensors file holds:",
                "format, wrapper, tensors, parameters, dtypes. Nothing in the file is executed: pickled code",
                "or any object other than tensors and dicts is refused."})
    static final class InspectCommand implements Callable<Integer> {
        /** Tensors listed without --all. */
        static final int FIRST = 10;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "FILE", description = "The checkpoint (format told by content).")
        Path file;

        @Option(names = "--all", description = "List every tensor (default: the first " + FIRST + ").")
        boolean all;

        @Option(names = "--json", description = "Print one JSON object (with every tensor) instead of text.")
        boolean json;

        @Override
        public Integer call() throws IOException {
            StateDict dict = PytorchCheckpoints.read(file);
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(asMap(dict)));
            } else {
                print(out, dict);
            }
            out.flush();
            return Sr4jCommand.OK;
        }

        private void print(PrintWriter out, StateDict dict) {
            field(out, "file", dict.source());
            field(out, "format", dict.format().label());
            field(out, "wrapper", dict.wrapper().orElse("none (tensors at the top level)"));
            field(out, "prefix", dict.strippedPrefix().map(p -> p + " (stripped)").orElse("none"));
            field(out, "tensors", dict.tensors().size() + (dict.skippedEntries() > 0
                    ? " (" + dict.skippedEntries() + " other entries left out)" : ""));
            field(out, "parameters", String.format(Locale.ROOT, "%,d (%.2f M)", dict.parameterCount(),
                    dict.parameterCount() / 1e6));
            List<String> dtypes = new ArrayList<>();
            dict.dtypeCounts().forEach((t, n) -> dtypes.add(t + " (" + n + (n == 1 ? " tensor)" : " tensors)")));
            field(out, "dtypes", String.join(", ", dtypes));
            field(out, "architecture", architecture(dict));
            int total = dict.tensors().size();
            int listed = all ? total : Math.min(FIRST, total);
            out.println(listed == total ? "tensors:" : "first " + listed + " of " + total + " tensors (--all lists every one):");
            int nameWidth = 0;
            int i = 0;
            for (String name : dict.tensors().keySet()) {
                if (i++ == listed) {
                    break;
                }
                nameWidth = Math.max(nameWidth, name.length());
            }
            i = 0;
            for (Map.Entry<String, Tensor> e : dict.tensors().entrySet()) {
                if (i++ == listed) {
                    break;
                }
                out.printf(Locale.ROOT, "  %-" + nameWidth + "s  %-4s  %s%n", e.getKey(), e.getValue().dtype(),
                        Arrays.toString(e.getValue().shape()));
            }
        }

        private static Map<String, Object> asMap(StateDict dict) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("file", dict.source());
            m.put("format", dict.format().label());
            m.put("wrapper", dict.wrapper().orElse(null));
            m.put("strippedPrefix", dict.strippedPrefix().orElse(null));
            m.put("tensorCount", dict.tensors().size());
            m.put("skippedEntries", dict.skippedEntries());
            m.put("parameters", dict.parameterCount());
            Map<String, Integer> dtypes = new LinkedHashMap<>();
            dict.dtypeCounts().forEach((t, n) -> dtypes.put(t.name(), n));
            m.put("dtypes", dtypes);
            m.put("architecture", architectureMap(dict));
            List<Map<String, Object>> tensors = new ArrayList<>();
            dict.tensors().forEach((name, t) -> {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("name", name);
                entry.put("dtype", t.dtype().name());
                entry.put("shape", t.shape());
                tensors.add(entry);
            });
            m.put("tensors", tensors);
            return m;
        }

        /** The recognised architecture, or why there is none (not an error: inspecting any file is fine). */
        private static String architecture(StateDict dict) {
            try {
                DetectedArchitecture a = PytorchImporter.detect(dict);
                return a.describe() + ", tile padding " + a.tilePadding();
            } catch (ModelImportException e) {
                return "none sr4j converts: " + withoutSource(dict, e);
            }
        }

        private static Map<String, Object> architectureMap(StateDict dict) {
            Map<String, Object> m = new LinkedHashMap<>();
            try {
                DetectedArchitecture a = PytorchImporter.detect(dict);
                m.put("name", a.name());
                m.put("scale", a.scale());
                m.put("tilePadding", a.tilePadding());
                m.put("details", a.details());
            } catch (ModelImportException e) {
                m.put("name", null);
                m.put("problem", withoutSource(dict, e));
            }
            return m;
        }

        private static String withoutSource(StateDict dict, ModelImportException e) {
            String message = e.getMessage();
            return message.startsWith(dict.source() + ": ") ? message.substring(dict.source().length() + 2) : message;
        }

        private static void field(PrintWriter out, String name, String value) {
            out.printf(Locale.ROOT, "%-14s %s%n", name + ":", value);
        }
    }
}
