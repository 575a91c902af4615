package io.sr4j.video;

import static org.bytedeco.ffmpeg.global.avcodec.AV_INPUT_BUFFER_PADDING_SIZE;
import static org.bytedeco.ffmpeg.global.avcodec.av_new_packet;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;
import static org.bytedeco.ffmpeg.global.avutil.av_make_q;
import static org.bytedeco.ffmpeg.global.avutil.av_mallocz;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.javacpp.BytePointer;

/**
 * sr4j's own file of one encoded segment: the encoder's stream description (codec, size, time
 * base, codec headers) and then the packets as the encoder gave them (show and decode times,
 * flags, bytes). A container would do, but those sr4j could use either do not store decode times
 * (NUT, Matroska: they are rebuilt on reading, and lost for the first B-frame packets) or round
 * time bases (MPEG-TS); the join must copy packets exactly.
 */
final class SegmentFile {
    static final String EXTENSION = "sr4jseg";
    private static final long MAGIC = 0x5352344A53454731L; // "SR4JSEG1"

    private SegmentFile() {
    }

    /** Writes a segment: the header on creation, then one call per packet. */
    static final class Writer {
        private final DataOutputStream out;
        private byte[] buffer = new byte[0];

        Writer(OutputStream stream, AVCodecContext encoder) throws IOException {
            out = new DataOutputStream(new BufferedOutputStream(stream, 1 << 16));
            out.writeLong(MAGIC);
            out.writeInt(encoder.codec_id());
            out.writeInt(encoder.width());
            out.writeInt(encoder.height());
            out.writeInt(encoder.pix_fmt());
            out.writeInt(encoder.profile());
            out.writeInt(encoder.level());
            out.writeInt(encoder.time_base().num());
            out.writeInt(encoder.time_base().den());
            out.writeInt(encoder.framerate().num());
            out.writeInt(encoder.framerate().den());
            out.writeInt(encoder.sample_aspect_ratio().num());
            out.writeInt(encoder.sample_aspect_ratio().den());
            out.writeInt(encoder.has_b_frames());
            byte[] extradata = new byte[Math.max(0, encoder.extradata_size())];
            if (extradata.length > 0) {
                encoder.extradata().get(extradata);
            }
            out.writeInt(extradata.length);
            out.write(extradata);
        }

        void write(AVPacket packet) throws IOException {
            int size = packet.size();
            if (buffer.length < size) {
                buffer = new byte[size];
            }
            packet.data().get(buffer, 0, size);
            out.writeLong(packet.pts());
            out.writeLong(packet.dts());
            out.writeLong(packet.duration());
            out.writeInt(packet.flags());
            out.writeInt(size);
            out.write(buffer, 0, size);
        }

        void flush() throws IOException {
            out.flush();
        }
    }

    /** Reads a segment back: the stream description, then packets in order. */
    static final class Reader implements AutoCloseable {
        private final Path file;
        private final DataInputStream in;
        private final int[] header = new int[13];
        private final byte[] extradata;
        private byte[] buffer = new byte[0];

        Reader(Path file) {
            this.file = file;
            try {
                InputStream stream = Files.newInputStream(file);
                in = new DataInputStream(new BufferedInputStream(stream, 1 << 16));
                if (in.readLong() != MAGIC) {
                    in.close();
                    throw new VideoException(file + ": not a segment sr4j wrote");
                }
                for (int i = 0; i < header.length; i++) {
                    header[i] = in.readInt();
                }
                extradata = new byte[in.readInt()];
                in.readFully(extradata);
            } catch (IOException e) {
                throw new VideoException(file + ": cannot read the segment (" + e.getMessage() + ")", e);
            }
        }

        int width() {
            return header[1];
        }

        int height() {
            return header[2];
        }

        int timeBaseNum() {
            return header[6];
        }

        int timeBaseDen() {
            return header[7];
        }

        /** Fills {@code par} with the segment's stream description (colour is set by the caller). */
        void describe(AVCodecParameters par) {
            par.codec_type(AVMEDIA_TYPE_VIDEO);
            par.codec_id(header[0]);
            par.width(header[1]);
            par.height(header[2]);
            par.format(header[3]);
            par.profile(header[4]);
            par.level(header[5]);
            par.framerate(av_make_q(header[8], header[9]));
            par.sample_aspect_ratio(av_make_q(header[10], header[11]));
            par.video_delay(header[12]);
            if (extradata.length > 0) {
                BytePointer data = new BytePointer(av_mallocz(extradata.length + AV_INPUT_BUFFER_PADDING_SIZE));
                data.put(extradata);
                par.extradata(data);
                par.extradata_size(extradata.length);
            }
        }

        /** Reads the next packet into {@code packet}; false at the end of the segment. */
        boolean read(AVPacket packet) {
            try {
                long pts;
                try {
                    pts = in.readLong();
                } catch (EOFException end) {
                    return false;
                }
                long dts = in.readLong();
                long duration = in.readLong();
                int flags = in.readInt();
                int size = in.readInt();
                if (size < 0 || size > 1 << 30) {
                    throw new VideoException(file + ": damaged segment (packet of " + size + " bytes)");
                }
                if (buffer.length < size) {
                    buffer = new byte[size];
                }
                in.readFully(buffer, 0, size);
                Ffmpeg.check(av_new_packet(packet, size), file, "out of memory for a packet");
                packet.data().put(buffer, 0, size);
                packet.pts(pts);
                packet.dts(dts);
                packet.duration(duration);
                packet.flags(flags);
                return true;
            } catch (IOException e) {
                throw new VideoException(file + ": cannot read the segment (" + e.getMessage() + ")", e);
            }
        }

        @Override
        public void close() {
            try {
                in.close();
            } catch (IOException e) {
                // Read-only: nothing is lost.
            }
        }
    }
}
