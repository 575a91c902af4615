package io.sr4j.upscale;

import io.sr4j.image.PlanarImage;

/**
 * Gives (nearly) transparent pixels the colour of their nearest opaque surroundings, so that a
 * network enlarging the colour never sees the black (or any arbitrary colour) an editor leaves
 * under alpha 0; otherwise that colour bleeds into the visible edge as a dark halo.
 *
 * <p>Push-pull (Gortler et al., "The Lumigraph", 1996): a pyramid of alpha-weighted colour
 * averages (each level halves the size, summing 2×2 blocks of weight·colour and of weight) is
 * built up to one pixel, then read back down, each transparent pixel taking the colour of the
 * coarser level. It costs O(pixels) whatever the size of the transparent areas, where repeated
 * dilation would need as many passes as the widest hole. Pixels with alpha at or above
 * {@link #VISIBLE} keep their own colour exactly.
 */
final class TransparentFill {
    /** Pixels at least this opaque are visible enough that their stored colour is kept. */
    static final float VISIBLE = 1f / 64;

    private TransparentFill() {
    }

    /** Whether any pixel is below {@link #VISIBLE} (else filling changes nothing). */
    static boolean needed(PlanarImage alpha) {
        for (float a : alpha.data()) {
            if (a < VISIBLE) {
                return true;
            }
        }
        return false;
    }

    /** A copy of {@code rgb} with the colour under (nearly) transparent pixels filled in. */
    static PlanarImage fill(PlanarImage rgb, PlanarImage alpha) {
        int w = rgb.width();
        int h = rgb.height();
        int n = w * h;
        // Level 0: weight = alpha, colour premultiplied by it.
        float[] weight = new float[n];
        float[] colour = new float[3 * n];
        float[] a = alpha.data();
        float[] c = rgb.data();
        for (int i = 0; i < n; i++) {
            float wt = Math.max(0f, Math.min(1f, a[i]));
            weight[i] = wt;
            colour[i] = c[i] * wt;
            colour[n + i] = c[n + i] * wt;
            colour[2 * n + i] = c[2 * n + i] * wt;
        }
        float[] estimate = pushPull(colour, weight, w, h);
        PlanarImage out = rgb.copy();
        float[] o = out.data();
        for (int i = 0; i < n; i++) {
            if (a[i] < VISIBLE) {
                o[i] = estimate[i];
                o[n + i] = estimate[n + i];
                o[2 * n + i] = estimate[2 * n + i];
            }
        }
        return out;
    }

    /**
     * Straight colour estimated from the surroundings for every pixel of a level: where the
     * level's own weight is 1 its colour, else blended towards the coarser level's estimate.
     */
    private static float[] pushPull(float[] premultiplied, float[] weight, int w, int h) {
        int n = w * h;
        float[] straight = new float[3 * n];
        if (w == 1 && h == 1) {
            for (int ch = 0; ch < 3; ch++) {
                straight[ch] = weight[0] > 0 ? premultiplied[ch] / weight[0] : 0f;
            }
            return straight;
        }
        int cw = (w + 1) / 2;
        int chh = (h + 1) / 2;
        int cn = cw * chh;
        float[] coarseColour = new float[3 * cn];
        float[] coarseWeight = new float[cn];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                int j = (y / 2) * cw + x / 2;
                coarseWeight[j] += weight[i];
                for (int ch = 0; ch < 3; ch++) {
                    coarseColour[ch * cn + j] += premultiplied[ch * n + i];
                }
            }
        }
        // A block with the weight of one opaque pixel is sure enough; cap so averages stay averages.
        for (int j = 0; j < cn; j++) {
            float total = coarseWeight[j];
            if (total > 1f) {
                for (int ch = 0; ch < 3; ch++) {
                    coarseColour[ch * cn + j] /= total;
                }
                coarseWeight[j] = 1f;
            }
        }
        float[] coarse = pushPull(coarseColour, coarseWeight, cw, chh);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                int j = (y / 2) * cw + x / 2;
                float wt = weight[i];
                for (int ch = 0; ch < 3; ch++) {
                    // premultiplied + (1 - weight) * coarse: the pixel's own share, the rest from around it.
                    straight[ch * n + i] = premultiplied[ch * n + i] + (1f - wt) * coarse[ch * cn + j];
                }
            }
        }
        return straight;
    }
}
