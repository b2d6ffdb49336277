#!/usr/bin/env bash
# setup-notebooks.sh: prepares a machine to run the notebooks in notebooks/ (idempotent).
#
#   1. Jupyter (notebook, nbconvert, nbclient, ipykernel): Debian packages when on
#      Debian/Ubuntu and run as root (or with sudo), otherwise `pip install --user`.
#   1b. Fashion-MNIST: Debian's dataset-fashion-mnist (files in /usr/share/datasets/fashion-mnist,
#      where aelib/mnist finds them offline) when on Debian/Ubuntu as root (or with sudo).
#      Optional: without it, aelib/mnist downloads the files when a notebook asks for them.
#   1c. Chromium (Debian package chromium), which make test's report-site check
#      (make notebooks-site-check) renders reports/index.html in: apt-get when on Debian/Ubuntu
#      as root (or with sudo); otherwise it says how to install it (the check then fails).
#   2. `go install tool` in the repository: installs gonb and goimports (pinned by the
#      `tool` lines of go.mod) into GOBIN (default $(go env GOPATH)/bin).
#   3. Registers the GoNB kernel ("gonb") with the environment it needs: GOTOOLCHAIN,
#      GOEXPERIMENT=simd and a PATH that holds go, gonb and goimports.
#   4. Verifies with `jupyter kernelspec list`.
#
# Environment knobs:
#   NB_PYTHON=/path/python3   interpreter to use for Jupyter (default: /usr/bin/python3 if it
#                             has nbconvert, else python3 on PATH).
#   GONB_RAW_ERROR=1          register the kernel with --raw_error (plain-text compiler
#                             errors instead of HTML ones).
#   APT_LOCK_TIMEOUT=SECONDS  how long apt-get waits for another apt process's lock (600).
#   SETUP_EXTRAS=0            skip the optional packages (1b Fashion-MNIST, 1c Chromium), e.g. on
#                             Colab (scripts/colab-bootstrap.sh) where only the notebooks run.
set -euo pipefail

# shellcheck source=scripts/notebooks-env.sh
source "$(dirname "${BASH_SOURCE[0]}")/notebooks-env.sh"

SECONDS=0

# ---------------------------------------------------------------- 1. Jupyter.
# jupyter-client provides the `jupyter kernelspec` command; python3-nbconvert the
# `python3 -m nbconvert` module (the `jupyter nbconvert` command is not needed).
DEB_PACKAGES=(jupyter-notebook jupyter-client python3-nbconvert python3-ipykernel)
SUDO=""
if [[ "$(id -u)" != "0" ]] && command -v sudo >/dev/null 2>&1; then
	SUDO="sudo"
fi
# can_apt: whether Debian packages can be installed here (Debian/Ubuntu, as root or with sudo).
can_apt() {
	[[ -r /etc/debian_version ]] && command -v apt-get >/dev/null 2>&1 && { [[ "$(id -u)" == "0" ]] || [[ -n "${SUDO}" ]]; }
}
# Another apt process (unattended upgrades, a second terminal) may hold the dpkg lock:
# wait for it, up to APT_LOCK_TIMEOUT seconds (default 600), instead of failing at once.
apt_wait=(-o "DPkg::Lock::Timeout=${APT_LOCK_TIMEOUT:-600}")
APT_UPDATED=0
NB_PYTHON="$(find_nb_python)"
if [[ -n "${NB_PYTHON}" ]] && "${NB_PYTHON}" -m jupyter kernelspec --version >/dev/null 2>&1; then
	log "Jupyter: already installed for ${NB_PYTHON} (nbconvert $("${NB_PYTHON}" -m nbconvert --version 2>/dev/null))"
else
	if can_apt; then
		log "Jupyter: installing Debian packages ${DEB_PACKAGES[*]} (apt-get)"
		${SUDO} apt-get "${apt_wait[@]}" update -q
		APT_UPDATED=1
		DEBIAN_FRONTEND=noninteractive ${SUDO} apt-get "${apt_wait[@]}" install -y -q --no-install-recommends "${DEB_PACKAGES[@]}"
	else
		PIP_PY="${NB_PYTHON:-$(command -v python3 || true)}"
		[[ -n "${PIP_PY}" ]] || die "no python3 found: install Python 3 and re-run"
		log "Jupyter: installing with pip for ${PIP_PY} (notebook nbconvert nbclient ipykernel)"
		"${PIP_PY}" -m pip install --user --upgrade notebook nbconvert nbclient ipykernel
	fi
	NB_PYTHON="$(find_nb_python)"
	[[ -n "${NB_PYTHON}" ]] || die "Jupyter installation finished but no python3 can import nbconvert/nbclient/jupyter_client"
	log "Jupyter: installed for ${NB_PYTHON} (nbconvert $("${NB_PYTHON}" -m nbconvert --version)) in ${SECONDS}s"
fi

# ---------------------------------------------------------------- 1b. Fashion-MNIST.
# Optional: aelib/mnist downloads the files when this fails, so a failure is reported, not fatal.
FASHION_DIR=/usr/share/datasets/fashion-mnist
if [[ "${SETUP_EXTRAS:-1}" == "0" ]]; then
	log "Fashion-MNIST: skipped (SETUP_EXTRAS=0); aelib/mnist downloads the files when needed"
elif [[ -d "${FASHION_DIR}" ]]; then
	log "Fashion-MNIST: ${FASHION_DIR} present (Debian package dataset-fashion-mnist)"
elif can_apt; then
	log "Fashion-MNIST: installing Debian package dataset-fashion-mnist (apt-get, 31 MB)"
	if { [[ "${APT_UPDATED}" == "1" ]] || ${SUDO} apt-get "${apt_wait[@]}" update -q; } &&
		DEBIAN_FRONTEND=noninteractive ${SUDO} apt-get "${apt_wait[@]}" install -y -q --no-install-recommends dataset-fashion-mnist; then
		log "Fashion-MNIST: installed in ${FASHION_DIR}"
	else
		log "Fashion-MNIST: apt-get install dataset-fashion-mnist failed; aelib/mnist will download the files when needed"
	fi
else
	log "Fashion-MNIST: no apt-get as root or with sudo; aelib/mnist downloads the files when needed (or set AELIB_FASHION_MNIST_DIR)"
fi

# ---------------------------------------------------------------- 1c. Chromium.
if [[ "${SETUP_EXTRAS:-1}" == "0" ]]; then
	log "Chromium: skipped (SETUP_EXTRAS=0); only make notebooks-site-check needs it"
elif command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || command -v google-chrome >/dev/null 2>&1; then
	log "Chromium: present (make notebooks-site-check renders reports/index.html in it)"
elif can_apt; then
	log "Chromium: installing Debian package chromium (apt-get), for make notebooks-site-check"
	if { [[ "${APT_UPDATED}" == "1" ]] || ${SUDO} apt-get "${apt_wait[@]}" update -q; } &&
		DEBIAN_FRONTEND=noninteractive ${SUDO} apt-get "${apt_wait[@]}" install -y -q --no-install-recommends chromium; then
		APT_UPDATED=1
		log "Chromium: installed ($(chromium --version 2>/dev/null))"
	else
		log "Chromium: apt-get install chromium failed; make notebooks-site-check will fail until it is installed"
	fi
else
	log "Chromium: not found and no apt-get as root or with sudo: install chromium (or google-chrome) for make notebooks-site-check"
fi

# ---------------------------------------------------------------- 2. gonb + goimports.
log "Go: $(cd "${REPO_ROOT}" && go version) (GOTOOLCHAIN=${GOTOOLCHAIN} GOEXPERIMENT=${GOEXPERIMENT})"
log "Go tools: go install tool (gonb, goimports from go.mod) -> ${GOBIN_DIR}"
step_start=${SECONDS}
(cd "${REPO_ROOT}" && go install tool)
for t in gonb goimports; do
	[[ -x "${GOBIN_DIR}/${t}" ]] || die "go install tool did not produce ${GOBIN_DIR}/${t}"
done
log "Go tools: gonb $("${GOBIN_DIR}/gonb" -V 2>/dev/null | head -n1), goimports at ${GOBIN_DIR}/goimports ($((SECONDS - step_start))s)"

# ---------------------------------------------------------------- 3. Kernel registration.
install_args=(--install)
if ! command -v gopls >/dev/null 2>&1; then
	# gopls only powers autocompletion/inspection in interactive use; not needed to execute.
	log "Kernel: gopls not found (optional: autocompletion only); registering with --force_deps"
	install_args+=(--force_deps)
fi
if [[ "${GONB_RAW_ERROR:-0}" == "1" ]]; then
	install_args+=(--raw_error)
fi
log "Kernel: ${GOBIN_DIR}/gonb ${install_args[*]}"
"${GOBIN_DIR}/gonb" "${install_args[@]}" --logtostderr=false >/dev/null 2>&1 ||
	"${GOBIN_DIR}/gonb" "${install_args[@]}" # re-run visibly to show why it failed
GO_BIN_DIR="$(dirname "$(command -v go)")"

KERNEL_DIR="$("${NB_PYTHON}" - <<'PY'
from jupyter_client.kernelspec import KernelSpecManager
print(KernelSpecManager().find_kernel_specs().get("gonb", ""))
PY
)"
[[ -n "${KERNEL_DIR}" && -f "${KERNEL_DIR}/kernel.json" ]] ||
	die "gonb --install ran but Jupyter does not see a 'gonb' kernel (JUPYTER_DATA_DIR=${JUPYTER_DATA_DIR:-unset}, HOME=${HOME:-unset})"

# The kernel (and every `go build`/`go get` it runs, and every compiled cell program) inherits
# Jupyter's environment plus this "env" block. ${PATH} is expanded by jupyter_client at launch.
"${NB_PYTHON}" - "${KERNEL_DIR}/kernel.json" "${GOTOOLCHAIN}" "${GOEXPERIMENT}" "${GOBIN_DIR}:${GO_BIN_DIR}" <<'PY'
import json, sys
path, toolchain, experiment, extra_path = sys.argv[1:5]
with open(path) as f:
    spec = json.load(f)
env = spec.get("env") or {}
env["GOTOOLCHAIN"] = toolchain
env["GOEXPERIMENT"] = experiment
env["PATH"] = extra_path + ":${PATH}"
spec["env"] = env
spec["display_name"] = "Go (gonb)"
with open(path, "w") as f:
    json.dump(spec, f, indent=1)
    f.write("\n")
PY
log "Kernel: registered in ${KERNEL_DIR}/kernel.json:"
sed 's/^/    /' "${KERNEL_DIR}/kernel.json" >&2

# ---------------------------------------------------------------- 4. Verify.
log "Verify: jupyter kernelspec list"
# Read the whole list before matching: `grep -q` closing the pipe early makes Python fail with
# a broken pipe, which pipefail turns into a false "not listed".
kernels="$("${NB_PYTHON}" -m jupyter kernelspec list 2>/dev/null)"
echo "${kernels}" >&2
grep -qE '^\s*gonb\s' <<<"${kernels}" || die "kernel 'gonb' not listed by jupyter kernelspec list"
log "Done in ${SECONDS}s. Run the notebooks with: scripts/run-notebooks.sh (QUICK=1 for the quick variant)"
