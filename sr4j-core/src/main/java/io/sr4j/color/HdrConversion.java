package io.sr4j.color;

import io.sr4j.image.PlanarImage;

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
    // Tables for whole pictures (the per-pixel exact path stays for inversion and the tests).
    private final SignalTables.Linear decode;
    private final SignalTables.Linear toneMap;
    private final SignalTables.Root encode;
    private final SignalTables.Root hlgSceneScale;

    public HdrConversion(HdrFormat format, InverseToneMapping itm, SdrTransfer sdr) {
        this.format = format;
        this.itm = itm;
        this.sdr = sdr;
        double peak = itm.peakNits();
        this.decode = new SignalTables.Linear(sdr::toLinear, -0.5, 1.5);
        // Beyond the luminance that reaches the peak every pixel is limited anyway.
        this.toneMap = new SignalTables.Linear(itm::toNits, 0, Math.max(1, itm.toSdr(peak * (1 - 1e-12))));
        if (format == HdrFormat.HLG) {
            double gamma = Hlg.systemGamma(peak);
            // Scene light = display light · (Yd/Lw)^((1−γ)/γ) / Lw: the inverse OOTF as one factor.
            this.hlgSceneScale = new SignalTables.Root(yd -> yd <= 0 ? 0
                    : Math.pow(yd / peak, (1 - gamma) / gamma) / peak, peak);
            this.encode = new SignalTables.Root(Hlg::oetf, 1);
        } else {
            this.hlgSceneScale = null;
            this.encode = new SignalTables.Root(Pq::fromNits, peak);
        }
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

    /**
     * {@link #toHdr}, writing the signal over the first three planes of {@code picture}; returns the
     * light level of what was written, measured on the way (the display light each pixel was given).
     */
    public ContentLightLevel toHdrInPlace(PlanarImage picture) {
        float[] in = picture.data();
        float[] o = in;
        int n = picture.planeSize();
        double[] rgb = new double[3];
        double max = 0;
        double sum = 0;
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < 3; c++) {
                rgb[c] = Math.max(decode.apply(in[c * n + i]), 0);
            }
            double brightest = tabulatedPixelToHdr(rgb);
            max = Math.max(max, brightest);
            sum += brightest;
            for (int c = 0; c < 3; c++) {
                o[c * n + i] = (float) rgb[c];
            }
        }
        return new ContentLightLevel(max, n == 0 ? 0 : sum / n);
    }

    /** {@link #pixelToHdr} through the tables. */
    private double tabulatedPixelToHdr(double[] rgb) {
        Gamut.bt709ToBt2020(rgb);
        double y = Gamut.bt2020Luminance(rgb);
        double scale = y > 0 ? toneMap.apply(y) / y : 0;
        double max = Math.max(rgb[0], Math.max(rgb[1], rgb[2])) * scale;
        double peak = itm.peakNits();
        if (max > peak) {
            scale *= peak / max;
            max = peak;
        }
        for (int c = 0; c < 3; c++) {
            rgb[c] *= scale;
        }
        if (format == HdrFormat.HLG) {
            double sceneScale = hlgSceneScale.apply(Gamut.bt2020Luminance(rgb));
            for (int c = 0; c < 3; c++) {
                rgb[c] = encode.apply(rgb[c] * sceneScale);
            }
        } else {
            for (int c = 0; c < 3; c++) {
                rgb[c] = encode.apply(rgb[c]);
            }
        }
        return max;
    }

    /** The exact (untabulated) conversion of an SDR picture, for checking the tables. */
    PlanarImage toHdrExact(PlanarImage sdrRgb) {
        PlanarImage out = new PlanarImage(sdrRgb.width(), sdrRgb.height(), 3);
        int n = sdrRgb.planeSize();
        double[] rgb = new double[3];
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < 3; c++) {
                rgb[c] = Math.max(sdr.toLinear(sdrRgb.data()[c * n + i]), 0);
            }
            pixelToHdr(rgb);
            for (int c = 0; c < 3; c++) {
                out.data()[c * n + i] = (float) rgb[c];
            }
        }
        return out;
    }

    /**
     * One pixel: linear BT.709 relative display light in, HDR signal out (in place); returns the
     * pixel's brightest channel, cd/m².
     */
    double pixelToHdr(double[] rgb) {
        Gamut.bt709ToBt2020(rgb);
        double y = Gamut.bt2020Luminance(rgb);
        double scale = y > 0 ? itm.toNits(y) / y : 0;
        double max = Math.max(rgb[0], Math.max(rgb[1], rgb[2])) * scale;
        if (max > itm.peakNits()) {
            scale *= itm.peakNits() / max;
        }
        for (int c = 0; c < 3; c++) {
            rgb[c] *= scale;
        }
        double brightest = Math.max(rgb[0], Math.max(rgb[1], rgb[2]));
        toSignal(rgb);
        return brightest;
    }

    /** Display light (cd/m², BT.2020) to this format's signal, in place. */
    private void toSignal(double[] nits) {
        if (format == HdrFormat.HLG) {
            Hlg.displayToScene(nits, itm.peakNits());
            for (int c = 0; c < 3; c++) {
                nits[c] = Hlg.oetf(nits[c]);
            }
        } else {
            for (int c = 0; c < 3; c++) {
                nits[c] = Pq.fromNits(nits[c]);
            }
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

    /** The light level of an HDR signal picture in this format, cd/m² (for MaxCLL / MaxFALL). */
    public ContentLightLevel lightLevel(PlanarImage hdrSignal) {
        float[] in = hdrSignal.data();
        int n = hdrSignal.planeSize();
        double[] rgb = new double[3];
        double max = 0;
        double sum = 0;
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < 3; c++) {
                rgb[c] = in[c * n + i];
            }
            toNits(rgb);
            double m = Math.max(rgb[0], Math.max(rgb[1], rgb[2]));
            max = Math.max(max, m);
            sum += m;
        }
        return new ContentLightLevel(max, n == 0 ? 0 : sum / n);
    }
}
