#!/usr/bin/env bash
# install-go.sh: installs the Go toolchain this repository builds with (go1.27.3) on a machine
# that has no Go, from the Go module proxy's toolchain module
# golang.org/toolchain@v0.0.1-go1.27.3.linux-amd64 (the zip `go` itself fetches for
# GOTOOLCHAIN=go1.27.3; go.dev and GitHub downloads are not needed). The zip is checked
# against its pinned h1: hash (the one the checksum database holds) before it is unpacked.
# Needs only python3. Idempotent: an install that already runs go1.27.3 is kept.
#
# Usage: scripts/install-go.sh [GOROOT]
#   GOROOT defaults to /usr/local/go1.27.3 as root, else ~/.local/go1.27.3. The last line
#   printed on stdout is the GOROOT; put GOROOT/bin on PATH.
#
# Environment: GOPROXY_URL (default: the first http(s) entry of GOPROXY, else
# https://proxy.golang.org).
set -euo pipefail

GO_VERSION=1.27.3
MODULE_VERSION="v0.0.1-go${GO_VERSION}.linux-amd64"
# h1: hash of golang.org/toolchain@v0.0.1-go1.27.3.linux-amd64 (go.sum form; sum.golang.org).
ZIP_H1="h1:r0ub+FnqzZxoWm/dSUOI9DcIqYWn/mNYGFJcv7PyBzs="

log() { printf '[install-go] %s\n' "$*" >&2; }
die() { printf '[install-go] ERROR: %s\n' "$*" >&2; exit 1; }

[[ "$(uname -s)/$(uname -m)" == "Linux/x86_64" ]] || die "this installs the linux-amd64 toolchain; this machine is $(uname -s)/$(uname -m): install Go ${GO_VERSION} from https://go.dev/dl/"
command -v python3 >/dev/null 2>&1 || die "python3 is needed (to download and unpack the toolchain)"

if [[ $# -ge 1 ]]; then
	GOROOT_DIR="$1"
elif [[ "$(id -u)" == "0" ]]; then
	GOROOT_DIR="/usr/local/go${GO_VERSION}"
else
	GOROOT_DIR="${HOME}/.local/go${GO_VERSION}"
fi

if [[ -x "${GOROOT_DIR}/bin/go" ]] && GOTOOLCHAIN=local "${GOROOT_DIR}/bin/go" version 2>/dev/null | grep -q "go${GO_VERSION} "; then
	log "Go ${GO_VERSION}: already installed in ${GOROOT_DIR}"
	echo "${GOROOT_DIR}"
	exit 0
fi

proxy="${GOPROXY_URL:-}"
if [[ -z "${proxy}" ]]; then
	proxy="$(tr ',|' '\n\n' <<<"${GOPROXY:-}" | grep -E '^https?://' | head -n1 || true)"
	proxy="${proxy:-https://proxy.golang.org}"
fi
url="${proxy%/}/golang.org/toolchain/@v/${MODULE_VERSION}.zip"
SECONDS=0
log "Go ${GO_VERSION}: downloading ${url} (about 75 MB)"
python3 - "${url}" "${ZIP_H1}" "${GOROOT_DIR}" "golang.org/toolchain@${MODULE_VERSION}/" <<'PY'
import base64, hashlib, os, shutil, sys, tempfile, urllib.request, zipfile

url, want_h1, goroot, prefix = sys.argv[1:5]
parent = os.path.dirname(os.path.abspath(goroot))
os.makedirs(parent, exist_ok=True)
with tempfile.TemporaryDirectory(dir=parent, prefix=".go-install-") as tmp:
    path = os.path.join(tmp, "toolchain.zip")
    try:
        with urllib.request.urlopen(url, timeout=120) as resp, open(path, "wb") as f:
            shutil.copyfileobj(resp, f, 1 << 20)
    except Exception as e:  # noqa: BLE001 - report any download problem the same way
        sys.exit(f"[install-go] ERROR: downloading {url}: {e} (set GOPROXY_URL to a reachable Go module proxy)")
    z = zipfile.ZipFile(path)
    names = sorted(n for n in z.namelist() if not n.endswith("/"))
    # The module's h1: hash (golang.org/x/mod/sumdb/dirhash.Hash1): SHA-256 over the lines
    # "<sha256 of file>  <name>\n" of every file, sorted by name.
    lines = "".join("%s  %s\n" % (hashlib.sha256(z.read(n)).hexdigest(), n) for n in names)
    got_h1 = "h1:" + base64.b64encode(hashlib.sha256(lines.encode()).digest()).decode()
    if got_h1 != want_h1:
        sys.exit(f"[install-go] ERROR: {url}: hash {got_h1}, want {want_h1}: the download is not the pinned toolchain")
    dest = os.path.join(tmp, "go")
    for info in z.infolist():
        if not info.filename.startswith(prefix) or info.filename.endswith("/"):
            continue
        rel = info.filename[len(prefix):]
        out = os.path.join(dest, rel)
        os.makedirs(os.path.dirname(out), exist_ok=True)
        with z.open(info) as src, open(out, "wb") as dst:
            shutil.copyfileobj(src, dst)
        mode = (info.external_attr >> 16) & 0o777
        os.chmod(out, mode or 0o644)
    if os.path.exists(goroot):
        shutil.rmtree(goroot)
    os.rename(dest, goroot)
PY
GOTOOLCHAIN=local "${GOROOT_DIR}/bin/go" version >&2 || die "the unpacked toolchain in ${GOROOT_DIR} does not run"
log "Go ${GO_VERSION}: installed in ${GOROOT_DIR} (${SECONDS}s, hash checked)"
echo "${GOROOT_DIR}"
