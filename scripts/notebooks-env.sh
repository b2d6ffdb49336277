# shellcheck shell=bash
# Shared settings for scripts/setup-notebooks.sh and scripts/run-notebooks.sh.
# Source it; it is not meant to be executed.
#
# Exposes:
#   REPO_ROOT     absolute path of the repository checkout
#   GOBIN_DIR     where `go install tool` puts gonb and goimports
#   NB_PYTHON     a Python interpreter that can import nbconvert/nbclient/jupyter_client
#                 (empty when none is found yet)
#   log, die      message helpers

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

# The project builds with Go 1.27.3 and the "simd" experiment; keep whatever the caller
# chose, otherwise use the project defaults. (The machine's go env file may say
# GOTOOLCHAIN=local, so this must be set explicitly.)
export GOTOOLCHAIN="${GOTOOLCHAIN:-go1.27.3}"
if [[ "${GOTOOLCHAIN}" == "local" || "${GOTOOLCHAIN}" == "auto" ]]; then
	export GOTOOLCHAIN=go1.27.3
fi
export GOEXPERIMENT="${GOEXPERIMENT:-simd}"

# Debian's debugpy (pulled in by ipykernel) warns about frozen modules whenever a `jupyter`
# command starts; silence it.
export PYDEVD_DISABLE_FILE_VALIDATION=1

log() { printf '[%s] %s\n' "$(basename "$0")" "$*" >&2; }
die() { printf '[%s] ERROR: %s\n' "$(basename "$0")" "$*" >&2; exit 1; }

command -v go >/dev/null 2>&1 || die "go is not on PATH; install Go (any version >= 1.21; GOTOOLCHAIN=${GOTOOLCHAIN} is then downloaded through the module proxy)"

GOBIN_DIR="$(cd "${REPO_ROOT}" && go env GOBIN)"
if [[ -z "${GOBIN_DIR}" ]]; then
	GOBIN_DIR="$(cd "${REPO_ROOT}" && go env GOPATH | cut -d: -f1)/bin"
fi
export PATH="${GOBIN_DIR}:${PATH}"

# nb_python_ok PYTHON: whether PYTHON can run nbconvert's notebook executor.
nb_python_ok() {
	[[ -x "$1" ]] || command -v "$1" >/dev/null 2>&1 || return 1
	"$1" -c 'import nbconvert, nbclient, jupyter_client, jupyter_core' >/dev/null 2>&1
}

# find_nb_python prints the first interpreter that has Jupyter's executor, or nothing.
# Order: $NB_PYTHON (caller's choice), /usr/bin/python3 (Debian packages), python3 on PATH.
find_nb_python() {
	local c
	for c in "${NB_PYTHON:-}" /usr/bin/python3 "$(command -v python3 || true)"; do
		[[ -n "${c}" ]] || continue
		if nb_python_ok "${c}"; then
			printf '%s\n' "${c}"
			return 0
		fi
	done
	return 0
}
