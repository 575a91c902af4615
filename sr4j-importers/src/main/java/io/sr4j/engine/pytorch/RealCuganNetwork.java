package io.sr4j.engine.pytorch;

import java.util.function.UnaryOperator;

/**
 * Real-CUGAN (bilibili AI Lab's "upcunet v3", the {@code .pth} releases UpCunet2x, UpCunet3x and
 * UpCunet4x; conservative, denoise and "pro" files): two U-Nets of unpadded convolutions in a row.
 * {@code unet1} has one down/up level and ends with a transposed convolution that enlarges by 2
 * (4×4, stride 2, padding 3) or by 3 (5×5, stride 3, padding 2); {@code unet2} has two levels with
 * squeeze-excitation ({@code seblock}) after most convolution pairs; skips are cropped to the
 * shrunken size, and unet2's output is added to unet1's cropped by 20.
 *
 * <p>The image is reflect-padded by 18 / 14 / 19 pixels (×2 / ×3 / ×4), plus up to a multiple of
 * 2 (4 for ×3), so that the result is s times the image after a crop. ×4 adds a 3×3 {@code conv_final}
 * to 12 channels, a 1-pixel crop, a pixel shuffle and the nearest-upsampled image. A {@code pro}
 * buffer marks files trained on x·0.7 + 0.15, mapped back at the end. The width (64 in the
 * releases) is read from the shapes. UpCunet2x_fast (12 input channels) is refused.
 *
 * <p>Reflection needs the image (a tile) to be larger than the padding, about 20 pixels a side:
 * PyTorch refuses smaller ones; here they are first extended by repeating their last row and
 * column ({@link TorchGraph#extendForReflect}), and the extension is cropped with the padding. The
 * squeeze-excitation means see the whole image, so tiles differ slightly from the whole.
 */
final class RealCuganNetwork implements TorchNetwork {
    static final String NAME = "RealCUGAN";
    private static final float SLOPE = 0.1f;
    private static final float PRO_GAIN = 0.7f;
    private static final float PRO_OFFSET = 0.15f;

    private final TorchWeights weights;
    private final int scale;
    private final boolean pro;
    private final int width;

    private RealCuganNetwork(TorchWeights weights, int scale, boolean pro, int width) {
        this.weights = weights;
        this.scale = scale;
        this.pro = pro;
        this.width = width;
    }

    /** The network if the names are Real-CUGAN's ({@code unet1.conv1.conv.0}, {@code unet2.conv_bottom}); else null. */
    static RealCuganNetwork detect(StateDict dict) {
        var tensors = dict.tensors();
        if (!tensors.containsKey("unet1.conv1.conv.0.weight") || !tensors.containsKey("unet2.conv_bottom.weight")) {
            return null;
        }
        TorchWeights weights = new TorchWeights(dict, NAME, UnaryOperator.identity());
        long[] first = weights.shape("unet1.conv1.conv.0.weight", 4);
        if (first[1] == 12) {
            throw weights.fail("unet1 takes 12 channels: this is UpCunet2x_fast (pixel-unshuffled input), which sr4j"
                    + " does not convert; UpCunet2x, UpCunet3x and UpCunet4x are supported");
        }
        if (first[1] != 3) {
            throw weights.fail("unet1 takes " + first[1] + " channels; sr4j converts RGB networks (3)");
        }
        int scale;
        if (weights.has("conv_final.weight")) {
            scale = 4;
            if (weights.shape("conv_final.weight", 4)[0] != 12) {
                throw weights.fail("conv_final gives " + weights.shape("conv_final.weight", 4)[0]
                        + " channels, expected 12 (RGB × 2×2, shuffled)");
            }
        } else {
            long[] bottom = weights.shape("unet1.conv_bottom.weight", 4);
            scale = switch ((int) bottom[2]) {
                case 4 -> 2;
                case 5 -> 3;
                default -> throw weights.fail("unet1.conv_bottom has a " + bottom[2] + "×" + bottom[3]
                        + " kernel: 4 (UpCunet2x) or 5 (UpCunet3x) expected");
            };
            if (weights.shape("unet2.conv_bottom.weight", 4)[0] != 3) {
                throw weights.fail("unet2.conv_bottom does not give RGB (3 channels)");
            }
        }
        return new RealCuganNetwork(weights, scale, weights.flag("pro"), (int) first[0] * 2);
    }

    @Override
    public DetectedArchitecture architecture() {
        // The padding Real-CUGAN's own tiled inference overlaps its tiles by.
        return new DetectedArchitecture(NAME, scale, border(),
                "UpCunet" + scale + "x, width " + width + (pro ? ", pro" : ""));
    }

    private int border() {
        return switch (scale) {
            case 2 -> 18;
            case 3 -> 14;
            default -> 19;
        };
    }

    @Override
    public TorchWeights weights() {
        return weights;
    }

    @Override
    public String emit(TorchGraph g, String input) {
        String x = pro ? g.shift(g.scale(input, PRO_GAIN), PRO_OFFSET) : input;
        int multiple = scale == 3 ? 4 : 2;
        String y = g.padToMultiple(g.extendForReflect(x, multiple, border()), multiple, border(), "reflect");
        y = unet1(g, y);
        y = g.add(unet2(g, y), g.cropBorder(y, 20));
        if (scale == 4) {
            y = g.pixelShuffle(g.cropBorder(g.conv("conv_final", y, 1, 0, 1, true), 1), 2);
        }
        y = g.cropToScaled(y, input, scale);
        if (scale == 4) {
            y = g.add(y, g.nearest(x, 4));
        }
        return pro ? g.scale(g.shift(y, -PRO_OFFSET), 1 / PRO_GAIN) : y;
    }

    private String unet1(TorchGraph g, String x) {
        String x1 = convPair(g, "unet1.conv1", x);
        String x2 = convPair(g, "unet1.conv2", down(g, "unet1.conv1_down", x1));
        x2 = up(g, "unet1.conv2_up", x2);
        String x3 = g.leakyRelu(g.conv("unet1.conv3", g.add(g.cropBorder(x1, 4), x2), 1, 0, 1, true), SLOPE);
        return scale == 3 ? g.convTranspose("unet1.conv_bottom", x3, 3, 2) : g.convTranspose("unet1.conv_bottom", x3, 2, 3);
    }

    private String unet2(TorchGraph g, String x) {
        String x1 = convPair(g, "unet2.conv1", x);
        String x2 = convPair(g, "unet2.conv2", down(g, "unet2.conv1_down", x1));
        String x3 = up(g, "unet2.conv3_up", convPair(g, "unet2.conv3", down(g, "unet2.conv2_down", x2)));
        String x4 = up(g, "unet2.conv4_up", convPair(g, "unet2.conv4", g.add(g.cropBorder(x2, 4), x3)));
        String x5 = g.leakyRelu(g.conv("unet2.conv5", g.add(g.cropBorder(x1, 16), x4), 1, 0, 1, true), SLOPE);
        return g.conv("unet2.conv_bottom", x5, 1, 0, 1, true);
    }

    /** A 2×2 stride-2 convolution and LeakyReLU. */
    private static String down(TorchGraph g, String module, String x) {
        return g.leakyRelu(g.conv(module, x, 2, 0, 1, true), SLOPE);
    }

    /** A 2×2 stride-2 transposed convolution and LeakyReLU. */
    private static String up(TorchGraph g, String module, String x) {
        return g.leakyRelu(g.convTranspose(module, x, 2, 0), SLOPE);
    }

    /** Two unpadded 3×3 convolutions with LeakyReLU, then squeeze-excitation where the file has one. */
    private String convPair(TorchGraph g, String p, String x) {
        String y = g.leakyRelu(g.conv(p + ".conv.0", x, 1, 0, 1, true), SLOPE);
        y = g.leakyRelu(g.conv(p + ".conv.2", y, 1, 0, 1, true), SLOPE);
        if (!weights.has(p + ".seblock.conv1.weight")) {
            return y;
        }
        String gate = g.relu(g.conv(p + ".seblock.conv1", g.globalMean(y), 1, 0, 1, true));
        return g.mul(y, g.sigmoid(g.conv(p + ".seblock.conv2", gate, 1, 0, 1, true)));
    }
}
