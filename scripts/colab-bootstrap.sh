#!/usr/bin/env bash
# colab-bootstrap.sh: makes a Google Colab machine ready to run this repository's notebooks
# with the GoNB (Go) kernel. The first cell of every notebook calls it; outside Colab it does
# nothing and says so (exit 0), so the same cell is harmless in a local Jupyter, in Binder
# and in make notebooks.
#
# On Colab (a /content folder and COLAB_* environment variables) it:
#   1. checks the repository out beside the notebook: AELIB_REPO_URL at AELIB_REPO_REF
#      into /content/autoencoders (kept if already there: your edits stay);
#   2. installs Go 1.27.3 from the Go module proxy's toolchain module (scripts/install-go.sh,
#      hash checked) and links it as /usr/local/bin/go (and gcc, for cgo, where it is missing);
#   3. runs scripts/setup-notebooks.sh: gonb and goimports (pinned in go.mod), and the
#      "gonb" kernel registered with GOTOOLCHAIN=go1.27.3, GOEXPERIMENT=simd and PATH;
#   4. makes the kernel start in /content/autoencoders/notebooks, so a notebook opened from
#      GitHub finds the repository (its first Go cell points go.mod at GONB_DIR/..) and
#      trains into the repository's runs/.
# Then, once: Runtime > Restart session, Runtime > Change runtime type > "Go (gonb)", and run
# the notebook from the top (the first cell then only says the machine is ready).
#
# Environment: AELIB_BOOTSTRAP=1 runs it even where Colab is not detected (a stand-in);
# AELIB_COLAB_ROOT (/content), AELIB_REPO_DIR (ROOT/autoencoders), AELIB_REPO_URL
# (https://github.com/goautoencoders/autoencoders), AELIB_REPO_REF (main); GOPROXY_URL as
# for install-go.sh.
set -euo pipefail

log() { printf '[colab-bootstrap] %s\n' "$*" >&2; }
die() { printf '[colab-bootstrap] ERROR: %s\n' "$*" >&2; exit 1; }

on_colab() {
	[[ -d /content ]] && env | grep -q '^COLAB_'
}
if ! on_colab && [[ "${AELIB_BOOTSTRAP:-0}" != "1" ]]; then
	echo "colab-bootstrap: not on Colab (no /content with COLAB_* variables): nothing to set up here"
	exit 0
fi

ROOT="${AELIB_COLAB_ROOT:-/content}"
REPO_DIR="${AELIB_REPO_DIR:-${ROOT}/autoencoders}"
REPO_URL="${AELIB_REPO_URL:-https://github.com/goautoencoders/autoencoders}"
REPO_REF="${AELIB_REPO_REF:-main}"
DONE_MARK="${HOME}/.cache/aelib-colab-bootstrap.done"
SECONDS=0

if [[ -f "${DONE_MARK}" && -d "${REPO_DIR}/.git" ]] && command -v go >/dev/null 2>&1 && command -v gonb >/dev/null 2>&1; then
	echo "colab-bootstrap: ready ($(GOTOOLCHAIN=local go version | cut -d' ' -f3), GoNB kernel, repository in ${REPO_DIR}); if this runs in Python, switch the runtime to Go (gonb)"
	exit 0
fi

# ---------------------------------------------------------------- 1. the repository.
command -v git >/dev/null 2>&1 || die "git is needed to check out ${REPO_URL}"
if [[ -d "${REPO_DIR}/.git" ]]; then
	log "repository: ${REPO_DIR} already checked out ($(git -C "${REPO_DIR}" rev-parse --short HEAD)); kept"
else
	log "repository: git clone ${REPO_URL} (${REPO_REF}) into ${REPO_DIR}"
	git clone -q --depth 1 --branch "${REPO_REF}" "${REPO_URL}" "${REPO_DIR}" ||
		die "git clone ${REPO_URL} failed (set AELIB_REPO_URL / AELIB_REPO_REF to a reachable copy)"
fi

# ---------------------------------------------------------------- 2. Go, and a C compiler.
# GoMLX's XLA bindings (go-xla) use cgo: without gcc the first Go cell does not compile.
# Colab has it; a machine without it gets Debian/Ubuntu's gcc when apt-get runs as root.
if ! command -v gcc >/dev/null 2>&1; then
	if [[ "$(id -u)" == "0" ]] && command -v apt-get >/dev/null 2>&1; then
		log "gcc: not found; apt-get install gcc libc6-dev (cgo, for go-xla)"
		{ apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends gcc libc6-dev; } >&2 ||
			die "apt-get install gcc libc6-dev failed: the notebooks need a C compiler (cgo)"
	else
		die "gcc not found: install a C compiler (the notebooks' Go code uses cgo)"
	fi
fi

GOROOT_DIR="$(bash "${REPO_DIR}/scripts/install-go.sh" | tail -n1)"
export PATH="${GOROOT_DIR}/bin:${PATH}"
if [[ "$(id -u)" == "0" ]]; then
	ln -sf "${GOROOT_DIR}/bin/go" /usr/local/bin/go
	ln -sf "${GOROOT_DIR}/bin/gofmt" /usr/local/bin/gofmt
fi
export GOTOOLCHAIN=go1.27.3 GOEXPERIMENT=simd

# ---------------------------------------------------------------- 3. GoNB and the kernel.
# No Chromium or Fashion-MNIST packages: the notebooks download Fashion-MNIST when needed.
SETUP_EXTRAS=0 bash "${REPO_DIR}/scripts/setup-notebooks.sh"
GOBIN_DIR="$(cd "${REPO_DIR}" && go env GOPATH | cut -d: -f1)/bin"
if [[ "$(id -u)" == "0" ]]; then
	for t in gonb goimports; do ln -sf "${GOBIN_DIR}/${t}" "/usr/local/bin/${t}"; done
fi

# ---------------------------------------------------------------- 4. The kernel's folder.
NB_PYTHON="$(command -v python3)"
for c in /usr/bin/python3 python3; do
	if "${c}" -c 'import jupyter_client' >/dev/null 2>&1; then NB_PYTHON="${c}"; break; fi
done
"${NB_PYTHON}" - "${REPO_DIR}/notebooks" <<'PY'
import json, os, sys
from jupyter_client.kernelspec import KernelSpecManager
nb_dir = sys.argv[1]
spec_dir = KernelSpecManager().find_kernel_specs()["gonb"]
path = os.path.join(spec_dir, "kernel.json")
with open(path) as f:
    spec = json.load(f)
argv = spec["argv"]
if argv[:2] == ["/bin/sh", "-c"]:  # already wrapped: replace the folder only
    argv = argv[4:]
# sh -c 'cd "$0" && exec "$@"' NB_DIR gonb ...: the kernel starts in the notebooks folder.
spec["argv"] = ["/bin/sh", "-c", 'cd "$0" && exec "$@"', nb_dir] + argv
with open(path, "w") as f:
    json.dump(spec, f, indent=1)
    f.write("\n")
print(f"[colab-bootstrap] kernel {path}: starts in {nb_dir}", file=sys.stderr)
PY

mkdir -p "$(dirname "${DONE_MARK}")" && echo "${REPO_DIR}" >"${DONE_MARK}"
log "done in ${SECONDS}s: Go $(GOTOOLCHAIN=local go version | cut -d' ' -f3), GoNB kernel 'gonb', repository ${REPO_DIR}"
echo "colab-bootstrap: set up in ${SECONDS}s. Now: Runtime > Restart session, then Runtime > Change runtime type > Go (gonb), then run the notebook from the top."
