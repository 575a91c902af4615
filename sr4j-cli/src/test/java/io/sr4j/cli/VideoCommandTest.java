package io.sr4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sr4j video} through the real entry point: errors and usage (the video path is tested in sr4j-video). */
class VideoCommandTest {
    @TempDir
    Path dir;

    @Test
    void missingInputIsNamedWithExitOne() {
        Path missing = dir.resolve("missing.mp4");
        CliRunner.Result r = CliRunner.run("video", missing.toString(), "-o", dir.resolve("out.mp4").toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains(missing.toString()).contains("no such file");
        assertThat(dir.resolve("out.mp4")).doesNotExist();
    }

    @Test
    void textFileIsNotAVideo() throws Exception {
        Path text = dir.resolve("notes.mp4");
        Files.writeString(text, "not a video");
        CliRunner.Result r = CliRunner.run("video", text.toString(), "-o", dir.resolve("out.mp4").toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains(text.toString());
        assertThat(Files.readString(text)).isEqualTo("not a video");
    }

    @Test
    void usageErrorsExitTwo() {
        String in = dir.resolve("in.mp4").toString();
        assertThat(CliRunner.run("video", in, "-o", dir.resolve("out.avi").toString()).err()).contains(".mp4, .mkv");
        assertThat(CliRunner.run("video", in, "-o", dir.resolve("out.avi").toString()).exitCode()).isEqualTo(2);
        assertThat(CliRunner.run("video", in, "-o", dir.resolve("o.mp4").toString(), "--codec", "vp9").exitCode())
                .isEqualTo(2);
        assertThat(CliRunner.run("video", in, "-o", dir.resolve("o.mp4").toString(), "--crf", "60").exitCode())
                .isEqualTo(2);
        assertThat(CliRunner.run("video", in, "-o", dir.resolve("o.mp4").toString(), "--start", "abc").exitCode())
                .isEqualTo(2);
        CliRunner.Result both = CliRunner.run("video", in, "-o", dir.resolve("o.mp4").toString(), "--denoise", "1",
                "--model", "bicubic");
        assertThat(both.exitCode()).isEqualTo(2);
        assertThat(both.err()).contains("--denoise");
    }

    @Test
    void renderShowsFramesFpsAndEta() {
        String line = VideoCommand.FrameProgressBar.render(30, 120, 10, 10_000_000_000L);
        assertThat(line).contains("30/120 frames").contains(" 25%").contains("2.00 fps").contains("ETA 0:45");
    }

    @Test
    void framesRunThePipelineStagesInOrder() throws Exception {
        Path clip = dir.resolve("clip.mp4");
        io.sr4j.video.TestClips.write(clip, 48, 32, 10, 0.5);
        Path out = dir.resolve("out.mkv");
        CliRunner.Result r = CliRunner.run("video", clip.toString(), "-o", out.toString(), "--pipeline",
                "sr=2:lanczos,sr=1.5:bicubic", "--crf", "0");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.err()).contains("144x96").contains("lanczos then bicubic");
        CliRunner.Result both = CliRunner.run("video", clip.toString(), "-o", dir.resolve("o.mp4").toString(),
                "--pipeline", "sr=2", "--model", "bicubic");
        assertThat(both.exitCode()).isEqualTo(2);
        CliRunner.Result auto = CliRunner.run("video", clip.toString(), "-o", dir.resolve("o.mp4").toString(),
                "--pipeline", "auto");
        assertThat(auto.exitCode()).isEqualTo(2);
        assertThat(auto.err()).contains("for video name the stages");
        assertThat(dir.resolve("o.mp4")).doesNotExist();
    }

    @Test
    void tileReuseLeavesTheFramesAsTheyAreAndRunsTheNetworkLess() throws Exception {
        // A still texture with a square sliding over its top, lossless: the lower tiles never change.
        Path clip = dir.resolve("square.mkv");
        Process ffmpeg = new ProcessBuilder("ffmpeg", "-v", "error", "-f", "lavfi", "-i",
                "nullsrc=s=64x48:r=10,geq=lum='mod(X*7+Y*13,255)':cb=128:cr=128", "-f", "lavfi", "-i",
                "color=red:s=12x12:r=10", "-t", "0.6", "-filter_complex", "[0][1]overlay=x='t*40':y=6,format=yuv420p",
                "-c:v", "libx264", "-qp", "0", clip.toString()).redirectErrorStream(true).start();
        String log = new String(ffmpeg.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(ffmpeg.waitFor()).as(log).isZero();
        Path reused = dir.resolve("reused.mkv");
        Path every = dir.resolve("every.mkv");
        CliRunner.Result on = CliRunner.run("video", clip.toString(), "-o", reused.toString(), "--model",
                "sr4j-fast-x2", "--tile", "16", "--crf", "0");
        CliRunner.Result off = CliRunner.run("video", clip.toString(), "-o", every.toString(), "--model",
                "sr4j-fast-x2", "--tile", "16", "--crf", "0", "--no-tile-reuse");
        assertThat(on.exitCode()).as(on.err()).isZero();
        assertThat(off.exitCode()).as(off.err()).isZero();

        assertThat(io.sr4j.video.DecodedVideo.read(reused).differenceFrom(io.sr4j.video.DecodedVideo.read(every)))
                .isEmpty();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("network tiles reused (\\d+) of (\\d+)")
                .matcher(on.err());
        assertThat(m.find()).as(on.err()).isTrue();
        int frames = 6;
        int tiles = 4 * 3; // 64x48 in 16-px tiles
        assertThat(Integer.parseInt(m.group(2))).isEqualTo(frames * tiles);
        // The bottom row of tiles (and more) is reused in every frame after the first.
        assertThat(Integer.parseInt(m.group(1))).isBetween((frames - 1) * 4, (frames - 1) * tiles - 1);
        assertThat(off.err()).doesNotContain("tiles reused");
    }

    @Test
    void deblurRunsAsAFrameStage() throws Exception {
        Path clip = dir.resolve("clip.mp4");
        io.sr4j.video.TestClips.write(clip, 96, 64, 10, 0.3);
        Path out = dir.resolve("out.mkv");
        CliRunner.Result r = CliRunner.run("video", clip.toString(), "-o", out.toString(), "--pipeline",
                "deblur,sr=2:bicubic");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.err()).contains("192x128").contains("sr4j-deblur then bicubic");
        CliRunner.Result late = CliRunner.run("video", clip.toString(), "-o", dir.resolve("o.mp4").toString(),
                "--pipeline", "sr=2:bicubic,deblur");
        assertThat(late.exitCode()).isEqualTo(2);
        assertThat(late.err()).contains("deblur must come before sr");
    }

    @Test
    void hdrFromTheOptionOrThePipelineWritesTenBitHevcAndBadRequestsAreUsageErrors() throws Exception {
        Path clip = dir.resolve("clip.mp4");
        io.sr4j.video.TestClips.write(clip, 48, 32, 10, 0.5);
        Path out = dir.resolve("hdr.mkv");
        CliRunner.Result r = CliRunner.run("video", clip.toString(), "-o", out.toString(), "-m", "bicubic",
                "--scale", "2", "--hdr", "hdr10", "--preset", "veryfast");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.err()).contains("96x64").contains("libx265");
        Path hlg = dir.resolve("hlg.mp4");
        CliRunner.Result spec = CliRunner.run("video", clip.toString(), "-o", hlg.toString(), "--pipeline",
                "sr=2:bicubic,hdr=hlg", "--preset", "veryfast");
        assertThat(spec.exitCode()).as(spec.err()).isZero();
        assertThat(io.sr4j.video.VideoUpscaler.probe(hlg).width()).isEqualTo(96);

        CliRunner.Result h264 = CliRunner.run("video", clip.toString(), "-o", dir.resolve("o.mp4").toString(),
                "-m", "bicubic", "--hdr", "hdr10", "--codec", "h264");
        assertThat(h264.exitCode()).isEqualTo(2);
        assertThat(h264.err()).contains("10-bit HEVC");
        CliRunner.Result twice = CliRunner.run("video", clip.toString(), "-o", dir.resolve("o.mp4").toString(),
                "--pipeline", "sr=2:bicubic,hdr=hlg", "--hdr", "hdr10");
        assertThat(twice.exitCode()).isEqualTo(2);
        assertThat(dir.resolve("o.mp4")).doesNotExist();
    }

    @Test
    void enhanceFromTheOptionOrThePipelineGradesTheFramesAndBadValuesAreUsageErrors() throws Exception {
        Path clip = dir.resolve("clip.mp4");
        io.sr4j.video.TestClips.write(clip, 48, 32, 10, 0.5);
        Path out = dir.resolve("graded.mkv");
        CliRunner.Result r = CliRunner.run("video", clip.toString(), "-o", out.toString(), "-m", "bicubic",
                "--scale", "2", "--enhance", "auto", "--hdr", "hlg", "--preset", "veryfast");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.err()).contains("96x64").contains("bicubic + enhance").contains("libx265");
        Path alone = dir.resolve("alone.mp4");
        CliRunner.Result spec = CliRunner.run("video", clip.toString(), "-o", alone.toString(), "--pipeline",
                "enhance", "--preset", "veryfast");
        assertThat(spec.exitCode()).as(spec.err()).isZero();
        assertThat(spec.err()).as("enhance alone keeps the size").contains("48x32").contains("+ enhance");

        for (String[] bad : new String[][] {{"--enhance", "maybe"}, {"--bit-depth", "12"},
            {"--bit-depth", "8", "--hdr", "hdr10"}}) {
            String[] args = new String[4 + bad.length];
            System.arraycopy(new String[] {"video", clip.toString(), "-o", dir.resolve("o.mp4").toString()}, 0,
                    args, 0, 4);
            System.arraycopy(bad, 0, args, 4, bad.length);
            CliRunner.Result refused = CliRunner.run(args);
            assertThat(refused.exitCode()).as(String.join(" ", bad)).isEqualTo(2);
        }
        assertThat(dir.resolve("o.mp4")).doesNotExist();
    }

    @Test
    void bitDepthTenWritesTenBitSdr() throws Exception {
        Path clip = dir.resolve("clip.mp4");
        io.sr4j.video.TestClips.write(clip, 48, 32, 10, 0.3);
        Path out = dir.resolve("ten.mkv");
        CliRunner.Result r = CliRunner.run("video", clip.toString(), "-o", out.toString(), "-m", "bicubic",
                "--scale", "2", "--codec", "h265", "--bit-depth", "10", "--preset", "veryfast");
        assertThat(r.exitCode()).as(r.err()).isZero();
        Process probe = new ProcessBuilder("ffprobe", "-v", "error", "-select_streams", "v", "-show_entries",
                "stream=pix_fmt,color_space", "-of", "csv=p=0", out.toString()).redirectErrorStream(true).start();
        String text = new String(probe.getInputStream().readAllBytes()).trim();
        assertThat(probe.waitFor()).isZero();
        assertThat(text).isEqualTo("yuv420p10le,bt709");
    }
}
