package io.sr4j.color;

import io.sr4j.image.PlanarImage;
import java.util.function.DoubleUnaryOperator;

/**
 * SDR pictures to HDR signals and back, in float: the SDR signal to relative display light
 * ({@link SdrTransfer}), BT.709 → BT.2020 primaries, {@link InverseToneMapping} on luminance (the
 * RGB ratios, hence hue and saturation, are kept), the peak limit (by scaling the pixel, not
 * clipping channels, so hue stays), then PQ, or HLG through the inverse OOTF of a display of that
 * peak. {@link #toSdr} inverts it exactly below the peak.
 */
public final class HdrConversion {
    private final HdrFormat format;
    private final InverseToneMapping itm;
    private final SdrTransfer sdr;
    /** The curves of {@link #toHdr}: sampled into tables for whole pictures. */
    private final Curves tabulated;
    /** The same curves computed exactly, to check the tables against. */
    private final Curves exact;

    /**
     * The curves one pixel goes through: SDR signal to light, SDR luminance to cd/m², display
     * luminance to HLG's scene-light factor (the inverse OOTF as one factor; unused for PQ), and
     * light to signal.
     */
    private record Curves(DoubleUnaryOperator decode, DoubleUnaryOperator toneMap, DoubleUnaryOperator sceneScale,
                          DoubleUnaryOperator encode) {
    }

    public HdrConversion(HdrFormat format, InverseToneMapping itm, SdrTransfer sdr) {
        this.format = format;
        this.itm = itm;
        this.sdr = sdr;
        double peak = itm.peakNits();
        DoubleUnaryOperator sceneScale = yd -> Hlg.sceneScale(yd, peak);
        DoubleUnaryOperator encode = format == HdrFormat.HLG ? Hlg::oetf : Pq::fromNits;
        this.exact = new Curves(sdr::toLinear, itm::toNits, sceneScale, encode);
        // Beyond the luminance that reaches the peak every pixel is limited anyway.
        this.tabulated = new Curves(new SignalTables.Linear(sdr::toLinear, -0.5, 1.5)::apply,
                new SignalTables.Linear(itm::toNits, 0, Math.max(1, itm.toSdr(peak * (1 - 1e-12))))::apply,
                format == HdrFormat.HLG ? new SignalTables.Root(sceneScale, peak)::apply : null,
                new SignalTables.Root(encode, format == HdrFormat.HLG ? 1 : peak)::apply);
    }

    public HdrFormat format() {
        return format;
    }

    public InverseToneMapping toneMapping() {
        return itm;
    }

    /** The HDR signal (BT.2020, PQ or HLG, [0, 1]) of an SDR RGB picture. */
    public PlanarImage toHdr(PlanarImage sdrRgb) {
        PlanarImage out = new PlanarImage(sdrRgb.width(), sdrRgb.height(), 3,
                java.util.Arrays.copyOf(sdrRgb.data(), sdrRgb.planeSize() * 3));
        toHdrInPlace(out);
        return out;
    }

    /** {@link #toHdr}, writing the signal over the first three planes of {@code picture}. */
    public void toHdrInPlace(PlanarImage picture) {
        convert(picture, picture, tabulated);
    }

    /** The exact (untabulated) conversion of an SDR picture, for checking the tables. */
    PlanarImage toHdrExact(PlanarImage sdrRgb) {
        PlanarImage out = new PlanarImage(sdrRgb.width(), sdrRgb.height(), 3);
        convert(sdrRgb, out, exact);
        return out;
    }

    private void convert(PlanarImage from, PlanarImage to, Curves curves) {
        float[] in = from.data();
        float[] o = to.data();
        int n = from.planeSize();
        double[] rgb = new double[3];
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < 3; c++) {
                rgb[c] = Math.max(curves.decode.applyAsDouble(in[c * n + i]), 0);
            }
            pixelToHdr(rgb, curves);
            for (int c = 0; c < 3; c++) {
                o[c * n + i] = (float) rgb[c];
            }
        }
    }

    /** One pixel: linear BT.709 relative display light in, HDR signal out (in place). */
    private void pixelToHdr(double[] rgb, Curves curves) {
        Gamut.bt709ToBt2020(rgb);
        double y = Gamut.bt2020Luminance(rgb);
        double scale = y > 0 ? curves.toneMap.applyAsDouble(y) / y : 0;
        double max = Math.max(rgb[0], Math.max(rgb[1], rgb[2])) * scale;
        if (max > itm.peakNits()) {
            scale *= itm.peakNits() / max;
        }
        if (format == HdrFormat.HLG) {
            scale *= curves.sceneScale.applyAsDouble(y * scale); // the pixel's display luminance
        }
        for (int c = 0; c < 3; c++) {
            rgb[c] = curves.encode.applyAsDouble(rgb[c] * scale);
        }
    }

    /** Display light, cd/m², of this format's signal, in place. */
    void toNits(double[] signal) {
        if (format == HdrFormat.HLG) {
            for (int c = 0; c < 3; c++) {
                signal[c] = Hlg.inverseOetf(signal[c]);
            }
            Hlg.sceneToDisplay(signal, itm.peakNits());
        } else {
            for (int c = 0; c < 3; c++) {
                signal[c] = Pq.toNits(signal[c]);
            }
        }
    }

    /** The SDR picture an HDR signal came from (the inverse of {@link #toHdr}, exact below the peak). */
    public PlanarImage toSdr(PlanarImage hdrSignal) {
        PlanarImage out = new PlanarImage(hdrSignal.width(), hdrSignal.height(), 3);
        float[] in = hdrSignal.data();
        float[] o = out.data();
        int n = hdrSignal.planeSize();
        double[] rgb = new double[3];
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < 3; c++) {
                rgb[c] = in[c * n + i];
            }
            toNits(rgb);
            double y = Gamut.bt2020Luminance(rgb);
            double scale = y > 0 ? itm.toSdr(y) / y : 0;
            for (int c = 0; c < 3; c++) {
                rgb[c] *= scale;
            }
            Gamut.bt2020ToBt709(rgb);
            for (int c = 0; c < 3; c++) {
                o[c * n + i] = (float) sdr.fromLinear(rgb[c]);
            }
        }
        return out;
    }
}
