#!/bin/sh
# Installs JAX on the CPU (jax and jaxlib from the Python package index) for
# bench/jax_bench.py into .cache/jax with pip --target, leaving every system Python as it is.
# Idempotent: nothing is downloaded when that folder already imports the wanted version.
# The interpreter used is recorded in .cache/jax/.python; cmd/aebench runs the JAX peer with
# it and PYTHONPATH=.cache/jax.
#
#   bench/setup-jax.sh                    # jax==0.10.2 jaxlib==0.10.2 with python3 on PATH
#   JAX_PYTHON=/path/to/python3 JAX_VERSION=0.10.2 JAX_DIR=/some/dir bench/setup-jax.sh
#
# JAX 0.11.2 (the XLA the CPU PJRT plugin of make xla comes from) is not served by the
# package index this project reaches; 0.10.2 is the newest there.
set -eu

version=${JAX_VERSION:-0.10.2}
root=$(cd "$(dirname "$0")/.." && pwd)
dir=${JAX_DIR:-$root/.cache/jax}
py=${JAX_PYTHON:-python3}

if ! command -v "$py" >/dev/null 2>&1; then
	echo "setup-jax: no $py on PATH; install Python 3 with pip or set JAX_PYTHON to an interpreter that has pip" >&2
	exit 1
fi
# Resolve shims (pyenv) to the real interpreter, so that the recorded path keeps working.
py=$("$py" -c 'import sys; print(sys.executable)')

check() {
	PYTHONPATH="$dir" "$py" -c "import jax, jaxlib, sys; sys.exit(0 if (jax.__version__, jaxlib.__version__) == ('$version', '$version') else 1)" >/dev/null 2>&1
}

if check; then
	echo "setup-jax: jax $version already installed in $dir (for $py)"
else
	if ! "$py" -m pip --version >/dev/null 2>&1; then
		echo "setup-jax: $py has no pip; install pip for it or set JAX_PYTHON to an interpreter that has pip" >&2
		exit 1
	fi
	echo "setup-jax: installing jax==$version jaxlib==$version into $dir (for $py)"
	mkdir -p "$dir"
	if ! PIP_ROOT_USER_ACTION=ignore "$py" -m pip install --quiet --disable-pip-version-check --upgrade --target "$dir" "jax==$version" "jaxlib==$version"; then
		echo "setup-jax: pip could not install jax==$version jaxlib==$version (no network, or that version is not served: pip index versions jax lists them; set JAX_VERSION)" >&2
		exit 1
	fi
	if ! check; then
		echo "setup-jax: $dir does not import jax $version after installing; remove $dir and run again" >&2
		exit 1
	fi
fi
printf '%s\n' "$py" >"$dir/.python"
