package io.sr4j.cli;

import io.sr4j.enhance.EnhanceChoice;
import io.sr4j.model.ModelFamily;
import io.sr4j.model.ModelInfo;
import io.sr4j.model.ModelStore;
import io.sr4j.pipeline.FrameStages;
import io.sr4j.pipeline.ImageRestorer;
import io.sr4j.pipeline.LoadedModels;
import io.sr4j.pipeline.ModelResolver;
import io.sr4j.pipeline.HdrTarget;
import io.sr4j.pipeline.PipelineSpec;
import io.sr4j.pipeline.RestoreOptions;
import io.sr4j.pipeline.SizeRequest;
import io.sr4j.pipeline.StageSpec;
import io.sr4j.upscale.Precision;
import io.sr4j.upscale.Upscaler;
import io.sr4j.video.VideoCodec;
import io.sr4j.video.VideoInfo;
import io.sr4j.video.VideoOptions;
import io.sr4j.video.VideoProgress;
import io.sr4j.video.VideoResult;
import io.sr4j.video.VideoTime;
import io.sr4j.video.VideoUpscaler;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code sr4j video IN -o OUT}: upscales a video, audio and subtitles copied untouched. */
@Command(
        name = "video",
        mixinStandardHelpOptions = true,
        description = {"Upscale a video: every frame through the network, encoded as h264/h265; audio and subtitle "
                + "streams copied untouched; timing, rotation and colour tags kept.",
            "Work is kept in segments next to the output: after Ctrl-C, run again with --resume."},
        footer = {"", "Examples:",
            "  sr4j video in.mp4 -o out_x4.mp4             # realesr-animevideov3-x4, h264, crf 18",
            "  sr4j video in.mkv -o out.mkv --scale 2 --codec h265 --crf 20",
            "  sr4j video in.mp4 -o clip.mp4 --start 1:30 --duration 10",
            "  sr4j video noisy.mp4 -o clean.mp4 --scale 2 --denoise 2   # Real-CUGAN",
            "  sr4j video in.mp4 -o out_x4.mp4 --resume    # after Ctrl-C",
            "  sr4j video in.mp4 -o hdr.mkv --hdr hdr10      # 10-bit HEVC, BT.2020 PQ, HDR10 metadata",
            "  sr4j video dark.mp4 -o fixed.mp4 --scale 2 --enhance auto   # graded, smoothed per scene",
            "  sr4j video in.mp4 -o out.mkv --codec h265 --bit-depth 10    # 10-bit SDR: no banding"})
final class VideoCommand implements Callable<Integer> {
    static final String DEFAULT_MODEL = "realesr-animevideov3-x4";

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "INPUT", description = "Video to read (anything FFmpeg reads).")
    Path input;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "OUTPUT",
            description = "Video to write: " + VideoUpscaler.CONTAINERS + "; appears only when complete.")
    Path output;

    @Option(names = {"-m", "--model"}, paramLabel = "MODEL",
            description = "Catalogue id or model file. Default: " + DEFAULT_MODEL + ".")
    String model;

    @Option(names = {"-s", "--scale"}, paramLabel = "S", description = "Factor to enlarge by. Default: the model's own.")
    Double scale;

    @Option(names = "--denoise", paramLabel = "0..3",
            description = "Also remove noise: picks Real-CUGAN at the scale (2, 3 or 4) with this denoise level.")
    Integer denoise;

    @Option(names = {"-p", "--pipeline"}, paramLabel = "SPEC", description = {"The stages each frame runs, as for "
            + "'sr4j restore' (e.g. denoise=1,sr=2 or sr=2:realesr-animevideov3-x2); replaces --model, --scale and "
            + "--denoise. auto is for single images."})
    String pipeline;

    @Option(names = "--enhance", paramLabel = "auto|none", description = "Grade every frame automatically "
            + "(exposure, white balance, contrast), the grade smoothed over each scene so that it does not flicker "
            + "(docs/HDR.md, \"Grading video\"); with --hdr, graded in SDR first. The same as ending the pipeline "
            + "with enhance. Default: none.")
    String enhance;

    @Option(names = "--bit-depth", paramLabel = "8|10", description = "Bits per sample of SDR output; 10 writes "
            + "yuv420p10le (no banding; h265 Main10, or h264 High 10, which fewer players decode). HDR output is "
            + "always 10. Default: 8.")
    Integer bitDepth;

    @Option(names = "--codec", paramLabel = "h264|h265", description = "Output codec. Default: h264; h265 with "
            + "--hdr or an HDR input (which stays HDR).")
    String codec;

    @Mixin
    HdrOptions hdr = new HdrOptions();

    @Mixin
    QualityOption quality;

    @Option(names = "--crf", paramLabel = "N", description = "Constant rate factor, 0-51 (lower: better, bigger). "
            + "Default: ${DEFAULT-VALUE}.")
    int crf = VideoOptions.DEFAULT_CRF;

    @Option(names = "--preset", paramLabel = "NAME", description = "Encoder preset, ultrafast … veryslow. "
            + "Default: ${DEFAULT-VALUE}.")
    String preset = VideoOptions.DEFAULT_PRESET;

    @Option(names = "--start", paramLabel = "T", description = "Begin at T (seconds, or [h:]m:s).")
    String start;

    @Option(names = "--duration", paramLabel = "D", description = "Take D (seconds, or [h:]m:s). Default: to the end.")
    String duration;

    @Option(names = "--resume", description = "Continue from the segments an interrupted run with the same settings "
            + "left next to the output.")
    boolean resume;

    @Option(names = "--segment", paramLabel = "SECONDS", description = "Segment length (the most work a Ctrl-C "
            + "loses). Default: ${DEFAULT-VALUE}.")
    double segmentSeconds = VideoOptions.DEFAULT_SEGMENT.toMillis() / 1000.0;

    @Option(names = "--tile", paramLabel = "N", description = "Tile edge in input pixels. Default: ${DEFAULT-VALUE}.")
    int tileSize = Upscaler.DEFAULT_TILE_SIZE;

    @Option(names = "--threads", paramLabel = "N", description = "Threads for the network. Default: every core.")
    int threads = Runtime.getRuntime().availableProcessors();

    @Mixin
    PrecisionOption precision;

    @Option(names = "--no-tile-reuse", description = {"Run the network on every tile of every frame. "
            + "By default a tile whose input is bit-identical to the same tile's in the previous frame takes that "
            + "frame's output instead (the same pixels; faster on static content: screen recordings, slides, "
            + "animation holds)."})
    boolean noTileReuse;

    @Override
    public Integer call() {
        PipelineSpec asked = hdr.closing(pipeline(), this::usage);
        HdrTarget hdrTarget = asked.hdr();
        boolean grade = enhanceAsked() || asked.enhances();
        Precision arithmetic = precision.precision();
        VideoOptions options = options(hdrTarget, false, grade);
        try {
            VideoUpscaler.checkOutput(output, options);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
        Sr4jCommand root = Sr4jCommand.of(spec);
        PrintWriter err = spec.commandLine().getErr();
        // The network stages run per frame; the hdr stage is the video encoder's (10-bit, metadata), and
        // the grade the video upscaler's (smoothed over each scene); a pipeline of enhance alone keeps the size.
        PipelineSpec stages = VideoUpscaler.frameStages(asked);
        VideoInfo info = VideoUpscaler.probe(input); // a bad input costs no model load
        if (info.hdr() && grade) {
            throw usage(input + ": is HDR (its transfer is PQ or HLG); --enhance grades SDR video");
        }
        if (info.hdr() && codec == null && hdrTarget == null) {
            options = options(null, true, grade); // HDR input stays HDR: 10-bit HEVC
        }
        ConsoleFetchListener fetchListener = new ConsoleFetchListener(err, root.interactive());
        ModelStore store = root.store();
        FrameProgressBar bar = new FrameProgressBar(err, root.interactive(), System::nanoTime);
        try (LoadedModels models = new LoadedModels(ref -> {
            Upscaler upscaler = ref.configure(Upscaler.builder().store(store).tileSize(tileSize).threads(threads)
                    .precision(arithmetic).fetchListener(fetchListener)).build();
            fetchListener.endProgressLine();
            return upscaler;
        })) {
            FrameStages frames = new ImageRestorer(stages, new ModelResolver(store, true), models,
                    RestoreOptions.builder().quality(quality.tier()).tileReuse(!noTileReuse).build())
                    .frames(info.width(), info.height());
            // The manifest names the stages with their models and arithmetic: a resume with other settings is
            // refused (int8 frames differ from fp32 ones).
            String settings = frames.spec() + (arithmetic == Precision.FP32 ? "" : " precision=" + arithmetic);
            VideoResult result = new VideoUpscaler(frames, settings, frames.factor(), options)
                    .run(input, output, bar, () -> false);
            bar.finish();
            err.println(String.format(Locale.ROOT, "%s -> %s %dx%d (%s, %d frames%s, %s, %.2f fps, %.1f s; "
                    + "working time: decode %.1f s, network %.1f s, encode %.1f s, join %.1f s; of those, colour: grade and HDR %.1f s, to YCbCr %.1f s, MaxCLL %.1f s%s)", input,
                    output, result.width(), result.height(),
                    frames.modelNames() + (options.enhance() ? " + enhance" : ""), result.frames(),
                    result.resumedFrames() > 0 ? ", " + result.resumedFrames() + " resumed" : "", result.encoder(),
                    result.framesPerSecond(), result.seconds(), result.decodeSeconds(), result.inferSeconds(),
                    result.encodeSeconds(), result.remuxSeconds(), result.colour().gradeAndHdrSeconds(),
                    result.colour().toYcbcrSeconds(), result.colour().lightSeconds(), reuseNote(frames)));
            err.flush();
            return Sr4jCommand.OK;
        } finally {
            bar.finish();
        }
    }

    /** "; tiles reused 40 of 96" when tile reuse ran the network on fewer tiles than the frames have. */
    private static String reuseNote(FrameStages frames) {
        long reused = frames.tilesReused();
        long all = reused + frames.tilesRun();
        return all == 0 ? "" : String.format(Locale.ROOT, "; network tiles reused %d of %d", reused, all);
    }

    /** The stages each frame runs: --pipeline, else the model (or Real-CUGAN for --denoise) at --scale. */
    private PipelineSpec pipeline() {
        if (pipeline == null) {
            String chosen = chooseModel(Sr4jCommand.of(spec));
            try {
                return PipelineSpec.of(List.of(StageSpec.sr(scale == null ? SizeRequest.none()
                        : SizeRequest.of(scale), chosen)));
            } catch (IllegalArgumentException e) {
                throw usage("--scale: " + e.getMessage());
            }
        }
        if (model != null || scale != null || denoise != null) {
            throw usage("give --pipeline, or --model, --scale and --denoise, not both");
        }
        try {
            PipelineSpec parsed = PipelineSpec.parse(pipeline);
            if (parsed.auto()) {
                throw usage("--pipeline auto assesses single images; for video name the stages (e.g. denoise=1,sr=2)");
            }
            return parsed;
        } catch (IllegalArgumentException e) {
            throw usage("--pipeline " + pipeline + ": " + e.getMessage());
        }
    }

    /** Whether --enhance asks for the grade. */
    private boolean enhanceAsked() {
        try {
            return EnhanceChoice.asked(enhance);
        } catch (IllegalArgumentException e) {
            throw usage("--enhance " + e.getMessage());
        }
    }

    /** The options; without --codec, h265 for HDR output (asked, or {@code hdrSource} kept HDR), else h264. */
    private VideoOptions options(HdrTarget hdrTarget, boolean hdrSource, boolean grade) {
        VideoOptions.Builder b = VideoOptions.builder().crf(crf).preset(preset).resume(resume).hdr(hdrTarget)
                .enhance(grade);
        if (bitDepth != null) {
            if (bitDepth != 8 && bitDepth != 10) {
                throw usage("--bit-depth must be 8 or 10, got " + bitDepth);
            }
            if (bitDepth != 10 && (hdrTarget != null || hdrSource)) {
                throw usage("--bit-depth " + bitDepth + ": HDR video is written with 10 bits");
            }
            b.bitDepth(bitDepth);
        }
        try {
            b.codec(codec != null ? VideoCodec.fromName(codec)
                    : hdrTarget != null || hdrSource ? VideoCodec.H265 : VideoCodec.H264);
        } catch (IllegalArgumentException e) {
            throw usage("--codec: " + e.getMessage());
        }
        if (start != null) {
            b.start(time("--start", start));
        }
        if (duration != null) {
            b.duration(time("--duration", duration));
        }
        if (!(segmentSeconds > 0)) {
            throw usage("--segment must be > 0 seconds, got " + segmentSeconds);
        }
        b.segmentLength(Duration.ofMillis(Math.round(segmentSeconds * 1000)));
        try {
            return b.build();
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
    }

    /** The model: --model, or Real-CUGAN for --denoise, or the default. */
    private String chooseModel(Sr4jCommand root) {
        if (denoise == null) {
            return model != null ? model : DEFAULT_MODEL;
        }
        if (model != null) {
            throw usage("--denoise picks a Real-CUGAN model; give either --denoise or --model, not both");
        }
        int factor = scale == null ? 2 : (int) Math.ceil(scale);
        return root.store().catalog().select(ModelFamily.REALCUGAN, factor, denoise).map(ModelInfo::id)
                .orElseThrow(() -> usage("no Real-CUGAN model for x" + factor + " with denoise " + denoise
                        + "; see 'sr4j models list --family realcugan' (x2: 0-3, x3 and x4: 0 or 3)"));
    }

    /** Seconds ("90", "1.5") or a clock ("1:30", "0:01:30.5"). */
    private Duration time(String option, String text) {
        try {
            return VideoTime.parse(text);
        } catch (IllegalArgumentException e) {
            throw usage(option + " " + e.getMessage());
        }
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    /** Draws "[####......] 120/480 frames  25%  1.9 fps  elapsed 1:02  ETA 3:10" on a terminal. */
    static final class FrameProgressBar implements VideoProgress {
        private static final long REDRAW_NANOS = 200_000_000L;
        private final PrintWriter err;
        private final boolean interactive;
        private final java.util.function.LongSupplier clock;
        private final long start;
        private long resumed;
        private long lastDraw = Long.MIN_VALUE;
        private int lastLength;

        FrameProgressBar(PrintWriter err, boolean interactive, java.util.function.LongSupplier clock) {
            this.err = err;
            this.interactive = interactive;
            this.clock = clock;
            this.start = clock.getAsLong();
        }

        @Override
        public synchronized void started(VideoInfo info, long totalFrames, long resumedFrames) {
            resumed = resumedFrames;
            if (resumedFrames > 0) {
                err.println("resuming: " + resumedFrames + " frames were done by an earlier run");
                err.flush();
            }
        }

        @Override
        public synchronized void frameDone(long done, long total) {
            long now = clock.getAsLong();
            if (!interactive || (lastDraw != Long.MIN_VALUE && now - lastDraw < REDRAW_NANOS)) {
                return;
            }
            lastDraw = now;
            String line = render(done, total, resumed, now - start);
            err.print('\r' + line + " ".repeat(Math.max(0, lastLength - line.length())));
            err.flush();
            lastLength = line.length();
        }

        @Override
        public synchronized void warning(String message) {
            finish();
            err.println("sr4j: warning: " + message);
            err.flush();
        }

        synchronized void finish() {
            if (lastLength > 0) {
                err.println();
                err.flush();
                lastLength = 0;
            }
        }

        /** One line; fps and ETA count only this run's frames. */
        static String render(long done, long total, long resumed, long elapsedNanos) {
            double fraction = total <= 0 ? 0 : Math.min(1.0, (double) done / total);
            int filled = (int) Math.round(fraction * 30);
            double fps = elapsedNanos > 0 ? (done - resumed) / (elapsedNanos / 1e9) : 0;
            StringBuilder sb = new StringBuilder(96);
            sb.append('[').append("#".repeat(filled)).append(".".repeat(30 - filled)).append("] ");
            sb.append(done).append('/').append(total > 0 ? Long.toString(total) : "?").append(" frames ");
            sb.append(String.format(Locale.ROOT, "%3d%%  %.2f fps  elapsed ", (int) Math.floor(fraction * 100), fps));
            sb.append(ProgressBar.clock(elapsedNanos)).append("  ETA ");
            sb.append(fps > 0 && total > done ? ProgressBar.clock((long) ((total - done) / fps * 1e9)) : "--:--");
            return sb.toString();
        }
    }
}
