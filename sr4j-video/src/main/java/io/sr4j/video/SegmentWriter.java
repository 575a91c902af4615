package io.sr4j.video;

import static org.bytedeco.ffmpeg.global.avcodec.av_packet_rescale_ts;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_from_context;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.av_make_q;
import static org.bytedeco.ffmpeg.global.avutil.av_rescale_q;

import io.sr4j.image.PlanarImage;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVRational;

/**
 * Encodes one segment of the upscaled video into its own file (NUT, which keeps any time base
 * exactly), with a fresh encoder, so the segment starts with a key frame and stands alone. The
 * segments of a run share their codec headers and one timeline, so {@link Remuxer} joins them by
 * copying packets.
 *
 * <p>Timestamps are stored {@link #offset shifted} forward: an encoder with B-frames gives the first
 * packets decode times before their show times, and containers would otherwise move negative times
 * of the first segment (only), breaking the shared timeline.
 */
final class SegmentWriter implements AutoCloseable {
    /** Container of the segment files. */
    static final String FORMAT = "nut";
    private static final long OFFSET_MICROS = 60_000_000L;

    private final Muxer muxer;
    private final FrameEncoder encoder;
    private final AVStream stream;
    private final AVRational encoderTimeBase;
    private final long offset;

    SegmentWriter(Path file, EncoderSettings settings) {
        muxer = Muxer.create(file, Muxer.formatFor("segment." + FORMAT));
        try {
            // Global headers: the final container (MP4, Matroska) takes the codec headers from here.
            encoder = new FrameEncoder(file, settings, true);
        } catch (RuntimeException e) {
            muxer.close();
            throw e;
        }
        try {
            encoderTimeBase = av_make_q(settings.timeBaseNum(), settings.timeBaseDen());
            offset = offset(encoderTimeBase);
            stream = muxer.addStream();
            Ffmpeg.check(avcodec_parameters_from_context(stream.codecpar(), encoder.context()), file,
                    "cannot describe the video stream");
            stream.time_base(encoderTimeBase);
            muxer.writeHeader();
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** How far segment timestamps are shifted, in time base {@code tb}. */
    static long offset(AVRational tb) {
        return av_rescale_q(OFFSET_MICROS, av_make_q(1, 1_000_000), tb);
    }

    /** Encodes a frame shown at {@code pts} (the run's video time base). */
    void write(PlanarImage rgb, long pts) {
        encoder.encode(rgb, pts, this::mux);
    }

    /** Flushes the encoder and completes the file. */
    void finish() {
        encoder.flush(this::mux);
        muxer.finish();
    }

    private void mux(AVPacket packet) {
        if (packet.pts() != AV_NOPTS_VALUE) {
            packet.pts(packet.pts() + offset);
        }
        if (packet.dts() != AV_NOPTS_VALUE) {
            packet.dts(packet.dts() + offset);
        }
        av_packet_rescale_ts(packet, encoderTimeBase, stream.time_base());
        packet.stream_index(0);
        muxer.write(packet);
    }

    @Override
    public void close() {
        encoder.close();
        muxer.close();
    }
}
