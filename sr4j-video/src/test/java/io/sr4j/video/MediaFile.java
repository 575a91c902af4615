package io.sr4j.video;

import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avformat.av_read_frame;
import static org.bytedeco.ffmpeg.global.avformat.avformat_close_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_open_input;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_AUDIO;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;
import static org.bytedeco.ffmpeg.global.avutil.av_q2d;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVInputFormat;
import org.bytedeco.ffmpeg.avutil.AVDictionary;

/**
 * What a test reads back from a media file: stream parameters and every packet's bytes.
 *
 * @param audioSeconds the summed durations of the first audio stream's packets (0 without audio)
 */
record MediaFile(int width, int height, double seconds, int colourMatrix, int colourPrimaries,
                 List<byte[]> videoPackets, List<byte[]> audioPackets, int audioStreams, double audioSeconds) {

    /**
     * The colour matrix and primaries the container itself states for the first video stream (Matroska
     * Colour, MP4 colr), as its header says them: {@link #read} also decodes a little, and the
     * decoder's values (from the h264 bitstream) then replace the container's.
     */
    static List<Integer> containerColour(Path file) {
        Ffmpeg.init();
        AVFormatContext format = new AVFormatContext(null);
        Ffmpeg.check(avformat_open_input(format, file.toString(), (AVInputFormat) null, (AVDictionary) null), file,
                "cannot open");
        try {
            for (int i = 0; i < format.nb_streams(); i++) {
                AVCodecParameters par = format.streams(i).codecpar();
                if (par.codec_type() == AVMEDIA_TYPE_VIDEO) {
                    return List.of(par.color_space(), par.color_primaries());
                }
            }
            throw new AssertionError(file + " has no video stream");
        } finally {
            avformat_close_input(format);
        }
    }

    static MediaFile read(Path file) {
        AVFormatContext format = Ffmpeg.openInput(file);
        AVPacket packet = av_packet_alloc();
        try {
            int video = -1;
            int audio = -1;
            int audioStreams = 0;
            for (int i = 0; i < format.nb_streams(); i++) {
                int type = format.streams(i).codecpar().codec_type();
                if (type == AVMEDIA_TYPE_VIDEO && video < 0) {
                    video = i;
                }
                if (type == AVMEDIA_TYPE_AUDIO) {
                    audioStreams++;
                    audio = audio < 0 ? i : audio;
                }
            }
            List<byte[]> videoPackets = new ArrayList<>();
            List<byte[]> audioPackets = new ArrayList<>();
            long audioTicks = 0;
            while (av_read_frame(format, packet) >= 0) {
                byte[] bytes = new byte[packet.size()];
                packet.data().get(bytes);
                if (packet.stream_index() == video) {
                    videoPackets.add(bytes);
                } else if (packet.stream_index() == audio) {
                    audioPackets.add(bytes);
                    audioTicks += packet.duration();
                }
                av_packet_unref(packet);
            }
            AVCodecParameters par = format.streams(video).codecpar();
            double audioSeconds = audio < 0 ? 0 : audioTicks * av_q2d(format.streams(audio).time_base());
            return new MediaFile(par.width(), par.height(), format.duration() / 1e6, par.color_space(),
                    par.color_primaries(), videoPackets, audioPackets, audioStreams, audioSeconds);
        } finally {
            av_packet_free(packet);
            avformat_close_input(format);
        }
    }
}
