package io.sr4j.color;

/**
 * SDR → HDR luminance expansion in linear light: the construction of ITU-R BT.2446-1 Method C
 * (linear below a knee, above it the inverse of Method C's logarithmic shoulder, with the
 * standard's shoulder constant k3), with the knee and gain solved from BT.2408's anchors instead
 * of Method C's fixed 58.5 cd/m² knee:
 * <ul>
 *   <li>SDR 100 % white lands exactly on the reference white (default 203 cd/m²);</li>
 *   <li>an 18 % grey lands where BT.2408 puts the grey card, 26/203 of the reference white.</li>
 * </ul>
 * Method C's own constants would put SDR white at about 333 cd/m²; the normalised curve keeps the
 * HDR picture's level consistent with HDR material graded to BT.2408. Light above SDR white (super-
 * whites, a network's overshoot) continues along the shoulder and is limited to the peak.
 *
 * <p>For SDR luminance s (1 = 100 % white), gain g and knee k:
 * f(s) = g·s for s ≤ k, f(s) = g·k·(k3 + (1 − k3)·exp((s − k) / (k·(1 − k3)))) above — continuous
 * with a continuous slope at the knee, strictly increasing, inverted in closed form.
 */
public final class InverseToneMapping {
    /** Method C's shoulder strength (BT.2446-1 §6). */
    static final double K3 = 0.74204;
    /** BT.2408: an 18 % grey card sits at 26 cd/m² when reference white is 203 cd/m². */
    static final double GREY_SDR = 0.18;
    static final double GREY_TO_WHITE = 26.0 / 203.0;

    private final double white;
    private final double peak;
    private final double gain;
    private final double knee;

    /**
     * @param whiteNits where SDR 100 % lands, cd/m² (BT.2408: 203)
     * @param peakNits  the brightest light written, cd/m² (≥ white)
     */
    public InverseToneMapping(double whiteNits, double peakNits) {
        if (!(whiteNits > 0) || !(peakNits >= whiteNits) || peakNits > Pq.PEAK_NITS) {
            throw new IllegalArgumentException("need 0 < white ≤ peak ≤ 10000 cd/m², got white " + whiteNits
                    + " and peak " + peakNits);
        }
        this.white = whiteNits;
        this.peak = peakNits;
        this.gain = GREY_TO_WHITE * whiteNits / GREY_SDR;
        this.knee = solveKnee();
    }

    /** The knee k in (grey, 1) for which f(1) equals the reference white (f(1) falls as k rises). */
    private double solveKnee() {
        double lo = GREY_SDR;
        double hi = 1;
        for (int i = 0; i < 100; i++) {
            double mid = (lo + hi) / 2;
            if (shoulder(1, mid) > white) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return (lo + hi) / 2;
    }

    private double shoulder(double s, double k) {
        return gain * k * (K3 + (1 - K3) * Math.exp((s - k) / (k * (1 - K3))));
    }

    /** HDR display light, cd/m², for SDR relative luminance {@code s} (1 = 100 % white); at most the peak. */
    public double toNits(double s) {
        if (s <= 0) {
            return 0;
        }
        double nits = s <= knee ? gain * s : shoulder(s, knee);
        return Math.min(nits, peak);
    }

    /** The SDR relative luminance that {@link #toNits} maps to {@code nits} (below the peak). */
    public double toSdr(double nits) {
        if (nits <= 0) {
            return 0;
        }
        if (nits <= gain * knee) {
            return nits / gain;
        }
        return knee + knee * (1 - K3) * Math.log((nits / (gain * knee) - K3) / (1 - K3));
    }

    public double whiteNits() {
        return white;
    }

    public double peakNits() {
        return peak;
    }

    /** The SDR luminance above which the shoulder expands highlights. */
    public double knee() {
        return knee;
    }
}
