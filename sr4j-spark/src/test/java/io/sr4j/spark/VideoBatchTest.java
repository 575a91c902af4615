package io.sr4j.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.sr4j.cli.Sr4jCommand;
import io.sr4j.image.Picture;
import io.sr4j.io.ImageEncoder;
import io.sr4j.io.ImageFormat;
import io.sr4j.testing.TestPhotos;
import io.sr4j.video.DecodedVideo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.spark.TaskContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #25: videos beside a photo on a local[2] Spark (two attempts per task). Two clips made with
 * Debian's ffmpeg (64x48, 24 fps, a key frame every 12 frames, B-frames, an AAC tone), cut into
 * half-second segments, come out with every frame and their sound, and decode to the frames of
 * {@code sr4j video} run on one machine with the same settings; so they do when a task fails in the
 * middle of a segment and is retried.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VideoBatchTest {
    static final String MODEL = "sr4j-fast-x2";
    /**
     * Tiles of another size than the image tests' (a 64x48 frame is one tile either way), so that
     * this JVM's models for the image tests' settings stay theirs ({@link BatchJobTest} checks them).
     */
    static final int TILE = 256;
    /** Lossless, so that a frame missing, repeated or out of place cannot hide in coding noise. */
    static final VideoSettings VIDEO = VideoSettings.defaults().withCrf(0).withPreset("veryfast")
            .withSegmentSeconds(0.5);
    /** Relative input, its output, its frames. */
    private static final String[][] CLIPS = {{"a.mp4", "a.mp4", "60"}, {"clips/b.mkv", "clips/b.mkv", "48"}};
    private static final String PHOTO = "photos/coffee.png";

    private Path tmp;
    private SparkSession spark;
    private Path in;
    private final Map<String, DecodedVideo> reference = new HashMap<>();

    @BeforeAll
    void setUp(@TempDir Path dir) throws Exception {
        tmp = dir;
        spark = SparkSession.builder().master("local[2,2]").appName("sr4j-spark video test")
                .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "4").getOrCreate();
        in = tmp.resolve("in");
        for (String[] clip : CLIPS) {
            makeClip(in.resolve(clip[0]), Integer.parseInt(clip[2]));
        }
        Path photo = Files.createDirectories(in.resolve(PHOTO).getParent()).resolve("coffee.png");
        ImageEncoder.defaults().write(Picture.of(TestPhotos.crop("coffee.png", 10, 20, 40, 30)), photo);
        // The single-machine result: sr4j video through its real entry point, the same settings.
        for (String[] clip : CLIPS) {
            Path ref = Files.createDirectories(tmp.resolve("ref")).resolve(clip[0].replace('/', '_'));
            int code = Sr4jCommand.execute("video", in.resolve(clip[0]).toString(), "-o", ref.toString(), "--model",
                    MODEL, "--scale", "2", "--crf", "0", "--preset", "veryfast", "--segment", "0.5", "--threads", "1",
                    "--tile", Integer.toString(TILE));
            assertThat(code).isZero();
            reference.put(clip[0], DecodedVideo.read(ref));
        }
    }

    @AfterAll
    void stop() {
        spark.stop();
    }

    @Test
    void clipsAndAPhotoComeOutCompleteWithSoundAndTheFramesOfSr4jVideo() throws Exception {
        Path out = tmp.resolve("out");
        BatchJob.Summary s = job(in, out).build().run();
        assertThat(s.ok()).isEqualTo(3);
        assertThat(s.failed()).isZero();
        checkComplete(out, s);
    }

    /** Set once the hook has failed a task attempt in the middle of a segment. */
    private static final AtomicInteger INJECTED = new AtomicInteger();

    @Test
    void aTaskThatFailsInTheMiddleOfASegmentIsRetriedAndTheVideoIsStillComplete() throws Exception {
        Path out = tmp.resolve("retried");
        BatchJob.Summary s = job(in, out).beforeEachFrame((video, segment, frame) -> {
            // The fourth frame of segment 2 of a.mp4, first attempt: segments 0 and 1 may be finished.
            if (video.relative().equals("a.mp4") && segment == 2 && frame == 3
                    && TaskContext.get().attemptNumber() == 0) {
                INJECTED.incrementAndGet();
                throw new IllegalStateException("failure injected by the test");
            }
        }).build().run();
        assertThat(INJECTED.get()).isEqualTo(1);
        assertThat(s.ok()).isEqualTo(3);
        assertThat(s.failed()).isZero();
        checkComplete(out, s);
    }

    @Test
    void segmentsLeftWithOtherSettingsAreNotJoinedAndARerunSkipsFinishedVideos() throws Exception {
        Path out = tmp.resolve("stale");
        // What a run with crf 30 might have left, and a segment no run of these settings wrote.
        Path parts = Files.createDirectories(out.resolve(".a.mp4.sr4j-parts"));
        Files.writeString(parts.resolve(SegmentFolder.SETTINGS), "crf=30\n");
        Files.writeString(parts.resolve(OutputLayout.segmentName(0)), "not these frames");
        BatchJob.Summary s = job(in, out).build().run();
        assertThat(s.ok()).isEqualTo(3);
        checkComplete(out, s);

        BatchJob.Summary again = job(in, out).manifest(tmp.resolve("again.parquet").toString()).build().run();
        assertThat(again.skipped()).isEqualTo(3);
        assertThat(again.ok()).isZero();
        List<Row> rows = spark.read().parquet(again.manifest()).collectAsList();
        assertThat(rows).hasSize(3); // the finished videos are not cut into segments again
        assertThat(rows.stream().map(r -> (String) r.getAs("status")).distinct().toList()).containsExactly("skipped");
    }

    @Test
    void aCorruptVideoIsAFailedLineNamingItAndLeavesNothing() throws Exception {
        Path bad = tmp.resolve("bad");
        Path clip = Files.createDirectories(bad).resolve("cut.mp4");
        byte[] bytes = Files.readAllBytes(in.resolve("a.mp4"));
        Files.write(clip, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        Files.writeString(bad.resolve("text.mkv"), "not a video\n");
        Path out = tmp.resolve("bad-out");
        BatchJob.Summary s = job(bad, out).build().run();
        assertThat(s.failed()).isEqualTo(2);
        assertThat(s.ok()).isZero();
        List<Row> rows = spark.read().parquet(s.manifest()).collectAsList();
        assertThat(rows).hasSize(2);
        for (Row r : rows) {
            assertThat((String) r.getAs("kind")).isEqualTo("video");
            assertThat((String) r.getAs("error")).contains(((String) r.getAs("input")));
        }
        try (Stream<Path> files = Files.walk(out)) {
            assertThat(files.filter(Files::isRegularFile).map(p -> out.relativize(p).toString())
                    .filter(p -> !p.startsWith(BatchJob.DEFAULT_MANIFEST))).isEmpty();
        }
    }

    private void checkComplete(Path out, BatchJob.Summary s) throws Exception {
        Map<String, List<Row>> segments = new HashMap<>();
        Map<String, Row> videos = new HashMap<>();
        for (Row r : spark.read().parquet(s.manifest()).collectAsList()) {
            String relative = in.relativize(Path.of(java.net.URI.create(r.getAs("input")))).toString();
            switch ((String) r.getAs("kind")) {
                case "segment" -> segments.computeIfAbsent(relative, k -> new ArrayList<>()).add(r);
                case "video" -> assertThat(videos.put(relative, r)).as("%s listed twice", relative).isNull();
                default -> assertThat(relative).isEqualTo(PHOTO);
            }
        }
        for (String[] clip : CLIPS) {
            int frames = Integer.parseInt(clip[2]);
            Path output = out.resolve(clip[1]);
            Row video = videos.get(clip[0]);
            assertThat((String) video.getAs("status")).isEqualTo("ok");
            assertThat((long) video.getAs("frames")).isEqualTo(frames);
            assertThat((int) video.getAs("output_width")).isEqualTo(128);
            assertThat((long) video.getAs("output_bytes")).isEqualTo(Files.size(output));
            assertThat((String) video.getAs("model")).isEqualTo(MODEL);
            // One line per segment, each once, 12 frames each but the last.
            List<Row> parts = segments.get(clip[0]);
            assertThat(parts.stream().map(r -> (Integer) r.getAs("segment")).sorted().toList())
                    .containsExactlyElementsOf(java.util.stream.IntStream.range(0, (frames + 11) / 12).boxed().toList());
            assertThat(parts.stream().mapToLong(r -> r.getAs("frames")).sum()).isEqualTo(frames);
            assertThat(ffprobe(output, "v:0", "stream=nb_read_frames", true)).isEqualTo(Integer.toString(frames));
            assertThat(ffprobe(output, "a", "stream=codec_type", false)).isEqualTo("audio");
            assertThat(DecodedVideo.read(output).differenceFrom(reference.get(clip[0]))).as(clip[0]).isEmpty();
        }
        assertThat(out.resolve("photos/coffee.png")).isRegularFile();
        try (Stream<Path> files = Files.walk(out)) {
            List<String> leftovers = files.map(p -> out.relativize(p).toString())
                    .filter(p -> p.contains("sr4j-parts") || p.endsWith(".tmp") || p.contains("/.") || p.startsWith("."))
                    .filter(p -> !p.startsWith(BatchJob.DEFAULT_MANIFEST)).toList();
            assertThat(leftovers).as("work directories or temporary files left").isEmpty();
        }
    }

    private BatchJob.Builder job(Path input, Path output) {
        return BatchJob.builder(spark, input.toString(), output.toString()).video(VIDEO)
                .settings(BatchSettings.defaults().withModel(MODEL).withScale(2.0).withFormat(ImageFormat.PNG)
                        .withTileSize(TILE).withAssess(false));
    }

    /** A clip by Debian's ffmpeg: a test pattern with a 440 Hz tone, a key frame every half second. */
    static void makeClip(Path file, int frames) throws Exception {
        Files.createDirectories(file.getParent());
        double seconds = frames / 24.0;
        run(List.of("ffmpeg", "-v", "error", "-f", "lavfi", "-i", "testsrc2=size=64x48:rate=24:duration=" + seconds,
                "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000:duration=" + seconds, "-c:v", "libx264",
                "-preset", "veryfast", "-g", "12", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest",
                file.toString()));
        assertThat(ffprobe(file, "v:0", "stream=nb_read_frames", true)).isEqualTo(Integer.toString(frames));
    }

    static String ffprobe(Path file, String streams, String entries, boolean count) throws Exception {
        List<String> command = new ArrayList<>(List.of("ffprobe", "-v", "error", "-select_streams", streams));
        if (count) {
            command.add("-count_frames");
        }
        command.addAll(List.of("-show_entries", entries, "-of", "csv=p=0", file.toString()));
        return run(command).strip();
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", command) + "\n" + output).isZero();
        return output;
    }
}
