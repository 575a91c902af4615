package io.sr4j.train;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code sr4j train --config FILE [--resume]}: trains a network, exports it to ONNX and installs
 * it in the local models folder, so {@code sr4j upscale --model NAME} uses it.
 */
@Command(name = "sr4j train", mixinStandardHelpOptions = true,
        description = {"Train a super-resolution network on folders of photos (DJL on PyTorch, CPU),",
            "export it to ONNX and install it as a local model usable by every sr4j command."})
public final class TrainCommand implements Callable<Integer> {
    @Option(names = "--config", required = true, paramLabel = "FILE", description = "training config (JSON); see docs/TRAINING.md")
    Path config;

    @Option(names = "--resume", description = "continue from the run folder's checkpoint (same config)")
    boolean resume;

    @Option(names = "--run-dir", paramLabel = "DIR",
            description = "checkpoint, config copy and exported model (default: ./train-runs/NAME)")
    Path runDir;

    @Option(names = "--data-root", paramLabel = "DIR",
            description = "base of relative photo paths in the config (default: $SR4J_TRAINDATA or ~/.cache/sr4j/traindata)")
    Path dataRoot;

    @Option(names = "--models-dir", paramLabel = "DIR",
            description = "where the model is installed (default: $SR4J_HOME/local-models)")
    Path modelsDir;

    @Option(names = "--no-install", description = "only export into the run folder")
    boolean noInstall;

    @Option(names = "--stop-after", paramLabel = "STEP",
            description = "stop after this step (checkpoint written) and export the model as it stands;"
                    + " --resume continues the whole schedule later")
    Long stopAfter;

    @Option(names = "--threads", paramLabel = "N", description = "threads for PyTorch and data (default: all cores)")
    int threads = Runtime.getRuntime().availableProcessors();

    @Override
    public Integer call() throws Exception {
        TrainConfig cfg;
        try {
            cfg = TrainConfig.read(config);
        } catch (IllegalArgumentException e) {
            System.err.println("sr4j train: " + e.getMessage());
            return 2;
        }
        if (stopAfter != null && stopAfter < 1) {
            System.err.println("sr4j train: --stop-after must be a step of 1 or more, not " + stopAfter);
            return 2;
        }
        Path root = dataRoot != null ? dataRoot : defaultDataRoot();
        Path run = runDir != null ? runDir : Path.of("train-runs", cfg.name());
        Path models = noInstall ? null : modelsDir != null ? modelsDir : Training.defaultModelsDir();
        try {
            TrainingResult result = new Training(cfg, new Training.Paths(root, run, models), threads)
                    .run(resume, new ConsoleListener(System.err, System.console() != null),
                            stopAfter == null ? Long.MAX_VALUE : stopAfter, true);
            System.out.println(result.model());
            return 0;
        } catch (IllegalArgumentException e) {
            System.err.println("sr4j train: " + e.getMessage());
            return 1;
        }
    }

    static Path defaultDataRoot() {
        String env = System.getenv("SR4J_TRAINDATA");
        return env != null && !env.isBlank() ? Path.of(env)
                : Path.of(System.getProperty("user.home"), ".cache", "sr4j", "traindata");
    }

    /** Entry point of the training launcher ({@code ./sr4j train …}). */
    public static void main(String[] args) {
        configureDjl(args);
        System.exit(new CommandLine(new TrainCommand()).execute(args));
    }

    /** PyTorch natives come from the jar on the class path (no download), threads as asked. */
    static void configureDjl(String[] args) {
        System.setProperty("ai.djl.offline", "true");
        System.setProperty("ai.djl.default_engine", "PyTorch");
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals("--threads")) {
                System.setProperty("ai.djl.pytorch.num_threads", args[i + 1]);
                System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
            }
        }
    }

    /** Progress: a bar redrawn in place on a console, a line per validation otherwise. */
    static final class ConsoleListener implements TrainingListener {
        private final PrintStream out;
        private final boolean console;
        private double lastPsnr = Double.NaN;

        ConsoleListener(PrintStream out, boolean console) {
            this.out = out;
            this.console = console;
        }

        @Override
        public void started(int trainPhotos, int validationPhotos, double bicubicPsnr, long firstStep, long steps) {
            out.printf(Locale.ROOT, "training on %d photos, validating on %d (bicubic %.2f dB), steps %d..%d%n",
                    trainPhotos, validationPhotos, bicubicPsnr, firstStep, steps);
        }

        @Override
        public void stepped(long step, long steps, double loss, double learningRate, double stepsPerSecond) {
            if (!console) {
                return;
            }
            int width = 30;
            int done = (int) (width * step / steps);
            long eta = (long) ((steps - step) / Math.max(stepsPerSecond, 1e-9));
            out.printf(Locale.ROOT, "\r[%s%s] %d/%d loss %.4f lr %.1e val %.2f dB %.1f it/s eta %dm%02ds ",
                    "=".repeat(done), " ".repeat(width - done), step, steps, loss, learningRate, lastPsnr,
                    stepsPerSecond, eta / 60, eta % 60);
        }

        @Override
        public void validated(long step, double psnr, double bicubicPsnr) {
            lastPsnr = psnr;
            if (console) {
                out.println();
            }
            out.printf(Locale.ROOT, "step %d: validation %.3f dB (bicubic %.3f, %+.3f dB)%n", step, psnr, bicubicPsnr,
                    psnr - bicubicPsnr);
        }

        @Override
        public void diffusionValidated(long step, double epsMse, double oneStepPsnr, double bicubicPsnr) {
            lastPsnr = oneStepPsnr;
            if (console) {
                out.println();
            }
            out.printf(Locale.ROOT, "step %d: validation eps-MSE %.5f, one-step x0 %.3f dB (bicubic %.3f, %+.3f dB)%n",
                    step, epsMse, oneStepPsnr, bicubicPsnr, oneStepPsnr - bicubicPsnr);
        }

        @Override
        public void info(String message) {
            out.println(message);
        }
    }
}
