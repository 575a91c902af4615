package io.sr4j.video;

import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_DATA_DISPLAYMATRIX;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_DATA_MASTERING_DISPLAY_METADATA;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_side_data_get;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_get_name;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_to_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_packet;
import static org.bytedeco.ffmpeg.global.avformat.AVSEEK_FLAG_BACKWARD;
import static org.bytedeco.ffmpeg.global.avformat.av_find_best_stream;
import static org.bytedeco.ffmpeg.global.avformat.av_read_frame;
import static org.bytedeco.ffmpeg.global.avformat.av_seek_frame;
import static org.bytedeco.ffmpeg.global.avformat.avformat_close_input;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_INVALIDDATA;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_AUDIO;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_SUBTITLE;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_RGB24;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_RGB48LE;
import static org.bytedeco.ffmpeg.global.avutil.av_display_rotation_get;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_make_q;
import static org.bytedeco.ffmpeg.global.avutil.av_q2d;
import static org.bytedeco.ffmpeg.global.avutil.av_rescale_q;
import static org.bytedeco.ffmpeg.global.swscale.SWS_ACCURATE_RND;
import static org.bytedeco.ffmpeg.global.swscale.SWS_BICUBIC;
import static org.bytedeco.ffmpeg.global.swscale.SWS_FULL_CHR_H_INT;
import static org.bytedeco.ffmpeg.global.swscale.sws_freeContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_getCachedContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_getCoefficients;
import static org.bytedeco.ffmpeg.global.swscale.sws_scale;
import static org.bytedeco.ffmpeg.global.swscale.sws_setColorspaceDetails;

import io.sr4j.image.PlanarImage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avcodec.AVPacketSideData;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.avutil.AVMasteringDisplayMetadata;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * Decodes the main video stream of a file into RGB frames, from a start time to an end time. Frame
 * times are counted from the file's own start, so the output keeps the input's timing; output
 * timestamps are the input's, less the start.
 *
 * <p>Not thread-safe: one decoding thread owns it. Close it to free native memory.
 */
final class VideoSource implements AutoCloseable {
    private static final AVRational MICROSECONDS = av_make_q(1, 1_000_000);

    private final Path file;
    private final AVFormatContext format;
    private final int streamIndex;
    private final AVStream stream;
    private final AVCodecContext decoder;
    private final AVFrame frame = av_frame_alloc();
    private final AVPacket packet = av_packet_alloc();
    private final Colour colour;
    /** Timeline origin: the file's start time, in microseconds. */
    private final long originMicros;
    private SwsContext toRgb;
    private BytePointer rgbNative;
    private byte[] rgbBytes;
    private long firstPts;
    private long endPts = Long.MAX_VALUE;
    private long windowStartMicros;
    private long windowEndMicros = Long.MAX_VALUE;
    /** One segment of the window: frames shown from here (input time base) … */
    private long segmentFromPts = Long.MIN_VALUE;
    /** … up to here, exclusive. */
    private long segmentToPts = Long.MAX_VALUE;
    private boolean draining;
    private boolean finished;
    private long lastPts = Long.MIN_VALUE;

    private VideoSource(Path file, AVFormatContext format) {
        this.file = file;
        this.format = format;
        try {
            streamIndex = av_find_best_stream(format, AVMEDIA_TYPE_VIDEO, -1, -1, (PointerPointer<?>) null, 0);
            if (streamIndex < 0) {
                throw new VideoException(file + ": has no video stream");
            }
            stream = format.streams(streamIndex);
            AVCodecParameters par = stream.codecpar();
            AVCodec codec = avcodec_find_decoder(par.codec_id());
            if (codec == null || codec.isNull()) {
                throw new VideoException(file + ": no decoder for its " + avcodec_get_name(par.codec_id()).getString()
                        + " video");
            }
            if (par.width() <= 0 || par.height() <= 0) {
                throw new VideoException(file + ": video stream has no frame size");
            }
            decoder = avcodec_alloc_context3(codec);
            Ffmpeg.check(avcodec_parameters_to_context(decoder, par), file, "cannot set up the video decoder");
            decoder.pkt_timebase(stream.time_base());
            decoder.thread_count(0);
            Ffmpeg.check(avcodec_open2(decoder, codec, (AVDictionary) null), file, "cannot open the video decoder");
            colour = Colour.tagged(par);
            originMicros = format.start_time() == AV_NOPTS_VALUE ? 0 : format.start_time();
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /**
     * Opens {@code file}.
     *
     * @throws VideoException if it is missing, not a media file, or has no decodable video stream
     */
    static VideoSource open(Path file) {
        return new VideoSource(file, Ffmpeg.openInput(file));
    }

    /** Limits decoding to frames shown from {@code start} for {@code duration} (to the end if empty). */
    void window(Duration start, Optional<Duration> duration) {
        long startMicros = start.toNanos() / 1000;
        windowStartMicros = originMicros + startMicros;
        windowEndMicros = duration.map(d -> windowStartMicros + d.toNanos() / 1000).orElse(Long.MAX_VALUE);
        firstPts = av_rescale_q(originMicros + startMicros, MICROSECONDS, stream.time_base());
        endPts = duration.map(d -> av_rescale_q(originMicros + startMicros + d.toNanos() / 1000, MICROSECONDS,
                stream.time_base())).orElse(Long.MAX_VALUE);
        if (startMicros > 0) {
            // Lands on the key frame before the start; the frames up to the start are decoded and dropped.
            Ffmpeg.check(av_seek_frame(format, -1, originMicros + startMicros, AVSEEK_FLAG_BACKWARD), file,
                    "cannot seek to " + start.toMillis() / 1000.0 + " s");
        }
    }

    /**
     * Limits decoding further, to the frames of the window shown from {@code fromPts} up to {@code
     * toPts} (exclusive; input time base, as {@link #inputPts()}): one segment of a run, decoded on
     * its own. Seeks to the key frame at or before {@code fromPts}; call it after {@link #window}.
     */
    void segment(long fromPts, long toPts) {
        segmentFromPts = fromPts;
        segmentToPts = toPts;
        if (fromPts > firstPts) {
            Ffmpeg.check(av_seek_frame(format, streamIndex, fromPts, AVSEEK_FLAG_BACKWARD), file,
                    "cannot seek to the frame at " + fromPts + " (stream time base)");
        }
    }

    /** Start of the window on the input's clock (its origin included), in microseconds. */
    long windowStartMicros() {
        return windowStartMicros;
    }

    /** End of the window on the input's clock, in microseconds; {@link Long#MAX_VALUE} for the end. */
    long windowEndMicros() {
        return windowEndMicros;
    }

    AVRational timeBase() {
        return stream.time_base();
    }

    /** Average frame rate (or the container's guess); 0/1 when unknown. */
    AVRational frameRate() {
        AVRational avg = stream.avg_frame_rate();
        return avg.num() > 0 && avg.den() > 0 ? avg : stream.r_frame_rate();
    }

    AVRational sampleAspectRatio() {
        return stream.codecpar().sample_aspect_ratio();
    }

    int width() {
        return stream.codecpar().width();
    }

    int height() {
        return stream.codecpar().height();
    }

    int streamIndex() {
        return streamIndex;
    }

    /** Colour as the stream tags it. */
    Colour taggedColour() {
        return colour;
    }

    /** The stream's display matrix (9 × int32, FFmpeg's layout), if it has one. */
    Optional<byte[]> displayMatrix() {
        AVCodecParameters par = stream.codecpar();
        AVPacketSideData sd = av_packet_side_data_get(par.coded_side_data(), par.nb_coded_side_data(),
                AV_PKT_DATA_DISPLAYMATRIX);
        if (sd == null || sd.isNull() || sd.size() < 36) {
            return Optional.empty();
        }
        byte[] matrix = new byte[36];
        sd.data().get(matrix);
        return Optional.of(matrix);
    }

    /** Frames to expect in the window, estimated from the duration and frame rate; 0 if unknown. */
    long estimatedFrames(Duration start, Optional<Duration> duration) {
        double rate = av_q2d(frameRate());
        double total = seconds();
        if (rate <= 0 || total <= 0) {
            return 0;
        }
        double from = Math.min(total, start.toNanos() / 1e9);
        double length = duration.map(d -> Math.min(d.toNanos() / 1e9, total - from)).orElse(total - from);
        return Math.max(0, Math.round(length * rate));
    }

    /** Length of the input in seconds, 0 if unknown. */
    double seconds() {
        if (format.duration() > 0) {
            return format.duration() / 1e6;
        }
        return stream.duration() > 0 ? stream.duration() * av_q2d(stream.time_base()) : 0;
    }

    VideoInfo info() {
        int audio = 0;
        int subtitles = 0;
        for (int i = 0; i < format.nb_streams(); i++) {
            int type = format.streams(i).codecpar().codec_type();
            audio += type == AVMEDIA_TYPE_AUDIO ? 1 : 0;
            subtitles += type == AVMEDIA_TYPE_SUBTITLE ? 1 : 0;
        }
        double rotation = displayMatrix().map(m -> {
            try (IntPointer p = new IntPointer(9)) {
                p.put(toInts(m));
                return av_display_rotation_get(p);
            }
        }).orElse(0.0);
        return new VideoInfo(width(), height(), av_q2d(frameRate()), seconds(),
                avcodec_get_name(stream.codecpar().codec_id()).getString(), Double.isNaN(rotation) ? 0 : rotation,
                audio, subtitles, colour.isHdr());
    }

    private static int[] toInts(byte[] bytes) {
        int[] ints = new int[bytes.length / 4];
        java.nio.ByteBuffer.wrap(bytes).order(java.nio.ByteOrder.nativeOrder()).asIntBuffer().get(ints);
        return ints;
    }

    /**
     * Decodes up to the next frame inside the window.
     *
     * @return false at the end of the window or the stream
     */
    boolean advance() {
        while (!finished) {
            if (!receive()) {
                continue;
            }
            long pts = frame.best_effort_timestamp();
            if (pts == AV_NOPTS_VALUE) {
                pts = lastPts == Long.MIN_VALUE ? firstPts : lastPts + 1;
            }
            if (pts < firstPts || pts < segmentFromPts || pts <= lastPts) {
                continue; // before the start (after a seek), or a repeated timestamp
            }
            if (pts >= endPts || pts >= segmentToPts) {
                finished = true;
                return false;
            }
            lastPts = pts;
            return true;
        }
        return false;
    }

    /** Input timestamp of the current frame (stream time base, the file's own clock). */
    long inputPts() {
        return lastPts;
    }

    /** Output timestamp of the current frame: its input timestamp less the start. */
    long pts() {
        return lastPts - firstPts;
    }

    /**
     * How long the current frame is shown (stream time base): as decoded, else one frame at the
     * nominal rate; 0 if neither is known. Encoders pass it on, so the last frame keeps its length.
     */
    long duration() {
        if (frame.duration() > 0) {
            return frame.duration();
        }
        AVRational rate = frameRate();
        return rate.num() > 0 && rate.den() > 0
                ? av_rescale_q(1, av_make_q(rate.den(), rate.num()), stream.time_base()) : 0;
    }

    /** The stream's ST 2086 mastering display (HDR sources), if it states one. */
    Optional<MasteringDisplay> masteringDisplay() {
        AVCodecParameters par = stream.codecpar();
        AVPacketSideData sd = av_packet_side_data_get(par.coded_side_data(), par.nb_coded_side_data(),
                AV_PKT_DATA_MASTERING_DISPLAY_METADATA);
        if (sd == null || sd.isNull()) {
            return Optional.empty();
        }
        return MasteringDisplay.read(new AVMasteringDisplayMetadata(sd.data()));
    }

    /**
     * The current frame as RGB planes in [0, 1]: through 8-bit RGB for SDR streams, through 16-bit
     * RGB for HDR ones (their 10 bits must not be rounded to 8).
     */
    PlanarImage rgb() {
        int w = frame.width();
        int h = frame.height();
        boolean deep = colour.isHdr();
        toRgb = sws_getCachedContext(toRgb, w, h, frame.format(), w, h, deep ? AV_PIX_FMT_RGB48LE : AV_PIX_FMT_RGB24,
                SWS_BICUBIC | SWS_ACCURATE_RND | SWS_FULL_CHR_H_INT, null, null, (DoublePointer) null);
        if (toRgb == null || toRgb.isNull()) {
            throw new VideoException(file + ": cannot convert its pixel format to RGB");
        }
        Colour used = colour.effective(h);
        IntPointer coefficients = sws_getCoefficients(used.matrix());
        sws_setColorspaceDetails(toRgb, coefficients, used.fullRange() ? 1 : 0, coefficients, 1, 0, 1 << 16, 1 << 16);
        int stride = w * (deep ? 6 : 3);
        if (rgbBytes == null || rgbBytes.length != stride * h) {
            if (rgbNative != null) {
                rgbNative.close();
            }
            rgbNative = new BytePointer((long) stride * h);
            rgbBytes = new byte[stride * h];
        }
        // swscale reads four plane pointers and strides, whatever the format.
        try (PointerPointer<BytePointer> dst = new PointerPointer<>(rgbNative, null, null, null);
             IntPointer dstStride = new IntPointer(new int[] {stride, 0, 0, 0})) {
            sws_scale(toRgb, frame.data(), frame.linesize(), 0, h, dst, dstStride);
        }
        rgbNative.get(rgbBytes);
        return deep ? RgbFrames.toPlanar48(rgbBytes, w, h, stride) : RgbFrames.toPlanar(rgbBytes, w, h, stride);
    }

    /** One step of decoding: true if a frame was received into {@link #frame}. */
    private boolean receive() {
        int ret = avcodec_receive_frame(decoder, frame);
        if (ret == 0) {
            return true;
        }
        if (ret == AVERROR_EOF) {
            finished = true;
            return false;
        }
        if (ret != Ffmpeg.EAGAIN) {
            Ffmpeg.check(ret, file, "cannot decode a video frame");
        }
        if (draining) {
            finished = true;
            return false;
        }
        feed();
        return false;
    }

    /** Sends the next video packet to the decoder, or the end-of-stream marker. */
    private void feed() {
        while (true) {
            int ret = av_read_frame(format, packet);
            if (ret < 0) {
                if (ret != AVERROR_EOF) {
                    Ffmpeg.check(ret, file, "cannot read");
                }
                draining = true;
                Ffmpeg.check(avcodec_send_packet(decoder, null), file, "cannot flush the video decoder");
                return;
            }
            try {
                if (packet.stream_index() != streamIndex) {
                    continue;
                }
                int sent = avcodec_send_packet(decoder, packet);
                // A damaged packet costs a frame, as in FFmpeg's own tools; anything else is an error.
                if (sent != AVERROR_INVALIDDATA) {
                    Ffmpeg.check(sent, file, "cannot decode a video packet");
                }
                return;
            } finally {
                av_packet_unref(packet);
            }
        }
    }

    @Override
    public void close() {
        if (toRgb != null) {
            sws_freeContext(toRgb);
            toRgb = null;
        }
        if (rgbNative != null) {
            rgbNative.close();
            rgbNative = null;
        }
        if (decoder != null) {
            avcodec_free_context(decoder);
        }
        av_frame_free(frame);
        av_packet_free(packet);
        avformat_close_input(format);
    }
}
