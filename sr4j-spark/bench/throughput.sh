#!/usr/bin/env bash
# Throughput of the Spark job on this machine: local[1] against local[2], same inputs, same model.
# Usage: sr4j-spark/bench/throughput.sh [MODEL] [RUNS]   (default realesr-animevideov3-x2, 2 runs each)
# Inputs: the colour photos of scikit-image's sample data (Debian python3-skimage, fetched by
# scripts/fetch-test-data.sh), copied whole. Prints seconds and input megapixels per second per run.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
model="${1:-realesr-animevideov3-x2}"
runs="${2:-2}"
photos="${SR4J_TESTDATA:-$HOME/.cache/sr4j/testdata}/skimage"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/in/a" "$work/in/b"
i=0
for f in astronaut.png chelsea.png coffee.png motorcycle_left.png motorcycle_right.png rocket.jpg \
         retina.jpg hubble_deep_field.jpg color.png ihc.png; do
  cp "$photos/$f" "$work/in/$([ $((i % 2)) = 0 ] && echo a || echo b)/$f"
  i=$((i + 1))
done
mpx=$(python3 - "$work/in" <<'PY'
import sys, struct, pathlib, subprocess
total = 0
for p in pathlib.Path(sys.argv[1]).rglob('*'):
    if p.is_file():
        out = subprocess.run(['file', '-b', str(p)], capture_output=True, text=True).stdout
        import re
        m = re.search(r'(\d+) ?x ?(\d+)', out)
        total += int(m.group(1)) * int(m.group(2))
print(f"{total / 1e6:.2f}")
PY
)
echo "inputs: $(find "$work/in" -type f | wc -l) photos, $mpx Mpx; model $model; load before: $(cut -d' ' -f1-3 /proc/loadavg)"
"$root/sr4j" batch --help >/dev/null # build first, outside the timings
for run in $(seq 1 "$runs"); do
  for master in 'local[1]' 'local[2]'; do
    rm -rf "$work/out"
    start=$(date +%s.%N)
    "$root/sr4j" batch --spark "$master" "$work/in" "$work/out" --model "$model" --no-assess >/dev/null 2>"$work/log" \
      || { cat "$work/log" >&2; exit 1; }
    end=$(date +%s.%N)
    python3 -c "s=$end-$start; print(f'run $run {\"$master\":9s} {s:6.1f} s  {$mpx/s:.3f} Mpx/s in')"
  done
done
