package io.sr4j.video;

import static org.bytedeco.ffmpeg.global.avutil.av_make_q;
import static org.bytedeco.ffmpeg.global.avutil.av_q2d;

import io.sr4j.pipeline.HdrTarget;
import org.bytedeco.ffmpeg.avutil.AVMasteringDisplayMetadata;

/**
 * SMPTE ST 2086 mastering display colour volume. For SDR converted to HDR: BT.2020 primaries and
 * D65 white (the container's; the content itself stays within BT.709), the chosen peak as maximum
 * luminance and PQ's 0.0001 cd/m² as minimum. For HDR input: the input's, carried over. Chromaticities are in units of 0.00002 and
 * luminance in units of 0.0001 cd/m², as HEVC's SEI and x265 take them.
 *
 * @param primaries    R, G, B then white point, x and y each, in 0.00002 units
 * @param maxLuminance peak, in 0.0001 cd/m²
 * @param minLuminance black, in 0.0001 cd/m²
 */
record MasteringDisplay(int[] primaries, long maxLuminance, long minLuminance) {
    /** R, G, B then white point, x and y each, in 0.00002 units (BT.2020, D65). */
    private static final int[] BT2020_D65 = {35400, 14600, 8500, 39850, 6550, 2300, 15635, 16450};
    private static final int CHROMA_UNITS = 50_000;
    private static final int LUMINANCE_UNITS = 10_000;

    static MasteringDisplay of(HdrTarget hdr) {
        return new MasteringDisplay(BT2020_D65, Math.round(hdr.peakNits() * LUMINANCE_UNITS), 1);
    }

    /** The display FFmpeg read from a stream, if it gives primaries and luminance. */
    static java.util.Optional<MasteringDisplay> read(AVMasteringDisplayMetadata md) {
        if (md.has_primaries() == 0 || md.has_luminance() == 0) {
            return java.util.Optional.empty();
        }
        int[] p = new int[8];
        for (int c = 0; c < 3; c++) {
            p[2 * c] = (int) Math.round(av_q2d(md.display_primaries(c, 0)) * CHROMA_UNITS);
            p[2 * c + 1] = (int) Math.round(av_q2d(md.display_primaries(c, 1)) * CHROMA_UNITS);
        }
        p[6] = (int) Math.round(av_q2d(md.white_point(0)) * CHROMA_UNITS);
        p[7] = (int) Math.round(av_q2d(md.white_point(1)) * CHROMA_UNITS);
        return java.util.Optional.of(new MasteringDisplay(p, Math.round(av_q2d(md.max_luminance()) * LUMINANCE_UNITS),
                Math.round(av_q2d(md.min_luminance()) * LUMINANCE_UNITS)));
    }

    /** The peak, cd/m². */
    double peakNits() {
        return (double) maxLuminance / LUMINANCE_UNITS;
    }

    /** x265's {@code master-display} value: {@code G(x,y)B(x,y)R(x,y)WP(x,y)L(max,min)}. */
    String x265() {
        int[] p = primaries;
        return "G(" + p[2] + "," + p[3] + ")B(" + p[4] + "," + p[5] + ")R(" + p[0] + "," + p[1] + ")WP(" + p[6] + ","
                + p[7] + ")L(" + maxLuminance + "," + minLuminance + ")";
    }

    /** Fills FFmpeg's structure (stream side data of the container). */
    void fill(AVMasteringDisplayMetadata md) {
        for (int c = 0; c < 3; c++) {
            md.display_primaries(c, 0, av_make_q(primaries[2 * c], CHROMA_UNITS));
            md.display_primaries(c, 1, av_make_q(primaries[2 * c + 1], CHROMA_UNITS));
        }
        md.white_point(0, av_make_q(primaries[6], CHROMA_UNITS));
        md.white_point(1, av_make_q(primaries[7], CHROMA_UNITS));
        md.max_luminance(av_make_q(Math.toIntExact(maxLuminance), LUMINANCE_UNITS));
        md.min_luminance(av_make_q(Math.toIntExact(minLuminance), LUMINANCE_UNITS));
        md.has_primaries(1);
        md.has_luminance(1);
    }
}
