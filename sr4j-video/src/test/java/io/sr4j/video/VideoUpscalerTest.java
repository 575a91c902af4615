package io.sr4j.video;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.bytedeco.ffmpeg.global.avutil.AVCOL_PRI_BT709;
import static org.bytedeco.ffmpeg.global.avutil.AVCOL_PRI_SMPTE170M;
import static org.bytedeco.ffmpeg.global.avutil.AVCOL_SPC_BT709;
import static org.bytedeco.ffmpeg.global.avutil.AVCOL_SPC_SMPTE170M;

import io.sr4j.model.FetchListener;
import io.sr4j.model.ModelStore;
import io.sr4j.resample.ResampleFilter;
import io.sr4j.resample.Resampler;
import io.sr4j.upscale.Upscaler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue #8: a generated 2 s 160x90 clip with a sine tone, through the whole video path. */
class VideoUpscalerTest {
    private static final int FPS = 24;
    private static final double SECONDS = 2.0;

    @TempDir
    static Path shared;
    private static Path clip;
    private static MediaFile input;

    @TempDir
    Path dir;

    @BeforeAll
    static void makeClip() {
        clip = shared.resolve("clip.mp4");
        TestClips.write(clip, 160, 90, FPS, SECONDS);
        input = MediaFile.read(clip);
        assertThat(input.videoPackets()).hasSize(48);
        try (VideoSource source = VideoSource.open(clip)) {
            source.window(Duration.ZERO, java.util.Optional.empty());
            int frames = 0;
            while (source.advance()) {
                frames++;
            }
            assertThat(frames).as("frames decoded from the clip").isEqualTo(48);
        }
        assertThat(input.audioPackets()).isNotEmpty();
    }

    @Test
    void animeVideoX4KeepsFramesDurationAndAudioPackets() {
        Path out = dir.resolve("clip_x4.mp4");
        VideoResult result;
        try (Upscaler upscaler = Upscaler.builder().model("realesr-animevideov3-x4").tileSize(256)
                .store(ModelStore.builder().root(ModelStore.defaultRoot()).build())
                .fetchListener(FetchListener.silent()).build()) {
            result = VideoUpscaler.of(upscaler, VideoOptions.builder().build())
                    .run(clip, out, VideoProgress.none(), () -> false);
        }
        MediaFile output = MediaFile.read(out);
        assertThat(output.width()).isEqualTo(640);
        assertThat(output.height()).isEqualTo(360);
        assertThat(output.videoPackets()).hasSize(48);
        assertThat(result.frames()).isEqualTo(48);
        assertThat(output.seconds()).isCloseTo(input.seconds(), org.assertj.core.data.Offset.offset(1.0 / FPS));
        assertThat(output.audioStreams()).isEqualTo(1);
        assertSamePackets(output.audioPackets(), input.audioPackets());
        // The clip is tagged BT.709: the tags are kept.
        assertThat(output.colourMatrix()).isEqualTo(AVCOL_SPC_BT709);
        assertThat(output.colourPrimaries()).isEqualTo(AVCOL_PRI_BT709);
        assertThat(WorkDirectory.of(out).path()).doesNotExist();
        assertThat(leftovers()).containsExactly(out.getFileName().toString());
    }

    @Test
    void resumedRunEqualsUninterruptedRun() {
        // crf 0: libx264 lossless, so the decoded frames must match exactly whatever choices the encoder
        // makes (its packets are not bit-identical run to run here; see the report).
        VideoOptions options = VideoOptions.builder().scale(2).segmentLength(Duration.ofMillis(500)).crf(0)
                .preset("veryfast").build();
        Path whole = dir.resolve("whole.mkv");
        bicubic(options).run(clip, whole, VideoProgress.none(), () -> false);

        Path resumed = dir.resolve("resumed.mkv");
        AtomicLong encoded = new AtomicLong();
        AtomicBoolean stop = new AtomicBoolean();
        VideoProgress stopAfter20 = new VideoProgress() {
            @Override
            public void frameDone(long done, long total) {
                if (encoded.incrementAndGet() >= 20) {
                    stop.set(true);
                }
            }
        };
        assertThatThrownBy(() -> bicubic(options).run(clip, resumed, stopAfter20, stop::get))
                .isInstanceOf(VideoCancelledException.class);
        assertThat(resumed).doesNotExist();
        List<Path> finished = WorkDirectory.of(resumed).segments();
        assertThat(finished).hasSizeBetween(1, 3);

        VideoResult second = bicubic(VideoOptions.builder().scale(2).segmentLength(Duration.ofMillis(500)).crf(0)
                .preset("veryfast").resume(true).build()).run(clip, resumed, VideoProgress.none(), () -> false);
        assertThat(second.resumedFrames()).isEqualTo(12L * finished.size());
        assertThat(second.frames()).isEqualTo(48);
        assertSamePackets(MediaFile.read(resumed).audioPackets(), input.audioPackets());
        // Compared decoded: same count, same times, the same pictures.
        List<Frame> a = decode(whole);
        List<Frame> b = decode(resumed);
        assertThat(b).hasSize(48);
        assertThat(b.stream().map(Frame::pts).toList()).isEqualTo(a.stream().map(Frame::pts).toList());
        for (int i = 0; i < a.size(); i++) {
            assertThat(b.get(i).rgb().data()).as("frame %d", i).isEqualTo(a.get(i).rgb().data());
        }
    }

    @Test
    void aRunStoppedAfterItsLastSegmentResumesToTheSameSizeColourAndFrameCount() throws Exception {
        // Untagged input: the output's colour tags are chosen by its height (BT.601 for 180 lines).
        Path untagged = dir.resolve("untagged.mp4");
        TestClips.writeUntagged(untagged, 160, 90, FPS, SECONDS);
        // 0.4 s = 10 frames a segment: 5 segments, the last one of 8 frames.
        VideoOptions options = VideoOptions.builder().scale(2).segmentLength(Duration.ofMillis(400)).crf(0)
                .preset("veryfast").build();
        Path whole = dir.resolve("whole.mkv");
        VideoResult straight = bicubic(options).run(untagged, whole, VideoProgress.none(), () -> false);

        Path out = dir.resolve("out.mkv");
        assertThatThrownBy(() -> bicubic(options).run(untagged, out, VideoProgress.none(),
                stoppedBeforeTheJoin(out, 5))).isInstanceOf(VideoCancelledException.class);
        assertThat(WorkDirectory.of(out).segments()).hasSize(5);
        assertThat(out).doesNotExist();

        VideoResult resumed = bicubic(VideoOptions.builder().scale(2).segmentLength(Duration.ofMillis(400)).crf(0)
                .preset("veryfast").resume(true).build()).run(untagged, out, VideoProgress.none(), () -> false);
        assertThat(resumed.frames()).as("frames, not 5 segments x 10").isEqualTo(48);
        assertThat(resumed.resumedFrames()).isEqualTo(48);
        assertThat(List.of(resumed.width(), resumed.height())).isEqualTo(List.of(straight.width(), straight.height()))
                .isEqualTo(List.of(320, 180));
        assertThat(DecodedVideo.read(out).differenceFrom(DecodedVideo.read(whole))).isEmpty();
        assertThat(MediaFile.containerColour(out))
                .as("the container's colour tags: chosen for 180 lines, as the run that encoded the segments chose")
                .isEqualTo(MediaFile.containerColour(whole))
                .isEqualTo(List.of(AVCOL_SPC_SMPTE170M, AVCOL_PRI_SMPTE170M));
    }

    @Test
    void aJoinKilledHalfWayLeavesItsPartialFileWhereTheResumedRunRemovesIt() throws Exception {
        Path out = dir.resolve("out.mp4");
        VideoOptions options = VideoOptions.builder().scale(1).segmentLength(Duration.ofMillis(500)).build();
        assertThatThrownBy(() -> bicubic(options).run(clip, out, VideoProgress.none(), stoppedBeforeTheJoin(out, 4)))
                .isInstanceOf(VideoCancelledException.class);
        // What a join killed half-way (kill -9) leaves: the partial output in the work directory.
        Path partial = WorkDirectory.of(out).path().resolve(WorkDirectory.JOINED);
        Files.write(partial, new byte[] {0, 0, 0, 24, 'f', 't', 'y', 'p'});

        VideoResult resumed = bicubic(VideoOptions.builder().scale(1).segmentLength(Duration.ofMillis(500))
                .resume(true).build()).run(clip, out, VideoProgress.none(), () -> false);
        assertThat(resumed.frames()).isEqualTo(48);
        assertThat(MediaFile.read(out).videoPackets()).hasSize(48);
        assertThat(leftovers()).containsExactly("out.mp4");
    }

    /**
     * A cancellation that turns true once all {@code segments} of {@code out} are written: the last
     * one appears only after the encoder has taken its final frame, when nothing polls any more but
     * the check before the join. The run then stops where a kill during the join would.
     */
    private static java.util.function.BooleanSupplier stoppedBeforeTheJoin(Path out, int segments) {
        return () -> WorkDirectory.of(out).segments().size() == segments;
    }

    private record Frame(long pts, io.sr4j.image.PlanarImage rgb) {
    }

    private static List<Frame> decode(Path file) {
        List<Frame> frames = new java.util.ArrayList<>();
        try (VideoSource source = VideoSource.open(file)) {
            source.window(Duration.ZERO, java.util.Optional.empty());
            while (source.advance()) {
                frames.add(new Frame(source.pts(), source.rgb()));
            }
        }
        return frames;
    }

    @Test
    void resumeWithOtherSettingsIsRefused() {
        Path out = dir.resolve("out.mkv");
        AtomicBoolean stop = new AtomicBoolean();
        VideoOptions first = VideoOptions.builder().scale(2).segmentLength(Duration.ofMillis(500)).build();
        assertThatThrownBy(() -> bicubic(first).run(clip, out, new VideoProgress() {
            @Override
            public void frameDone(long done, long total) {
                stop.set(done >= 12);
            }
        }, stop::get)).isInstanceOf(VideoCancelledException.class);
        VideoOptions other = VideoOptions.builder().scale(2).segmentLength(Duration.ofMillis(500)).crf(30)
                .resume(true).build();
        assertThatThrownBy(() -> bicubic(other).run(clip, out, VideoProgress.none(), () -> false))
                .isInstanceOf(VideoException.class).hasMessageContaining("crf 18").hasMessageContaining("30");
        assertThat(out).doesNotExist();
    }

    @Test
    void startAndDurationCutVideoAndAudio() {
        Path out = dir.resolve("cut.mp4");
        VideoOptions options = VideoOptions.builder().scale(1).start(Duration.ofMillis(500))
                .duration(Duration.ofSeconds(1)).build();
        VideoResult result = bicubic(options).run(clip, out, VideoProgress.none(), () -> false);
        MediaFile output = MediaFile.read(out);
        assertThat(result.frames()).isEqualTo(24);
        assertThat(output.videoPackets()).hasSize(24);
        assertThat(output.seconds()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(2.0 / FPS));
        // Audio packets are copied whole (not re-encoded): each output packet is one of the input's.
        assertThat(output.audioPackets()).isNotEmpty();
        assertThat(output.audioPackets().size()).isLessThan(input.audioPackets().size());
    }

    @Test
    void badInputIsNamedAndNothingIsWritten() throws Exception {
        Path bad = dir.resolve("not-a-video.mp4");
        Files.writeString(bad, "this is text, not a video");
        Path out = dir.resolve("out.mp4");
        assertThatThrownBy(() -> bicubic(VideoOptions.builder().build()).run(bad, out, VideoProgress.none(),
                () -> false)).isInstanceOf(VideoException.class).hasMessageContaining(bad.toString());
        assertThat(leftovers()).containsExactly("not-a-video.mp4");
        assertThatThrownBy(() -> bicubic(VideoOptions.builder().build()).run(clip, dir.resolve("out.avi"),
                VideoProgress.none(), () -> false)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(".mp4");
    }

    private static VideoUpscaler bicubic(VideoOptions options) {
        Resampler resampler = Resampler.of(ResampleFilter.BICUBIC);
        double scale = options.scale().orElse(4.0);
        return new VideoUpscaler(rgb -> resampler.resize(rgb, Resampler.outputLength(rgb.width(), scale),
                Resampler.outputLength(rgb.height(), scale)).clampInPlace(0f, 1f), "bicubic", scale, options);
    }

    /** Same packets, byte for byte, in the same order (compared by SHA-256 to keep failures readable). */
    private static void assertSamePackets(List<byte[]> actual, List<byte[]> expected) {
        assertThat(digests(actual)).containsExactlyElementsOf(digests(expected));
    }

    private static List<String> digests(List<byte[]> packets) {
        return packets.stream().map(p -> {
            try {
                return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(p));
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    private List<String> leftovers() {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
