#!/usr/bin/env bash
# run-notebooks.sh: executes notebooks headless, top to bottom, each in a fresh GoNB kernel.
#
# Usage: scripts/run-notebooks.sh [--quick] [--inplace] [notebook.ipynb ...]
#
# With no notebook arguments it runs notebooks/*.ipynb in sorted order. For each notebook it
# writes reports/NAME.ipynb (executed), reports/NAME.html (rendered, images inline) and
# reports/NAME.kernel.log (GoNB's own log). A notebook whose cell fails (compile error,
# panic, timeout) is reported with the failing cell and its error output; the other
# notebooks still run, and the script exits 1 at the end.
#
# Options / environment:
#   --quick,   QUICK=1     export AELIB_QUICK=1 to the kernel and the cell programs (small,
#                          fast variants of the experiments); per-cell timeout 600s.
#                          Otherwise AELIB_QUICK is unset and the per-cell timeout is 1800s.
#   --inplace, INPLACE=1   also write the executed outputs back into the source notebooks
#                          (only for notebooks that succeed) -- to commit a full run's outputs.
#   CELL_TIMEOUT=SECONDS   override the per-cell timeout.
#   REPORTS_DIR=DIR        output directory (default: <repo>/reports).
#   NB_PYTHON=PYTHON       interpreter with nbconvert (default: found as in setup-notebooks.sh).
#   FAIL_FAST=1            stop at the first failing notebook.
#
# The kernel runs with AELIB_NO_WIDGETS=1: no browser answers widgets in a headless run, so
# notebook.LatentExplorer leaves only its static grid (and no GoNB connection script).
set -euo pipefail

# shellcheck source=scripts/notebooks-env.sh
source "$(dirname "${BASH_SOURCE[0]}")/notebooks-env.sh"

usage() { sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "$0"; }

QUICK="${QUICK:-0}"
INPLACE="${INPLACE:-0}"
notebooks=()
while [[ $# -gt 0 ]]; do
	case "$1" in
	--quick) QUICK=1 ;;
	--inplace) INPLACE=1 ;;
	-h | --help) usage; exit 0 ;;
	--) shift; notebooks+=("$@"); break ;;
	-*) usage >&2; die "unknown option $1" ;;
	*) notebooks+=("$1") ;;
	esac
	shift
done

if [[ ${#notebooks[@]} -eq 0 ]]; then
	while IFS= read -r nb; do
		notebooks+=("${nb}")
	done < <(find "${REPO_ROOT}/notebooks" -maxdepth 1 -name '*.ipynb' -type f | LC_ALL=C sort)
	[[ ${#notebooks[@]} -gt 0 ]] || die "no notebooks found in ${REPO_ROOT}/notebooks"
fi
for nb in "${notebooks[@]}"; do
	[[ -f "${nb}" ]] || die "notebook not found: ${nb}"
	[[ "${nb}" == *.ipynb ]] || die "not a notebook (.ipynb): ${nb}"
done

NB_PYTHON="$(find_nb_python)"
[[ -n "${NB_PYTHON}" ]] || die "no Python with nbconvert/nbclient found: run scripts/setup-notebooks.sh first"
"${NB_PYTHON}" - <<'PY' || die "Jupyter kernel 'gonb' is not registered: run scripts/setup-notebooks.sh first"
import sys
from jupyter_client.kernelspec import KernelSpecManager
sys.exit(0 if "gonb" in KernelSpecManager().find_kernel_specs() else 1)
PY
command -v goimports >/dev/null 2>&1 || die "goimports not found (GoNB needs it): run scripts/setup-notebooks.sh first"

if [[ "${QUICK}" == "1" ]]; then
	export AELIB_QUICK=1
	CELL_TIMEOUT="${CELL_TIMEOUT:-600}"
	mode="quick (AELIB_QUICK=1)"
else
	unset AELIB_QUICK
	CELL_TIMEOUT="${CELL_TIMEOUT:-1800}"
	mode="full"
fi
export AELIB_NO_WIDGETS=1
REPORTS_DIR="${REPORTS_DIR:-${REPO_ROOT}/reports}"
mkdir -p "${REPORTS_DIR}"

extra_args=()
if [[ "${INPLACE}" == "1" ]]; then
	extra_args+=(--inplace)
	[[ "${QUICK}" == "1" ]] && log "WARNING: --inplace with --quick writes QUICK-mode outputs into notebooks/"
fi

log "running ${#notebooks[@]} notebook(s), ${mode}, per-cell timeout ${CELL_TIMEOUT}s, reports in ${REPORTS_DIR}"
SECONDS=0
failed=()
summary=()
for nb in "${notebooks[@]}"; do
	start=${SECONDS}
	if "${NB_PYTHON}" "${REPO_ROOT}/scripts/execute-notebook.py" --kernel gonb --timeout "${CELL_TIMEOUT}" \
		--output-dir "${REPORTS_DIR}" ${extra_args[@]+"${extra_args[@]}"} "${nb}"; then
		status=ok
	else
		status=FAILED
		failed+=("${nb}")
	fi
	summary+=("$(printf '%-7s %5ds  %s' "${status}" $((SECONDS - start)) "${nb}")")
	if [[ "${status}" == FAILED && "${FAIL_FAST:-0}" == "1" ]]; then
		log "FAIL_FAST=1: stopping after the first failure"
		break
	fi
done

log "summary (${mode}, ${SECONDS}s total):"
printf '    %s\n' "${summary[@]}" >&2
if [[ ${#failed[@]} -gt 0 ]]; then
	die "${#failed[@]} notebook(s) failed: ${failed[*]} (see the messages above and ${REPORTS_DIR}/)"
fi
log "all notebooks passed; check their outputs with: go run ./cmd/nbcheck ${REPORTS_DIR#"${REPO_ROOT}"/}/*.ipynb"
