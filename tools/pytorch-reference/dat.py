"""DAT, the Dual Aggregation Transformer (Chen et al., "Dual Aggregation Transformer for Image
Super-Resolution", ICCV 2023), in plain torch.nn, written from the paper and the tensor names of the
released checkpoints (DAT, DAT-S, DAT-2, DAT-light), so that such a state dict loads with strict=True.
Sizes are parameters so that the tests can use tiny random networks.

(x - RGB mean) * img_range (1 in the releases), conv_first; tokens, LayerNorm (before_RG.1); residual
groups (blocks, then a conv or the 3conv stack on the image, + the group's input); LayerNorm; back to
an image, conv_after_body + the first features; pixelshuffle head (conv, LeakyReLU 0.01, conv + shuffle
steps, conv_last) or one conv + shuffle (light); + the mean.

A block: x + attn(norm1(x)), then x + SGFN(norm2(x)). Even blocks attend in space, odd ones across
channels; both add a depthwise-conv branch on v and mix the two through sigmoid gates:
  * spatial: qkv (Linear), zero-padded at the bottom/right to a multiple of the larger window side;
    half the channels attend within s0 x s1 windows, the other half within s1 x s0 ones, each with a
    position bias that an MLP (Linear, then three LayerNorm-ReLU-Linear) computes from the relative
    offsets; some blocks first roll each half by half its window (and mask across the regions the
    roll brought together, -100); gates: attention * sigmoid(C-map of the conv branch), conv *
    sigmoid(S-map of the attention);
  * channel: per head, softmax(normalise(q) . normalise(k)^T * temperature) over the channels
    (q, k, v as d x N), times v; gates: attention * sigmoid(S-map of the conv branch), conv *
    sigmoid(C-map of the attention).
C-map: global mean, 1x1 conv (C/8), BatchNorm, GELU, 1x1 conv; S-map: 1x1 conv (C/16), BatchNorm,
GELU, 1x1 conv to one channel. SGFN: fc1, GELU, split in two halves a, b; a * dwconv(LayerNorm(b)); fc2.
"""
import torch
import torch.nn as nn
import torch.nn.functional as F

RGB_MEAN = (0.4488, 0.4371, 0.4040)


def shifted(group, block):
    """Which spatial blocks roll their windows: in even groups blocks 2, 6, 10, ...; in odd ones 0, 4, 8, ..."""
    return block % 4 == 2 if group % 2 == 0 else block % 4 == 0


def gates(dim):
    """The C-map and S-map stacks (Sequential indices as in the files: a pooling and GELUs take slots)."""
    c_map = nn.Sequential(nn.AdaptiveAvgPool2d(1), nn.Conv2d(dim, dim // 8, 1), nn.BatchNorm2d(dim // 8), nn.GELU(),
                          nn.Conv2d(dim // 8, dim, 1))
    s_map = nn.Sequential(nn.Conv2d(dim, dim // 16, 1), nn.BatchNorm2d(dim // 16), nn.GELU(), nn.Conv2d(dim // 16, 1, 1))
    return c_map, s_map


def conv_branch(dim):
    return nn.Sequential(nn.Conv2d(dim, dim, 3, padding=1, groups=dim), nn.BatchNorm2d(dim), nn.GELU())


def as_image(tokens, h, w):
    return tokens.transpose(1, 2).reshape(tokens.shape[0], tokens.shape[2], h, w)


def as_tokens(image):
    return image.flatten(2).transpose(1, 2)


class PositionMlp(nn.Module):
    """The bias per relative offset: pos_proj, then pos1..pos3 = LayerNorm, ReLU, Linear."""

    def __init__(self, dim, heads):
        super().__init__()
        self.pos_proj = nn.Linear(2, dim)
        for i, out in ((1, dim), (2, dim), (3, heads)):
            setattr(self, f"pos{i}", nn.Sequential(nn.LayerNorm(dim), nn.ReLU(), nn.Linear(dim, out)))

    def forward(self, offsets):
        return self.pos3(self.pos2(self.pos1(self.pos_proj(offsets))))


class RectWindowAttention(nn.Module):
    """Attention within wh x ww windows on (1, H, W, 3, C') of q, k, v; H, W multiples of the window."""

    def __init__(self, dim, heads, wh, ww):
        super().__init__()
        self.heads, self.wh, self.ww = heads, wh, ww
        self.pos = PositionMlp(dim // 4 // 4, heads)
        oy, ox = torch.meshgrid(torch.arange(1 - wh, wh), torch.arange(1 - ww, ww), indexing="ij")
        self.register_buffer("rpe_biases", torch.stack([oy.flatten(), ox.flatten()], 1).float())
        ys, xs = torch.meshgrid(torch.arange(wh), torch.arange(ww), indexing="ij")
        dy = ys.flatten()[:, None] - ys.flatten()[None, :] + wh - 1
        dx = xs.flatten()[:, None] - xs.flatten()[None, :] + ww - 1
        self.register_buffer("relative_position_index", dy * (2 * ww - 1) + dx)

    def windows(self, x):
        _, h, w, c = x.shape
        x = x.view(h // self.wh, self.wh, w // self.ww, self.ww, self.heads, c // self.heads)
        return x.permute(0, 2, 4, 1, 3, 5).reshape(-1, self.heads, self.wh * self.ww, c // self.heads)

    def forward(self, q, k, v, mask):
        _, h, w, c = q.shape
        q, k, v = self.windows(q), self.windows(k), self.windows(v)
        n = self.wh * self.ww
        logits = q @ k.transpose(-2, -1) * (c // self.heads) ** -0.5
        bias = self.pos(self.rpe_biases)[self.relative_position_index.flatten()].view(n, n, -1).permute(2, 0, 1)
        logits = logits + bias
        if mask is not None:
            logits = logits + mask[:, None]
        out = logits.softmax(-1) @ v  # (windows, heads, n, d)
        out = out.view(h // self.wh, w // self.ww, self.heads, self.wh, self.ww, c // self.heads)
        return out.permute(0, 3, 1, 4, 2, 5).reshape(1, h, w, c)


def rect_region_mask(h, w, wh, ww):
    """(windows, n, n): -100 between pixels that a roll by half a window brought from different bands."""
    rows = (torch.arange(h) >= h - wh).float() + (torch.arange(h) >= h - wh // 2).float()
    cols = (torch.arange(w) >= w - ww).float() + (torch.arange(w) >= w - ww // 2).float()
    ids = (rows[:, None] * 3 + cols[None, :]).view(h // wh, wh, w // ww, ww).permute(0, 2, 1, 3).reshape(-1, wh * ww)
    return (ids[:, None, :] != ids[:, :, None]).float() * -100.0


class SpatialAttention(nn.Module):
    def __init__(self, dim, heads, split, roll, reso):
        super().__init__()
        self.split, self.roll = split, roll
        self.qkv = nn.Linear(dim, 3 * dim)
        self.proj = nn.Linear(dim, dim)
        s0, s1 = split
        self.attns = nn.ModuleList([RectWindowAttention(dim // 2, heads // 2, s0, s1),
                                    RectWindowAttention(dim // 2, heads // 2, s1, s0)])
        self.dwconv = conv_branch(dim)
        self.channel_interaction, self.spatial_interaction = gates(dim)
        if roll:
            # the files store the masks for the training size (img_size); forward computes them for the actual one
            for i, att in enumerate(self.attns):
                self.register_buffer(f"attn_mask_{i}", rect_region_mask(reso, reso, att.wh, att.ww))

    def forward(self, x, h, w):
        c = x.shape[2]
        qkv = self.qkv(x).view(1, h, w, 3, c)
        v_image = qkv[:, :, :, 2].permute(0, 3, 1, 2)
        m = max(self.split)
        qkv = F.pad(qkv, (0, 0, 0, 0, 0, (-w) % m, 0, (-h) % m))
        ph, pw = qkv.shape[1:3]
        halves = []
        for i, part in enumerate((qkv[..., : c // 2], qkv[..., c // 2:])):
            att = self.attns[i]
            mask = None
            if self.roll:
                part = torch.roll(part, (-(att.wh // 2), -(att.ww // 2)), (1, 2))
                mask = rect_region_mask(ph, pw, att.wh, att.ww)
            out = att(part[:, :, :, 0], part[:, :, :, 1], part[:, :, :, 2], mask)
            if self.roll:
                out = torch.roll(out, (att.wh // 2, att.ww // 2), (1, 2))
            halves.append(out[:, :h, :w])
        attended = torch.cat(halves, -1).reshape(1, h * w, c)
        conv = self.dwconv(v_image)
        # both gates come from the branches before either is gated
        s_map = self.spatial_interaction(as_image(attended, h, w))
        attended = attended * torch.sigmoid(self.channel_interaction(conv).flatten(1)[:, None])
        conv = conv * torch.sigmoid(s_map)
        return self.proj(attended + as_tokens(conv))


class ChannelAttention(nn.Module):
    def __init__(self, dim, heads):
        super().__init__()
        self.heads = heads
        self.temperature = nn.Parameter(torch.ones(heads, 1, 1))
        self.qkv = nn.Linear(dim, 3 * dim)
        self.proj = nn.Linear(dim, dim)
        self.dwconv = conv_branch(dim)
        self.channel_interaction, self.spatial_interaction = gates(dim)

    def forward(self, x, h, w):
        n, c = x.shape[1:]
        q, k, v = self.qkv(x).view(n, 3, self.heads, c // self.heads).permute(1, 2, 3, 0)  # each (heads, d, N)
        logits = F.normalize(q, dim=-1) @ F.normalize(k, dim=-1).transpose(-2, -1) * self.temperature
        attended = (logits.softmax(-1) @ v).reshape(c, n).t()[None]
        conv = self.dwconv(v.reshape(1, c, h, w))
        attended_image = as_image(attended, h, w)
        attended = attended * torch.sigmoid(as_tokens(self.spatial_interaction(conv)))
        conv = conv * torch.sigmoid(self.channel_interaction(attended_image))
        return self.proj(attended + as_tokens(conv))


class SpatialGate(nn.Module):
    def __init__(self, dim):
        super().__init__()
        self.norm = nn.LayerNorm(dim)
        self.conv = nn.Conv2d(dim, dim, 3, padding=1, groups=dim)

    def forward(self, x, h, w):
        a, b = x.chunk(2, -1)
        return a * as_tokens(self.conv(as_image(self.norm(b), h, w)))


class Sgfn(nn.Module):
    def __init__(self, dim, hidden):
        super().__init__()
        self.fc1 = nn.Linear(dim, hidden)
        self.sg = SpatialGate(hidden // 2)
        self.fc2 = nn.Linear(hidden // 2, dim)

    def forward(self, x, h, w):
        return self.fc2(self.sg(F.gelu(self.fc1(x)), h, w))


class Block(nn.Module):
    def __init__(self, dim, heads, split, expansion, group, index, reso):
        super().__init__()
        self.norm1 = nn.LayerNorm(dim)
        if index % 2 == 0:
            self.attn = SpatialAttention(dim, heads, split, shifted(group, index), reso)
        else:
            self.attn = ChannelAttention(dim, heads)
        self.norm2 = nn.LayerNorm(dim)
        self.ffn = Sgfn(dim, int(dim * expansion))

    def forward(self, x, h, w):
        x = x + self.attn(self.norm1(x), h, w)
        return x + self.ffn(self.norm2(x), h, w)


def residual_conv(dim, kind):
    if kind == "1conv":
        return nn.Conv2d(dim, dim, 3, padding=1)
    return nn.Sequential(nn.Conv2d(dim, dim // 4, 3, padding=1), nn.LeakyReLU(0.2), nn.Conv2d(dim // 4, dim // 4, 1),
                         nn.LeakyReLU(0.2), nn.Conv2d(dim // 4, dim, 3, padding=1))


class Group(nn.Module):
    def __init__(self, dim, heads, split, expansion, depth, index, resi, reso):
        super().__init__()
        self.blocks = nn.ModuleList([Block(dim, heads, split, expansion, index, b, reso) for b in range(depth)])
        self.conv = residual_conv(dim, resi)

    def forward(self, x, h, w):
        y = x
        for block in self.blocks:
            y = block(y, h, w)
        return x + as_tokens(self.conv(as_image(y, h, w)))


class DAT(nn.Module):
    def __init__(self, upscale=2, embed_dim=16, depth=(2, 2), heads=(2, 2), split=(2, 4), expansion=2.0,
                 resi="1conv", upsampler="pixelshuffle", num_feat=64, img_size=64):
        super().__init__()
        self.upscale, self.upsampler = upscale, upsampler
        self.conv_first = nn.Conv2d(3, embed_dim, 3, padding=1)
        self.before_RG = nn.Sequential(nn.Identity(), nn.LayerNorm(embed_dim))  # slot 0: the to-tokens reshape
        self.layers = nn.ModuleList([Group(embed_dim, heads[i], split, expansion, depth[i], i, resi, img_size)
                                     for i in range(len(depth))])
        self.norm = nn.LayerNorm(embed_dim)
        self.conv_after_body = residual_conv(embed_dim, resi)
        if upsampler == "pixelshuffle":
            self.conv_before_upsample = nn.Sequential(nn.Conv2d(embed_dim, num_feat, 3, padding=1), nn.LeakyReLU(0.01))
            steps = [3] if upscale == 3 else [2] * (upscale.bit_length() - 1)
            self.upsample = nn.Sequential(*[m for s in steps
                                            for m in (nn.Conv2d(num_feat, s * s * num_feat, 3, padding=1),
                                                      nn.PixelShuffle(s))])
            self.conv_last = nn.Conv2d(num_feat, 3, 3, padding=1)
        else:
            self.upsample = nn.Sequential(nn.Conv2d(embed_dim, 3 * upscale * upscale, 3, padding=1),
                                          nn.PixelShuffle(upscale))

    def forward(self, x):
        mean = torch.tensor(RGB_MEAN).view(1, 3, 1, 1)
        h, w = x.shape[2:]
        first = self.conv_first(x - mean)
        t = self.before_RG(as_tokens(first))
        for group in self.layers:
            t = group(t, h, w)
        y = self.conv_after_body(as_image(self.norm(t), h, w)) + first
        if self.upsampler == "pixelshuffle":
            y = self.conv_last(self.upsample(self.conv_before_upsample(y)))
        else:
            y = self.upsample(y)
        return y + mean


def spread_batch_norms(net, seed):
    """Default running statistics (0 and 1) would make BatchNorm the identity; give them values."""
    g = torch.Generator().manual_seed(seed)
    for m in net.modules():
        if isinstance(m, nn.BatchNorm2d):
            m.running_mean.normal_(0, 0.1, generator=g)
            m.running_var.uniform_(0.5, 1.5, generator=g)
    return net


def amplify_for_parity(net, gates=10.0, position=1000.0):
    """On random weights the sigmoid gates stay near 1/2 and the position MLP (only C/32 features, its
    LayerNorm nearly binary) gives a bias too small to matter: a graph without the gates or the bias
    would still pass the parity test. Larger last layers there make such a graph fail it (on the
    reference networks, without one gate: 23-35 dB; without the position bias: 41-48 dB; without the
    rolled windows' mask: 36-43 dB)."""
    with torch.no_grad():
        for name, p in net.named_parameters():
            if ".channel_interaction.4." in name or ".spatial_interaction.3." in name:
                p.mul_(gates)
            if ".pos.pos3.2." in name:
                p.mul_(position)
    return net
