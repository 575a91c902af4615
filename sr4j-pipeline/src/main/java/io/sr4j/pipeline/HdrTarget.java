package io.sr4j.pipeline;

import io.sr4j.color.HdrConversion;
import io.sr4j.color.HdrFormat;
import io.sr4j.color.InverseToneMapping;
import io.sr4j.color.SdrTransfer;
import java.util.Objects;

/**
 * The {@code hdr} stage: the SDR result of the other stages converted to an HDR signal
 * ({@link HdrConversion}): {@code hdr=hdr10|hlg[:PEAK[:WHITE]]}, peak and reference white in cd/m².
 *
 * @param format    HDR10 (PQ) or HLG, BT.2020 primaries
 * @param peakNits  the brightest light written (and HLG's nominal display peak)
 * @param whiteNits where SDR 100 % white lands (BT.2408: 203)
 */
public record HdrTarget(HdrFormat format, double peakNits, double whiteNits) {
    public static final double DEFAULT_PEAK = 1000;
    public static final double DEFAULT_WHITE = 203;

    public HdrTarget {
        Objects.requireNonNull(format, "format");
        new InverseToneMapping(whiteNits, peakNits); // checks the pair
    }

    /** {@code FORMAT[:PEAK[:WHITE]]}, e.g. {@code hdr10}, {@code hlg:1000}, {@code hdr10:4000:203}. */
    static HdrTarget parse(String value) {
        String[] parts = value.split(":", -1);
        if (parts.length > 3) {
            throw new IllegalArgumentException("hdr takes FORMAT[:PEAK[:WHITE]], got " + value);
        }
        HdrFormat format = HdrFormat.parse(parts[0]);
        double peak = parts.length > 1 ? nits(parts[1], "peak") : DEFAULT_PEAK;
        double white = parts.length > 2 ? nits(parts[2], "reference white") : DEFAULT_WHITE;
        return new HdrTarget(format, peak, white);
    }

    private static double nits(String text, String what) {
        try {
            double v = Double.parseDouble(text.strip());
            if (!(v > 0) || Double.isInfinite(v)) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("the " + what + " is a luminance in cd/m² (e.g. 1000), got '" + text + "'");
        }
    }

    /** The conversion for SDR pixels decoded with {@code sdr}'s curve (sRGB for photos, BT.1886 for video). */
    public HdrConversion conversion(SdrTransfer sdr) {
        return new HdrConversion(format, new InverseToneMapping(whiteNits, peakNits), sdr);
    }

    /** The spec form: {@code hdr=hdr10}, or with peak and white when either is not the default. */
    @Override
    public String toString() {
        String value = format.token();
        if (peakNits != DEFAULT_PEAK || whiteNits != DEFAULT_WHITE) {
            value += ":" + SizeRequest.format(peakNits) + ":" + SizeRequest.format(whiteNits);
        }
        return StageKind.HDR.token() + "=" + value;
    }
}
