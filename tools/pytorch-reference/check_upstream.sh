#!/bin/bash
# sr4j's PyTorch importer against the upstream architectures' own code (issue #21, docs/MODELS.md).
#
#   tools/pytorch-reference/check_upstream.sh OUT_DIR --swinir DIR --hat DIR --span DIR \
#       --omnisr DIR --realcugan DIR --spandrel DIR [--dat DIR] [--only NAME,NAME]
#
# DIRs: checkouts of JingyunLiang/SwinIR, XPixelGroup/HAT, hongyuanyu/SPAN, Francis0625/Omni-SR,
# bilibili/ailab (Real-CUGAN), chaiNNer-org/spandrel (RealPLKSR, SPAN no_norm, float Real-CUGAN) and
# zhengchen1999/DAT; a work tree or a bare git directory (its *.py files are checked out under
# OUT_DIR/src). Nothing of them is copied into sr4j: check_upstream.py imports them from there,
# writes seeded tiny checkpoints with upstream's outputs into OUT_DIR, and PytorchParityTest
# converts and runs each with sr4j (Debian's python3-torch, offline Maven; no mvn install).
set -euo pipefail
cd "$(dirname "$0")/../.."
out=${1:?usage: $0 OUT_DIR --swinir DIR ...}
shift
mkdir -p "$out/src"
out=$(cd "$out" && pwd)
args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --only) args+=("$1" "$2"); shift 2 ;;
    --*)
      dir=$2
      if [ -f "$dir/HEAD" ] && [ -d "$dir/objects" ]; then  # bare: check out its Python sources only
        tree="$out/src/${1#--}"
        [ -d "$tree" ] || git clone -q --shared --no-checkout "$dir" "$tree"
        git -C "$tree" ls-tree -r -z --name-only HEAD | grep -z '\.py$' | xargs -0 git -C "$tree" checkout -q HEAD --
        dir=$tree
      fi
      args+=("$1" "$(cd "$dir" && pwd)"); shift 2 ;;
    *) echo "$0: unexpected argument $1" >&2; exit 2 ;;
  esac
done
/usr/bin/python3 tools/pytorch-reference/check_upstream.py "$out" "${args[@]}"
mvn -B -q -o -pl sr4j-importers test -Dtest='PytorchParityTest#tinyNetworkAgreesWithPytorch' \
    -Dsurefire.failIfNoSpecifiedTests=false -Dsr4j.pytorch.references="$out" \
  || status=$?
cat sr4j-importers/target/pytorch-upstream-parity.txt
exit "${status:-0}"
