"""SPAN (Wan et al., "Swift Parameter-free Attention Network for Efficient Super-Resolution",
NTIRE 2024 efficient SR winner) in plain torch.nn, written from the paper and the tensor names of the
community checkpoints (OpenModelDB), so that such a state dict loads with strict=True.

Structure: an optional input normalisation ((x - RGB mean) * 255; files trained without it carry a
`no_norm` buffer), conv_1, six SPAB blocks, conv_2 on the last block's output, a 1x1 conv_cat over
[features, conv_2 output, block 1 output, block 6's first conv], and a 3x3 conv + pixel shuffle.

Every 3x3 layer is a "Conv3XC": in training a 1x1 -> 3x3 (valid) -> 1x1 chain on the zero-padded
input plus a 1x1 skip (`sk`); at inference the chain and the skip are folded into one 3x3 conv
(`eval_conv`), recomputed from the branches on every forward, so a stale stored eval_conv never
matters. Both forms give the same function (checked in `check_fold`).

An SPAB block: three Conv3XC (SiLU after the first two), attention a = sigmoid(out3) - 0.5 with
no parameters of its own, output (out3 + x) * a; it also hands out its first conv's output AFTER the
SiLU (upstream's SiLU is in place, so the tensor it returns is the activated one; found by
check_upstream.py against hongyuanyu/SPAN).
"""
import torch
import torch.nn as nn
import torch.nn.functional as F

RGB_MEAN = (0.4488, 0.4371, 0.4040)


class Conv3XC(nn.Module):
    def __init__(self, c_in, c_out, gain=2):
        super().__init__()
        self.sk = nn.Conv2d(c_in, c_out, 1)
        self.conv = nn.Sequential(nn.Conv2d(c_in, c_in * gain, 1), nn.Conv2d(c_in * gain, c_out * gain, 3),
                                  nn.Conv2d(c_out * gain, c_out, 1))
        self.eval_conv = nn.Conv2d(c_in, c_out, 3, padding=1)

    def folded(self):
        """The single 3x3 kernel and bias of the branches: products of the three weights plus the skip."""
        a, b, c = self.conv
        w1, w2, w3 = a.weight[:, :, 0, 0], b.weight, c.weight[:, :, 0, 0]
        weight = torch.einsum("om,mnyx,ni->oiyx", w3, w2, w1)
        weight = weight + F.pad(self.sk.weight, (1, 1, 1, 1))
        inner = b.bias + torch.einsum("mnyx,n->m", w2, a.bias)
        bias = w3 @ inner + c.bias + self.sk.bias
        return weight, bias

    def forward(self, x):
        weight, bias = self.folded()
        return F.conv2d(x, weight, bias, padding=1)

    def training_form(self, x):
        return self.conv(F.pad(x, (1, 1, 1, 1))) + self.sk(x)


class SPAB(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.c1_r = Conv3XC(c, c)
        self.c2_r = Conv3XC(c, c)
        self.c3_r = Conv3XC(c, c)

    def forward(self, x):
        out1 = F.silu(self.c1_r(x))
        out3 = self.c3_r(F.silu(self.c2_r(out1)))
        attention = torch.sigmoid(out3) - 0.5
        return (out3 + x) * attention, out1


class SPAN(nn.Module):
    def __init__(self, feature_channels=48, upscale=4, norm=True):
        super().__init__()
        self.norm = norm
        if not norm:
            self.register_buffer("no_norm", torch.zeros(1))
        self.conv_1 = Conv3XC(3, feature_channels)
        for i in range(1, 7):
            setattr(self, f"block_{i}", SPAB(feature_channels))
        self.conv_cat = nn.Conv2d(4 * feature_channels, feature_channels, 1)
        self.conv_2 = Conv3XC(feature_channels, feature_channels)
        self.upsampler = nn.Sequential(nn.Conv2d(feature_channels, 3 * upscale * upscale, 3, padding=1),
                                       nn.PixelShuffle(upscale))

    def forward(self, x):
        if self.norm:
            x = (x - torch.tensor(RGB_MEAN).view(1, 3, 1, 1)) * 255.0
        features = self.conv_1(x)
        out = features
        outs = []
        for i in range(1, 7):
            out, first = getattr(self, f"block_{i}")(out)
            outs.append(out)
        # block 6's activated first conv output is the fourth input of conv_cat
        cat = torch.cat([features, self.conv_2(out), outs[0], first], 1)
        return self.upsampler(self.conv_cat(cat))


def check_fold(net, x):
    """The folded 3x3 conv equals the training-time chain (so the reference is SPAN's function)."""
    with torch.no_grad():
        conv = net.conv_1
        assert torch.allclose(conv(x), conv.training_form(x), atol=1e-4, rtol=1e-4), "Conv3XC fold differs"
