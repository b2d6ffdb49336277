#!/usr/bin/env bash
# gpu-check.sh: aelab on GoMLX's XLA backend through an NVIDIA GPU, beside the Go backend.
#
# For a machine with an NVIDIA GPU and the `jax-cuda13-pjrt` Python package, whose PJRT CUDA
# plugin (xla_cuda_plugin.so, under its jax_plugins/ folder) backs GoMLX's XLA backend
# through GOMLX_BACKEND=xla:<absolute path>. Build the binary first on any x86-64 machine:
#
#   GOTOOLCHAIN=go1.27.3 GOEXPERIMENT=simd go build -o bin/aelab ./cmd/aelab
#   scripts/gpu-check.sh [OUT_DIR]          # about 3 minutes
#
# It runs, each into OUT_DIR (default ./gpu-check) with a log and metrics.json:
#   1. the tutorial model, 5 epochs, on XLA/CUDA and on the Go backend: epoch time, validation
#      loss (the two must agree to a few digits: same model, same data, same seed);
#   2. the deep 784-1000-500-250-30 model (--preset hinton2006), 3 epochs, on XLA/CUDA.
# and prints a table of seconds per epoch and validation BCE.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT="${1:-gpu-check}"
BIN="${AELAB:-bin/aelab}"
[[ -x "${BIN}" ]] || { echo "gpu-check: ${BIN} not found; build it first (see the header)" >&2; exit 1; }
mkdir -p "${OUT}"
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader >"${OUT}/gpu.txt" 2>&1 || true
PLUGIN="${PJRT_CUDA_PLUGIN:-$(python3 - <<'PY' 2>/dev/null
import glob, os, site, sys
roots = site.getsitepackages() + [site.getusersitepackages()] + sys.path
for r in roots:
    for p in glob.glob(os.path.join(r, "jax_plugins", "**", "xla_cuda_plugin.so"), recursive=True):
        print(os.path.abspath(p)); raise SystemExit
PY
)}"
[[ -n "${PLUGIN}" && -f "${PLUGIN}" ]] || { echo "gpu-check: no xla_cuda_plugin.so found (pip package jax-cuda13-pjrt); set PJRT_CUDA_PLUGIN" >&2; exit 1; }
echo "gpu-check: plugin ${PLUGIN}; GPU $(cat "${OUT}/gpu.txt")"

run() { # name backend args...
	local name=$1 backend=$2
	shift 2
	echo "gpu-check: ${name} on ${backend}"
	GOMLX_BACKEND="${backend}" "${BIN}" demo --quiet --run "${OUT}/${name}" "$@" >"${OUT}/${name}.log" 2>&1 ||
		{ echo "gpu-check: ${name} failed, see ${OUT}/${name}.log" >&2; tail -5 "${OUT}/${name}.log" >&2; return 1; }
}
run tutorial-xla "xla:${PLUGIN}" --epochs 5
run tutorial-go go --epochs 5
run deep-xla "xla:${PLUGIN}" --preset hinton2006 --epochs 3

python3 - "${OUT}" <<'PY'
import json, os, sys
out = sys.argv[1]
print(f"{'run':<14} {'backend':<12} {'epochs':>6} {'s/epoch (2nd on)':>17} {'val BCE':>9} {'test MSE':>9}")
for name in ("tutorial-xla", "tutorial-go", "deep-xla"):
    m = json.load(open(os.path.join(out, name, "metrics.json")))
    ep = m["history"]["epochs"]
    later = [e["seconds"] for e in ep[1:]] or [ep[0]["seconds"]]
    print(f"{name:<14} {m['backend']['name'][:12]:<12} {len(ep):>6} {sum(later)/len(later):>17.3f} "
          f"{ep[-1]['val_bce']:>9.5f} {m['results'][0]['metrics']['mse']:>9.5f}")
PY
