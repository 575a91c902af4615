package io.sr4j.video;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_HEVC;
import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_DATA_CONTENT_LIGHT_LEVEL;
import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_DATA_DISPLAYMATRIX;
import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_DATA_MASTERING_DISPLAY_METADATA;
import static org.bytedeco.ffmpeg.global.avcodec.FF_COMPLIANCE_NORMAL;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_rescale_ts;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_side_data_new;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_get_name;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_copy;
import static org.bytedeco.ffmpeg.global.avformat.AVSEEK_FLAG_BACKWARD;
import static org.bytedeco.ffmpeg.global.avformat.AV_DISPOSITION_ATTACHED_PIC;
import static org.bytedeco.ffmpeg.global.avformat.av_read_frame;
import static org.bytedeco.ffmpeg.global.avformat.av_seek_frame;
import static org.bytedeco.ffmpeg.global.avformat.avformat_close_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_query_codec;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_AUDIO;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_SUBTITLE;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.av_compare_ts;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_copy;
import static org.bytedeco.ffmpeg.global.avutil.av_make_q;
import static org.bytedeco.ffmpeg.global.avutil.av_rescale_q;

import io.sr4j.color.ContentLightLevel;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avcodec.AVPacketSideData;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVOutputFormat;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVContentLightMetadata;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVMasteringDisplayMetadata;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.PointerPointer;

/**
 * Writes the final output: the upscaled video, joined from its segments by copying packets, and
 * the input's audio and subtitle streams copied packet for packet (never re-encoded), cut to the
 * same window and shifted by the same offset as the video. Packets of the two sides are written in
 * time order as they are read, so memory stays flat whatever the length.
 */
final class Remuxer {
    private static final AVRational MICROSECONDS = av_make_q(1, 1_000_000);

    /**
     * What the remux needs to know about the run.
     *
     * @param input         the original file
     * @param videoStream   index of its upscaled video stream (not copied)
     * @param windowStart   start of the window, microseconds on the input's own clock (origin included);
     *                      the output's time zero
     * @param cutStart      drop packets before {@code windowStart}; false when the window starts at the
     *                      beginning, so packets before the origin (audio priming) are kept as they are
     * @param windowEnd     end of the window, same clock; {@link Long#MAX_VALUE} for the end of the input
     * @param colour        colour description of the encoded video
     * @param displayMatrix the input's rotation, written on the output video stream
     * @param hdr           HDR static metadata for the output video stream, or empty for SDR
     */
    record Plan(Path input, int videoStream, long windowStart, boolean cutStart, long windowEnd, Colour colour,
                Optional<byte[]> displayMatrix, Optional<HdrMetadata> hdr) {
    }

    /**
     * HDR10 static metadata as stream side data: the container (MP4 {@code mdcv}/{@code clli},
     * Matroska's Colour element) carries it for the whole programme. MaxCLL/MaxFALL are the
     * segments' measured levels combined, so they are right however many runs made the segments.
     */
    record HdrMetadata(MasteringDisplay display, ContentLightLevel light) {
    }

    private Remuxer() {
    }

    /**
     * Writes {@code output} (container {@code format}) from {@code segments} and the input's other streams.
     *
     * @param warnings told about input streams the container cannot hold (they are left out)
     */
    static void write(Plan plan, List<Path> segments, Path output, AVOutputFormat format, Consumer<String> warnings) {
        if (segments.isEmpty()) {
            throw new VideoException(plan.input() + ": no video frames in the chosen window");
        }
        AVFormatContext input = Ffmpeg.openInput(plan.input());
        AVPacket packet = av_packet_alloc();
        try (Muxer muxer = Muxer.create(output, format);
             SegmentChain video = new SegmentChain(segments)) {
            AVStream videoOut = addVideo(muxer, video, plan);
            int[] mapping = addCopiedStreams(muxer, input, plan, format, warnings);
            muxer.writeHeader();
            if (plan.cutStart()) {
                av_seek_frame(input, -1, plan.windowStart(), AVSEEK_FLAG_BACKWARD); // best effort: filtered below
            }
            boolean inputLeft = nextCopied(input, packet, mapping, plan, muxer);
            AVPacket videoPacket = video.next(videoOut.time_base());
            while (videoPacket != null || inputLeft) {
                boolean takeVideo = videoPacket != null && (!inputLeft || av_compare_ts(videoPacket.dts(),
                        videoOut.time_base(), packet.dts(), muxer.context().streams(packet.stream_index()).time_base())
                        <= 0);
                if (takeVideo) {
                    videoPacket.stream_index(videoOut.index());
                    muxer.write(videoPacket);
                    videoPacket = video.next(videoOut.time_base());
                } else {
                    muxer.write(packet);
                    inputLeft = nextCopied(input, packet, mapping, plan, muxer);
                }
            }
            muxer.finish();
        } finally {
            av_packet_free(packet);
            avformat_close_input(input);
        }
    }

    private static AVStream addVideo(Muxer muxer, SegmentChain video, Plan plan) {
        AVStream out = muxer.addStream();
        AVCodecParameters par = out.codecpar();
        video.describe(par);
        boolean mp4 = muxer.context().oformat().name().getString().matches(".*(mp4|mov).*");
        // hvc1 (headers only in the sample description) is what Apple players accept.
        par.codec_tag(par.codec_id() == AV_CODEC_ID_HEVC && mp4 ? mkTag('h', 'v', 'c', '1') : 0);
        Colour colour = plan.colour();
        par.color_space(colour.matrix());
        par.color_primaries(colour.primaries());
        par.color_trc(colour.transfer());
        par.color_range(colour.range());
        par.chroma_location(colour.chromaLocation());
        out.time_base(video.timeBase());
        out.avg_frame_rate(par.framerate());
        plan.displayMatrix().ifPresent(matrix -> addSideData(par, AV_PKT_DATA_DISPLAYMATRIX, matrix.length,
                data -> data.capacity(matrix.length).put(matrix)));
        plan.hdr().ifPresent(hdr -> {
            addSideData(par, AV_PKT_DATA_MASTERING_DISPLAY_METADATA, Loader.sizeof(AVMasteringDisplayMetadata.class),
                    data -> hdr.display().fill(new AVMasteringDisplayMetadata(data)));
            addSideData(par, AV_PKT_DATA_CONTENT_LIGHT_LEVEL, Loader.sizeof(AVContentLightMetadata.class), data -> {
                AVContentLightMetadata level = new AVContentLightMetadata(data);
                level.MaxCLL(hdr.light().maxCllNits());
                level.MaxFALL(hdr.light().maxFallNits());
            });
        });
        return out;
    }

    private static int mkTag(char a, char b, char c, char d) {
        return a | b << 8 | c << 16 | d << 24;
    }

    /** Adds stream side data of {@code type} and {@code size} bytes, filled in by {@code fill}. */
    private static void addSideData(AVCodecParameters par, int type, long size,
                                    Consumer<BytePointer> fill) {
        try (PointerPointer<AVPacketSideData> list = new PointerPointer<>(1);
             IntPointer count = new IntPointer(1)) {
            list.put(0, par.coded_side_data());
            count.put(par.nb_coded_side_data());
            AVPacketSideData sd = av_packet_side_data_new(list, count, type, size, 0);
            if (sd == null || sd.isNull()) {
                throw new VideoException("out of memory for the stream's side data");
            }
            fill.accept(sd.data());
            par.coded_side_data(new AVPacketSideData(list.get(0)));
            par.nb_coded_side_data(count.get());
        }
    }

    /** Adds an output stream for each audio and subtitle stream; returns input index → output index (-1: not copied). */
    private static int[] addCopiedStreams(Muxer muxer, AVFormatContext input, Plan plan, AVOutputFormat format,
                                          Consumer<String> warnings) {
        int[] mapping = new int[input.nb_streams()];
        for (int i = 0; i < mapping.length; i++) {
            mapping[i] = -1;
            AVStream in = input.streams(i);
            AVCodecParameters par = in.codecpar();
            int type = par.codec_type();
            if (i == plan.videoStream() || (type != AVMEDIA_TYPE_AUDIO && type != AVMEDIA_TYPE_SUBTITLE)
                    || (in.disposition() & AV_DISPOSITION_ATTACHED_PIC) != 0) {
                continue;
            }
            if (avformat_query_codec(format, par.codec_id(), FF_COMPLIANCE_NORMAL) == 0) {
                warnings.accept(plan.input() + ": stream " + i + " (" + avcodec_get_name(par.codec_id()).getString()
                        + ") cannot go into a ." + muxer.context().oformat().name().getString()
                        + " output and is left out; choose .mkv to keep it");
                continue;
            }
            AVStream out = muxer.addStream();
            Ffmpeg.check(avcodec_parameters_copy(out.codecpar(), par), muxer.file(), "cannot copy stream " + i);
            out.codecpar().codec_tag(0);
            out.time_base(in.time_base());
            out.disposition(in.disposition());
            AVDictionary metadata = new AVDictionary(null);
            av_dict_copy(metadata, in.metadata(), 0);
            out.metadata(metadata);
            mapping[i] = out.index();
        }
        return mapping;
    }

    /**
     * Reads the input's next packet of a copied stream inside the window into {@code packet}, made
     * ready for the output: timestamps shifted to the output's clock, in the output stream's time
     * base, stream index the output's.
     *
     * @return false at the end of the input or the window
     */
    private static boolean nextCopied(AVFormatContext input, AVPacket packet, int[] mapping, Plan plan, Muxer muxer) {
        while (true) {
            av_packet_unref(packet);
            int ret = av_read_frame(input, packet);
            if (ret == AVERROR_EOF) {
                return false;
            }
            Ffmpeg.check(ret, plan.input(), "cannot read");
            int index = packet.stream_index();
            if (index >= mapping.length || mapping[index] < 0) {
                continue;
            }
            AVRational tb = input.streams(index).time_base();
            long time = packet.pts() != AV_NOPTS_VALUE ? packet.pts() : packet.dts();
            if (time == AV_NOPTS_VALUE) {
                continue;
            }
            long micros = av_rescale_q(time, tb, MICROSECONDS);
            if (plan.cutStart() && micros < plan.windowStart()) {
                continue;
            }
            if (micros >= plan.windowEnd()) {
                continue; // read on: another stream's packets may still be inside the window
            }
            long shift = av_rescale_q(plan.windowStart(), MICROSECONDS, tb);
            if (packet.pts() != AV_NOPTS_VALUE) {
                packet.pts(packet.pts() - shift);
            }
            if (packet.dts() != AV_NOPTS_VALUE) {
                packet.dts(packet.dts() - shift);
            }
            packet.pos(-1);
            av_packet_rescale_ts(packet, tb, muxer.context().streams(mapping[index]).time_base());
            packet.stream_index(mapping[index]);
            return true;
        }
    }

    /** The segments' packets in order, as one stream in the first segment's time base. */
    private static final class SegmentChain implements AutoCloseable {
        private final Iterator<Path> files;
        private final AVPacket packet = av_packet_alloc();
        private final AVRational timeBase;
        private SegmentFile.Reader current;
        private SegmentFile.Reader first;

        SegmentChain(List<Path> segments) {
            this.files = segments.iterator();
            first = new SegmentFile.Reader(files.next());
            current = first;
            timeBase = av_make_q(first.timeBaseNum(), first.timeBaseDen());
        }

        /** Describes the chain's video stream (codec, size, codec headers). */
        void describe(AVCodecParameters par) {
            first.describe(par);
        }

        AVRational timeBase() {
            return timeBase;
        }

        /** The next packet, timestamps in {@code tb}; null at the end. */
        AVPacket next(AVRational tb) {
            while (true) {
                av_packet_unref(packet);
                if (current.read(packet)) {
                    av_packet_rescale_ts(packet, timeBase, tb);
                    return packet;
                }
                current.close();
                if (!files.hasNext()) {
                    return null;
                }
                current = new SegmentFile.Reader(files.next());
            }
        }

        @Override
        public void close() {
            av_packet_free(packet);
            current.close();
            first.close();
        }
    }
}
