package io.sr4j.video;

import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_ERROR;
import static org.bytedeco.ffmpeg.global.avutil.av_log_set_level;
import static org.bytedeco.ffmpeg.global.avutil.av_strerror;

import static org.bytedeco.ffmpeg.global.avformat.avformat_close_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_find_stream_info;
import static org.bytedeco.ffmpeg.global.avformat.avformat_open_input;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVInputFormat;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.javacpp.PointerPointer;

/** Small helpers around FFmpeg's C API: return codes to exceptions, one-time library set-up. */
final class Ffmpeg {
    /** {@code AVERROR(EAGAIN)} on Linux: the codec wants input (or output) drained first. */
    static final int EAGAIN = -11;

    static {
        // FFmpeg logs warnings for ordinary things (e.g. guessed timestamps); sr4j reports real failures
        // itself, with the file named.
        av_log_set_level(AV_LOG_ERROR);
    }

    private Ffmpeg() {
    }

    /** Loads the natives and sets the log level; call before the first FFmpeg function. */
    static void init() {
        // The static initialiser does the work.
    }

    /**
     * Opens a media file for reading and reads its stream info; close it with {@code avformat_close_input}.
     *
     * @throws VideoException if it is missing or not a media file FFmpeg reads
     */
    static AVFormatContext openInput(Path file) {
        init();
        if (!Files.isRegularFile(file)) {
            throw new VideoException(file + ": no such file");
        }
        AVFormatContext format = new AVFormatContext(null);
        check(avformat_open_input(format, file.toString(), (AVInputFormat) null, (AVDictionary) null), file,
                "cannot open as a video");
        try {
            check(avformat_find_stream_info(format, (PointerPointer<?>) null), file, "cannot read the stream info");
        } catch (RuntimeException e) {
            avformat_close_input(format);
            throw e;
        }
        return format;
    }

    /** Throws a {@link VideoException} "FILE: WHAT (ffmpeg's reason)" if {@code ret} is an error code. */
    static int check(int ret, Path file, String what) {
        if (ret < 0) {
            throw new VideoException(file + ": " + what + " (" + describe(ret) + ")");
        }
        return ret;
    }

    /** FFmpeg's text for an error code. */
    static String describe(int ret) {
        byte[] buffer = new byte[256];
        if (av_strerror(ret, buffer, buffer.length) < 0) {
            return "error " + ret;
        }
        int end = 0;
        while (end < buffer.length && buffer[end] != 0) {
            end++;
        }
        return new String(buffer, 0, end, StandardCharsets.UTF_8);
    }
}
