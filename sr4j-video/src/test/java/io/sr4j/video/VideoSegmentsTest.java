package io.sr4j.video;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sr4j.image.PlanarImage;
import io.sr4j.resample.ResampleFilter;
import io.sr4j.resample.Resampler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #25: a video's segments made one by one through the public API, in any order, and joined,
 * give the video {@link VideoUpscaler} makes in one go. The clip (64x48, 24 fps, 2 s, key frames
 * every second, B-frames, an AAC tone) is cut every 0.25 s: most segments start between key frames,
 * so each is decoded from an earlier key frame.
 */
class VideoSegmentsTest {
    private static final int FPS = 24;

    @TempDir
    static Path shared;
    private static Path clip;

    @TempDir
    Path dir;

    @BeforeAll
    static void makeClip() {
        clip = shared.resolve("clip.mp4");
        TestClips.write(clip, 64, 48, FPS, 2.0);
    }

    /** Lossless, so that a frame missing, repeated or out of place cannot hide in coding noise. */
    private static VideoOptions options(int crf) {
        return VideoOptions.builder().scale(2).segmentLength(Duration.ofMillis(250)).crf(crf).build();
    }

    @Test
    void segmentsMadeOneByOneInReverseOrderJoinToTheVideoOfOneRun() {
        Path whole = dir.resolve("whole.mp4");
        VideoResult one = new VideoUpscaler(bicubic(), "bicubic", 2, options(0))
                .run(clip, whole, VideoProgress.none(), () -> false);

        VideoSegments segments = new VideoSegments(bicubic(), "bicubic", 2, options(0));
        SegmentPlan plan = segments.plan(clip);
        assertThat(plan.frames()).isEqualTo(48);
        assertThat(plan.segmentFrames()).isEqualTo(6);
        assertThat(plan.segments()).hasSize(8);
        assertThat(plan.segments().stream().mapToInt(SegmentPlan.Segment::frames).sum()).isEqualTo(48);
        List<Path> files = new ArrayList<>();
        for (SegmentPlan.Segment s : plan.segments()) {
            files.add(dir.resolve("part-" + s.index() + ".sr4jseg"));
        }
        for (int k = plan.segments().size() - 1; k >= 0; k--) {
            SegmentResult r = segments.encode(clip, plan, k, files.get(k));
            assertThat(r.frames()).isEqualTo(6);
            assertThat(r.width()).isEqualTo(128);
        }
        Path joined = dir.resolve("joined.mp4");
        segments.join(clip, plan, files, joined, w -> { });

        DecodedVideo expected = DecodedVideo.read(whole);
        DecodedVideo actual = DecodedVideo.read(joined);
        assertThat(one.frames()).isEqualTo(48);
        assertThat(expected.frames()).hasSize(48);
        assertThat(actual.differenceFrom(expected)).isEmpty();
        assertThat(actual.audioStreams()).isEqualTo(1);
        assertThat(actual.audioPackets()).isNotEmpty().isEqualTo(DecodedVideo.read(clip).audioPackets());
    }

    @Test
    void aSegmentIsRefusedForAPlanMadeWithOtherSettings() {
        SegmentPlan plan = new VideoSegments(bicubic(), "bicubic", 2, options(0)).plan(clip);
        Path file = dir.resolve("part.sr4jseg");
        assertThatThrownBy(() -> new VideoSegments(bicubic(), "bicubic", 2, options(30)).encode(clip, plan, 1, file))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("crf");
        assertThatThrownBy(() -> new VideoSegments(bicubic(), "bicubic", 2, options(0)).encode(clip, plan, 8, file))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0..7");
        assertThat(file).doesNotExist();
    }

    @Test
    void aJoinWithASegmentMissingIsRefusedAndWritesNothing() {
        VideoSegments segments = new VideoSegments(bicubic(), "bicubic", 2, options(0));
        SegmentPlan plan = segments.plan(clip);
        Path first = dir.resolve("part-0.sr4jseg");
        segments.encode(clip, plan, 0, first);
        Path out = dir.resolve("out.mp4");
        assertThatThrownBy(() -> segments.join(clip, plan, List.of(first), out, w -> { }))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("8 segments");
        assertThat(out).doesNotExist();
    }

    @Test
    void aCorruptVideoIsNamedWhenPlanned() throws Exception {
        Path bad = dir.resolve("broken.mp4");
        byte[] bytes = Files.readAllBytes(clip);
        Files.write(bad, java.util.Arrays.copyOf(bytes, 200)); // the header, cut short
        assertThatThrownBy(() -> new VideoSegments(bicubic(), "bicubic", 2, options(0)).plan(bad))
                .isInstanceOf(VideoException.class).hasMessageContaining(bad.toString());
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("broken.mp4");
        }
    }

    private static UnaryOperator<PlanarImage> bicubic() {
        Resampler resampler = Resampler.of(ResampleFilter.BICUBIC);
        return rgb -> resampler.resize(rgb, Resampler.outputLength(rgb.width(), 2.0),
                Resampler.outputLength(rgb.height(), 2.0)).clampInPlace(0f, 1f);
    }
}
