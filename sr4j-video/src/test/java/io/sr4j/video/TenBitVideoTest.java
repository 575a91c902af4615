package io.sr4j.video;

import static io.sr4j.video.ExternalFfmpeg.run;
import static io.sr4j.video.ExternalFfmpeg.stream;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.sr4j.image.PlanarImage;
import io.sr4j.resample.ResampleFilter;
import io.sr4j.resample.Resampler;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue #19: {@code --bit-depth 10} for SDR output, checked with Debian's ffprobe and ffmpeg. */
class TenBitVideoTest {
    private static final int FPS = 12;
    private static final int WIDTH = 256;
    private static final int HEIGHT = 32;

    @TempDir
    static Path shared;
    private static Path ramp;

    @TempDir
    Path dir;

    @BeforeAll
    static void makeClip() {
        // A grey ramp over the whole width: 8-bit input has one code per 1/255, the x2 frames between them.
        ramp = shared.resolve("ramp.mp4");
        TestClips.write(ramp, WIDTH, HEIGHT, FPS, 0.5, (w, h, i) -> ramp(w, h));
    }

    @Test
    void tenBitSdrIsYuv420p10TaggedBt709WithMoreLumaCodesThan8BitsHold() throws Exception {
        for (VideoCodec codec : List.of(VideoCodec.H265, VideoCodec.H264)) {
            Path out = dir.resolve("ramp10-" + codec.displayName() + ".mkv");
            bicubic(VideoOptions.builder().scale(2).codec(codec).crf(4).preset("veryfast").bitDepth(10).build())
                    .run(ramp, out, VideoProgress.none(), () -> false);
            JsonNode video = stream(out, "v");
            assertThat(video.path("pix_fmt").asText()).as(codec.displayName()).isEqualTo("yuv420p10le");
            assertThat(List.of(video.path("color_space").asText(), video.path("color_primaries").asText(),
                    video.path("color_transfer").asText())).isEqualTo(List.of("bt709", "bt709", "bt709"));
            int codes = distinctLumaCodes(out);
            System.out.println(codec.displayName() + " 10-bit: " + codes + " distinct luma codes in a ramp frame");
            assertThat(codes).as("distinct 10-bit luma codes of the ramp").isGreaterThan(256);
        }
        Path eight = dir.resolve("ramp8.mkv");
        bicubic(VideoOptions.builder().scale(2).codec(VideoCodec.H265).crf(4).preset("veryfast").build())
                .run(ramp, eight, VideoProgress.none(), () -> false);
        assertThat(stream(eight, "v").path("pix_fmt").asText()).as("the default stays 8-bit").isEqualTo("yuv420p");
        assertThat(distinctLumaCodes(eight)).isLessThanOrEqualTo(256);
    }

    @Test
    void badBitDepthsAreRefusedBeforeAnyWork() {
        assertThatThrownBy(() -> VideoOptions.builder().bitDepth(12).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("8 or 10");
        assertThatThrownBy(() -> VideoOptions.builder().codec(VideoCodec.H265)
                .hdr(new io.sr4j.pipeline.HdrTarget(io.sr4j.color.HdrFormat.HDR10, 1000, 203)).bitDepth(8).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("10 bits");
    }

    /** The distinct luma codes of the first frame, as ffmpeg decodes it to 10 bits. */
    private int distinctLumaCodes(Path file) throws Exception {
        Path raw = dir.resolve(file.getFileName() + ".yuv");
        run("ffmpeg", "-v", "error", "-y", "-i", file.toString(), "-frames:v", "1", "-pix_fmt", "yuv420p10le",
                "-f", "rawvideo", raw.toString());
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(raw)).order(ByteOrder.LITTLE_ENDIAN);
        Set<Integer> codes = new HashSet<>();
        for (int i = 0; i < 2 * WIDTH * 2 * HEIGHT; i++) {
            codes.add(bytes.getShort() & 0xFFFF);
        }
        return codes.size();
    }

    private static PlanarImage ramp(int width, int height) {
        PlanarImage image = new PlanarImage(width, height, 3);
        int n = width * height;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                for (int c = 0; c < 3; c++) {
                    image.data()[c * n + y * width + x] = (float) x / (width - 1);
                }
            }
        }
        return image;
    }

    private static VideoUpscaler bicubic(VideoOptions options) {
        Resampler resampler = Resampler.of(ResampleFilter.BICUBIC);
        return new VideoUpscaler(rgb -> resampler.resize(rgb, rgb.width() * 2, rgb.height() * 2).clampInPlace(0f, 1f),
                "bicubic", 2, options);
    }
}
