"""A small stand-in for the einops package (not in Debian 12), enough for the upstream SR
architectures that check_upstream.py imports: rearrange with named axes, (groups), 1 and ...;
reduce by mean/sum/max over the axes the right side drops. Written for sr4j."""
import math

import torch


def _parse(side):
    groups, i, tokens = [], 0, side.replace("(", " ( ").replace(")", " ) ").split()
    while i < len(tokens):
        if tokens[i] == "(":
            j = tokens.index(")", i)
            groups.append(tokens[i + 1:j])
            i = j + 1
        else:
            groups.append([tokens[i]])
            i += 1
    return groups


def _expand(side, names):
    """'...' stands for the axes the pattern does not name, one group each."""
    out = []
    for group in side:
        out += [[n] for n in names] if group == ["..."] else [group]
    return out


def _plan(pattern, shape, sizes):
    left, right = (_parse(s) for s in pattern.split("->"))
    sizes = dict(sizes)
    if any(g == ["..."] for g in left):
        k = [g == ["..."] for g in left].index(True)
        extra = len(shape) - len(left) + 1
        names = [f"_e{n}" for n in range(extra)]
        for n, name in enumerate(names):
            sizes[name] = shape[k + n]
        left, right = (_expand(side, names) for side in (left, right))
    if len(left) != len(shape):
        raise ValueError(f"{pattern}: {len(shape)} dims")
    elementary = []
    for group, dim in zip(left, shape):
        names = [n for n in group if n != "1"]
        unknown = [n for n in names if n not in sizes]
        known = math.prod(sizes[n] for n in names if n in sizes)
        if len(unknown) > 1:
            raise ValueError(f"{pattern}: cannot infer {unknown}")
        if unknown:
            sizes[unknown[0]] = dim // known
        elementary += names
    return left, right, sizes, elementary


def _apply(tensor, pattern, reduction=None, **sizes):
    left, right, sizes, elementary = _plan(pattern, tuple(tensor.shape), sizes)
    x = tensor.reshape([sizes[n] for n in elementary])
    kept = [n for g in right for n in g if n != "1"]
    dropped = [n for n in elementary if n not in kept]
    if dropped:
        if reduction is None:
            raise ValueError(f"{pattern}: {dropped} dropped")
        dims = [elementary.index(n) for n in dropped]
        x = getattr(torch, reduction)(x, dim=dims) if reduction != "max" else x.amax(dim=dims)
        elementary = [n for n in elementary if n not in dropped]
    x = x.permute([elementary.index(n) for n in kept])
    return x.reshape([math.prod(sizes[n] for n in g if n != "1") for g in right])


def rearrange(tensor, pattern, **sizes):
    return _apply(tensor, pattern, **sizes)


def reduce(tensor, pattern, reduction, **sizes):
    return _apply(tensor, pattern, reduction, **sizes)


def repeat(tensor, pattern, **sizes):
    raise NotImplementedError("einops.repeat is not needed by the checked architectures")
