"""RealPLKSR (the real-world variant of PLKSR: Lee et al., "Partial Large Kernel CNNs for Efficient
Super-Resolution", arXiv 2404.11848, as trained by neosr/traiNNer) in plain torch.nn, written from the
paper and the tensor names of the community checkpoints, so that such a state dict loads with strict=True.

feats: conv 3x3 (3 -> dim), n_blocks PLK blocks, Dropout2d (no weights, identity at inference; it
still takes an index), conv 3x3 (dim -> 3*s^2); the output is pixel_shuffle(feats(x) + x repeated
s^2 times per channel), i.e. a nearest-upsampled skip.

A PLK block: [channel LayerNorm (eps 1e-6), traiNNer's `layer_norm` variant] -> channel mixer (conv 3x3
dim -> 2 dim, Mish, conv 3x3 2 dim -> dim) -> a large k x k conv on the first pdim channels only (the
rest pass through) -> [element-wise attention x * sigmoid(conv 3x3 x)] -> 1x1 refine ->
[GroupNorm(4 groups), the default variant] -> + the block's input.
"""
import torch
import torch.nn as nn
import torch.nn.functional as F


class ChannelLayerNorm(nn.Module):
    def __init__(self, dim, eps=1e-6):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(dim))
        self.bias = nn.Parameter(torch.zeros(dim))
        self.eps = eps

    def forward(self, x):
        mean = x.mean(1, keepdim=True)
        var = (x - mean).pow(2).mean(1, keepdim=True)
        return (x - mean) / torch.sqrt(var + self.eps) * self.weight.view(1, -1, 1, 1) + self.bias.view(1, -1, 1, 1)


class PartialConv(nn.Module):
    def __init__(self, pdim, kernel_size):
        super().__init__()
        self.conv = nn.Conv2d(pdim, pdim, kernel_size, padding=kernel_size // 2)

    def forward(self, x):
        p = self.conv.in_channels
        return torch.cat([self.conv(x[:, :p]), x[:, p:]], 1)


class Attention(nn.Module):
    def __init__(self, dim):
        super().__init__()
        self.f = nn.Sequential(nn.Conv2d(dim, dim, 3, padding=1), nn.Sigmoid())

    def forward(self, x):
        return x * self.f(x)


class PlkBlock(nn.Module):
    def __init__(self, dim, kernel_size, split_ratio, use_ea, layer_norm, norm_groups=4):
        super().__init__()
        if layer_norm:
            self.layer_norm = ChannelLayerNorm(dim)
        self.channel_mixer = nn.Sequential(nn.Conv2d(dim, 2 * dim, 3, padding=1), nn.Mish(),
                                           nn.Conv2d(2 * dim, dim, 3, padding=1))
        self.lk = PartialConv(int(dim * split_ratio), kernel_size)
        if use_ea:
            self.attn = Attention(dim)
        self.refine = nn.Conv2d(dim, dim, 1)
        if not layer_norm:
            self.norm = nn.GroupNorm(norm_groups, dim)

    def forward(self, x):
        y = self.layer_norm(x) if hasattr(self, "layer_norm") else x
        y = self.lk(self.channel_mixer(y))
        if hasattr(self, "attn"):
            y = self.attn(y)
        y = self.refine(y)
        if hasattr(self, "norm"):
            y = self.norm(y)
        return y + x


class RealPLKSR(nn.Module):
    def __init__(self, dim=64, n_blocks=28, upscale=4, kernel_size=17, split_ratio=0.25, use_ea=True,
                 layer_norm=False):
        super().__init__()
        self.upscale = upscale
        self.feats = nn.Sequential(nn.Conv2d(3, dim, 3, padding=1),
                                   *[PlkBlock(dim, kernel_size, split_ratio, use_ea, layer_norm)
                                     for _ in range(n_blocks)],
                                   nn.Dropout2d(0), nn.Conv2d(dim, 3 * upscale * upscale, 3, padding=1))

    def forward(self, x):
        skip = torch.repeat_interleave(x, self.upscale * self.upscale, dim=1)
        return F.pixel_shuffle(self.feats(x) + skip, self.upscale)
