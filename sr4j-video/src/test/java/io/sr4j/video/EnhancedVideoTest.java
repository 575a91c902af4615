package io.sr4j.video;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sr4j.color.SdrTransfer;
import io.sr4j.image.PlanarImage;
import io.sr4j.resample.ResampleFilter;
import io.sr4j.resample.Resampler;
import io.sr4j.testing.TestPhotos;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #19, grading for video: {@code enhance} on real photos made into clips, measured on the
 * decoded output. The flicker figure quoted in docs/HDR.md ("Grading video") is the one the first
 * test prints.
 */
class EnhancedVideoTest {
    private static final int FPS = 24;
    private static final int WIDTH = 144;
    private static final int HEIGHT = 96;
    /** The target: frame-to-frame change of mean luminance. */
    private static final double MAX_FLICKER = 0.005;

    @TempDir
    static Path shared;
    private static PlanarImage coffee;
    private static PlanarImage astronaut;

    @TempDir
    Path dir;

    @BeforeAll
    static void loadPhotos() {
        coffee = small(TestPhotos.rgb("coffee.png"));
        astronaut = small(TestPhotos.rgb("astronaut.png").crop(0, 64, 512, 341));
    }

    @Test
    void aStaticUnderexposedClipIsBrightenedWithoutFlicker() {
        // A still photo 2 EV under, 48 frames (2 s) of light sensor noise: what a locked-off camera records.
        Path clip = shared.resolve("static.mp4");
        TestClips.write(clip, WIDTH, HEIGHT, FPS, 2.0, (w, h, i) -> noisy(exposed(coffee, 0.25), i));
        Path out = dir.resolve("graded.mp4");
        VideoResult result = bicubic(options(true, 2)).run(clip, out, VideoProgress.none(), () -> false);
        assertThat(result.frames()).isEqualTo(48);

        List<Double> graded = meanLuminance(out);
        double flicker = maxChange(graded);
        System.out.printf(Locale.ROOT, "static clip, enhance auto: max frame-to-frame mean-luminance change %.4f %%, "
                + "mean luminance %.4f (input %.4f, the photo well exposed %.4f)%n", 100 * flicker, mean(graded),
                mean(meanLuminance(clip)), luminance(coffee));
        assertThat(graded).hasSize(48);
        assertThat(flicker).as("max frame-to-frame change of mean luminance").isLessThanOrEqualTo(MAX_FLICKER);
        // Not a no-op: the mean moved most of the way back towards the photo as it was exposed.
        double dark = Math.log(mean(meanLuminance(clip)) / luminance(coffee));
        double fixed = Math.log(mean(graded) / luminance(coffee));
        assertThat(Math.abs(fixed)).as("log distance to the well-exposed photo, was %.3f", dark)
                .isLessThan(0.5 * Math.abs(dark));
    }

    @Test
    void aHardCutStartsTheGradeAfreshSoNeitherSceneTakesTheOthersGrade() {
        // 1 s of a dark photo, then 1 s of a bright one: each scene must grade as it does alone.
        Path both = shared.resolve("cut.mp4");
        TestClips.write(both, WIDTH, HEIGHT, FPS, 2.0, (w, h, i) -> i < FPS ? darkScene(i) : brightScene(i));
        Path first = shared.resolve("first.mp4");
        TestClips.write(first, WIDTH, HEIGHT, FPS, 1.0, (w, h, i) -> darkScene(i));
        Path second = shared.resolve("second.mp4");
        TestClips.write(second, WIDTH, HEIGHT, FPS, 1.0, (w, h, i) -> brightScene(i + FPS));

        List<Double> cut = meanLuminance(run(both, "cut", true));
        List<Double> firstAlone = meanLuminance(run(first, "first", true));
        List<Double> secondAlone = meanLuminance(run(second, "second", true));
        assertThat(cut).hasSize(2 * FPS);
        double firstScene = mean(cut.subList(0, FPS));
        double secondScene = mean(cut.subList(FPS, 2 * FPS));
        System.out.printf(Locale.ROOT, "hard cut: dark scene %.4f (alone %.4f), bright scene %.4f (alone %.4f); "
                + "ungraded %.4f, %.4f%n", firstScene, mean(firstAlone), secondScene, mean(secondAlone),
                mean(meanLuminance(first)), mean(meanLuminance(second)));
        assertThat(firstScene / mean(firstAlone)).as("dark scene, graded in the clip / alone").isCloseTo(1, within(0.01));
        assertThat(secondScene / mean(secondAlone)).as("bright scene, graded in the clip / alone")
                .isCloseTo(1, within(0.01));
        // Each frame of the bright scene, its first included: no average across the cut.
        for (int i = 0; i < FPS; i++) {
            assertThat(cut.get(FPS + i) / secondAlone.get(i)).as("bright scene frame %d", i).isCloseTo(1, within(0.01));
        }
        // The scenes are graded differently: the dark one is lifted, the bright one much less.
        assertThat(mean(firstAlone) / mean(meanLuminance(first))).isGreaterThan(1.5);
    }

    @Test
    void aResumedEnhancedRunGivesThePicturesOfAnUninterruptedOne() {
        // A slow fade up, 4 s: the grade changes from frame to frame, so a smoother that started afresh
        // at the resume point would grade the frames after it differently.
        Path clip = shared.resolve("fade.mp4");
        TestClips.write(clip, WIDTH, HEIGHT, FPS, 4.0, (w, h, i) -> noisy(exposed(coffee, 0.15 + 0.003 * i), i));
        // crf 0: lossless, so equal pictures decode equal.
        Path whole = dir.resolve("whole.mkv");
        bicubic(options(true, 1)).run(clip, whole, VideoProgress.none(), () -> false);

        Path out = dir.resolve("resumed.mkv");
        AtomicBoolean stop = new AtomicBoolean();
        VideoProgress stopAfter80 = new VideoProgress() {
            @Override
            public void frameDone(long done, long total) {
                stop.set(done >= 80);
            }
        };
        assertThatThrownBy(() -> bicubic(options(true, 1)).run(clip, out, stopAfter80, stop::get))
                .isInstanceOf(VideoCancelledException.class);
        int finished = WorkDirectory.of(out).segments().size();
        assertThat(finished).as("segments of 24 frames finished").isEqualTo(3);
        VideoOptions resume = VideoOptions.builder().scale(1).segmentLength(Duration.ofSeconds(1)).crf(0)
                .preset("veryfast").enhance(true).resume(true).build();
        VideoResult second = bicubic(resume).run(clip, out, VideoProgress.none(), () -> false);
        assertThat(second.resumedFrames()).as("resumed past the smoother's history").isEqualTo(72);
        assertThat(DecodedVideo.read(out).differenceFrom(DecodedVideo.read(whole))).isEmpty();
        // The run without enhance differs: the comparison above can fail.
        Path plain = dir.resolve("plain.mkv");
        bicubic(options(false, 1)).run(clip, plain, VideoProgress.none(), () -> false);
        assertThat(DecodedVideo.read(plain).differenceFrom(DecodedVideo.read(whole))).isNotEmpty();
    }

    @Test
    void aResumeOfAnEnhancedRunWithoutEnhanceIsRefused() {
        Path clip = shared.resolve("short.mp4");
        TestClips.write(clip, WIDTH, HEIGHT, FPS, 2.0, (w, h, i) -> exposed(coffee, 0.25));
        Path out = dir.resolve("out.mkv");
        AtomicBoolean stop = new AtomicBoolean();
        VideoProgress stopAfter30 = new VideoProgress() {
            @Override
            public void frameDone(long done, long total) {
                stop.set(done >= 30);
            }
        };
        assertThatThrownBy(() -> bicubic(options(true, 1)).run(clip, out, stopAfter30, stop::get))
                .isInstanceOf(VideoCancelledException.class);
        VideoOptions plain = VideoOptions.builder().scale(1).segmentLength(Duration.ofSeconds(1)).crf(0)
                .preset("veryfast").resume(true).build();
        assertThatThrownBy(() -> bicubic(plain).run(clip, out, VideoProgress.none(), () -> false))
                .isInstanceOf(VideoException.class).hasMessageContaining("enhance");
    }

    @Test
    void segmentsMadeOnTheirOwnGradeAsOneRunDoes() {
        Path clip = shared.resolve("fade-short.mp4");
        TestClips.write(clip, WIDTH, HEIGHT, FPS, 3.0, (w, h, i) -> noisy(exposed(coffee, 0.15 + 0.004 * i), i));
        VideoOptions options = options(true, 1);
        Path whole = dir.resolve("whole.mkv");
        bicubic(options).run(clip, whole, VideoProgress.none(), () -> false);

        VideoSegments segments = new VideoSegments(network(1), "bicubic", 1, options);
        SegmentPlan plan = segments.plan(clip);
        assertThat(plan.segments()).hasSize(3);
        List<Path> files = new ArrayList<>();
        for (SegmentPlan.Segment s : plan.segments()) {
            files.add(dir.resolve("part-" + s.index() + ".sr4jseg"));
        }
        for (int k = plan.segments().size() - 1; k >= 0; k--) {
            segments.encode(clip, plan, k, files.get(k));
        }
        Path joined = dir.resolve("joined.mkv");
        segments.join(clip, plan, files, joined, w -> { });
        assertThat(DecodedVideo.read(joined).differenceFrom(DecodedVideo.read(whole))).isEmpty();
    }

    private Path run(Path clip, String name, boolean enhance) {
        Path out = dir.resolve(name + ".mp4");
        bicubic(options(enhance, 2)).run(clip, out, VideoProgress.none(), () -> false);
        return out;
    }

    /** Segments of 1 s; lossless at scale 1 (resume and segment tests compare pictures exactly). */
    private static VideoOptions options(boolean enhance, double scale) {
        return VideoOptions.builder().scale(scale).segmentLength(Duration.ofSeconds(1)).crf(scale == 1 ? 0 : 16)
                .preset("veryfast").enhance(enhance).build();
    }

    private static PlanarImage darkScene(int frame) {
        return noisy(exposed(coffee, 0.2), frame);
    }

    private static PlanarImage brightScene(int frame) {
        return noisy(astronaut, frame);
    }

    private static VideoUpscaler bicubic(VideoOptions options) {
        double scale = options.scale().orElseThrow();
        return new VideoUpscaler(network(scale), "bicubic", scale, options);
    }

    private static UnaryOperator<PlanarImage> network(double scale) {
        Resampler resampler = Resampler.of(ResampleFilter.BICUBIC);
        return rgb -> resampler.resize(rgb, Resampler.outputLength(rgb.width(), scale),
                Resampler.outputLength(rgb.height(), scale)).clampInPlace(0f, 1f);
    }

    private static PlanarImage small(PlanarImage photo) {
        return Resampler.of(ResampleFilter.BICUBIC).resize(photo, WIDTH, HEIGHT).clampInPlace(0f, 1f);
    }

    /** {@code photo} with its light multiplied by {@code gain} (linear light, sRGB signal kept). */
    private static PlanarImage exposed(PlanarImage photo, double gain) {
        PlanarImage out = photo.copy();
        float[] d = out.data();
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) SdrTransfer.SRGB.fromLinear(Math.min(1, SdrTransfer.SRGB.toLinear(d[i]) * gain));
        }
        return out;
    }

    /** Light sensor noise: Gaussian, sigma 0.6 % of full scale, seeded by the frame. */
    private static PlanarImage noisy(PlanarImage picture, int frame) {
        PlanarImage out = picture.copy();
        Random random = new Random(frame);
        float[] d = out.data();
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) Math.min(1, Math.max(0, d[i] + 0.006 * random.nextGaussian()));
        }
        return out;
    }

    /** Each decoded frame's mean relative luminance (BT.709 weights in linear light). */
    static List<Double> meanLuminance(Path file) {
        List<Double> means = new ArrayList<>();
        try (VideoSource source = VideoSource.open(file)) {
            source.window(Duration.ZERO, Optional.empty());
            while (source.advance()) {
                means.add(luminance(source.rgb()));
            }
        }
        return means;
    }

    private static double luminance(PlanarImage rgb) {
        float[] d = rgb.data();
        int n = rgb.planeSize();
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += 0.2126 * SdrTransfer.SRGB.toLinear(d[i]) + 0.7152 * SdrTransfer.SRGB.toLinear(d[n + i])
                    + 0.0722 * SdrTransfer.SRGB.toLinear(d[2 * n + i]);
        }
        return sum / n;
    }

    private static double maxChange(List<Double> means) {
        double max = 0;
        for (int i = 1; i < means.size(); i++) {
            max = Math.max(max, Math.abs(means.get(i) / means.get(i - 1) - 1));
        }
        return max;
    }

    private static double mean(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    }

    private static org.assertj.core.data.Offset<Double> within(double tolerance) {
        return org.assertj.core.data.Offset.offset(tolerance);
    }
}
