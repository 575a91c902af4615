"""HAT (Chen et al., "Activating More Pixels in Image Super-Resolution Transformer", CVPR 2023) in
plain torch.nn, written from the paper and the tensor names of the released checkpoints (HAT-S, HAT,
HAT-L; pixelshuffle upsampler), so that such a state dict loads with strict=True. Channel counts,
depths and ratios are parameters so that the tests can use tiny random networks.

HAT is SwinIR's body with two additions. Each Swin block (a hybrid attention block) adds, scaled by
0.01, a channel-attention branch to the attention: conv 3x3 (dim -> dim/compress), GELU, conv 3x3
back, then a squeeze-excitation (global mean, 1x1 conv to dim/squeeze, ReLU, 1x1 conv, sigmoid)
multiplying it; the branch reads the block's normalised input. Each residual group ends its blocks
with an overlapping cross-attention block: queries from w x w windows, keys and values from the
(w + w*overlap)^2 windows around them (zero-padded at the border, unfold-style), a bias per
relative offset, projection, + input, then LayerNorm and MLP. The relative-position indices of both
attentions are buffers of the whole network (relative_position_index_SA, _OCA), not of each block.

As the released test scripts do, the image is reflect-padded to a multiple of the window and cropped
after; the RGB mean is subtracted (img_range 1).
"""
import torch
import torch.nn as nn
import torch.nn.functional as F

from swinir import RGB_MEAN, WindowAttention, from_windows, region_mask, to_windows


def oca_index(window, overlap):
    """(w*w, ow*ow): the table row for query pixel i of a window and key pixel j of its overlapping window."""
    ys, xs = torch.meshgrid(torch.arange(window), torch.arange(window), indexing="ij")
    inner = torch.stack([ys.flatten(), xs.flatten()])
    ys, xs = torch.meshgrid(torch.arange(overlap), torch.arange(overlap), indexing="ij")
    outer = torch.stack([ys.flatten(), xs.flatten()])
    rel = outer[:, None, :] - inner[:, :, None] + window - overlap + 1
    return rel[0] * (window + overlap - 1) + rel[1]


class SharedIndexAttention(WindowAttention):
    """Window attention whose relative-position index is the network's, not a buffer of its own."""

    def __init__(self, dim, window, heads):
        super().__init__(dim, window, heads)
        self.register_buffer("relative_position_index", self.relative_position_index, persistent=False)


class ChannelAttentionBranch(nn.Module):
    def __init__(self, dim, compress, squeeze):
        super().__init__()
        excite = nn.Module()
        excite.attention = nn.Sequential(nn.AdaptiveAvgPool2d(1), nn.Conv2d(dim, dim // squeeze, 1), nn.ReLU(),
                                         nn.Conv2d(dim // squeeze, dim, 1), nn.Sigmoid())
        self.cab = nn.Sequential(nn.Conv2d(dim, dim // compress, 3, padding=1), nn.GELU(),
                                 nn.Conv2d(dim // compress, dim, 3, padding=1), excite)

    def forward(self, x):
        y = self.cab[2](self.cab[1](self.cab[0](x)))
        return y * self.cab[3].attention(y)


class HybridBlock(nn.Module):
    def __init__(self, dim, heads, window, shift, mlp_ratio, compress, squeeze):
        super().__init__()
        self.window, self.shift = window, shift
        self.norm1 = nn.LayerNorm(dim)
        self.conv_block = ChannelAttentionBranch(dim, compress, squeeze)
        self.attn = SharedIndexAttention(dim, window, heads)
        self.norm2 = nn.LayerNorm(dim)
        self.mlp = nn.Module()
        self.mlp.fc1 = nn.Linear(dim, int(dim * mlp_ratio))
        self.mlp.fc2 = nn.Linear(int(dim * mlp_ratio), dim)

    def forward(self, x):
        _, h, w, _ = x.shape
        y = self.norm1(x)
        conv = self.conv_block(y.permute(0, 3, 1, 2)).permute(0, 2, 3, 1)
        if self.shift:
            y = torch.roll(y, (-self.shift, -self.shift), (1, 2))
        mask = region_mask(h, w, self.window, self.shift) if self.shift else None
        y = from_windows(self.attn(to_windows(y, self.window), mask), self.window, h, w)
        if self.shift:
            y = torch.roll(y, (self.shift, self.shift), (1, 2))
        x = x + y + 0.01 * conv
        return x + self.mlp.fc2(F.gelu(self.mlp.fc1(self.norm2(x))))


class OverlapCrossAttention(nn.Module):
    def __init__(self, dim, heads, window, overlap_ratio, mlp_ratio):
        super().__init__()
        self.dim, self.heads, self.window = dim, heads, window
        self.overlap = int(window * overlap_ratio) + window
        self.norm1 = nn.LayerNorm(dim)
        self.qkv = nn.Linear(dim, 3 * dim)
        self.relative_position_bias_table = nn.Parameter(torch.zeros((window + self.overlap - 1) ** 2, heads))
        self.proj = nn.Linear(dim, dim)
        self.norm2 = nn.LayerNorm(dim)
        self.mlp = nn.Module()
        self.mlp.fc1 = nn.Linear(dim, int(dim * mlp_ratio))
        self.mlp.fc2 = nn.Linear(int(dim * mlp_ratio), dim)

    def forward(self, x, index):
        _, h, w, c = x.shape
        ow, d = self.overlap, c // self.heads
        q, k, v = self.qkv(self.norm1(x)).chunk(3, -1)
        q = to_windows(q, self.window)  # (n, w*w, c)
        kv = F.unfold(torch.cat([k, v], -1).permute(0, 3, 1, 2), ow, stride=self.window, padding=(ow - self.window) // 2)
        kv = kv.view(2, c, ow * ow, -1).permute(0, 3, 2, 1)  # (2, n, ow*ow, c)
        n = q.shape[0]
        q = q.view(n, -1, self.heads, d).transpose(1, 2) * d ** -0.5
        k = kv[0].reshape(n, -1, self.heads, d).transpose(1, 2)
        v = kv[1].reshape(n, -1, self.heads, d).transpose(1, 2)
        bias = self.relative_position_bias_table[index.view(-1)].view(self.window ** 2, ow * ow, -1).permute(2, 0, 1)
        attn = (q @ k.transpose(-2, -1) + bias.unsqueeze(0)).softmax(-1)
        y = (attn @ v).transpose(1, 2).reshape(n, self.window ** 2, c)
        x = x + self.proj(from_windows(y, self.window, h, w))
        return x + self.mlp.fc2(F.gelu(self.mlp.fc1(self.norm2(x))))


class HybridGroup(nn.Module):
    def __init__(self, dim, depth, heads, window, mlp_ratio, compress, squeeze, overlap_ratio):
        super().__init__()
        self.residual_group = nn.Module()
        self.residual_group.blocks = nn.ModuleList(
            [HybridBlock(dim, heads, window, window // 2 if i % 2 else 0, mlp_ratio, compress, squeeze)
             for i in range(depth)])
        self.residual_group.overlap_attn = OverlapCrossAttention(dim, heads, window, overlap_ratio, mlp_ratio)
        self.conv = nn.Conv2d(dim, dim, 3, padding=1)

    def forward(self, t, oca_index):
        y = t
        for block in self.residual_group.blocks:
            y = block(y)
        y = self.residual_group.overlap_attn(y, oca_index)
        return self.conv(y.permute(0, 3, 1, 2)).permute(0, 2, 3, 1) + t


class HAT(nn.Module):
    def __init__(self, upscale=2, embed_dim=12, depths=(2, 2), heads=(2, 2), window=4, mlp_ratio=2.0, compress=3,
                 squeeze=6, overlap_ratio=0.5, num_feat=8):
        super().__init__()
        self.upscale, self.window = upscale, window
        overlap = int(window * overlap_ratio) + window
        attn = WindowAttention(embed_dim, window, heads[0])
        self.register_buffer("relative_position_index_SA", attn.relative_position_index)
        self.register_buffer("relative_position_index_OCA", oca_index(window, overlap))
        self.conv_first = nn.Conv2d(3, embed_dim, 3, padding=1)
        self.patch_embed = nn.Module()
        self.patch_embed.norm = nn.LayerNorm(embed_dim)
        self.layers = nn.ModuleList([HybridGroup(embed_dim, d, h, window, mlp_ratio, compress, squeeze, overlap_ratio)
                                     for d, h in zip(depths, heads)])
        self.norm = nn.LayerNorm(embed_dim)
        self.conv_after_body = nn.Conv2d(embed_dim, embed_dim, 3, padding=1)
        self.conv_before_upsample = nn.Sequential(nn.Conv2d(embed_dim, num_feat, 3, padding=1), nn.LeakyReLU(0.01))
        ups = []
        for s in [3] if upscale == 3 else [2] * (upscale.bit_length() - 1):
            ups += [nn.Conv2d(num_feat, s * s * num_feat, 3, padding=1), nn.PixelShuffle(s)]
        self.upsample = nn.Sequential(*ups)
        self.conv_last = nn.Conv2d(num_feat, 3, 3, padding=1)

    def forward(self, x):
        h, w = x.shape[2:]
        x = F.pad(x, (0, -w % self.window, 0, -h % self.window), mode="reflect")
        mean = torch.tensor(RGB_MEAN).view(1, 3, 1, 1)
        first = self.conv_first(x - mean)
        t = self.patch_embed.norm(first.permute(0, 2, 3, 1))
        for layer in self.layers:
            t = layer(t, self.relative_position_index_OCA)
        y = self.conv_after_body(self.norm(t).permute(0, 3, 1, 2)) + first
        y = self.conv_last(self.upsample(self.conv_before_upsample(y))) + mean
        return y[:, :, :h * self.upscale, :w * self.upscale]


def amplify_channel_attention(net, factor):
    """Random weights leave the 0.01-scaled channel-attention branch below the parity threshold (a network
    without it still scores ~70 dB); larger convolutions there make a wrong branch fail the test."""
    with torch.no_grad():
        for name, p in net.named_parameters():
            if ".conv_block.cab.0." in name or ".conv_block.cab.2." in name:
                p.mul_(factor)
    return net
