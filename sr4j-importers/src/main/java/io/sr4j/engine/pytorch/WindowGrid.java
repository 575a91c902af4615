package io.sr4j.engine.pytorch;

import io.sr4j.engine.onnx.OnnxAttribute;
import java.util.List;

/**
 * The window grid of Swin-style attention over an image padded to multiples of the window: w×w
 * (SwinIR, HAT) or rectangular h×w (DAT). Tokens (1, H, W, C) cut into windows and put back, and the
 * shifted windows' region mask computed for the actual size.
 */
final class WindowGrid {
    private static final float MASKED = -100f;

    private final TorchGraph g;
    private final int windowH;
    private final int windowW;
    private final String image;
    private final String rows;
    private final String columns;
    private String mask;

    /** The grid of {@code image} (1×C×H×W, H and W multiples of {@code window}). */
    WindowGrid(TorchGraph g, String image, int window) {
        this(g, image, window, window);
    }

    /** A grid of rectangular windows, {@code windowH} rows by {@code windowW} columns. */
    WindowGrid(TorchGraph g, String image, int windowH, int windowW) {
        this.g = g;
        this.windowH = windowH;
        this.windowW = windowW;
        this.image = image;
        this.rows = g.dimDividedBy(image, 2, windowH);
        this.columns = g.dimDividedBy(image, 3, windowW);
    }

    private long pixels() {
        return (long) windowH * windowW;
    }

    /** (1, H, W, C) → (windows, pixels of a window, C), windows and their pixels row-major. */
    String toWindows(String x, long channels) {
        String six = g.reshape(x, g.shape(1, rows, windowH, columns, windowW, channels));
        return g.reshape(g.transpose(six, 0, 1, 3, 2, 4, 5), g.shape(-1, pixels(), channels));
    }

    /** (windows, pixels of a window, C) → (1, H, W, C) of {@code like}. */
    String fromWindows(String x, long channels, String like) {
        return windowsTo(x, channels, g.shapeOf(like));
    }

    /** (windows, pixels of a window, C) → (1, H, W, C), H and W the grid's image's. */
    String fromWindows(String x, long channels) {
        return windowsTo(x, channels, g.shape(1, g.dimDividedBy(image, 2, 1), g.dimDividedBy(image, 3, 1), channels));
    }

    private String windowsTo(String x, long channels, String shape) {
        String six = g.reshape(x, g.shape(1, rows, columns, windowH, windowW, channels));
        return g.reshape(g.transpose(six, 0, 1, 3, 2, 4, 5), shape);
    }

    /**
     * (1, H, W, C) → (windows, o², C): around each w×w window the o×o one centred on it, zeros
     * beyond the image ({@code nn.Unfold(o, stride=w, padding=(o−w)/2)}, HAT's overlapping windows;
     * w < o ≤ 2w, o − w even). The windows are cut as a window plus the first o − w rows (then
     * columns) of the next one, after padding (o−w)/2 before and w − (o−w)/2 after.
     */
    String overlapping(String x, long channels, int overlap) {
        if (windowH != windowW) {
            throw new IllegalStateException("overlapping windows around rectangular ones");
        }
        int window = windowH;
        int extra = overlap - window;
        if (extra <= 0 || extra > window || extra % 2 != 0) {
            throw new IllegalArgumentException("overlapping window " + overlap + " for window " + window);
        }
        var b = g.builder();
        int before = extra / 2;
        int after = window - before;
        String pads = b.initializer(b.freshName("overlap_pads"), new long[] {0, before, before, 0, 0, after, after, 0}, 8);
        String padded = b.node("Pad", List.of(x, pads), b.freshName(x + "_zero_padded"), OnnxAttribute.of("mode", "constant"));
        String y = g.reshape(padded, g.shape(1, g.dimDividedBy(padded, 1, window), window, g.dimDividedBy(padded, 2, window),
                window, channels));
        for (int axis : new int[] {1, 3}) {
            String these = slice(y, new long[] {axis}, new long[] {0}, new long[] {-1});
            String next = slice(y, new long[] {axis, axis + 1}, new long[] {1, 0}, new long[] {Long.MAX_VALUE, extra});
            y = g.concat(List.of(these, next), axis + 1);
        }
        return g.reshape(g.transpose(y, 0, 1, 3, 2, 4, 5), g.shape(-1, (long) overlap * overlap, channels));
    }

    private String slice(String x, long[] axes, long[] starts, long[] ends) {
        var b = g.builder();
        return b.node("Slice", List.of(x, b.initializer(b.freshName("starts"), starts, starts.length),
                b.initializer(b.freshName("ends"), ends, ends.length), b.initializer(b.freshName("axes"), axes, axes.length)),
                b.freshName(x + "_slice"));
    }

    /**
     * Window attention ({@code attn.qkv}, {@code attn.proj} under {@code attn}) on the tokens
     * {@code y} (1, H, W, dim), within the windows or, {@code shifted}, within windows moved by
     * −w/2 (a cyclic shift, undone after, with the region mask); {@code bias} (heads, w², w²) is the
     * position bias added to the logits.
     */
    String attend(String attn, String y, long dim, int heads, String bias, boolean shifted) {
        String qkv = g.linearWithBias(attn + ".qkv", y); // per token: commutes with the shift and the windows
        return g.linearWithBias(attn + ".proj", attendWithin(qkv, dim, heads, bias, shifted));
    }

    /**
     * Multi-head attention within the windows on {@code qkv} (1, H, W, 3·dim: q, k, v one after the
     * other), the result (1, H, W, dim); {@code shifted}: the image first rolled by half a window
     * up and left (rolled back after) and the region mask added to {@code bias} (heads, pixels, pixels).
     */
    String attendWithin(String qkv, long dim, int heads, String bias, boolean shifted) {
        String x = shifted ? g.roll(g.roll(qkv, 1, -(windowH / 2)), 2, -(windowW / 2)) : qkv;
        List<String> terms = shifted ? List.of(bias, regionMask()) : List.of(bias);
        String y = fromWindows(g.attention(toWindows(x, 3 * dim), (int) dim, heads, terms), dim);
        return shifted ? g.roll(g.roll(y, 1, windowH / 2), 2, windowW / 2) : y;
    }

    /**
     * The shifted windows' mask, (windows, 1, pixels, pixels): after the cyclic shift by half a
     * window the last h rows hold pixels from three bands of the image, (…, H−h), [H−h, H−h/2),
     * [H−h/2, …), and likewise the last w columns; pixels of different bands (in rows or columns)
     * must not attend to each other (−100).
     */
    private String regionMask() {
        if (mask != null) {
            return mask;
        }
        var b = g.builder();
        String ids = g.add(g.scale(g.reshape(band(2), g.shape(-1, 1)), 3f), g.reshape(band(3), g.shape(1, -1)));
        String windows = toWindows(g.reshape(ids, g.shape(1, g.dimDividedBy(image, 2, 1), g.dimDividedBy(image, 3, 1), 1)), 1);
        long pixels = pixels();
        String diff = b.node("Sub", List.of(g.reshape(windows, g.shape(-1, pixels, 1)), g.reshape(windows, g.shape(-1, 1, pixels))),
                b.freshName("band_difference"));
        String apart = b.node("Min", List.of(b.node("Abs", List.of(diff), b.freshName("band_distance")),
                g.constant(new float[] {1f})), b.freshName("other_band"));
        mask = g.reshape(g.scale(apart, MASKED), g.shape(-1, 1, pixels, pixels));
        return mask;
    }

    /** Per row (axis 2) or column (axis 3) of the image: 0, 1 or 2, the band it falls in after the shift. */
    private String band(int axis) {
        var b = g.builder();
        String size = b.node("Squeeze", List.of(g.dimDividedBy(image, axis, 1), b.initializer(b.freshName("axis0"), new long[] {0}, 1)),
                b.freshName("size"));
        String positions = b.node("Range", List.of(b.initializer(b.freshName("zero"), new long[] {0}),
                size, b.initializer(b.freshName("one"), new long[] {1})), b.freshName("positions"));
        String sum = null;
        int window = axis == 2 ? windowH : windowW;
        for (int from : new int[] {window, window / 2}) {
            String edge = b.node("Sub", List.of(size, b.initializer(b.freshName("band"), new long[] {from})), b.freshName("edge"));
            String beyond = b.node("Cast", List.of(b.node("GreaterOrEqual", List.of(positions, edge), b.freshName("beyond"))),
                    b.freshName("beyond_f"), OnnxAttribute.of("to", 1L));
            sum = sum == null ? beyond : g.add(sum, beyond);
        }
        return sum;
    }
}
