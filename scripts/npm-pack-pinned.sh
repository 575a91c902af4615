# Sourced by the install scripts (not run on its own).
#
# npm_pack_pinned DIR PKG TGZ SHA256: the tarball `npm pack PKG` writes as TGZ, in DIR (fetched once,
# kept), verified against the pinned SHA-256; exits 1 if it does not match.
npm_pack_pinned() {
  local dir=$1 pkg=$2 tgz=$3 sha=$4 file="$1/$3"
  if [ ! -f "$file" ] || ! echo "$sha  $file" | sha256sum -c --status; then
    rm -f "$file"
    (cd "$dir" && npm pack --silent "$pkg" >/dev/null)
  fi
  if ! echo "$sha  $file" | sha256sum -c --status; then
    echo "$(basename "$0"): $tgz does not have the pinned SHA-256 $sha" >&2
    exit 1
  fi
}
