package io.sr4j.video;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_FLAG_GLOBAL_HEADER;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_encoder_by_name;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_packet;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_frame;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_RGB24;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_RGB48LE;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P10LE;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_free;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_set;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_get_buffer;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_make_writable;
import static org.bytedeco.ffmpeg.global.avutil.av_make_q;
import static org.bytedeco.ffmpeg.global.swscale.SWS_ACCURATE_RND;
import static org.bytedeco.ffmpeg.global.swscale.SWS_BICUBIC;
import static org.bytedeco.ffmpeg.global.swscale.SWS_FULL_CHR_H_INP;
import static org.bytedeco.ffmpeg.global.swscale.sws_freeContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_getContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_getCoefficients;
import static org.bytedeco.ffmpeg.global.swscale.sws_scale;
import static org.bytedeco.ffmpeg.global.swscale.sws_setColorspaceDetails;

import io.sr4j.color.HdrFormat;
import io.sr4j.image.PlanarImage;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * Encodes RGB frames as 8-bit 4:2:0 video, or 10-bit (HDR, or SDR asked for 10 bits; from 16-bit
 * RGB: no 8-bit step): RGB
 * to YCbCr with the stream's matrix and range, then the chosen encoder. Encoded packets
 * (timestamps in the encoder's time base) go to a consumer.
 */
final class FrameEncoder implements AutoCloseable {
    private final Path file;
    private final EncoderSettings settings;
    private final AVCodecContext context;
    private final AVFrame yuv = av_frame_alloc();
    private final AVPacket packet = av_packet_alloc();
    private final SwsContext toYuv;
    /** Time spent turning float RGB into the encoder's YCbCr (rounding, packing, swscale). */
    private long conversionNanos;
    /** Durations of frames inside the encoder by show time: encoders do not all pass them on. */
    private final java.util.Map<Long, Long> durations = new java.util.HashMap<>();
    private BytePointer rgbNative;
    private byte[] rgbBytes;

    /**
     * @param file         named in error messages
     * @param globalHeader the container stores codec headers once (not in every key frame)
     */
    FrameEncoder(Path file, EncoderSettings settings, boolean globalHeader) {
        this.file = file;
        this.settings = settings;
        AVCodec codec = avcodec_find_encoder_by_name(settings.encoder());
        if (codec == null || codec.isNull()) {
            throw new VideoException("no " + settings.encoder() + " encoder in the FFmpeg natives");
        }
        context = avcodec_alloc_context3(codec);
        int w = settings.width();
        int h = settings.height();
        context.width(w);
        context.height(h);
        int yuvFormat = settings.bitDepth() == 10 ? AV_PIX_FMT_YUV420P10LE : AV_PIX_FMT_YUV420P;
        context.pix_fmt(yuvFormat);
        context.time_base(av_make_q(settings.timeBaseNum(), settings.timeBaseDen()));
        if (settings.frameRateNum() > 0) {
            context.framerate(av_make_q(settings.frameRateNum(), settings.frameRateDen()));
        }
        if (settings.sarNum() > 0) {
            context.sample_aspect_ratio(av_make_q(settings.sarNum(), settings.sarDen()));
        }
        Colour colour = settings.colour();
        context.colorspace(colour.matrix());
        context.color_primaries(colour.primaries());
        context.color_trc(colour.transfer());
        context.color_range(colour.range());
        context.chroma_sample_location(colour.chromaLocation());
        context.gop_size(settings.keyInterval());
        if (globalHeader) {
            context.flags(context.flags() | AV_CODEC_FLAG_GLOBAL_HEADER);
        }
        AVDictionary options = new AVDictionary(null);
        try {
            encoderOptions(options);
            Ffmpeg.check(avcodec_open2(context, codec, options), file, "cannot open the " + settings.encoder()
                    + " encoder for " + w + "x" + h);
        } catch (RuntimeException e) {
            avcodec_free_context(context);
            throw e;
        } finally {
            av_dict_free(options);
        }
        yuv.format(yuvFormat);
        yuv.width(w);
        yuv.height(h);
        Ffmpeg.check(av_frame_get_buffer(yuv, 0), file, "out of memory for a " + w + "x" + h + " frame");
        toYuv = sws_getContext(w, h, settings.bitDepth() == 10 ? AV_PIX_FMT_RGB48LE : AV_PIX_FMT_RGB24, w, h, yuvFormat,
                SWS_BICUBIC | SWS_ACCURATE_RND | SWS_FULL_CHR_H_INP, null, null, (DoublePointer) null);
        IntPointer coefficients = sws_getCoefficients(colour.matrix());
        sws_setColorspaceDetails(toYuv, coefficients, 1, coefficients, colour.fullRange() ? 1 : 0, 0, 1 << 16, 1 << 16);
    }

    private void encoderOptions(AVDictionary options) {
        switch (settings.encoder()) {
            case "libx264" -> {
                av_dict_set(options, "crf", Integer.toString(settings.crf()), 0);
                av_dict_set(options, "preset", settings.preset(), 0);
            }
            case "libx265" -> {
                av_dict_set(options, "crf", Integer.toString(settings.crf()), 0);
                av_dict_set(options, "preset", settings.preset(), 0);
                // x265 prints its settings at info level; only its errors belong on the user's console.
                av_dict_set(options, "x265-params", "log-level=error" + hdrParams(), 0);
            }
            default -> {
                // libopenh264 has no constant-quality mode: about 0.1 bit per pixel per frame at 24 fps.
                long bits = (long) settings.width() * settings.height() * 24 / 10;
                context.bit_rate(bits);
            }
        }
    }

    /**
     * x265's HDR10 signalling: the mastering display (BT.2020 primaries, D65, the chosen peak, PQ's
     * 0.0001 cd/m² black) as SEI. MaxCLL/MaxFALL are not known until every frame is written: the
     * container carries them, measured ({@link Remuxer}).
     */
    private String hdrParams() {
        HdrOutput hdr = settings.hdr();
        if (hdr == null || hdr.target().format() != HdrFormat.HDR10) {
            return "";
        }
        return ":hdr10=1:master-display=" + hdr.display().x265();
    }

    AVCodecContext context() {
        return context;
    }

    /**
     * Encodes one frame shown at {@code pts} for {@code duration} (encoder time base; 0 if unknown);
     * ready packets go to {@code sink}. The
     * frame may be one pixel wider or taller than the encoder's size (4:2:0 needs even sizes): the
     * last column or row is then left out.
     */
    void encode(PlanarImage rgb, long pts, long duration, Consumer<AVPacket> sink) {
        int extraWidth = rgb.width() - settings.width();
        int extraHeight = rgb.height() - settings.height();
        if (extraWidth < 0 || extraWidth > 1 || extraHeight < 0 || extraHeight > 1) {
            throw new VideoException(file + ": frame of " + rgb.width() + "x" + rgb.height() + ", expected "
                    + settings.width() + "x" + settings.height());
        }
        long t0 = System.nanoTime();
        boolean deep = settings.bitDepth() == 10;
        int stride = rgb.width() * (deep ? 6 : 3);
        if (rgbBytes == null || rgbBytes.length != stride * rgb.height()) {
            if (rgbNative != null) {
                rgbNative.close();
            }
            rgbBytes = new byte[stride * rgb.height()];
            // swscale's vector code reads a little past the last pixel: pad, and zero the padding so the
            // output never depends on leftover memory.
            rgbNative = new BytePointer(rgbBytes.length + 64L);
            rgbNative.zero();
        }
        if (deep) {
            RgbFrames.toRgb48(rgb, rgbBytes, stride);
        } else {
            RgbFrames.toRgb24(rgb, rgbBytes, stride);
        }
        rgbNative.put(rgbBytes);
        Ffmpeg.check(av_frame_make_writable(yuv), file, "cannot reuse the frame buffer");
        // swscale reads four plane pointers and strides, whatever the format.
        try (PointerPointer<BytePointer> src = new PointerPointer<>(rgbNative, null, null, null);
             IntPointer srcStride = new IntPointer(new int[] {stride, 0, 0, 0})) {
            sws_scale(toYuv, src, srcStride, 0, settings.height(), yuv.data(), yuv.linesize());
        }
        conversionNanos += System.nanoTime() - t0;
        yuv.pts(pts);
        yuv.duration(duration);
        durations.put(pts, duration);
        Ffmpeg.check(avcodec_send_frame(context, yuv), file, "cannot encode a frame");
        drain(sink);
    }

    /** Nanoseconds spent so far converting float RGB to the encoder's YCbCr (not encoding). */
    long conversionNanos() {
        return conversionNanos;
    }

    /** Flushes the encoder's delayed frames to {@code sink}. */
    void flush(Consumer<AVPacket> sink) {
        Ffmpeg.check(avcodec_send_frame(context, null), file, "cannot flush the encoder");
        drain(sink);
    }

    private void drain(Consumer<AVPacket> sink) {
        while (true) {
            int ret = avcodec_receive_packet(context, packet);
            if (ret == Ffmpeg.EAGAIN || ret == AVERROR_EOF) {
                return;
            }
            Ffmpeg.check(ret, file, "cannot encode");
            Long duration = durations.remove(packet.pts());
            if (packet.duration() <= 0 && duration != null) {
                packet.duration(duration);
            }
            try {
                sink.accept(packet);
            } finally {
                av_packet_unref(packet);
            }
        }
    }

    @Override
    public void close() {
        sws_freeContext(toYuv);
        if (rgbNative != null) {
            rgbNative.close();
        }
        av_frame_free(yuv);
        av_packet_free(packet);
        avcodec_free_context(context);
    }
}
