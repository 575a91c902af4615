#!/usr/bin/python3
"""Writes border-indices.txt: which source index numpy.pad reads for each padded position.

Run with Debian's interpreter: /usr/bin/python3 make_border_indices.py
numpy's modes: 'reflect' = mirror without repeating the edge (reflect101), 'edge' = replicate,
'constant' = zero (written as -1, "no source sample"). numpy pads wider than the array by
reflecting repeatedly. With equal pads on both sides that is the periodic mirror sr4j's
BorderMode.REFLECT defines (period 2(n-1)); with unequal pads wider than n - 1 numpy reflects
its own partly padded array and drifts from it, so such cases are left out here.
"""
import numpy as np

MODES = {"REFLECT": "reflect", "REPLICATE": "edge", "ZERO": "constant"}
CASES = [(1, 3, 3), (2, 1, 0), (2, 9, 9), (3, 2, 1), (4, 3, 3), (5, 12, 12), (7, 20, 20), (8, 7, 3), (13, 40, 40)]

with open("border-indices.txt", "w") as out:
    out.write("# mode n before after: source index per padded position (numpy %s)\n" % np.__version__)
    for name, mode in MODES.items():
        for n, before, after in CASES:
            idx = np.arange(n)
            kwargs = {"constant_values": -1} if mode == "constant" else {}
            padded = np.pad(idx, (before, after), mode=mode, **kwargs)
            out.write("%s %d %d %d: %s\n" % (name, n, before, after, " ".join(str(v) for v in padded)))
