package io.sr4j.spark;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sr4j.cli.Sr4jCommand;
import io.sr4j.image.Cicp;
import io.sr4j.image.Picture;
import io.sr4j.io.ImageDecoder;
import io.sr4j.io.ImageEncoder;
import io.sr4j.testing.TestPhotos;
import io.sr4j.video.DecodedVideo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #25: the HDR and window options of {@code sr4j video} in {@code sr4j batch --spark}, both
 * run through their command lines with the same options: SDR made HDR10 over a time window, and HDR
 * input kept HDR, decode to the same frames, with the same colour tags, the same mastering display
 * and the same MaxCLL/MaxFALL (which the join combines from the segments' light levels), and a photo
 * beside them comes out as HDR PNG; graded 10-bit SDR (--enhance auto --bit-depth 10) likewise. Bicubic,
 * 64x48 clips: the encoder and the join are under test, not a network.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HdrVideoBatchTest {
    /** What both commands are given, besides input and output. */
    private static final List<String> COMMON = List.of("--model", "bicubic", "--scale", "2", "--tile", "256",
            "--threads", "1", "--crf", "12", "--preset", "veryfast", "--segment", "0.5");
    /** Stream fields that describe the picture as a player sees it (and how many frames it has). */
    private static final List<String> TAGS = List.of("codec_name", "profile", "pix_fmt", "color_space",
            "color_transfer", "color_primaries", "color_range", "width", "height", "nb_read_frames");

    private Path tmp;

    @BeforeAll
    void clips(@TempDir Path dir) throws Exception {
        tmp = dir;
        VideoBatchTest.makeClip(tmp.resolve("sdr/clip.mp4"), 48);
        Path photo = Files.createDirectories(tmp.resolve("sdr/photos")).resolve("coffee.png");
        ImageEncoder.defaults().write(Picture.of(TestPhotos.crop("coffee.png", 10, 20, 40, 30)), photo);
    }

    @Test
    void sdrMadeHdr10OverAWindowIsTheVideoSr4jVideoMakes() throws Exception {
        List<String> options = new ArrayList<>(COMMON);
        options.addAll(List.of("--hdr", "hdr10", "--hdr-peak", "600", "--start", "0.5", "--duration", "1.5"));
        Path out = tmp.resolve("hdr10-out");
        Path batch = out.resolve("clip.mp4");
        Path single = video(tmp.resolve("sdr/clip.mp4"), tmp.resolve("hdr10-ref/clip.mp4"), options);
        assertThat(batch(tmp.resolve("sdr"), out, options)).isZero();

        // The window: 0.5 s to 2 s of 24 fps, 36 frames in three half-second segments.
        assertThat(stream(batch).get("nb_read_frames").asInt()).isEqualTo(36);
        List<Row> rows = manifest(out);
        assertThat(rows.stream().filter(r -> "segment".equals(r.getAs("kind"))).map(r -> (long) r.getAs("frames"))
                .toList()).containsExactly(12L, 12L, 12L);
        assertSameVideo(batch, single);
        JsonNode stream = stream(batch);
        assertThat(stream.get("color_transfer").asText()).isEqualTo("smpte2084");
        assertThat(sideData(stream, "Mastering display metadata").get("max_luminance").asText())
                .isIn("600/1", "6000000/10000");
        assertThat(sideData(stream, "Content light level metadata").get("max_content").asInt()).isPositive();
        // The photo beside the clip: --hdr closes its pipeline too, a 16-bit PNG tagged BT.2020 PQ.
        var photo = new ImageDecoder().decode(out.resolve("photos/coffee.png"));
        assertThat(photo.source().cicp()).contains(new Cicp(9, 16, 0, true));
        assertThat(photo.source().bitDepth()).isEqualTo(16);
        assertNothingLeft(out);
    }

    @Test
    void hdrInputStaysHdrAsInSr4jVideo() throws Exception {
        // An HLG input, by sr4j video itself; then both commands without --hdr and without --codec.
        List<String> toHlg = new ArrayList<>(COMMON);
        toHlg.addAll(List.of("--hdr", "hlg", "--duration", "1"));
        Path hlg = video(tmp.resolve("sdr/clip.mp4"), tmp.resolve("hlg-in/clip.mkv"), toHlg);
        Path out = tmp.resolve("hlg-out");
        Path single = video(hlg, tmp.resolve("hlg-ref/clip.mkv"), COMMON);
        assertThat(batch(hlg.getParent(), out, COMMON)).isZero();

        Path batch = out.resolve("clip.mkv");
        assertSameVideo(batch, single);
        JsonNode stream = stream(batch);
        assertThat(stream.get("codec_name").asText()).isEqualTo("hevc");
        assertThat(stream.get("color_transfer").asText()).isEqualTo("arib-std-b67");
        assertThat(stream.get("nb_read_frames").asInt()).isEqualTo(24);
        assertNothingLeft(out);
    }

    @Test
    void gradedTenBitSdrIsTheVideoSr4jVideoMakes() throws Exception {
        // Four half-second segments: each one made on its own replays the grade's history before it.
        List<String> options = new ArrayList<>(COMMON);
        options.addAll(List.of("--enhance", "auto", "--bit-depth", "10", "--codec", "h265"));
        Path out = tmp.resolve("graded-out");
        Path batch = out.resolve("clip.mp4");
        Path single = video(tmp.resolve("sdr/clip.mp4"), tmp.resolve("graded-ref/clip.mp4"), options);
        assertThat(batch(tmp.resolve("sdr"), out, options)).isZero();

        assertSameVideo(batch, single);
        JsonNode stream = stream(batch);
        assertThat(stream.get("pix_fmt").asText()).isEqualTo("yuv420p10le");
        assertThat(stream.get("nb_read_frames").asInt()).isEqualTo(48);
        // Graded, not just copied: the ungraded 10-bit video decodes to other frames.
        Path plain = video(tmp.resolve("sdr/clip.mp4"), tmp.resolve("ungraded-ref/clip.mp4"),
                Stream.concat(COMMON.stream(), Stream.of("--bit-depth", "10", "--codec", "h265")).toList());
        assertThat(DecodedVideo.read(batch).differenceFrom(DecodedVideo.read(plain))).contains("differs");
        // The photo beside the clip is graded by the image pipeline, as sr4j restore grades it.
        Path reference = tmp.resolve("graded-ref/coffee.png");
        assertThat(Sr4jCommand.execute("restore", tmp.resolve("sdr/photos/coffee.png").toString(), "-o",
                reference.toString(), "--pipeline", "sr=2:bicubic,enhance")).isZero();
        ImageDecoder decoder = new ImageDecoder();
        assertThat(decoder.decode(out.resolve("photos/coffee.png")).rgb().data())
                .containsExactly(decoder.decode(reference).rgb().data());
        assertNothingLeft(out);
    }

    @Test
    void settingsNoVideoCanBeMadeWithAreRefusedBeforeAnyWork() {
        List<String> h264 = new ArrayList<>(COMMON);
        h264.addAll(List.of("--hdr", "hdr10", "--codec", "h264"));
        Path out = tmp.resolve("refused");
        java.io.StringWriter text = new java.io.StringWriter();
        List<String> args = new ArrayList<>(List.of("--spark", "local[1]", tmp.resolve("sdr").toString(),
                out.toString()));
        args.addAll(h264);
        assertThat(BatchMain.execute(new java.io.PrintWriter(text, true), args.toArray(String[]::new)))
                .isEqualTo(BatchMain.USAGE);
        assertThat(text.toString()).contains("clip.mp4: HDR video (hdr=hdr10) is written as 10-bit HEVC");
        text.getBuffer().setLength(0);
        assertThat(BatchMain.execute(new java.io.PrintWriter(text, true), "--spark", "local[1]",
                tmp.resolve("sdr").toString(), out.toString(), "--pipeline", "auto")).isEqualTo(BatchMain.USAGE);
        assertThat(text.toString()).contains("clip.mp4: --pipeline auto assesses single images");
        assertThat(out).doesNotExist();
    }

    /** Same decoded frames (and audio), same colour tags, same HDR side data (display and light level) if any. */
    private static void assertSameVideo(Path batch, Path single) throws Exception {
        assertThat(DecodedVideo.read(batch).differenceFrom(DecodedVideo.read(single))).isEmpty();
        JsonNode a = stream(batch);
        JsonNode b = stream(single);
        for (String tag : TAGS) {
            assertThat(a.path(tag)).as(tag).isEqualTo(b.path(tag));
        }
        assertThat(a.path("side_data_list")).isEqualTo(b.path("side_data_list"));
        if (b.has("side_data_list")) { // HDR output
            assertThat(sideData(a, "Content light level metadata").get("max_content").asInt())
                    .isEqualTo(sideData(b, "Content light level metadata").get("max_content").asInt());
        }
    }

    private static Path video(Path input, Path output, List<String> options) throws Exception {
        Files.createDirectories(output.getParent());
        List<String> args = new ArrayList<>(List.of("video", input.toString(), "-o", output.toString()));
        args.addAll(options);
        assertThat(Sr4jCommand.execute(args.toArray(String[]::new))).as(String.join(" ", args)).isZero();
        return output;
    }

    private static int batch(Path in, Path out, List<String> options) {
        List<String> args = new ArrayList<>(List.of("--spark", "local[2]", in.toString(), out.toString(),
                "--no-assess"));
        args.addAll(options);
        return BatchMain.execute(args.toArray(String[]::new));
    }

    private static List<Row> manifest(Path out) {
        SparkSession spark = SparkSession.builder().master("local[1]").config("spark.ui.enabled", "false")
                .getOrCreate();
        try {
            return spark.read().parquet(out.resolve(BatchJob.DEFAULT_MANIFEST).toString()).collectAsList();
        } finally {
            spark.stop();
        }
    }

    private static void assertNothingLeft(Path out) throws Exception {
        try (Stream<Path> files = Files.walk(out)) {
            assertThat(files.map(p -> out.relativize(p).toString())
                    .filter(p -> !p.startsWith(BatchJob.DEFAULT_MANIFEST))
                    .filter(p -> p.startsWith(".") || p.contains("/.") || p.endsWith(".tmp"))).isEmpty();
        }
    }

    private static JsonNode stream(Path file) throws Exception {
        Process p = new ProcessBuilder("ffprobe", "-v", "error", "-select_streams", "v:0", "-count_frames",
                "-show_streams", "-of", "json", file.toString()).redirectErrorStream(true).start();
        String json = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(json).isZero();
        return new ObjectMapper().readTree(json).get("streams").get(0);
    }

    private static JsonNode sideData(JsonNode stream, String type) {
        for (JsonNode sd : stream.path("side_data_list")) {
            if (sd.path("side_data_type").asText().equals(type)) {
                return sd;
            }
        }
        throw new AssertionError("no " + type + " in " + stream.path("side_data_list"));
    }
}
