package io.sr4j.engine.reference;

import io.sr4j.engine.reference.ReferenceProgram.Device;
import io.sr4j.engine.reference.ReferenceProgram.Family;
import io.sr4j.image.PlanarImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * One fully specified run of a reference program (made by {@link ReferenceProgram}): which program,
 * which model file, which flags. Immutable; {@link #run} may be called any number of times.
 *
 * <p>A run is only trusted when every check passes, because these programs report many failures
 * with exit status 0: the exit status, the program's own error lines ({@code fopen … failed},
 * {@code find_blob_index_by_name … failed}), the Vulkan device (must be llvmpipe), the output's
 * size (input × scale) and its content (not blank).
 */
public final class ReferenceCommand {
    /** Below this many distinct 8-bit sample values an output is blank or garbage, not an upscaled photo. */
    static final int MIN_DISTINCT_LEVELS = 8;

    // One thread each for load, process and save: the machines have 2 cores, and llvmpipe (or ncnn's
    // CPU path) already spreads the network itself over the cores.
    private static final List<String> THREADS = List.of("-j", "1:1:1");

    private final ReferenceProgram program;
    private final Family family;
    private final String modelStem;
    private final int scale;
    private final Device device;
    private final List<String> flags;
    private final Path modelDir;
    private final Duration timeout;

    ReferenceCommand(ReferenceProgram program, Family family, String modelStem, int scale, Device device,
            List<String> flags) {
        this(program, family, modelStem, scale, device, flags, program.modelDir(family), Duration.ofMinutes(3));
    }

    private ReferenceCommand(ReferenceProgram program, Family family, String modelStem, int scale, Device device,
            List<String> flags, Path modelDir, Duration timeout) {
        this.program = Objects.requireNonNull(program);
        this.family = family;
        this.modelStem = modelStem;
        this.scale = scale;
        this.device = Objects.requireNonNull(device, "device");
        this.flags = List.copyOf(flags);
        this.modelDir = modelDir;
        this.timeout = timeout;
    }

    /**
     * The same command reading its model files from {@code dir}. For Real-CUGAN and waifu2x the folder
     * must keep its name ({@code models-se}, {@code models-cunet}): those programs choose the tile
     * padding from it.
     *
     * @throws IllegalArgumentException if the folder name would change the program's behaviour
     */
    public ReferenceCommand withModelDir(Path dir) {
        Path name = dir.getFileName();
        if ((family == Family.REALCUGAN || family == Family.WAIFU2X)
                && (name == null || !name.toString().equals(family.modelFolder))) {
            throw new IllegalArgumentException(family.executable + " chooses its padding from the model folder's"
                    + " name; the folder must be called " + family.modelFolder + ", got " + dir);
        }
        return new ReferenceCommand(program, family, modelStem, scale, device, flags, dir.toAbsolutePath(), timeout);
    }

    /**
     * The same command with another time limit (default 3 minutes).
     *
     * @throws IllegalArgumentException if the timeout is not positive
     */
    public ReferenceCommand withTimeout(Duration limit) {
        if (limit.isNegative() || limit.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, got " + limit);
        }
        return new ReferenceCommand(program, family, modelStem, scale, device, flags, modelDir, limit);
    }

    /** Output size ÷ input size. */
    public int scale() {
        return scale;
    }

    public Device device() {
        return device;
    }

    /** The {@code .param} file the program will load. */
    public Path paramFile() {
        return modelDir.resolve(modelStem + ".param");
    }

    /** The {@code .bin} file the program will load. */
    public Path binFile() {
        return modelDir.resolve(modelStem + ".bin");
    }

    /** The full command line for {@code input} → {@code output}. */
    public List<String> commandLine(Path input, Path output) {
        List<String> cmd = new ArrayList<>();
        cmd.add(program.executable(family).toString());
        cmd.add("-i");
        cmd.add(input.toAbsolutePath().toString());
        cmd.add("-o");
        cmd.add(output.toAbsolutePath().toString());
        cmd.add("-m");
        cmd.add(modelDir.toString());
        cmd.addAll(flags);
        // Pin the device: with llvmpipe as the only Vulkan driver, 0 is llvmpipe; -1 is ncnn's CPU path.
        cmd.add("-g");
        cmd.add(device.gpuId);
        cmd.addAll(THREADS);
        return cmd;
    }

    /**
     * Runs the program on the 8-bit RGB PNG {@code input}, writing the PNG {@code output} (replaced if
     * present), and checks the result.
     *
     * <p>On Vulkan (llvmpipe) the output holds 255 wherever the network's value was negative (see
     * {@link ReferenceComparison}); use {@link #runRepairingWrappedNegatives} or compare with
     * {@link ReferenceComparison#compare} to deal with it.
     *
     * @return the output, decoded, with the command, the program's output and the time taken
     * @throws ReferenceProgramException if the program fails, times out, did not use llvmpipe, or
     *     wrote a missing, wrongly sized or blank image; the message holds the command and the
     *     program's output
     */
    public ReferenceRun run(Path input, Path output) {
        return run(input, output, true);
    }

    /**
     * Like {@link #run}, then repairs the samples llvmpipe wrapped: runs the program a second time on
     * a copy of the model with one layer appended that adds 0.5 to the network output, so values in
     * [−0.5, 0) land in [0, 0.5) and come out of the conversion intact. Samples the second run shows
     * as negative (level ≤ 127) are set to 0, which is what the program writes on a GPU, and the
     * repaired image is written to {@code output}. On {@link Device#CPU} nothing needs repairing and
     * this is {@link #run}.
     *
     * <p>Limits: a value below −0.5 (−127 levels) would wrap again (measured negatives go down to
     * about −25 levels). Costs a second run. See {@link NegativeProbe} for why the shift is 0.5.
     *
     * @return the repaired output; {@link ReferenceRun#repairedSamples()} counts the samples changed to 0
     * @throws ReferenceProgramException as {@link #run}
     */
    public ReferenceRun runRepairingWrappedNegatives(Path input, Path output) {
        ReferenceRun plain = run(input, output, true);
        if (device == Device.CPU) {
            return plain;
        }
        Path work = null;
        try {
            work = Files.createTempDirectory("sr4j-negative-probe");
            Path probeDir = NegativeProbe.writeShiftedModel(this, work.resolve(family.modelFolder));
            Path probeOut = work.resolve("probe.png");
            ReferenceRun probe = withModelDir(probeDir).run(input, probeOut, false);

            PlanarImage repaired = plain.image().copy();
            float[] fixed = repaired.data();
            float[] shifted = probe.image().data();
            long count = 0;
            for (int i = 0; i < fixed.length; i++) {
                // probe level = floor((v + 0.5)·255 + 0.5) = floor(v·255 + 128) <= 127 exactly when v < 0
                // (values in [-0.5, 0) levels are flagged too; the program already wrote 0 for them)
                if (ReferenceImages.level(shifted[i]) <= NegativeProbe.NEGATIVE_AT_OR_BELOW && fixed[i] != 0f) {
                    fixed[i] = 0f;
                    count++;
                }
            }
            ReferenceImages.writeRgb(repaired, output);
            return new ReferenceRun(output, repaired, plain.command(),
                    plain.log() + "\n--- negative probe: " + String.join(" ", probe.command()) + "\n" + probe.log(),
                    plain.elapsed().plus(probe.elapsed()), count);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the negative probe in " + work, e);
        } finally {
            NegativeProbe.deleteRecursively(work);
        }
    }

    private ReferenceRun run(Path input, Path output, boolean checkContent) {
        if (!Files.isRegularFile(input)) {
            throw new IllegalArgumentException("input " + input + " does not exist");
        }
        if (!output.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".png")) {
            // The programs choose the format from the extension; parity needs lossless output.
            throw new IllegalArgumentException("output must be a .png file, got " + output);
        }
        PlanarImage in = ReferenceImages.readRgb(input);
        List<String> cmd = commandLine(input, output);
        Path log = null;
        try {
            Files.createDirectories(output.toAbsolutePath().getParent());
            Files.deleteIfExists(output); // a stale file must not pass for this run's result
            log = Files.createTempFile("sr4j-reference", ".log");
            ProcessBuilder pb = new ProcessBuilder(cmd)
                    .directory(output.toAbsolutePath().getParent().toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            // Pin the Vulkan loader to llvmpipe whatever other drivers (or a real GPU) the machine
            // has: reference images must not depend on the machine. VK_DRIVER_FILES is the newer
            // loaders' name for the same setting.
            pb.environment().put("VK_ICD_FILENAMES", program.llvmpipeIcd().toString());
            pb.environment().put("VK_DRIVER_FILES", program.llvmpipeIcd().toString());
            long start = System.nanoTime();
            Process process = pb.start();
            boolean finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!finished) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor();
            }
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
            String text = new String(Files.readAllBytes(log), StandardCharsets.UTF_8);
            if (!finished) {
                throw failure(cmd, text, "did not finish within " + timeout);
            }
            check(cmd, text, process.exitValue());
            return checkedOutput(cmd, text, elapsed, in, output, checkContent);
        } catch (IOException e) {
            throw new ReferenceProgramException("cannot run " + String.join(" ", cmd) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ReferenceProgramException("interrupted while running " + String.join(" ", cmd), e);
        } finally {
            if (log != null) {
                try {
                    Files.deleteIfExists(log);
                } catch (IOException ignored) {
                    // a leftover temp log is harmless
                }
            }
        }
    }

    private void check(List<String> cmd, String log, int exit) {
        if (exit != 0) {
            String hint = exit == 139 ? " (SIGSEGV: ncnn crashes on a missing model file with -g -1, or on a"
                    + " layer type the program was built without)" : "";
            throw failure(cmd, log, "exited with status " + exit + hint);
        }
        for (String line : log.split("\n")) {
            // ncnn reports a missing or unreadable model this way and then carries on, exit 0.
            if (line.contains("failed") || line.contains("not exists or registered")) {
                throw failure(cmd, log, "reported an error: " + line.strip());
            }
        }
        if (device == Device.VULKAN && !log.contains("llvmpipe")) {
            throw failure(cmd, log, "did not report running on llvmpipe");
        }
    }

    private ReferenceRun checkedOutput(List<String> cmd, String log, Duration elapsed, PlanarImage in, Path output,
            boolean checkContent) {
        if (!Files.isRegularFile(output)) {
            throw failure(cmd, log, "exited 0 but wrote no " + output);
        }
        PlanarImage out = ReferenceImages.readRgb(output);
        if (out.width() != in.width() * scale || out.height() != in.height() * scale) {
            throw failure(cmd, log, "wrote " + out.width() + "x" + out.height() + ", expected " + in.width() * scale
                    + "x" + in.height() * scale + " (input " + in.width() + "x" + in.height() + " x" + scale + ")");
        }
        if (checkContent) {
            int distinct = distinctLevels(out);
            if (distinct < MIN_DISTINCT_LEVELS) {
                throw failure(cmd, log, "exited 0 but its output is blank or degenerate (" + distinct
                        + " distinct sample values)");
            }
        }
        return new ReferenceRun(output, out, cmd, log, elapsed, 0);
    }

    static int distinctLevels(PlanarImage image) {
        boolean[] seen = new boolean[256];
        int distinct = 0;
        for (float v : image.data()) {
            int level = ReferenceImages.level(v);
            if (!seen[level]) {
                seen[level] = true;
                distinct++;
            }
        }
        return distinct;
    }

    private ReferenceProgramException failure(List<String> cmd, String log, String what) {
        StringBuilder message = new StringBuilder()
                .append(family.executable).append(' ').append(what).append('\n')
                .append("command: ").append(String.join(" ", cmd)).append('\n');
        for (Path file : List.of(paramFile(), binFile())) {
            if (!Files.isRegularFile(file)) {
                message.append("model file ").append(file).append(" does not exist\n");
            }
        }
        message.append("--- program output ---\n").append(log);
        return new ReferenceProgramException(message.toString());
    }

    Family family() {
        return family;
    }

    String modelStem() {
        return modelStem;
    }

    @Override
    public String toString() {
        return family.executable + " " + modelStem + " " + String.join(" ", flags) + " -g " + device.gpuId;
    }
}
