package io.sr4j.video;

import static org.bytedeco.ffmpeg.global.avformat.AVFMT_NOFILE;
import static org.bytedeco.ffmpeg.global.avformat.AVIO_FLAG_WRITE;
import static org.bytedeco.ffmpeg.global.avformat.av_guess_format;
import static org.bytedeco.ffmpeg.global.avformat.av_interleaved_write_frame;
import static org.bytedeco.ffmpeg.global.avformat.av_write_trailer;
import static org.bytedeco.ffmpeg.global.avformat.avformat_alloc_output_context2;
import static org.bytedeco.ffmpeg.global.avformat.avformat_free_context;
import static org.bytedeco.ffmpeg.global.avformat.avformat_new_stream;
import static org.bytedeco.ffmpeg.global.avformat.avformat_write_header;
import static org.bytedeco.ffmpeg.global.avformat.avio_closep;
import static org.bytedeco.ffmpeg.global.avformat.avio_open;

import java.nio.file.Path;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIOContext;
import org.bytedeco.ffmpeg.avformat.AVOutputFormat;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;

/**
 * An FFmpeg output file: add streams, {@link #writeHeader()}, {@link #write} packets,
 * {@link #finish()}. The container comes from a name (its extension) that may differ from the file
 * actually written, so a temporary file can be named anything. Close frees it either way.
 */
final class Muxer implements AutoCloseable {
    private final Path file;
    private final AVFormatContext context;
    private boolean opened;

    private Muxer(Path file, AVFormatContext context) {
        this.file = file;
        this.context = context;
    }

    /** The container FFmpeg would write for {@code name}, by its extension; null if none. */
    static AVOutputFormat formatFor(String name) {
        Ffmpeg.init();
        AVOutputFormat format = av_guess_format(null, name, null);
        return format == null || format.isNull() ? null : format;
    }

    /** Prepares {@code file} as a {@code format} container; nothing is written before {@link #writeHeader()}. */
    static Muxer create(Path file, AVOutputFormat format) {
        Ffmpeg.init();
        AVFormatContext context = new AVFormatContext(null);
        Ffmpeg.check(avformat_alloc_output_context2(context, format, (String) null, file.toString()), file,
                "cannot set up the output");
        return new Muxer(file, context);
    }

    AVFormatContext context() {
        return context;
    }

    Path file() {
        return file;
    }

    /** True if the container stores codec headers once (the encoder must then emit global headers). */
    boolean wantsGlobalHeader() {
        return (context.oformat().flags() & org.bytedeco.ffmpeg.global.avformat.AVFMT_GLOBALHEADER) != 0;
    }

    AVStream addStream() {
        AVStream stream = avformat_new_stream(context, (AVCodec) null);
        if (stream == null || stream.isNull()) {
            throw new VideoException(file + ": cannot add a stream");
        }
        return stream;
    }

    /** Opens the file and writes the container header; streams' time bases may change here. */
    void writeHeader() {
        if ((context.oformat().flags() & AVFMT_NOFILE) == 0) {
            AVIOContext io = new AVIOContext(null);
            Ffmpeg.check(avio_open(io, file.toString(), AVIO_FLAG_WRITE), file, "cannot create");
            context.pb(io);
            opened = true;
        }
        Ffmpeg.check(avformat_write_header(context, (AVDictionary) null), file, "cannot write the container header");
    }

    /** Writes one packet (timestamps in its stream's time base); the muxer takes the packet's data. */
    void write(AVPacket packet) {
        Ffmpeg.check(av_interleaved_write_frame(context, packet), file, "cannot write");
    }

    /** Writes the trailer; the file is complete after this. */
    void finish() {
        Ffmpeg.check(av_write_trailer(context), file, "cannot finish writing");
    }

    @Override
    public void close() {
        if (opened) {
            avio_closep(context.pb());
            context.pb(null);
            opened = false;
        }
        avformat_free_context(context);
    }
}
