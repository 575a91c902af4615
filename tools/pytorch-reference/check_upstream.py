#!/usr/bin/python3
"""sr4j's PyTorch importer against the UPSTREAM architecture code (issue #21).

The committed parity test (make_references.py) compares sr4j's graphs with torch modules written
here; this check instead instantiates each architecture's own class, imported from a checkout of
its upstream repository (nothing of it is copied into sr4j), at small sizes with the real
variants' key layout, gives it seeded random weights, saves its state dict as users meet it, and
writes upstream's forward on a test image. The output directory has the same layout as the
committed references (manifest.json + checkpoints + .f32 files), so PytorchParityTest runs on it
unchanged (tools/pytorch-reference/check_upstream.sh does both steps).

    /usr/bin/python3 tools/pytorch-reference/check_upstream.py OUT_DIR \
        --swinir DIR --hat DIR --span DIR --omnisr DIR --realcugan DIR --spandrel DIR [--dat DIR]

Each DIR is a work tree of the repository (see check_upstream.sh for the names); a missing one
skips its architectures. Packages upstream imports that Debian 12 lacks (einops, timm, basicsr's
registry) are replaced by small stand-ins in upstream_shims/.
"""
import argparse
import importlib.util
import json
import os
import subprocess
import sys

import torch
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "upstream_shims"))
sys.path.insert(0, HERE)

from make_references import randomise, test_image, write_f32, save_safetensors  # noqa: E402
from hat import amplify_channel_attention  # noqa: E402
from dat import amplify_for_parity, spread_batch_norms  # noqa: E402


def load(path, name):
    """Imports one upstream source file by path, under a module name of our choosing."""
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def commit(checkout):
    try:
        return subprocess.run(["git", "-C", checkout, "rev-parse", "HEAD"], capture_output=True, text=True,
                              check=True).stdout.strip()
    except (subprocess.CalledProcessError, FileNotFoundError):
        return "unknown (not a git checkout)"


class Variant:
    """One upstream network: how to build it, how upstream runs it, how its file is saved."""

    def __init__(self, name, repo, build, arch, scale, saving="zip-params_ema", size=(10, 13), run=None,
                 quantised=False, extra=None, spread=0.05):
        self.name, self.repo, self.build, self.arch, self.scale = name, repo, build, arch, scale
        self.saving, self.size, self.quantised, self.extra = saving, size, quantised, extra or {}
        self.spread = spread
        self.run = run or (lambda net, x: net(x))


def pad_to_window(window):
    """HAT's test-time wrapper (hat_model.py pre/post_process): reflect-pad bottom/right to a
    multiple of the window, run, crop."""
    def run(net, x):
        h, w = x.shape[2:]
        ph, pw = (window - h % window) % window, (window - w % window) % window
        y = net(F.pad(x, (0, pw, 0, ph), "reflect"))
        return y[:, :, :y.shape[2] - ph * net.upscale, :y.shape[3] - pw * net.upscale]
    return run


def cugan_bytes(pro):
    """bilibili's forward returns bytes; its np2tensor maps a pro model's input to 0.15..0.85."""
    def run(net, x):
        y = net(x * 0.7 + 0.15 if pro else x, 0, 0, 1, pro)
        return y.float() / 255
    return run


def variants(paths):
    out = []
    if paths.span:
        span = load(os.path.join(paths.span, "basicsr/archs/span_arch.py"), "upstream_span")
        for s in (4, 2):
            out.append(Variant(f"span-x{s}", "hongyuanyu/SPAN",
                               lambda s=s: span.SPAN(3, 3, feature_channels=8, upscale=s), "SPAN", s,
                               size=(8, 12), saving="zip-params_ema" if s == 4 else "safetensors"))
    if paths.spandrel:
        archs = os.path.join(paths.spandrel, "libs/spandrel/spandrel/architectures")
        import spandrel.architectures  # the stand-in package; its helpers come from the checkout
        spandrel.architectures.__path__.append(archs)
        span2 = load(os.path.join(archs, "SPAN/__arch/span.py"), "upstream_spandrel_span")
        out.append(Variant("span-x2-no-norm", "chaiNNer-org/spandrel",
                           lambda: span2.SPAN(num_in_ch=3, num_out_ch=3, feature_channels=8, upscale=2, norm=False),
                           "SPAN", 2, size=(8, 12), saving="zip"))
        plksr = load(os.path.join(archs, "PLKSR/__arch/RealPLKSR.py"), "upstream_realplksr")
        out.append(Variant("realplksr-x4", "chaiNNer-org/spandrel",
                           lambda: plksr.RealPLKSR(dim=8, n_blocks=2, upscaling_factor=4, kernel_size=7),
                           "RealPLKSR", 4, size=(8, 12)))
        out.append(Variant("realplksr-x2-layer-norm", "chaiNNer-org/spandrel",
                           lambda: plksr.RealPLKSR(dim=8, n_blocks=2, upscaling_factor=2, kernel_size=7, use_ea=False,
                                                   layer_norm=True), "RealPLKSR", 2, size=(8, 12), saving="zip"))
        cugan2 = load(os.path.join(archs, "RealCUGAN/__arch/upcunet_v3.py"), "upstream_spandrel_cugan")
        for s, pro in ((2, False), (3, True), (4, False), (4, True)):
            out.append(Variant(f"realcugan-x{s}{'-pro' if pro else ''}-float", "chaiNNer-org/spandrel",
                               lambda s=s, pro=pro: getattr(cugan2, f"UpCunet{s}x")(pro=pro), "RealCUGAN", s,
                               saving="zip", size=(21, 27)))
    if paths.realcugan:
        cugan = load(os.path.join(paths.realcugan, "Real-CUGAN/upcunet_v3.py"), "upstream_cugan")
        for s, pro in ((2, False), (3, False), (4, False), (2, True), (3, True)):
            # the released pro files carry a "pro" entry, which bilibili's loader removes; the default
            # init alone (already random) keeps most of the 8-bit output off its 0 and 255 clamps
            out.append(Variant(f"realcugan-x{s}{'-pro' if pro else ''}", "bilibili/ailab",
                               lambda s=s: getattr(cugan, f"UpCunet{s}x")(), "RealCUGAN", s, saving="zip",
                               size=(21, 27), run=cugan_bytes(pro), quantised=True, spread=0,
                               extra={"pro": torch.zeros(1)} if pro else None))
    if paths.swinir:
        swinir = load(os.path.join(paths.swinir, "models/network_swinir.py"), "upstream_swinir")
        common = dict(img_size=8, window_size=4, embed_dim=12, depths=[2, 2], num_heads=[2, 2], mlp_ratio=2,
                      img_range=1.0)
        for name, s, extra, saving in (
                ("swinir-classical-x2", 2, dict(upsampler="pixelshuffle"), "zip-params"),
                ("swinir-classical-x3", 3, dict(upsampler="pixelshuffle", patch_norm=False), "zip-params"),
                ("swinir-lightweight-x4", 4, dict(upsampler="pixelshuffledirect", num_heads=[2, 4]), "zip-params"),
                ("swinir-real-x4", 4, dict(upsampler="nearest+conv", resi_connection="3conv"), "zip-params_ema"),
                ("swinir-real-large-x4", 4, dict(upsampler="nearest+conv", resi_connection="3conv", embed_dim=24,
                                                 depths=[2, 2, 2], num_heads=[4, 4, 4]), "zip-params_ema")):
            out.append(Variant(name, "JingyunLiang/SwinIR",
                               lambda s=s, extra=extra: swinir.SwinIR(upscale=s, **{**common, **extra}), "SwinIR", s,
                               saving=saving))
    if paths.hat:
        hat = load(os.path.join(paths.hat, "hat/archs/hat_arch.py"), "upstream_hat")
        for name, s, window, kw, saving in (
                # HAT-S: compress 24, squeeze 24; HAT: 3, 30; HAT-L: twice the groups. Small dims, same ratios.
                ("hat-s-x4", 4, 4, dict(embed_dim=48, compress_ratio=24, squeeze_factor=24, depths=[2, 2],
                                        num_heads=[2, 2]), "zip-params_ema"),
                ("hat-x3", 3, 8, dict(embed_dim=60, compress_ratio=3, squeeze_factor=30, depths=[2, 2],
                                      num_heads=[2, 2]), "safetensors"),
                ("hat-l-x2", 2, 4, dict(embed_dim=60, compress_ratio=3, squeeze_factor=30, depths=[2, 2, 2, 2],
                                        num_heads=[2, 2, 2, 2]), "zip-params_ema")):
            out.append(Variant(name, "XPixelGroup/HAT",
                               lambda s=s, window=window, kw=kw: hat.HAT(
                                   upscale=s, window_size=window, img_size=window * 2, mlp_ratio=2,
                                   upsampler="pixelshuffle", **kw), "HAT", s, saving=saving,
                               run=pad_to_window(window)))
    if paths.omnisr:
        sys.path.insert(0, paths.omnisr)  # OSAG imports its blocks as ops.OSA
        omnisr = load(os.path.join(paths.omnisr, "components/OmniSR.py"), "upstream_omnisr")
        for s in (2, 4):
            out.append(Variant(f"omnisr-x{s}", "Francis0625/Omni-SR",
                               lambda s=s: omnisr.OmniSR(num_feat=16, res_num=1, upsampling=s, bias=True, block_num=1,
                                                         window_size=4, pe=True, ffn_bias=True,
                                                         block_script_name="OSA", block_class_name="OSA_Block"),
                               "OmniSR", s, saving="zip-params", size=(18, 20)))
    if paths.dat:
        dat = load(os.path.join(paths.dat, "basicsr/archs/dat_arch.py"), "upstream_dat")
        for name, s, kw, saving in (
                # the releases' windows and head layouts (img_size 64: the stored masks' size), fewer blocks
                ("dat-x2", 2, dict(embed_dim=64, split_size=[8, 32], depth=[3, 2], num_heads=[4, 4],
                                   expansion_factor=4), "zip-params"),
                ("dat-s-x3", 3, dict(embed_dim=64, split_size=[8, 16], depth=[3, 2], num_heads=[4, 4],
                                     expansion_factor=2), "zip-params_ema"),
                ("dat-2-x4", 4, dict(embed_dim=64, split_size=[8, 32], depth=[2, 2], num_heads=[2, 2],
                                     expansion_factor=2), "safetensors"),
                ("dat-light-x2", 2, dict(embed_dim=60, split_size=[8, 32], depth=[3], num_heads=[6], expansion_factor=2,
                                         resi_connection="3conv", upsampler="pixelshuffledirect"), "zip-params")):
            out.append(Variant(name, "zhengchen1999/DAT", lambda s=s, kw=kw: dat.DAT(upscale=s, img_size=64, **kw),
                               "DAT", s, saving=saving, size=(20, 37)))
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out_dir")
    for repo in ("swinir", "hat", "span", "omnisr", "realcugan", "spandrel", "dat"):
        parser.add_argument("--" + repo, help="work tree of the upstream repository")
    parser.add_argument("--only", help="comma-separated variant names")
    paths = parser.parse_args()
    os.makedirs(paths.out_dir, exist_ok=True)
    checkouts = {"hongyuanyu/SPAN": paths.span, "chaiNNer-org/spandrel": paths.spandrel,
                 "bilibili/ailab": paths.realcugan, "JingyunLiang/SwinIR": paths.swinir, "XPixelGroup/HAT": paths.hat,
                 "Francis0625/Omni-SR": paths.omnisr, "zhengchen1999/DAT": paths.dat}
    manifest = {"torch": torch.__version__, "upstream": True, "variants": []}
    chosen = set(paths.only.split(",")) if paths.only else None
    for seed, v in enumerate(variants(paths)):
        if chosen and v.name not in chosen:
            continue
        torch.manual_seed(1000 + seed)
        net = randomise(v.build(), 300 + seed, v.spread)
        if v.arch == "HAT":
            amplify_channel_attention(net, 10)
        if v.arch == "DAT":
            amplify_for_parity(spread_batch_norms(net, 600 + seed))
        x = test_image(*v.size, 400 + seed)
        with torch.no_grad():
            y = v.run(net, x)
        state = dict(net.state_dict())
        state.update(v.extra)
        if v.saving == "safetensors":
            file = v.name + ".safetensors"
            save_safetensors(state, os.path.join(paths.out_dir, file))
        else:
            file = v.name + ".pth"
            wrapper = v.saving.split("-")[1] if v.saving.startswith("zip-params") else None
            torch.save({wrapper: state} if wrapper else state, os.path.join(paths.out_dir, file))
        write_f32(x[0], os.path.join(paths.out_dir, v.name + ".in.f32"))
        write_f32(y[0], os.path.join(paths.out_dir, v.name + ".out.f32"))
        manifest["variants"].append({
            "name": v.name, "file": file, "architecture": v.arch, "scale": v.scale, "saved_as": v.saving,
            "input": {"file": v.name + ".in.f32", "channels": 3, "height": v.size[0], "width": v.size[1]},
            "output": v.name + ".out.f32", "output_shape": list(y.shape[1:]),
            # upstream returned 8-bit values: sr4j's output is rounded the same way before comparing
            "quantised": v.quantised,
            "upstream": {"repo": v.repo, "commit": commit(checkouts[v.repo])},
            "output_range": [round(float(y.min()), 3), round(float(y.max()), 3)]})
        inside = float(((y > 0) & (y < 1)).float().mean()) if v.quantised else 1.0
        print(f"{v.name}: {sum(p.numel() for p in net.parameters())} parameters, output {list(y.shape)} "
              f"in [{float(y.min()):.3f}, {float(y.max()):.3f}]"
              + (f", {inside:.0%} of it inside (0, 1)" if v.quantised else ""), file=sys.stderr)
    with open(os.path.join(paths.out_dir, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=2)
        f.write("\n")


if __name__ == "__main__":
    main()
