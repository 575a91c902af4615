package io.sr4j.video;

import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avformat.av_read_frame;
import static org.bytedeco.ffmpeg.global.avformat.avformat_close_input;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_AUDIO;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;

/** What a test reads back from a media file: stream parameters and every packet's bytes. */
record MediaFile(int width, int height, double seconds, int colourMatrix, int colourPrimaries,
                 List<byte[]> videoPackets, List<byte[]> audioPackets, int audioStreams) {

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
            while (av_read_frame(format, packet) >= 0) {
                byte[] bytes = new byte[packet.size()];
                packet.data().get(bytes);
                if (packet.stream_index() == video) {
                    videoPackets.add(bytes);
                } else if (packet.stream_index() == audio) {
                    audioPackets.add(bytes);
                }
                av_packet_unref(packet);
            }
            AVCodecParameters par = format.streams(video).codecpar();
            return new MediaFile(par.width(), par.height(), format.duration() / 1e6, par.color_space(),
                    par.color_primaries(), videoPackets, audioPackets, audioStreams);
        } finally {
            av_packet_free(packet);
            avformat_close_input(format);
        }
    }
}
