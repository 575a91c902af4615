package io.sr4j.video;

import static org.bytedeco.ffmpeg.global.avutil.AVCHROMA_LOC_LEFT;
import static org.bytedeco.ffmpeg.global.avutil.AVCHROMA_LOC_UNSPECIFIED;
import static org.bytedeco.ffmpeg.global.avutil.AVCOL_PRI_BT2020;
import static org.bytedeco.ffmpeg.global.avutil.AVCOL_PRI_BT709;
import static org.bytedeco.ffmpeg.global.avutil.AVCOL_PRI_SMPTE170M;
import static org.bytedeco.ffmpeg.global.avutil.AVCOL_PRI_UNSPECIFIED;
import static org.bytedeco.ffmpeg.global.avutil.AVCOL_RANGE_JPEG;
import static org.bytedeco.ffmpeg.global.avutil.AVCOL_RANGE_MPEG;
import static org.bytedeco.ffmpeg.global.avutil.AVCOL_SPC_BT2020_NCL;
import static org.bytedeco.ffmpeg.global.avutil.AVCOL_SPC_BT709;
import static org.bytedeco.ffmpeg.global.avutil.AVCOL_SPC_RGB;
import static org.bytedeco.ffmpeg.global.avutil.AVCOL_SPC_SMPTE170M;
import static org.bytedeco.ffmpeg.global.avutil.AVCOL_SPC_UNSPECIFIED;
import static org.bytedeco.ffmpeg.global.avutil.AVCOL_TRC_ARIB_STD_B67;
import static org.bytedeco.ffmpeg.global.avutil.AVCOL_TRC_BT709;
import static org.bytedeco.ffmpeg.global.avutil.AVCOL_TRC_SMPTE170M;
import static org.bytedeco.ffmpeg.global.avutil.AVCOL_TRC_SMPTE2084;
import static org.bytedeco.ffmpeg.global.avutil.AVCOL_TRC_UNSPECIFIED;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUVJ420P;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUVJ422P;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUVJ444P;

import io.sr4j.color.HdrFormat;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;

/**
 * The colour description of a video stream (FFmpeg's {@code AVCOL_*} values): YCbCr matrix,
 * primaries, transfer curve, range and chroma siting.
 *
 * <p>A stream that does not say is read the way players read it: BT.601 below 720 lines, BT.709
 * from 720 lines on. The output keeps every value the input states; what the input leaves unsaid
 * is chosen for the output's own height and written explicitly, so an untagged 540p source becomes
 * a BT.709-tagged 2160p output with the same look.
 */
record Colour(int matrix, int primaries, int transfer, int range, int chromaLocation) {
    /** Lines from which video counts as HD (BT.709) when untagged. */
    private static final int HD_LINES = 720;

    /** What the stream says, unspecified values left as {@code UNSPECIFIED}. */
    static Colour tagged(AVCodecParameters par) {
        return new Colour(par.color_space(), par.color_primaries(), par.color_trc(), fullRange(par) ? AVCOL_RANGE_JPEG
                : par.color_range(), par.chroma_location());
    }

    private static boolean fullRange(AVCodecParameters par) {
        int f = par.format();
        return par.color_range() == AVCOL_RANGE_JPEG
                || f == AV_PIX_FMT_YUVJ420P || f == AV_PIX_FMT_YUVJ422P || f == AV_PIX_FMT_YUVJ444P;
    }

    /** The values used to read pixels {@code height} lines tall: tagged ones, else a player's guess. */
    Colour effective(int height) {
        boolean hd = height >= HD_LINES;
        return new Colour(
                matrix == AVCOL_SPC_UNSPECIFIED || matrix == AVCOL_SPC_RGB ? (hd ? AVCOL_SPC_BT709 : AVCOL_SPC_SMPTE170M)
                        : matrix,
                primaries == AVCOL_PRI_UNSPECIFIED ? (hd ? AVCOL_PRI_BT709 : AVCOL_PRI_SMPTE170M) : primaries,
                transfer == AVCOL_TRC_UNSPECIFIED ? (hd ? AVCOL_TRC_BT709 : AVCOL_TRC_SMPTE170M) : transfer,
                range == AVCOL_RANGE_JPEG ? AVCOL_RANGE_JPEG : AVCOL_RANGE_MPEG,
                chromaLocation == AVCHROMA_LOC_UNSPECIFIED ? AVCHROMA_LOC_LEFT : chromaLocation);
    }

    /**
     * The description of sr4j's HDR output: BT.2020 non-constant-luminance matrix and primaries,
     * the PQ or HLG transfer, limited range and left chroma siting (what HDR10 and HLG players expect).
     */
    static Colour hdr(HdrFormat format) {
        return new Colour(AVCOL_SPC_BT2020_NCL, AVCOL_PRI_BT2020,
                format == HdrFormat.HLG ? AVCOL_TRC_ARIB_STD_B67 : AVCOL_TRC_SMPTE2084, AVCOL_RANGE_MPEG,
                AVCHROMA_LOC_LEFT);
    }

    /** Whether the transfer is an HDR one (PQ or HLG). */
    boolean isHdr() {
        return transfer == AVCOL_TRC_SMPTE2084 || transfer == AVCOL_TRC_ARIB_STD_B67;
    }

    /** True if the range is full (0-255), false for limited (16-235). */
    boolean fullRange() {
        return range == AVCOL_RANGE_JPEG;
    }
}
