package io.sr4j.video;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_FLAG_GLOBAL_HEADER;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_rescale_ts;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_encoder_by_name;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_from_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_packet;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_frame;
import static org.bytedeco.ffmpeg.global.avutil.AVCHROMA_LOC_LEFT;
import static org.bytedeco.ffmpeg.global.avutil.AVCOL_PRI_BT709;
import static org.bytedeco.ffmpeg.global.avutil.AVCOL_PRI_UNSPECIFIED;
import static org.bytedeco.ffmpeg.global.avutil.AVCOL_RANGE_MPEG;
import static org.bytedeco.ffmpeg.global.avutil.AVCOL_SPC_BT709;
import static org.bytedeco.ffmpeg.global.avutil.AVCOL_SPC_UNSPECIFIED;
import static org.bytedeco.ffmpeg.global.avutil.AVCOL_TRC_BT709;
import static org.bytedeco.ffmpeg.global.avutil.AVCOL_TRC_UNSPECIFIED;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_FLTP;
import static org.bytedeco.ffmpeg.global.avutil.av_channel_layout_default;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_get_buffer;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_make_writable;
import static org.bytedeco.ffmpeg.global.avutil.av_make_q;

import io.sr4j.image.PlanarImage;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.javacpp.FloatPointer;

/**
 * Short test clips made with the FFmpeg bindings: a moving pattern (gradient and a sliding square,
 * BT.709-tagged h264) and a sine tone (AAC, 48 kHz mono).
 */
public final class TestClips {
    static final int SAMPLE_RATE = 48_000;
    static final double TONE_HZ = 440;

    private TestClips() {
    }

    /** {@code TestClips FILE WIDTH HEIGHT FPS SECONDS}: writes a clip (used by tools/timing/video-fps.sh). */
    public static void main(String[] args) {
        if (args.length != 5) {
            System.err.println("usage: TestClips FILE WIDTH HEIGHT FPS SECONDS");
            System.exit(2);
        }
        write(Path.of(args[0]), Integer.parseInt(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]),
                Double.parseDouble(args[4]));
    }

    /**
     * Writes a BT.709-tagged clip of {@code seconds} at {@code fps} and {@code width} × {@code height}
     * to {@code file}.
     */
    public static void write(Path file, int width, int height, int fps, double seconds) {
        write(file, width, height, fps, seconds,
                new Colour(AVCOL_SPC_BT709, AVCOL_PRI_BT709, AVCOL_TRC_BT709, AVCOL_RANGE_MPEG, AVCHROMA_LOC_LEFT));
    }

    /**
     * Like {@link #write(Path, int, int, int, double)}, but with no colour description (matrix,
     * primaries and transfer unspecified, as many recordings are): sr4j then chooses the output's
     * tags by the output's height.
     */
    public static void writeUntagged(Path file, int width, int height, int fps, double seconds) {
        write(file, width, height, fps, seconds, new Colour(AVCOL_SPC_UNSPECIFIED, AVCOL_PRI_UNSPECIFIED,
                AVCOL_TRC_UNSPECIFIED, AVCOL_RANGE_MPEG, AVCHROMA_LOC_LEFT));
    }

    /** A clip tagged with {@code colour} (8-bit samples whatever the tags say: for tests of tag handling). */
    static void write(Path file, int width, int height, int fps, double seconds, Colour colour) {
        write(file, width, height, fps, seconds, colour, TestClips::pattern);
    }

    /** Frame {@code frame} of a clip {@code width} × {@code height}. */
    interface Pattern {
        PlanarImage frame(int width, int height, int frame);
    }

    /**
     * {@link #pattern} with a still white card (SDR 100 %) in its top-left corner: the clip's
     * brightest light sits in a flat area, where coding changes it least.
     */
    static PlanarImage withWhiteCard(int width, int height, int frame) {
        PlanarImage image = pattern(width, height, frame);
        int plane = width * height;
        for (int y = 2; y < height / 4; y++) {
            for (int x = 2; x < width / 4; x++) {
                for (int c = 0; c < 3; c++) {
                    image.data()[c * plane + y * width + x] = 1f;
                }
            }
        }
        return image;
    }

    /** A BT.709-tagged clip of {@code pattern}'s frames. */
    static void write(Path file, int width, int height, int fps, double seconds, Pattern pattern) {
        write(file, width, height, fps, seconds,
                new Colour(AVCOL_SPC_BT709, AVCOL_PRI_BT709, AVCOL_TRC_BT709, AVCOL_RANGE_MPEG, AVCHROMA_LOC_LEFT),
                pattern);
    }

    private static void write(Path file, int width, int height, int fps, double seconds, Colour colour,
                              Pattern pattern) {
        int frames = (int) Math.round(seconds * fps);
        EncoderSettings settings = new EncoderSettings("libx264", width, height, 1, fps, fps, 1, 1, 1, colour, 20,
                "veryfast", fps, null, 8);
        try (Muxer muxer = Muxer.create(file, Muxer.formatFor(file.getFileName().toString()));
             FrameEncoder video = new FrameEncoder(file, settings, true)) {
            AVStream videoStream = muxer.addStream();
            avcodec_parameters_from_context(videoStream.codecpar(), video.context());
            videoStream.time_base(av_make_q(1, fps));
            AVCodecContext audio = openAudio();
            try {
                AVStream audioStream = muxer.addStream();
                avcodec_parameters_from_context(audioStream.codecpar(), audio);
                audioStream.time_base(av_make_q(1, SAMPLE_RATE));
                muxer.writeHeader();
                for (int i = 0; i < frames; i++) {
                    video.encode(pattern.frame(width, height, i), i, 1, p -> write(muxer, p, video.context(), videoStream));
                }
                video.flush(p -> write(muxer, p, video.context(), videoStream));
                writeTone(muxer, audio, audioStream, (long) Math.round(seconds * SAMPLE_RATE));
                muxer.finish();
            } finally {
                avcodec_free_context(audio);
            }
        }
    }

    /** A gradient with a bright square that moves 3 pixels a frame. */
    static PlanarImage pattern(int width, int height, int frame) {
        PlanarImage image = new PlanarImage(width, height, 3);
        float[] d = image.data();
        int plane = width * height;
        int square = Math.max(4, height / 4);
        int sx = (frame * 3) % Math.max(1, width - square);
        int sy = height / 3;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int i = y * width + x;
                boolean inSquare = x >= sx && x < sx + square && y >= sy && y < sy + square;
                d[i] = inSquare ? 0.95f : (float) x / width;
                d[plane + i] = inSquare ? 0.9f : (float) y / height;
                d[2 * plane + i] = inSquare ? 0.1f : 0.5f + 0.4f * (float) Math.sin((x + frame) * 0.2);
            }
        }
        return image;
    }

    private static AVCodecContext openAudio() {
        AVCodec codec = avcodec_find_encoder_by_name("aac");
        AVCodecContext c = avcodec_alloc_context3(codec);
        c.sample_rate(SAMPLE_RATE);
        c.sample_fmt(AV_SAMPLE_FMT_FLTP);
        av_channel_layout_default(c.ch_layout(), 1);
        c.bit_rate(96_000);
        c.time_base(av_make_q(1, SAMPLE_RATE));
        c.flags(c.flags() | AV_CODEC_FLAG_GLOBAL_HEADER);
        Ffmpeg.check(avcodec_open2(c, codec, (AVDictionary) null), Path.of("aac"), "cannot open the AAC encoder");
        return c;
    }

    private static void writeTone(Muxer muxer, AVCodecContext audio, AVStream stream, long samples) {
        AVFrame frame = av_frame_alloc();
        try {
            int size = audio.frame_size();
            frame.nb_samples(size);
            frame.format(AV_SAMPLE_FMT_FLTP);
            frame.sample_rate(SAMPLE_RATE);
            av_channel_layout_default(frame.ch_layout(), 1);
            Ffmpeg.check(av_frame_get_buffer(frame, 0), muxer.file(), "audio frame");
            float[] chunk = new float[size];
            for (long start = 0; start < samples; start += size) {
                av_frame_make_writable(frame);
                for (int i = 0; i < size; i++) {
                    chunk[i] = (float) (0.5 * Math.sin(2 * Math.PI * TONE_HZ * (start + i) / SAMPLE_RATE));
                }
                new FloatPointer(frame.data(0)).put(chunk);
                frame.pts(start);
                Ffmpeg.check(avcodec_send_frame(audio, frame), muxer.file(), "encode audio");
                drain(muxer, audio, stream);
            }
            avcodec_send_frame(audio, null);
            drain(muxer, audio, stream);
        } finally {
            av_frame_free(frame);
        }
    }

    private static void drain(Muxer muxer, AVCodecContext audio, AVStream stream) {
        AVPacket packet = av_packet_alloc();
        try {
            while (true) {
                int ret = avcodec_receive_packet(audio, packet);
                if (ret == Ffmpeg.EAGAIN || ret == AVERROR_EOF) {
                    return;
                }
                Ffmpeg.check(ret, muxer.file(), "encode audio");
                write(muxer, packet, audio, stream);
                av_packet_unref(packet);
            }
        } finally {
            av_packet_free(packet);
        }
    }

    private static void write(Muxer muxer, AVPacket packet, AVCodecContext codec, AVStream stream) {
        av_packet_rescale_ts(packet, codec.time_base(), stream.time_base());
        packet.stream_index(stream.index());
        muxer.write(packet);
    }
}
