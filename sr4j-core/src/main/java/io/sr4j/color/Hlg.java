package io.sr4j.color;

/**
 * Hybrid log-gamma of BT.2100: the OETF between relative scene light and signal, and the OOTF of
 * a display of peak {@code Lw} (system gamma 1.2 at 1000 cd/m², adjusted by BT.2100's formula for
 * other peaks; black level 0). sr4j's SDR→HLG path goes from display light to scene light (the
 * inverse OOTF) and then through the OETF, so an HLG display of that peak shows the intended light.
 */
public final class Hlg {
    private static final double A = 0.17883277;
    private static final double B = 1 - 4 * A;
    private static final double C = 0.5 - A * Math.log(4 * A);

    private Hlg() {
    }

    /** The signal for relative scene light {@code e} in [0, 1]. */
    public static double oetf(double e) {
        double x = Math.min(Math.max(e, 0), 1);
        return x <= 1.0 / 12 ? Math.sqrt(3 * x) : A * Math.log(12 * x - B) + C;
    }

    /** Relative scene light for signal {@code signal} in [0, 1]. */
    public static double inverseOetf(double signal) {
        double v = Math.min(Math.max(signal, 0), 1);
        return v <= 0.5 ? v * v / 3 : (Math.exp((v - C) / A) + B) / 12;
    }

    /** BT.2100's system gamma for a display of peak {@code peakNits}: 1.2 at 1000 cd/m². */
    public static double systemGamma(double peakNits) {
        return 1.2 + 0.42 * Math.log10(peakNits / 1000);
    }

    /**
     * Scene light (each of R, G, B relative, [0, 1]) for display light {@code rgbNits} on a display
     * of peak {@code peakNits}: the inverse of F = Lw · Ys^(γ−1) · E, with Ys the scene luminance
     * (BT.2020 weights). Written into {@code rgbNits}.
     */
    public static void displayToScene(double[] rgbNits, double peakNits) {
        double scale = sceneScale(Gamut.bt2020Luminance(rgbNits), peakNits);
        for (int c = 0; c < 3; c++) {
            rgbNits[c] = Math.max(rgbNits[c], 0) * scale;
        }
    }

    /**
     * The factor from display light to scene light for a pixel of display luminance {@code yd} on a
     * display of peak {@code peakNits}: 1 / (Lw · Ys^(γ−1)) with Ys = (Yd/Lw)^(1/γ), which is
     * (Yd/Lw)^((1−γ)/γ) / Lw; 0 for black.
     */
    public static double sceneScale(double yd, double peakNits) {
        if (yd <= 0) {
            return 0;
        }
        double gamma = systemGamma(peakNits);
        return Math.pow(yd / peakNits, (1 - gamma) / gamma) / peakNits;
    }

    /** Display light, cd/m², for relative scene light {@code rgbScene} (the OOTF), in place. */
    public static void sceneToDisplay(double[] rgbScene, double peakNits) {
        double scale = displayScale(Gamut.bt2020Luminance(rgbScene), peakNits);
        for (int c = 0; c < 3; c++) {
            rgbScene[c] = Math.max(rgbScene[c], 0) * scale;
        }
    }

    /** The OOTF's factor, Lw · Ys^(γ−1), for a pixel of scene luminance {@code ys}; 0 for black. */
    public static double displayScale(double ys, double peakNits) {
        return ys <= 0 ? 0 : peakNits * Math.pow(ys, systemGamma(peakNits) - 1);
    }
}
