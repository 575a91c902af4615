package io.sr4j.video;

import io.sr4j.color.ContentLightLevel;
import io.sr4j.color.LightMeter;
import io.sr4j.image.PlanarImage;
import io.sr4j.pipeline.HdrTarget;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.javacpp.ShortPointer;

/**
 * The light level of an HDR frame being encoded. Its maximum is taken as a player will show it:
 * the limited-range BT.2020 Y'CbCr handed to the encoder turned back into R'G'B', chroma upsampled
 * linearly between its left-sited samples (horizontally) and rows (vertically), then
 * {@link LightMeter}. Measured on what is encoded rather than on the RGB before it, MaxCLL includes
 * the overshoot that 4:2:0 reconstruction gives at saturated edges, which the decoded video shows
 * too (on the test clip: 250 cd/m² decoded, 177 from the RGB, 250 from this).
 */
final class YuvLight {
    private static final double Y_BLACK = 64;
    private static final double Y_RANGE = 876;
    private static final double C_MID = 512;
    private static final double C_RANGE = 896;
    private final LightMeter meter;
    private short[] luma = new short[0];
    private short[] cb = new short[0];
    private short[] cr = new short[0];

    YuvLight(HdrTarget hdr) {
        meter = new LightMeter(hdr.format(), hdr.peakNits());
    }

    /**
     * The level of a frame: MaxCLL from {@code yuv} (yuv420p10le, {@code width} × {@code height}) as
     * a player reconstructs it, the frame average from {@code rgb}, the R'G'B' signal it was made
     * from. A mean of max(R, G, B) is not moved by edge overshoot the way a maximum is, but the
     * reconstruction's chroma interpolation is not the player's, which shifts the mean by a few
     * per cent (measured against ffmpeg's decode: 3 % on the test clip), not the maximum.
     */
    ContentLightLevel measure(AVFrame yuv, PlanarImage rgb, int width, int height) {
        double maxCll = maxCll(yuv, width, height);
        float[] d = rgb.data();
        int n = rgb.planeSize();
        int w = rgb.width();
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int i = y * w + x;
                meter.add(d[i], d[n + i], d[2 * n + i]);
            }
        }
        return new ContentLightLevel(maxCll, meter.takeFrame().maxFall());
    }

    private double maxCll(AVFrame frame, int width, int height) {
        int cw = (width + 1) / 2;
        int ch = (height + 1) / 2;
        luma = plane(frame, 0, width, height, luma);
        cb = plane(frame, 1, cw, ch, cb);
        cr = plane(frame, 2, cw, ch, cr);
        for (int y = 0; y < height; y++) {
            // 4:2:0 rows sit between two luma rows: weights 3/4 and 1/4 from the nearer and the farther.
            int c0 = Math.min(y / 2, ch - 1);
            int c1 = Math.min(Math.max((y % 2 == 0 ? c0 - 1 : c0 + 1), 0), ch - 1);
            for (int x = 0; x < width; x++) {
                int cx0 = x / 2;
                int cx1 = Math.min(cx0 + 1, cw - 1);
                boolean between = (x & 1) == 1;
                double u = chroma(cb, cw, c0, c1, cx0, cx1, between);
                double v = chroma(cr, cw, c0, c1, cx0, cx1, between);
                double yy = ((luma[y * width + x] & 0xFFFF) - Y_BLACK) / Y_RANGE;
                double r = yy + 1.4746 * v;
                double b = yy + 1.8814 * u;
                double g = (yy - 0.2627 * r - 0.0593 * b) / 0.6780;
                meter.add(r, g, b);
            }
        }
        return meter.takeFrame().maxCll();
    }

    private static double chroma(short[] p, int cw, int row0, int row1, int x0, int x1, boolean between) {
        double near = between ? ((p[row0 * cw + x0] & 0xFFFF) + (p[row0 * cw + x1] & 0xFFFF)) / 2.0
                : p[row0 * cw + x0] & 0xFFFF;
        double far = between ? ((p[row1 * cw + x0] & 0xFFFF) + (p[row1 * cw + x1] & 0xFFFF)) / 2.0
                : p[row1 * cw + x0] & 0xFFFF;
        return (0.75 * near + 0.25 * far - C_MID) / C_RANGE;
    }

    private static short[] plane(AVFrame frame, int index, int w, int h, short[] into) {
        short[] out = into.length == w * h ? into : new short[w * h];
        int stride = frame.linesize(index) / 2;
        ShortPointer data = new ShortPointer(frame.data(index));
        data.capacity((long) stride * h);
        for (int y = 0; y < h; y++) {
            data.position((long) y * stride).get(out, y * w, w);
        }
        return out;
    }
}
