#!/usr/bin/env bash
# gpu-check.sh: aelab on GoMLX's XLA backend through an NVIDIA GPU, beside XLA on the CPU and
# the Go backend, in one table.
#
# The CUDA plugin comes from go-xla's own installer (xlainstall --plugin cuda13, which takes
# it from the Python package index); where that fails, from the `jax-cuda13-pjrt` Python
# package already installed (its xla_cuda_plugin.so, under jax_plugins/). XLA's CPU plugin
# comes as make xla installs it. Build the binaries first on any x86-64 machine:
#
#   GOTOOLCHAIN=go1.27.3 GOEXPERIMENT=simd go build -o bin/ ./cmd/aelab ./cmd/xlainstall
#   scripts/gpu-check.sh [OUT_DIR]          # about 3 minutes
#
# It runs, each into OUT_DIR (default ./gpu-check) with a log and metrics.json:
#   1. the tutorial model, 5 epochs, on xla:cuda, xla:cpu and go: epoch time, validation loss
#      (the three must agree to a few digits: same model, same data, same seed);
#   2. the deep 784-1000-500-250-30 model (--preset hinton2006), 3 epochs, on xla:cuda,
#      xla:cpu and go;
# and prints a table of seconds per epoch and validation BCE.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT="${1:-gpu-check}"
BIN="${AELAB:-bin/aelab}"
INSTALL="${XLAINSTALL:-bin/xlainstall}"
LIB="${XLA_DIR:-${HOME}/.local/lib}"
[[ -x "${BIN}" ]] || { echo "gpu-check: ${BIN} not found; build it first (see the header)" >&2; exit 1; }
mkdir -p "${OUT}"
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader >"${OUT}/gpu.txt" 2>&1 || true

PLUGIN="${PJRT_CUDA_PLUGIN:-}"
if [[ -z "${PLUGIN}" && -x "${INSTALL}" ]]; then
	if "${INSTALL}" --plugin cuda13 --dir "${LIB}" >"${OUT}/install-cuda.log" 2>&1; then
		PLUGIN=cuda
	else
		echo "gpu-check: go-xla's CUDA installer failed (see ${OUT}/install-cuda.log); looking for jax-cuda13-pjrt" >&2
	fi
fi
if [[ -z "${PLUGIN}" ]]; then
	PLUGIN="$(python3 - <<'PY' 2>/dev/null
import glob, os, site, sys
roots = site.getsitepackages() + [site.getusersitepackages()] + sys.path
for r in roots:
    for p in glob.glob(os.path.join(r, "jax_plugins", "**", "xla_cuda_plugin.so"), recursive=True):
        print(os.path.abspath(p)); raise SystemExit
PY
)"
	[[ -n "${PLUGIN}" && -f "${PLUGIN}" ]] || { echo "gpu-check: no CUDA plugin: go-xla's installer failed and no xla_cuda_plugin.so (pip package jax-cuda13-pjrt) was found; set PJRT_CUDA_PLUGIN" >&2; exit 1; }
fi
CPU_BACKEND=""
if [[ -x "${INSTALL}" ]] && "${INSTALL}" --source pypi --dir "${LIB}" >"${OUT}/install-cpu.log" 2>&1; then
	CPU_BACKEND="xla:${LIB}/go-xla/pjrt_c_api_cpu_plugin.so"
else
	echo "gpu-check: no XLA CPU plugin (see ${OUT}/install-cpu.log): the xla:cpu rows are left out" >&2
fi
echo "gpu-check: CUDA plugin ${PLUGIN}; GPU $(cat "${OUT}/gpu.txt")"

run() { # name backend args...
	local name=$1 backend=$2
	shift 2
	echo "gpu-check: ${name} on ${backend}"
	GOMLX_BACKEND="${backend}" "${BIN}" demo --quiet --run "${OUT}/${name}" "$@" >"${OUT}/${name}.log" 2>&1 ||
		{ echo "gpu-check: ${name} failed, see ${OUT}/${name}.log" >&2; tail -5 "${OUT}/${name}.log" >&2; return 1; }
}
RUNS=()
both() { # name args...: the run on every backend
	local name=$1
	shift
	run "${name}-cuda" "xla:${PLUGIN}" "$@" && RUNS+=("${name}-cuda")
	if [[ -n "${CPU_BACKEND}" ]]; then run "${name}-xlacpu" "${CPU_BACKEND}" "$@" && RUNS+=("${name}-xlacpu"); fi
	run "${name}-go" go "$@" && RUNS+=("${name}-go")
	return 0
}
both tutorial --epochs 5
both deep --preset hinton2006 --epochs 3

python3 - "${OUT}" "${RUNS[@]}" <<'PY'
import json, os, sys
out = sys.argv[1]
print(f"{'run':<14} {'backend':<12} {'epochs':>6} {'s/epoch (2nd on)':>17} {'val BCE':>9} {'test MSE':>9}")
for name in sys.argv[2:]:
    m = json.load(open(os.path.join(out, name, "metrics.json")))
    ep = m["history"]["epochs"]
    later = [e["seconds"] for e in ep[1:]] or [ep[0]["seconds"]]
    print(f"{name:<14} {m['backend']['name'][:12]:<12} {len(ep):>6} {sum(later)/len(later):>17.3f} "
          f"{ep[-1]['val_bce']:>9.5f} {m['results'][0]['metrics']['mse']:>9.5f}")
PY
