package io.sr4j.video;

import static org.bytedeco.ffmpeg.global.avcodec.AV_INPUT_BUFFER_PADDING_SIZE;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_ref;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_packet;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_RGB48LE;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_mallocz;
import static org.bytedeco.ffmpeg.global.swscale.SWS_BICUBIC;
import static org.bytedeco.ffmpeg.global.swscale.SWS_CS_BT2020;
import static org.bytedeco.ffmpeg.global.swscale.sws_freeContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_getCachedContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_getCoefficients;
import static org.bytedeco.ffmpeg.global.swscale.sws_scale;
import static org.bytedeco.ffmpeg.global.swscale.sws_setColorspaceDetails;

import io.sr4j.color.ContentLightLevel;
import io.sr4j.color.LightMeter;
import java.nio.file.Path;
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
import org.bytedeco.javacpp.ShortPointer;

/**
 * The content light level of an HDR segment as it decodes: every packet the encoder gives is also
 * decoded here and each decoded frame measured. Measuring before the encoder
 * misses what coding does to the brightest pixels, which sit at saturated edges where 4:2:0 and
 * the codec both overshoot: on the test clip the encoder's input said 178 cd/m², its decode 184.
 */
final class DecodedLight implements AutoCloseable {
    private final Path file;
    private final AVCodecContext decoder;
    private final AVFrame frame = av_frame_alloc();
    private final AVPacket copy = av_packet_alloc();
    private final LightMeter meter;
    private SwsContext toRgb;
    private BytePointer rgbNative;
    private short[] rgb = new short[0];
    private ContentLightLevel level = ContentLightLevel.NONE;

    DecodedLight(Path file, AVCodecContext encoder, HdrOutput hdr) {
        this.file = file;
        this.meter = new LightMeter(hdr.target().format(), hdr.target().peakNits());
        AVCodec codec = avcodec_find_decoder(encoder.codec_id());
        if (codec == null || codec.isNull()) {
            throw new VideoException("no decoder for the encoded video in the FFmpeg natives");
        }
        decoder = avcodec_alloc_context3(codec);
        decoder.width(encoder.width());
        decoder.height(encoder.height());
        decoder.pix_fmt(encoder.pix_fmt());
        int size = encoder.extradata_size();
        if (size > 0) {
            BytePointer headers = new BytePointer(av_mallocz(size + AV_INPUT_BUFFER_PADDING_SIZE));
            byte[] bytes = new byte[size];
            encoder.extradata().get(bytes);
            headers.put(bytes);
            decoder.extradata(headers);
            decoder.extradata_size(size);
        }
        decoder.thread_count(1); // the encoder and the network have the cores
        Ffmpeg.check(avcodec_open2(decoder, codec, (AVDictionary) null), file, "cannot open a decoder to measure "
                + "the light level");
    }

    /** Decodes {@code packet} (left as it is) and measures the frames it completes. */
    void accept(AVPacket packet) {
        Ffmpeg.check(av_packet_ref(copy, packet), file, "out of memory for a packet");
        try {
            Ffmpeg.check(avcodec_send_packet(decoder, copy), file, "cannot decode what was encoded");
        } finally {
            av_packet_unref(copy);
        }
        drain();
    }

    /** Decodes what is left and returns the level of every frame decoded. */
    ContentLightLevel finish() {
        Ffmpeg.check(avcodec_send_packet(decoder, (AVPacket) null), file, "cannot flush the measuring decoder");
        drain();
        return level;
    }

    private void drain() {
        while (true) {
            int ret = avcodec_receive_frame(decoder, frame);
            if (ret == Ffmpeg.EAGAIN || ret == AVERROR_EOF) {
                return;
            }
            Ffmpeg.check(ret, file, "cannot decode what was encoded");
            level = level.combine(measure(frame));
        }
    }

    /**
     * One decoded frame's level: converted to 16-bit R'G'B' as FFmpeg's own converter does for a
     * player or {@code ffmpeg -vf format=rgb48le} (bicubic chroma upsampling, BT.2020, limited to full
     * range), then measured. The maximum sits at saturated edges, where the chroma upsampler decides
     * how far R'G'B' overshoots; a simple linear upsampler said up to 365 cd/m² where FFmpeg's gives 261.
     */
    private ContentLightLevel measure(AVFrame yuv) {
        int w = yuv.width();
        int h = yuv.height();
        toRgb = sws_getCachedContext(toRgb, w, h, yuv.format(), w, h, AV_PIX_FMT_RGB48LE, SWS_BICUBIC, null, null,
                (DoublePointer) null);
        IntPointer coefficients = sws_getCoefficients(SWS_CS_BT2020);
        sws_setColorspaceDetails(toRgb, coefficients, 0, coefficients, 1, 0, 1 << 16, 1 << 16);
        int stride = w * 6;
        if (rgb.length != w * h * 3) {
            if (rgbNative != null) {
                rgbNative.close();
            }
            rgbNative = new BytePointer((long) stride * h + 64);
            rgb = new short[w * h * 3];
        }
        try (PointerPointer<BytePointer> dst = new PointerPointer<>(rgbNative, null, null, null);
             IntPointer dstStride = new IntPointer(new int[] {stride, 0, 0, 0})) {
            sws_scale(toRgb, yuv.data(), yuv.linesize(), 0, h, dst, dstStride);
        }
        new ShortPointer(rgbNative).capacity((long) w * h * 3).get(rgb);
        for (int i = 0; i < rgb.length; i += 3) {
            meter.add((rgb[i] & 0xFFFF) / 65535.0, (rgb[i + 1] & 0xFFFF) / 65535.0, (rgb[i + 2] & 0xFFFF) / 65535.0);
        }
        return meter.takeFrame();
    }

    @Override
    public void close() {
        sws_freeContext(toRgb);
        if (rgbNative != null) {
            rgbNative.close();
        }
        av_frame_free(frame);
        av_packet_free(copy);
        avcodec_free_context(decoder);
    }
}
