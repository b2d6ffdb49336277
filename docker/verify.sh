#!/usr/bin/env bash
# verify.sh: builds docker/Dockerfile for real without a Docker engine or registry, and runs
# it: Debian's buildah builds the image (as root: --storage-driver vfs --isolation chroot),
# base images are made locally because none can be pulled.
#
#   sudo docker/verify.sh            # about 15-25 minutes and ~6 GB of disk (vfs storage)
#
# Steps, each reported as done or skipped with the reason:
#   1. golang:1.27-bookworm, the Dockerfile's default base, as a local stand-in: a debootstrap
#      Debian bookworm root file system plus the Go 1.27.3 toolchain from the Go module cache
#      (golang.org/toolchain@v0.0.1-go1.27.3.linux-amd64, there after any build of this repo),
#      trusting the host's extra certificate authorities (/usr/local/share/ca-certificates).
#   2. buildah bud --pull=never of the committed Dockerfile with WITH_XLA=1 (the default): go-xla's
#      download site cannot be reached from this machine, so the build takes XLA's CPU plugin
#      from the Python package index (pip, SHA-256 checked), as make xla does.
#   3. Inside the image (buildah run), on the XLA CPU backend: notebook 01 in quick mode, checked
#      by nbcheck (cells ran, figures present), and `aelab demo --epochs 1`.
#
# Environment: WORK=DIR (default /var/tmp/aelib-verify) holds the root file system and
# buildah's storage; KEEP=1 keeps them; MIRROR=URL is the Debian mirror for debootstrap.
set -euo pipefail
cd "$(dirname "$0")/.."
REPO="$(pwd)"
WORK="${WORK:-/var/tmp/aelib-verify}"
MIRROR="${MIRROR:-http://deb.debian.org/debian}"
export GOTOOLCHAIN=go1.27.3
BASE=docker.io/library/golang:1.27-bookworm
IMAGE=localhost/aelib:verify
STORE=(--storage-driver vfs --root "${WORK}/storage" --runroot "${WORK}/run")
declare -a SUMMARY

log() { printf '[verify] %s\n' "$*" >&2; }
step() { SUMMARY+=("$1"); log "$1"; }
die() { step "FAILED: $*"; printf '%s\n' "${SUMMARY[@]}" >&2; exit 1; }

[[ "$(id -u)" == "0" ]] || die "run as root (buildah without a daemon needs it here): sudo $0"
for tool in buildah debootstrap; do
	if ! command -v "${tool}" >/dev/null; then
		log "installing ${tool} (apt-get)"
		apt-get -o DPkg::Lock::Timeout=600 install -y -q --no-install-recommends "${tool}" >/dev/null ||
			die "${tool} is not installed and apt-get could not install it"
	fi
done
mkdir -p "${WORK}"
cleanup() {
	if [[ "${KEEP:-0}" != "1" ]]; then
		buildah "${STORE[@]}" rm --all >/dev/null 2>&1 || true
	fi
}
trap cleanup EXIT

# ---------------------------------------------------------------- 1. the base image.
GOROOT_SRC="$(go env GOMODCACHE)/golang.org/toolchain@v0.0.1-go1.27.3.linux-amd64"
[[ -x "${GOROOT_SRC}/bin/go" ]] || (go version >/dev/null) # fetches the toolchain if absent
[[ -x "${GOROOT_SRC}/bin/go" ]] || die "Go 1.27.3 toolchain not found at ${GOROOT_SRC}"
if buildah "${STORE[@]}" inspect --type image "${BASE}" >/dev/null 2>&1; then
	step "1. base ${BASE}: reused from ${WORK}/storage"
else
	rootfs="${WORK}/rootfs"
	rm -rf "${rootfs}"
	log "debootstrap bookworm from ${MIRROR} (about a minute)"
	debootstrap --variant=minbase --include=ca-certificates,git,make,gcc,libc6-dev bookworm "${rootfs}" "${MIRROR}" >"${WORK}/debootstrap.log" 2>&1 ||
		die "debootstrap failed: see ${WORK}/debootstrap.log"
	echo "deb ${MIRROR} bookworm main" >"${rootfs}/etc/apt/sources.list"
	# This machine reaches the network through an egress proxy with its own certificate
	# authority; the stand-in base trusts what the host trusts (a public golang image has
	# the public CAs, which is all it needs elsewhere).
	if compgen -G "/usr/local/share/ca-certificates/*.crt" >/dev/null; then
		cp /usr/local/share/ca-certificates/*.crt "${rootfs}/usr/local/share/ca-certificates/"
		chroot "${rootfs}" update-ca-certificates >/dev/null 2>&1 || die "update-ca-certificates in the base failed"
	fi
	mkdir -p "${rootfs}/usr/local/go"
	cp -a "${GOROOT_SRC}/." "${rootfs}/usr/local/go/"
	ctr=$(buildah "${STORE[@]}" from scratch)
	buildah "${STORE[@]}" copy "${ctr}" "${rootfs}" / >/dev/null
	buildah "${STORE[@]}" config --env PATH=/usr/local/go/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
		--env GOLANG_VERSION=1.27.3 --cmd bash "${ctr}"
	buildah "${STORE[@]}" commit "${ctr}" "${BASE}" >/dev/null
	buildah "${STORE[@]}" rm "${ctr}" >/dev/null
	rm -rf "${rootfs}"
	step "1. base ${BASE}: debootstrap bookworm + Go 1.27.3 from the module cache"
fi

# ---------------------------------------------------------------- 2. the image.
log "buildah bud --pull=never -f docker/Dockerfile --build-arg WITH_XLA=1 (several minutes)"
buildah "${STORE[@]}" bud --pull=never --isolation chroot --layers=false \
	--build-arg WITH_XLA=1 -f docker/Dockerfile -t "${IMAGE}" "${REPO}" >"${WORK}/build.log" 2>&1 ||
	die "buildah bud failed: see ${WORK}/build.log"
grep -q "loads and computes" "${WORK}/build.log" || die "the image's XLA plugin install printed no load check: see ${WORK}/build.log"
step "2. image ${IMAGE} built from the committed Dockerfile (WITH_XLA=1): $(grep -o 'xlainstall: .* installed in [^ ]*' "${WORK}/build.log" | tail -1)"

# ---------------------------------------------------------------- 3. inside the image.
ctr=$(buildah "${STORE[@]}" from --pull-never "${IMAGE}")
inside() { buildah "${STORE[@]}" run --isolation chroot --user aelib --workingdir /home/aelib/autoencoders "${ctr}" -- "$@"; }
inside bash -c 'QUICK=1 scripts/run-notebooks.sh notebooks/01_what_autoencoders_are.ipynb && nbcheck reports/01_what_autoencoders_are.ipynb && grep -q "xla:cpu" reports/01_what_autoencoders_are.ipynb' \
	>"${WORK}/notebook.log" 2>&1 || die "notebook 01 in quick mode on xla:cpu failed inside the image: see ${WORK}/notebook.log"
step "3. notebook 01 ran in quick mode inside the image on backend xla:cpu; nbcheck: cells ran, figures present"
inside bash -c 'aelab demo --epochs 1 --quiet --run /tmp/demo && test -s /tmp/demo/metrics.json && grep -q "xla:cpu" /tmp/demo/README.md' \
	>"${WORK}/demo.log" 2>&1 || die "aelab demo --epochs 1 failed inside the image: see ${WORK}/demo.log"
step "3. aelab demo --epochs 1 ran inside the image on backend xla:cpu"
step "skipped: a GPU run (docker run --gpus all) — no GPU and no container engine here; see scripts/gpu-check.sh"
printf '\n%s\n' "${SUMMARY[@]}" >&2
