"""SwinIR (Liang et al., "SwinIR: Image Restoration Using Swin Transformer", ICCVW 2021) in plain
torch.nn, written from the paper and the tensor names of the released checkpoints (classical,
lightweight and real-world SR), so that such a state dict loads with strict=True. Channel counts and
depths are parameters so that the tests can use tiny random networks.

The image is reflect-padded to a multiple of the window, normalised ((x - RGB mean) * img_range, 1 in
the releases), conv_first (3x3) makes features; residual Swin transformer blocks (RSTB: Swin blocks,
a conv (1conv) or a conv-lrelu-1x1-lrelu-conv stack (3conv), plus the RSTB's input) and a final
LayerNorm form the body; conv_after_body + the first features; then one of the upsamplers
(pixelshuffle: conv + lrelu, (conv, shuffle x2) per octave or one x3, conv_last; pixelshuffledirect:
one conv to 3*s^2 and a shuffle; nearest+conv: conv + lrelu, (nearest x2, conv, lrelu) once or
twice, conv_hr, lrelu, conv_last). The mean is added back and the padding cropped.

A Swin block on tokens (H, W, C): LayerNorm, [cyclic shift by -w/2 on odd blocks], multi-head
self-attention within w x w windows (scaled q.k^T + a learned bias per relative offset, -100 between
pixels that the shift brought from different image regions), [shift back], + input; LayerNorm, MLP
(Linear, GELU, Linear), + input. The files store relative_position_index and the shifted blocks'
attn_mask for the training size as buffers; the mask is computed for the actual size here.
"""
import torch
import torch.nn as nn
import torch.nn.functional as F

RGB_MEAN = (0.4488, 0.4371, 0.4040)


def region_mask(h, w, window, shift):
    """(windows, w*w, w*w): 0 within a region of the shifted image, -100 across regions."""
    ids = torch.zeros(h, w)
    rows = (torch.arange(h) >= h - window).float() + (torch.arange(h) >= h - shift).float()
    cols = (torch.arange(w) >= w - window).float() + (torch.arange(w) >= w - shift).float()
    ids = rows[:, None] * 3 + cols[None, :]
    win = to_windows(ids.view(1, h, w, 1), window).squeeze(-1)
    diff = win[:, :, None] - win[:, None, :]
    return torch.where(diff != 0, torch.tensor(-100.0), torch.tensor(0.0))


def to_windows(x, w):
    b, h, wd, c = x.shape
    return x.view(b, h // w, w, wd // w, w, c).permute(0, 1, 3, 2, 4, 5).reshape(-1, w * w, c)


def from_windows(x, w, h, wd):
    c = x.shape[-1]
    return x.view(1, h // w, wd // w, w, w, c).permute(0, 1, 3, 2, 4, 5).reshape(1, h, wd, c)


class WindowAttention(nn.Module):
    def __init__(self, dim, window, heads):
        super().__init__()
        self.window, self.heads = window, heads
        self.relative_position_bias_table = nn.Parameter(torch.zeros((2 * window - 1) ** 2, heads))
        ys, xs = torch.meshgrid(torch.arange(window), torch.arange(window), indexing="ij")
        coords = torch.stack([ys.flatten(), xs.flatten()])
        rel = (coords[:, :, None] - coords[:, None, :]) + window - 1
        self.register_buffer("relative_position_index", rel[0] * (2 * window - 1) + rel[1])
        self.qkv = nn.Linear(dim, 3 * dim)
        self.proj = nn.Linear(dim, dim)

    def forward(self, x, mask):
        b, n, c = x.shape
        q, k, v = self.qkv(x).view(b, n, 3, self.heads, c // self.heads).permute(2, 0, 3, 1, 4)
        attn = (q * (c // self.heads) ** -0.5) @ k.transpose(-2, -1)
        bias = self.relative_position_bias_table[self.relative_position_index.view(-1)].view(n, n, -1)
        attn = attn + bias.permute(2, 0, 1).unsqueeze(0)
        if mask is not None:
            attn = attn + mask.unsqueeze(1)
        out = attn.softmax(-1) @ v
        return self.proj(out.transpose(1, 2).reshape(b, n, c))


class SwinBlock(nn.Module):
    def __init__(self, dim, heads, window, shift, mlp_ratio, train_size):
        super().__init__()
        self.window, self.shift = window, shift
        self.norm1 = nn.LayerNorm(dim)
        self.attn = WindowAttention(dim, window, heads)
        self.norm2 = nn.LayerNorm(dim)
        self.mlp = nn.Module()
        self.mlp.fc1 = nn.Linear(dim, int(dim * mlp_ratio))
        self.mlp.fc2 = nn.Linear(int(dim * mlp_ratio), dim)
        if shift:
            self.register_buffer("attn_mask", region_mask(train_size, train_size, window, shift))

    def forward(self, x):
        _, h, w, _ = x.shape
        y = self.norm1(x)
        if self.shift:
            y = torch.roll(y, (-self.shift, -self.shift), (1, 2))
        mask = region_mask(h, w, self.window, self.shift) if self.shift else None
        y = from_windows(self.attn(to_windows(y, self.window), mask), self.window, h, w)
        if self.shift:
            y = torch.roll(y, (self.shift, self.shift), (1, 2))
        x = x + y
        return x + self.mlp.fc2(F.gelu(self.mlp.fc1(self.norm2(x))))


def residual_conv(dim, kind):
    if kind == "1conv":
        return nn.Conv2d(dim, dim, 3, padding=1)
    return nn.Sequential(nn.Conv2d(dim, dim // 4, 3, padding=1), nn.LeakyReLU(0.2), nn.Conv2d(dim // 4, dim // 4, 1),
                         nn.LeakyReLU(0.2), nn.Conv2d(dim // 4, dim, 3, padding=1))


class Rstb(nn.Module):
    def __init__(self, dim, depth, heads, window, mlp_ratio, resi, train_size):
        super().__init__()
        self.residual_group = nn.Module()
        self.residual_group.blocks = nn.ModuleList(
            [SwinBlock(dim, heads, window, window // 2 if i % 2 else 0, mlp_ratio, train_size) for i in range(depth)])
        self.conv = residual_conv(dim, resi)

    def forward(self, t):
        y = t
        for block in self.residual_group.blocks:
            y = block(y)
        return self.conv(y.permute(0, 3, 1, 2)).permute(0, 2, 3, 1) + t


class SwinIR(nn.Module):
    def __init__(self, upscale=2, embed_dim=8, depths=(2, 2), heads=(2, 2), window=4, mlp_ratio=2.0,
                 upsampler="pixelshuffle", resi="1conv", num_feat=8, patch_norm=True, train_size=8):
        super().__init__()
        self.upscale, self.window, self.upsampler = upscale, window, upsampler
        self.conv_first = nn.Conv2d(3, embed_dim, 3, padding=1)
        self.patch_norm = patch_norm
        if patch_norm:
            self.patch_embed = nn.Module()
            self.patch_embed.norm = nn.LayerNorm(embed_dim)
        self.layers = nn.ModuleList([Rstb(embed_dim, d, h, window, mlp_ratio, resi, train_size)
                                     for d, h in zip(depths, heads)])
        self.norm = nn.LayerNorm(embed_dim)
        self.conv_after_body = residual_conv(embed_dim, resi)
        if upsampler == "pixelshuffle":
            self.conv_before_upsample = nn.Sequential(nn.Conv2d(embed_dim, num_feat, 3, padding=1), nn.LeakyReLU(0.01))
            ups = []
            steps = [3] if upscale == 3 else [2] * (upscale.bit_length() - 1)
            for s in steps:
                ups += [nn.Conv2d(num_feat, s * s * num_feat, 3, padding=1), nn.PixelShuffle(s)]
            self.upsample = nn.Sequential(*ups)
            self.conv_last = nn.Conv2d(num_feat, 3, 3, padding=1)
        elif upsampler == "pixelshuffledirect":
            self.upsample = nn.Sequential(nn.Conv2d(embed_dim, 3 * upscale * upscale, 3, padding=1),
                                          nn.PixelShuffle(upscale))
        else:  # nearest+conv
            self.conv_before_upsample = nn.Sequential(nn.Conv2d(embed_dim, num_feat, 3, padding=1), nn.LeakyReLU(0.01))
            self.conv_up1 = nn.Conv2d(num_feat, num_feat, 3, padding=1)
            if upscale == 4:
                self.conv_up2 = nn.Conv2d(num_feat, num_feat, 3, padding=1)
            self.conv_hr = nn.Conv2d(num_feat, num_feat, 3, padding=1)
            self.conv_last = nn.Conv2d(num_feat, 3, 3, padding=1)

    def forward(self, x):
        h, w = x.shape[2:]
        x = F.pad(x, (0, -w % self.window, 0, -h % self.window), mode="reflect")
        mean = torch.tensor(RGB_MEAN).view(1, 3, 1, 1)
        x = x - mean
        first = self.conv_first(x)
        t = first.permute(0, 2, 3, 1)
        if self.patch_norm:
            t = self.patch_embed.norm(t)
        for layer in self.layers:
            t = layer(t)
        body = self.norm(t).permute(0, 3, 1, 2)
        y = self.conv_after_body(body) + first
        if self.upsampler == "pixelshuffle":
            y = self.conv_last(self.upsample(self.conv_before_upsample(y)))
        elif self.upsampler == "pixelshuffledirect":
            y = self.upsample(y)
        else:
            y = self.conv_before_upsample(y)
            y = F.leaky_relu(self.conv_up1(F.interpolate(y, scale_factor=2, mode="nearest")), 0.2)
            if self.upscale == 4:
                y = F.leaky_relu(self.conv_up2(F.interpolate(y, scale_factor=2, mode="nearest")), 0.2)
            y = self.conv_last(F.leaky_relu(self.conv_hr(y), 0.2))
        y = y + mean
        return y[:, :, :h * self.upscale, :w * self.upscale]
