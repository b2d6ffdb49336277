#!/usr/bin/env bash
# verify-standin.sh: checks the teaching set-ups in a clean stand-in machine: a Debian
# bookworm root file system made with debootstrap that holds only Python, Jupyter and git
# (plus the host's extra certificate authorities, as docker/verify.sh does).
#
#   sudo scripts/verify-standin.sh [colab|binder|all]      # default all
#
#   colab   as on Colab: in /content, with a COLAB_* variable set, the notebooks' first cell
#           (the bootstrap cell README.md gives), with the script taken
#           from this checkout's HEAD instead of GitHub; then notebook 01 in quick mode, copied
#           outside the repository as Colab holds it, with that first cell added, on the
#           "gonb" kernel the bootstrap registered; checked by nbcheck.
#   binder  as repo2docker does: apt.txt's packages as root, then binder/postBuild as a
#           non-root user in the checkout; then notebook 01 in quick mode
#           (scripts/run-notebooks.sh) under binder/start; checked by nbcheck.
#
# Each starts from the same pristine root (kept as WORK/base.tar). The repository goes in as
# a clone of HEAD (commit first: uncommitted changes are not tested). MNIST is copied from
# this machine's cache (~/.cache/aelib/mnist) because its download sites cannot be reached
# from here; set MNIST_COPY=0 to let the notebook download it. Module downloads go through
# the Go module proxy.
#
# Environment: WORK (default /var/tmp/aelib-colab), MIRROR (Debian mirror), KEEP=1 keeps
# the last root in WORK/root.
set -euo pipefail
cd "$(dirname "$0")/.."
REPO="$(pwd)"
WORK="${WORK:-/var/tmp/aelib-colab}"
MIRROR="${MIRROR:-http://deb.debian.org/debian}"
WHICH="${1:-all}"
BOOT_PACKAGES=ca-certificates,python3,git
JUPYTER_PACKAGES="jupyter-notebook jupyter-client python3-nbconvert python3-ipykernel"
PACKAGES="${BOOT_PACKAGES},${JUPYTER_PACKAGES// /,}"
NB=01_what_autoencoders_are
ROOT="${WORK}/root"
declare -a SUMMARY

log() { printf '[standin] %s\n' "$*" >&2; }
step() { SUMMARY+=("$1"); log "$1"; }
die() { step "FAILED: $*"; printf '%s\n' "${SUMMARY[@]}" >&2; exit 1; }

[[ "$(id -u)" == "0" ]] || die "run as root (debootstrap and chroot need it): sudo $0"
case "${WHICH}" in colab | binder | all) ;; *) die "unknown check ${WHICH}: colab, binder or all" ;; esac
command -v debootstrap >/dev/null || apt-get -o DPkg::Lock::Timeout=600 install -y -q --no-install-recommends debootstrap >/dev/null ||
	die "debootstrap is not installed and apt-get could not install it"
[[ -z "$(git status --porcelain --untracked-files=no -- scripts binder)" ]] ||
	log "WARNING: scripts/ or binder/ have uncommitted changes; the stand-in tests HEAD ($(git rev-parse --short HEAD))"
mkdir -p "${WORK}"

unmount() {
	for m in dev/pts dev proc sys; do
		mountpoint -q "${ROOT}/${m}" 2>/dev/null && umount -l "${ROOT}/${m}" || true
	done
}
trap unmount EXIT

# fresh_root unpacks the pristine root into WORK/root and mounts what Jupyter needs.
fresh_root() {
	unmount
	rm -rf "${ROOT}"
	mkdir -p "${ROOT}"
	tar -C "${ROOT}" -xf "${WORK}/base.tar"
	cp /etc/resolv.conf "${ROOT}/etc/resolv.conf"
	mount -t proc proc "${ROOT}/proc"
	mount -t sysfs sys "${ROOT}/sys"
	mount --bind /dev "${ROOT}/dev"
	mount --bind /dev/pts "${ROOT}/dev/pts"
	git clone -q --bare "${REPO}" "${ROOT}/srv/autoencoders.git"
	git --git-dir="${ROOT}/srv/autoencoders.git" branch -f main HEAD >/dev/null 2>&1 || true
}

# inside runs a command in the root with a clean environment (as root, HOME=/root).
inside() {
	chroot "${ROOT}" /usr/bin/env -i HOME=/root LANG=C.UTF-8 TERM=dumb \
		PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin "$@"
}

copy_mnist() { # copy_mnist HOME_IN_ROOT OWNER
	[[ "${MNIST_COPY:-1}" == "1" && -d "${HOME}/.cache/aelib/mnist" ]] || return 0
	mkdir -p "${ROOT}$1/.cache/aelib"
	cp -a "${HOME}/.cache/aelib/mnist" "${ROOT}$1/.cache/aelib/"
	[[ -z "${2:-}" ]] || inside chown -R "$2" "$1/.cache"
}

# ---------------------------------------------------------------- the pristine root.
if [[ -f "${WORK}/base.tar" ]]; then
	step "base: reused ${WORK}/base.tar (Debian bookworm: ${PACKAGES})"
else
	SECONDS=0
	base="${WORK}/base"
	rm -rf "${base}"
	log "debootstrap bookworm with ${BOOT_PACKAGES}, then apt-get install ${JUPYTER_PACKAGES} (a few minutes)"
	debootstrap --variant=minbase --include="${BOOT_PACKAGES}" bookworm "${base}" "${MIRROR}" >"${WORK}/debootstrap.log" 2>&1 ||
		die "debootstrap failed: see ${WORK}/debootstrap.log"
	echo "deb ${MIRROR} bookworm main" >"${base}/etc/apt/sources.list"
	if compgen -G "/usr/local/share/ca-certificates/*.crt" >/dev/null; then
		cp /usr/local/share/ca-certificates/*.crt "${base}/usr/local/share/ca-certificates/"
		chroot "${base}" update-ca-certificates >/dev/null 2>&1 || die "update-ca-certificates in the root failed"
	fi
	cp /etc/resolv.conf "${base}/etc/resolv.conf"
	mount -t proc proc "${base}/proc"
	chroot "${base}" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin DEBIAN_FRONTEND=noninteractive \
		bash -c "apt-get update -q && apt-get install -y -q --no-install-recommends ${JUPYTER_PACKAGES} && apt-get clean" >>"${WORK}/debootstrap.log" 2>&1 ||
		{ umount -l "${base}/proc"; die "installing Jupyter in the root failed: see ${WORK}/debootstrap.log"; }
	umount -l "${base}/proc"
	tar -C "${base}" -cf "${WORK}/base.tar" .
	rm -rf "${base}"
	step "base: debootstrap bookworm with only ${PACKAGES} (${SECONDS}s)"
fi

# ---------------------------------------------------------------- Colab.
if [[ "${WHICH}" == colab || "${WHICH}" == all ]]; then
	fresh_root
	copy_mnist /root
	git --git-dir="${ROOT}/srv/autoencoders.git" show HEAD:scripts/colab-bootstrap.sh >"${ROOT}/srv/colab-bootstrap.sh"
	mkdir -p "${ROOT}/content"
	# The notebook as Colab holds it: outside the repository, with the bootstrap cell first.
	python3 - "${REPO}/notebooks/${NB}.ipynb" "${ROOT}/content/${NB}.ipynb" <<'PY'
import json, sys
src, dst = sys.argv[1:3]
nb = json.load(open(src))
cell = "!if [ -f ../scripts/colab-bootstrap.sh ]; then bash ../scripts/colab-bootstrap.sh; else curl -fsSL https://raw.githubusercontent.com/goautoencoders/autoencoders/main/scripts/colab-bootstrap.sh | bash; fi"
if not any(cell in "".join(c.get("source", "")) for c in nb["cells"]):
    nb["cells"].insert(1, {"cell_type": "code", "execution_count": None, "id": "colab-bootstrap",
                           "metadata": {}, "outputs": [], "source": cell})
for c in nb["cells"]:
    if c["cell_type"] == "code":
        c["outputs"], c["execution_count"] = [], None
json.dump(nb, open(dst, "w"), indent=1)
PY
	# The first cell's command, run by Colab's Python kernel in /content; GitHub cannot be
	# reached from here, so the script the cell would fetch comes from this checkout's HEAD.
	SECONDS=0
	inside bash -c 'cd /content && export COLAB_RELEASE_TAG=standin AELIB_REPO_URL=file:///srv/autoencoders.git &&
		if [ -f ../scripts/colab-bootstrap.sh ]; then bash ../scripts/colab-bootstrap.sh; else cat /srv/colab-bootstrap.sh | bash; fi' \
		>"${WORK}/colab-bootstrap.log" 2>&1 || die "colab bootstrap failed: see ${WORK}/colab-bootstrap.log"
	t_boot=${SECONDS}
	grep -q "set up in" "${WORK}/colab-bootstrap.log" || die "colab bootstrap did not finish: see ${WORK}/colab-bootstrap.log"
	step "colab: bootstrap cell (Go 1.27.3 from the module proxy, GoNB kernel, repository clone) in ${t_boot}s"
	SECONDS=0
	inside bash -c 'cd /content && export COLAB_RELEASE_TAG=standin AELIB_QUICK=1 AELIB_NO_WIDGETS=1 PYDEVD_DISABLE_FILE_VALIDATION=1 &&
		python3 /content/autoencoders/scripts/execute-notebook.py --kernel gonb --timeout 1200 --output-dir /content/out /content/'"${NB}"'.ipynb &&
		cd /content/autoencoders && GOTOOLCHAIN=go1.27.3 GOEXPERIMENT=simd go run ./cmd/nbcheck /content/out/'"${NB}"'.ipynb &&
		grep -q "colab-bootstrap: ready" /content/out/'"${NB}"'.ipynb' \
		>"${WORK}/colab-notebook.log" 2>&1 || die "colab: notebook ${NB} (quick) failed: see ${WORK}/colab-notebook.log"
	step "colab: notebook ${NB} in quick mode on the bootstrapped kernel, first cell 'ready', nbcheck ok (${SECONDS}s, first compile included)"
fi

# ---------------------------------------------------------------- Binder.
if [[ "${WHICH}" == binder || "${WHICH}" == all ]]; then
	fresh_root
	inside useradd -m -s /bin/bash jovyan
	inside git clone -q /srv/autoencoders.git /home/jovyan/autoencoders
	inside chown -R jovyan:jovyan /home/jovyan/autoencoders
	copy_mnist /home/jovyan jovyan:jovyan
	SECONDS=0
	inside bash -c 'apt-get update -q && DEBIAN_FRONTEND=noninteractive xargs -a /home/jovyan/autoencoders/binder/apt.txt apt-get install -y -q --no-install-recommends' \
		>"${WORK}/binder-apt.log" 2>&1 || die "binder: apt.txt install failed: see ${WORK}/binder-apt.log"
	t_apt=${SECONDS}
	SECONDS=0
	as_user() {
		chroot "${ROOT}" /usr/bin/env -i HOME=/home/jovyan USER=jovyan LANG=C.UTF-8 TERM=dumb \
			PATH=/usr/local/bin:/usr/bin:/bin /usr/sbin/runuser -u jovyan -- "$@"
	}
	as_user bash -c 'cd ~/autoencoders && binder/postBuild' >"${WORK}/binder-postbuild.log" 2>&1 ||
		die "binder: postBuild failed: see ${WORK}/binder-postbuild.log"
	step "binder: apt.txt (${t_apt}s) and postBuild as a non-root user (${SECONDS}s)"
	SECONDS=0
	as_user bash -c 'cd ~/autoencoders && binder/start bash -c "QUICK=1 scripts/run-notebooks.sh notebooks/'"${NB}"'.ipynb && go run ./cmd/nbcheck reports/'"${NB}"'.ipynb"' \
		>"${WORK}/binder-notebook.log" 2>&1 || die "binder: notebook ${NB} (quick) failed: see ${WORK}/binder-notebook.log"
	step "binder: notebook ${NB} in quick mode under binder/start, nbcheck ok (${SECONDS}s, first compile included)"
fi

unmount
[[ "${KEEP:-0}" == "1" ]] || rm -rf "${ROOT}"
step "not checked here: Colab and mybinder.org themselves (not reachable from this machine), the live widgets there"
printf '\n%s\n' "${SUMMARY[@]}" >&2
