package io.sr4j.cli;

import io.sr4j.bench.EndToEndBenchmark;
import io.sr4j.bench.MachineLimit;
import io.sr4j.bench.ModelBenchmark;
import io.sr4j.bench.Stats;
import io.sr4j.bench.SyntheticPhoto;
import io.sr4j.image.PlanarImage;
import io.sr4j.io.ImageDecoder;
import io.sr4j.model.ModelStore;
import io.sr4j.upscale.Precision;
import io.sr4j.upscale.Upscaler;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code sr4j bench}: how fast each model runs here, how much of the CPU it uses, and its peak memory. */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = {"Time models enlarging one image in memory (no decoding or encoding): one warm-up run, "
            + "then --repeat timed runs. Prints per model the median time (min-max), input megapixels per "
            + "second, the network's work counted from its ONNX graph (Conv, ConvTranspose, MatMul, Gemm) and "
            + "the rate achieved, and the process's peak resident memory so far.",
            "With --limit it first measures this CPU's fp32 MatMul and int8 MatMulInteger rate through ONNX "
            + "Runtime and shows each model's rate as a fraction of the fp32 one.",
            "Peak memory only grows within a process: bench one model per run to compare models' memory."},
        footer = {"", "Examples:",
            "  sr4j bench",
            "  sr4j bench --models realesrgan-x4fast,realcugan-up2x-no-denoise --size 800x600 --limit",
            "  sr4j bench --models realesrgan-x4fast --input photo.png --tile 256 --repeat 5"})
final class BenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-m", "--models"}, split = ",", paramLabel = "ID", defaultValue = "realesrgan-x4fast",
            description = "Catalogue ids, comma-separated. Default: ${DEFAULT-VALUE}.")
    List<String> models;

    @Option(names = "--size", paramLabel = "WxH", defaultValue = "800x600",
            description = "Size of the synthetic input image. Default: ${DEFAULT-VALUE}.")
    String size;

    @Option(names = "--input", paramLabel = "FILE", description = "Benchmark on this image instead of a synthetic one.")
    Path input;

    @Option(names = "--tile", paramLabel = "N", description = "Tile edge in input pixels. Default: "
            + Upscaler.DEFAULT_TILE_SIZE + "; with --end-to-end, the automatic tiling of 'sr4j upscale'.")
    Integer tileSize;

    @Option(names = "--repeat", paramLabel = "N", defaultValue = "3",
            description = "Timed runs per model after the warm-up. Default: ${DEFAULT-VALUE}.")
    int repeat;

    @Option(names = "--threads", paramLabel = "N", description = "Threads to use. Default: every core (${DEFAULT-VALUE}).")
    int threads = Runtime.getRuntime().availableProcessors();

    @Mixin
    PrecisionOption precision;

    @Option(names = "--limit", description = "Also measure the CPU's fp32 and int8 matrix-product rate.")
    boolean limit;

    @Option(names = "--end-to-end", description = "With --input: in one process, alternate a whole-image "
            + "inference in memory with the whole file path (decode, tiles as 'sr4j upscale' cuts them or of "
            + "--tile, PNG encode) and print the ratio.")
    boolean endToEnd;

    @Option(names = "--limit-size", paramLabel = "N", defaultValue = "2048", hidden = true,
            description = "Matrix edge for --limit. Default: ${DEFAULT-VALUE}.")
    int limitSize;

    @Override
    public Integer call() {
        checkOptions();
        Precision arithmetic = precision.precision();
        ModelStore store = Sr4jCommand.of(spec).store();
        models.forEach(store.catalog()::get); // unknown ids: usage error before any work
        PlanarImage image = input != null ? new ImageDecoder().decode(input).rgb() : syntheticImage();
        PrintWriter out = spec.commandLine().getOut();
        double fp32Limit = 0;
        if (limit) {
            MachineLimit.Timing fp32 = MachineLimit.measure(MachineLimit.Kind.FP32, limitSize, threads, repeat);
            MachineLimit.Timing int8 = MachineLimit.measure(MachineLimit.Kind.INT8, limitSize, threads, repeat);
            fp32Limit = fp32.gigaOpsPerSecond();
            out.printf(Locale.ROOT, "machine limit (%d threads): fp32 MatMul %d^3 %.1f GFLOP/s (%s), "
                    + "int8 MatMulInteger %.1f GOP/s (%s)%n", threads, limitSize, fp32Limit, spread(fp32.seconds()),
                    int8.gigaOpsPerSecond(), spread(int8.seconds()));
        }
        if (endToEnd) {
            int tile = tileSize != null ? tileSize : Upscaler.AUTO_TILE_SIZE;
            for (String model : models) {
                EndToEndBenchmark.Result r = new EndToEndBenchmark(store, threads, repeat, tile).run(model, input);
                out.printf(Locale.ROOT, "%s end to end (tile %s: %d tiles) vs one whole-image inference: wall %s s vs"
                        + " %s s, ratio pair by pair %s; CPU %s s vs %s s, ratio %s%n", model,
                        tileSize != null ? tileSize : "auto", r.tiles(), spread(r.endToEndSeconds()),
                        spread(r.inferenceSeconds()), spread(r.ratios()), spread(r.endToEndCpuSeconds()),
                        spread(r.inferenceCpuSeconds()), spread(r.cpuRatios()));
                out.flush();
            }
            return Sr4jCommand.OK;
        }
        int tile = tileSize != null ? tileSize : Upscaler.DEFAULT_TILE_SIZE;
        out.printf(Locale.ROOT, "%dx%d input, tile %d, %d threads, %s, %d timed runs%n", image.width(),
                image.height(), tile, threads, arithmetic, repeat);
        out.println("| model | median s (min-max) | Mpx/s | ms/Mpx | GFLOP | GFLOP/s | of fp32 limit | peak RSS |");
        out.println("|---|---|---|---|---|---|---|---|");
        out.flush();
        ModelBenchmark bench = new ModelBenchmark(store, threads, repeat,
                b -> b.tileSize(tile).precision(arithmetic));
        for (String model : models) {
            ModelBenchmark.Result r = bench.run(model, image);
            String gflop = r.macs().isPresent() ? String.format(Locale.ROOT, "%.1f", 2e-9 * r.macs().getAsLong()) : "-";
            String rate = r.gigaflopsPerSecond().map(g -> String.format(Locale.ROOT, "%.1f", g)).orElse("-");
            String fraction = fp32Limit > 0 && r.gigaflopsPerSecond().isPresent()
                    ? String.format(Locale.ROOT, "%.0f %%", 100 * r.gigaflopsPerSecond().get() / fp32Limit) : "-";
            String rss = r.peakResident().isPresent() ? Sizes.megabytes(r.peakResident().getAsLong()) : "-";
            out.printf(Locale.ROOT, "| %s | %s | %.3f | %.0f | %s | %s | %s | %s |%n", model, spread(r.seconds()),
                    r.megapixelsPerSecond(), r.millisecondsPerMegapixel(), gflop, rate, fraction, rss);
            out.flush();
        }
        return Sr4jCommand.OK;
    }

    private static String spread(double[] seconds) {
        return String.format(Locale.ROOT, "%.3f (%.3f-%.3f)", Stats.median(seconds), Stats.min(seconds),
                Stats.max(seconds));
    }

    private PlanarImage syntheticImage() {
        int[] wh = parseSize(size);
        return SyntheticPhoto.of(wh[0], wh[1], 1);
    }

    private int[] parseSize(String text) {
        String[] parts = text.toLowerCase(Locale.ROOT).split("x");
        try {
            if (parts.length == 2) {
                int w = Integer.parseInt(parts[0].trim());
                int h = Integer.parseInt(parts[1].trim());
                if (w >= 1 && h >= 1) {
                    return new int[] {w, h};
                }
            }
        } catch (NumberFormatException e) {
            // falls through to the usage error
        }
        throw usage("--size must be WIDTHxHEIGHT with both >= 1, got '" + text + "'");
    }

    private void checkOptions() {
        if (tileSize != null && tileSize < 16) {
            throw usage("--tile must be >= 16, got " + tileSize);
        }
        if (repeat < 1) {
            throw usage("--repeat must be >= 1, got " + repeat);
        }
        if (threads < 1) {
            throw usage("--threads must be >= 1, got " + threads);
        }
        if (limitSize < 64) {
            throw usage("--limit-size must be >= 64, got " + limitSize);
        }
        if (endToEnd && input == null) {
            throw usage("--end-to-end needs --input FILE");
        }
        if (input != null && !Files.isRegularFile(input)) {
            throw usage("--input " + input + ": no such file");
        }
        parseSize(size);
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
