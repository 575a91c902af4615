package io.sr4j.video;

import static io.sr4j.video.ExternalFfmpeg.run;
import static io.sr4j.video.ExternalFfmpeg.stream;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.sr4j.color.HdrConversion;
import io.sr4j.color.HdrFormat;
import io.sr4j.color.Pq;
import io.sr4j.color.SdrTransfer;
import io.sr4j.image.PlanarImage;
import io.sr4j.pipeline.HdrTarget;
import io.sr4j.resample.ResampleFilter;
import io.sr4j.resample.Resampler;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SDR → HDR10 / HLG video, checked from outside with Debian's ffprobe and ffmpeg (installed by the
 * test set-up): 10-bit HEVC, BT.2020 tags, ST 2086 and CTA-861.3 side data, MaxCLL against the
 * decoded pixels, and the decoded HDR frames inverted back to the SDR frames.
 */
class HdrVideoTest {
    private static final int FPS = 12;
    private static final HdrTarget HDR10 = new HdrTarget(HdrFormat.HDR10, 1000, 203);
    @TempDir
    static Path shared;
    private static Path clip;

    @TempDir
    Path dir;

    @BeforeAll
    static void makeClip() {
        clip = shared.resolve("clip.mp4");
        TestClips.write(clip, 96, 64, FPS, 2, TestClips::withWhiteCard);
    }

    private static VideoUpscaler bicubic(VideoOptions options) {
        Resampler resampler = Resampler.of(ResampleFilter.BICUBIC);
        return new VideoUpscaler(rgb -> resampler.resize(rgb, rgb.width() * 2, rgb.height() * 2).clampInPlace(0f, 1f),
                "bicubic", 2, options);
    }

    private static VideoOptions.Builder hdr10() {
        return VideoOptions.builder().scale(2).codec(VideoCodec.H265).crf(8).preset("veryfast")
                .segmentLength(Duration.ofMillis(500)).hdr(HDR10);
    }

    @Test
    void sdrBecomesTenBitBt2020PqWithMeasuredMetadataThatInvertsToTheSdrFrames() throws Exception {
        Path out = dir.resolve("hdr.mkv");
        VideoResult result = bicubic(hdr10().build()).run(clip, out, VideoProgress.none(), () -> false);
        assertThat(result.frames()).isEqualTo(24);

        JsonNode video = stream(out, "v");
        assertThat(video.get("codec_name").asText()).isEqualTo("hevc");
        assertThat(video.get("profile").asText()).isEqualTo("Main 10");
        assertThat(video.get("pix_fmt").asText()).isEqualTo("yuv420p10le");
        assertThat(video.get("color_space").asText()).isEqualTo("bt2020nc");
        assertThat(video.get("color_transfer").asText()).isEqualTo("smpte2084");
        assertThat(video.get("color_primaries").asText()).isEqualTo("bt2020");
        assertThat(video.get("color_range").asText()).isEqualTo("tv");
        JsonNode display = sideData(video, "Mastering display metadata");
        assertThat(display.get("max_luminance").asText()).isIn("1000/1", "10000000/10000");
        assertThat(display.get("red_x").asText()).isEqualTo("177/250"); // 0.708: BT.2020 red
        JsonNode light = sideData(video, "Content light level metadata");
        assertThat(stream(out, "a").get("codec_type").asText()).isEqualTo("audio");

        List<PlanarImage> decoded = decodeRgb48(out, 192, 128);
        assertThat(decoded).hasSize(24);
        double maxCll = 0;
        double maxFall = 0;
        for (PlanarImage frame : decoded) {
            double[] level = level(frame);
            maxCll = Math.max(maxCll, level[0]);
            maxFall = Math.max(maxFall, level[1]);
        }
        // The clip's white card is SDR 100 %: it lands on the reference white, the brightest light.
        assertThat(maxCll).isGreaterThanOrEqualTo(203 * 0.98);
        assertThat(light.get("max_content").asDouble()).isCloseTo(maxCll, within(maxCll * 0.02));
        assertThat(light.get("max_average").asDouble()).isCloseTo(maxFall, within(Math.max(1, maxFall * 0.02)));

        // Decoded, inverted (PQ → light → inverse tone mapping → BT.709 → BT.1886) against bicubic's
        // SDR frames: what was converted comes back.
        HdrConversion conversion = HDR10.conversion(SdrTransfer.BT1886);
        List<PlanarImage> sdr = sdrFrames();
        double sum = 0;
        double sumRgb = 0;
        for (int i = 0; i < sdr.size(); i++) {
            PlanarImage back = conversion.toSdr(decoded.get(i)).clampInPlace(0f, 1f);
            sum += lumaPsnr(back, sdr.get(i));
            sumRgb += psnr(back, sdr.get(i));
        }
        // Y PSNR, as video and SR papers measure: 4:2:0 takes chroma detail from the 2x frames that
        // the RGB comparison counts too.
        assertThat(sum / sdr.size()).isGreaterThan(40);
    }

    @Test
    void aResumedRunCombinesTheLightLevelOfBothRunsSegments() throws Exception {
        Path whole = dir.resolve("whole.mkv");
        bicubic(hdr10().build()).run(clip, whole, VideoProgress.none(), () -> false);
        Path resumed = dir.resolve("resumed.mkv");
        AtomicBoolean stop = new AtomicBoolean();
        assertThatThrownBy(() -> bicubic(hdr10().build()).run(clip, resumed, new VideoProgress() {
            @Override
            public void frameDone(long done, long total) {
                stop.set(done >= 12);
            }
        }, stop::get)).isInstanceOf(VideoCancelledException.class);
        VideoResult second = bicubic(hdr10().resume(true).build()).run(clip, resumed, VideoProgress.none(),
                () -> false);
        assertThat(second.resumedFrames()).isPositive();
        JsonNode a = sideData(stream(whole, "v"), "Content light level metadata");
        JsonNode b = sideData(stream(resumed, "v"), "Content light level metadata");
        assertThat(b.get("max_content").asInt()).isEqualTo(a.get("max_content").asInt());
        assertThat(b.get("max_average").asInt()).isEqualTo(a.get("max_average").asInt());
    }

    @Test
    void hdrInputStaysHdrWithItsMasteringDisplayAndItsLightMeasuredAgain() throws Exception {
        Path hdr = dir.resolve("hdr.mkv");
        bicubic(hdr10().segmentLength(Duration.ofSeconds(1)).build()).run(clip, hdr, VideoProgress.none(), () -> false);
        Path again = dir.resolve("again.mkv");
        VideoOptions keep = VideoOptions.builder().scale(2).codec(VideoCodec.H265).crf(8).preset("veryfast").build();
        bicubic(keep).run(hdr, again, VideoProgress.none(), () -> false);

        JsonNode video = stream(again, "v");
        assertThat(video.get("pix_fmt").asText()).isEqualTo("yuv420p10le");
        assertThat(video.get("color_transfer").asText()).isEqualTo("smpte2084");
        assertThat(video.get("color_primaries").asText()).isEqualTo("bt2020");
        assertThat(sideData(video, "Mastering display metadata").get("max_luminance").asText())
                .isIn("1000/1", "10000000/10000");
        List<PlanarImage> decoded = decodeRgb48(again, 384, 256);
        double maxCll = decoded.stream().mapToDouble(f -> level(f)[0]).max().orElseThrow();
        assertThat(sideData(video, "Content light level metadata").get("max_content").asDouble())
                .isCloseTo(maxCll, within(maxCll * 0.02));
        // The signal went through the network (bicubic) at 16 bits: twice the input's decoded frames.
        Resampler resampler = Resampler.of(ResampleFilter.BICUBIC);
        List<PlanarImage> input = decodeRgb48(hdr, 192, 128);
        double sum = 0;
        for (int i = 0; i < input.size(); i++) {
            PlanarImage up = resampler.resize(input.get(i), 384, 256).clampInPlace(0f, 1f);
            sum += lumaPsnr(decoded.get(i), up);
        }
        assertThat(sum / input.size()).isGreaterThan(40);

        assertThatThrownBy(() -> bicubic(VideoOptions.builder().scale(2).build()).run(hdr, dir.resolve("sdr.mp4"),
                VideoProgress.none(), () -> false)).hasMessageContaining("stays HDR, as 10-bit HEVC");
    }

    @Test
    void hlgIsTaggedAribStdB67() throws Exception {
        Path out = dir.resolve("hlg.mp4");
        bicubic(hdr10().hdr(new HdrTarget(HdrFormat.HLG, 1000, 203)).build()).run(clip, out, VideoProgress.none(),
                () -> false);
        JsonNode video = stream(out, "v");
        assertThat(video.get("color_transfer").asText()).isEqualTo("arib-std-b67");
        assertThat(video.get("pix_fmt").asText()).isEqualTo("yuv420p10le");
    }

    @Test
    void hdrIsRefusedBeforeAnyWorkForACodecWithoutItAndForAnHdrSource() {
        Path out = dir.resolve("out.mp4");
        assertThatThrownBy(() -> bicubic(hdr10().codec(VideoCodec.H264).build()).run(clip, out, VideoProgress.none(),
                () -> false)).hasMessageContaining("10-bit HEVC");
        Path pqSource = dir.resolve("pq.mp4");
        TestClips.write(pqSource, 64, 48, FPS, 0.5, Colour.hdr(HdrFormat.HDR10));
        assertThatThrownBy(() -> bicubic(hdr10().build()).run(pqSource, out, VideoProgress.none(), () -> false))
                .hasMessageContaining("is already HDR");
        assertThat(out).doesNotExist();
        assertThat(WorkDirectory.of(out).segments()).isEmpty();
    }

    /** MaxCLL and the frame average of max(R, G, B), cd/m², of a decoded PQ frame. */
    private static double[] level(PlanarImage frame) {
        int n = frame.planeSize();
        float[] d = frame.data();
        double max = 0;
        double sum = 0;
        for (int i = 0; i < n; i++) {
            double nits = Pq.toNits(Math.max(d[i], Math.max(d[n + i], d[2 * n + i])));
            max = Math.max(max, nits);
            sum += nits;
        }
        return new double[] {max, sum / n};
    }

    private List<PlanarImage> sdrFrames() {
        Resampler resampler = Resampler.of(ResampleFilter.BICUBIC);
        List<PlanarImage> frames = new ArrayList<>();
        try (VideoSource source = VideoSource.open(clip)) {
            source.window(Duration.ZERO, Optional.empty());
            while (source.advance()) {
                PlanarImage rgb = source.rgb();
                frames.add(resampler.resize(rgb, rgb.width() * 2, rgb.height() * 2).clampInPlace(0f, 1f));
            }
        }
        return frames;
    }

    /** PSNR of the BT.709 luma of two R'G'B' pictures. */
    private static double lumaPsnr(PlanarImage a, PlanarImage b) {
        int n = a.planeSize();
        double se = 0;
        for (int i = 0; i < n; i++) {
            double e = luma(a, i, n) - luma(b, i, n);
            se += e * e;
        }
        return 10 * Math.log10(1 / (se / n));
    }

    private static double luma(PlanarImage p, int i, int n) {
        return 0.2126 * p.data()[i] + 0.7152 * p.data()[n + i] + 0.0722 * p.data()[2 * n + i];
    }

    private static double psnr(PlanarImage a, PlanarImage b) {
        double se = 0;
        for (int i = 0; i < a.data().length; i++) {
            double e = a.data()[i] - b.data()[i];
            se += e * e;
        }
        return 10 * Math.log10(1 / (se / a.data().length));
    }

    private static JsonNode sideData(JsonNode stream, String type) {
        for (JsonNode sd : stream.path("side_data_list")) {
            if (sd.path("side_data_type").asText().equals(type)) {
                return sd;
            }
        }
        throw new AssertionError("no " + type + " in " + stream.path("side_data_list"));
    }

    /** The frames as ffmpeg decodes them: BT.2020 limited range to full-range 16-bit R'G'B'. */
    private List<PlanarImage> decodeRgb48(Path file, int width, int height) throws Exception {
        Path raw = dir.resolve(file.getFileName() + ".rgb48");
        run("ffmpeg", "-v", "error", "-y", "-i", file.toString(), "-vf",
                "scale=in_color_matrix=bt2020:in_range=tv:out_range=pc,format=rgb48le", "-f", "rawvideo",
                "-fps_mode", "passthrough", raw.toString());
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(raw)).order(ByteOrder.LITTLE_ENDIAN);
        int n = width * height;
        List<PlanarImage> frames = new ArrayList<>();
        while (bytes.remaining() >= n * 6) {
            PlanarImage frame = new PlanarImage(width, height, 3);
            for (int i = 0; i < n; i++) {
                for (int c = 0; c < 3; c++) {
                    frame.data()[c * n + i] = (bytes.getShort() & 0xFFFF) / 65535f;
                }
            }
            frames.add(frame);
        }
        return frames;
    }
}
