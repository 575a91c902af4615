"""Real-CUGAN (bilibili's "upcunet v3" networks, the .pth releases UpCunet2x/3x/4x, conservative and
pro) in plain torch.nn, written from the published model structure and the tensor names of its
checkpoints, so that such a state dict loads with strict=True. `width` scales every channel count
(64 in the releases) so that the tests can use tiny random networks.

Two U-Nets of unpadded ("valid") convolutions in a row: unet1 (one down/up level, then a transposed
conv that enlarges by 2, or by 3 with a 5x5 kernel) and unet2 (two levels, squeeze-excitation after
most conv pairs); the skips are cropped to the shrunken size, unet2's output is added to unet1's
cropped by 20. The input is reflect-padded (18 / 14 / 19 pixels for x2 / x3 / x4, plus up to a
multiple of 2 or 4) so that the result has exactly s times the input's size after a crop.
x4 puts a 3x3 conv to 12 channels, a 1-pixel crop, a pixel shuffle and a nearest skip after them.
"pro" files (a `pro` buffer) work on x*0.7+0.15 and map the result back.
"""
import torch
import torch.nn as nn
import torch.nn.functional as F


def lrelu(x):
    return F.leaky_relu(x, 0.1)


def crop(x, c):
    return x[:, :, c:-c, c:-c]


class SqueezeExcite(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.conv1 = nn.Conv2d(c, c // 8, 1)
        self.conv2 = nn.Conv2d(c // 8, c, 1)

    def forward(self, x):
        gate = self.conv2(F.relu(self.conv1(x.mean((2, 3), keepdim=True))))
        return x * torch.sigmoid(gate)


class ConvPair(nn.Module):
    """Two valid 3x3 convs with LeakyReLU(0.1), optionally squeeze-excitation."""

    def __init__(self, c_in, c_mid, c_out, se):
        super().__init__()
        self.conv = nn.Sequential(nn.Conv2d(c_in, c_mid, 3), nn.LeakyReLU(0.1), nn.Conv2d(c_mid, c_out, 3),
                                  nn.LeakyReLU(0.1))
        if se:
            self.seblock = SqueezeExcite(c_out)

    def forward(self, x):
        y = self.conv(x)
        return self.seblock(y) if hasattr(self, "seblock") else y


class Unet1(nn.Module):
    def __init__(self, c_in, c_out, w, scale):
        super().__init__()
        self.conv1 = ConvPair(c_in, w // 2, w, se=False)
        self.conv1_down = nn.Conv2d(w, w, 2, 2)
        self.conv2 = ConvPair(w, 2 * w, w, se=True)
        self.conv2_up = nn.ConvTranspose2d(w, w, 2, 2)
        self.conv3 = nn.Conv2d(w, w, 3)
        self.conv_bottom = (nn.ConvTranspose2d(w, c_out, 5, 3, 2) if scale == 3
                            else nn.ConvTranspose2d(w, c_out, 4, 2, 3))

    def forward(self, x):
        x1 = self.conv1(x)
        x2 = lrelu(self.conv2_up(self.conv2(lrelu(self.conv1_down(x1)))))
        return self.conv_bottom(lrelu(self.conv3(crop(x1, 4) + x2)))


class Unet2(nn.Module):
    def __init__(self, c_in, c_out, w):
        super().__init__()
        self.conv1 = ConvPair(c_in, w // 2, w, se=False)
        self.conv1_down = nn.Conv2d(w, w, 2, 2)
        self.conv2 = ConvPair(w, w, 2 * w, se=True)
        self.conv2_down = nn.Conv2d(2 * w, 2 * w, 2, 2)
        self.conv3 = ConvPair(2 * w, 4 * w, 2 * w, se=True)
        self.conv3_up = nn.ConvTranspose2d(2 * w, 2 * w, 2, 2)
        self.conv4 = ConvPair(2 * w, w, w, se=True)
        self.conv4_up = nn.ConvTranspose2d(w, w, 2, 2)
        self.conv5 = nn.Conv2d(w, w, 3)
        self.conv_bottom = nn.Conv2d(w, c_out, 3)

    def forward(self, x):
        x1 = self.conv1(x)
        x2 = self.conv2(lrelu(self.conv1_down(x1)))
        x3 = lrelu(self.conv3_up(self.conv3(lrelu(self.conv2_down(x2)))))
        x4 = lrelu(self.conv4_up(self.conv4(crop(x2, 4) + x3)))
        return self.conv_bottom(lrelu(self.conv5(crop(x1, 16) + x4)))


class UpCunet(nn.Module):
    PAD = {2: 18, 3: 14, 4: 19}
    MULTIPLE = {2: 2, 3: 4, 4: 2}

    def __init__(self, scale=2, width=64, pro=False):
        super().__init__()
        self.scale = scale
        if pro:
            self.register_buffer("pro", torch.zeros(1))
        self.is_pro = pro
        inner = width if scale == 4 else 3
        self.unet1 = Unet1(3, inner, width, scale)
        self.unet2 = Unet2(inner, inner, width)
        if scale == 4:
            self.conv_final = nn.Conv2d(width, 12, 3)

    def forward(self, x):
        if self.is_pro:
            x = x * 0.7 + 0.15
        h, w = x.shape[2:]
        m, p, s = self.MULTIPLE[self.scale], self.PAD[self.scale], self.scale
        y = F.pad(x, (p, p + (-w % m), p, p + (-h % m)), mode="reflect")
        y = self.unet1(y)
        y = self.unet2(y) + crop(y, 20)
        if s == 4:
            y = F.pixel_shuffle(crop(self.conv_final(y), 1), 2)
        y = y[:, :, :h * s, :w * s]
        if s == 4:
            y = y + F.interpolate(x, scale_factor=4, mode="nearest")
        if self.is_pro:
            y = (y - 0.15) / 0.7
        return y
