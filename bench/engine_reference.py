"""NumPy and PyTorch half of the engine benchmark: the workloads of engine-bench, on CPU, float64.

Run with the tools' venv (scripts/python-env creates it):

    .build-venv/bin/python bench/engine_reference.py --threads 1

Prints ONE JSON object on stdout:

    {"numpy": {workload: median ms}, "torch": {workload: median ms},
     "versions": {...}, "threads": N, "repetitions": {...}, "config": {...}}

Workloads (B=64, L=50 residual blocks, W in {64, 256}; weights (W, W) as in nn.Linear,
all parameters ~ normal(0, 0.05), fixed seed; block: H = relu(X @ W1.T + b1),
X <- X + H @ W2.T + b2):
  forward_wW   one forward pass through the 50 blocks (torch under no_grad)
  train_wW     forward, loss = 0.5*sum(Y**2)/B, backward (torch autograd; NumPy manual
               backprop from stored activations), SGD W -= 0.01*grad on every W1, b1, W2, b2.
               The parameters are reset to their initial values before each repetition
               (not timed), so every repetition does the same work.
  cn_4096      1000 Crank-Nicolson steps on N=4096 (grid and H as in the expm fixture,
               dt=0.001): scipy.linalg.solve_banded each step. NumPy only.

Timing: warm-up, then repetitions until --budget seconds are spent on a workload (at
least --min-repetitions, at most --max-repetitions), or exactly --repetitions R; the
median is reported. About 40 s in all at 1 thread with the defaults.

--threads N sets OMP_NUM_THREADS, OPENBLAS_NUM_THREADS and MKL_NUM_THREADS before NumPy
and PyTorch are imported, and torch.set_num_threads(N). Other variables (such as
OPENBLAS_CORETYPE or OPENBLAS_L2_SIZE) are left as the caller set them; "config" reports them.
"""

import argparse
import json
import os
import platform
import statistics
import sys
import time

BATCH, DEPTH, LEARNING_RATE, SEED = 64, 50, 0.01, 1
WIDTHS = (64, 256)
CN_N, CN_DT, CN_STEPS = 4096, 0.001, 1000
THREAD_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")
REPORTED_VARIABLES = THREAD_VARIABLES + ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE", "OPENBLAS_VERBOSE",
                                         "MKL_ENABLE_INSTRUCTIONS", "MKL_CBWR", "ATEN_CPU_CAPABILITY",
                                         "NPY_DISABLE_CPU_FEATURES", "OMP_PROC_BIND", "OMP_PLACES")


def parse_arguments():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--repetitions", type=int, default=None,
                   help="exactly this many timed repetitions per workload (default: time budget)")
    p.add_argument("--budget", type=float, default=3.0, help="seconds per workload and library (default 3)")
    p.add_argument("--min-repetitions", type=int, default=7)
    p.add_argument("--max-repetitions", type=int, default=400)
    p.add_argument("--only", default=None, help="run one workload (e.g. train_w256)")
    p.add_argument("--skip-torch", action="store_true")
    args = p.parse_args()
    if args.threads < 1:
        p.error("--threads must be at least 1")
    return args


ARGS = parse_arguments()
# Must happen before NumPy, SciPy or PyTorch are imported: the BLAS and OpenMP runtimes
# read these when they load. Nothing above imports them.
assert not {"numpy", "scipy", "torch"} & set(sys.modules)
for _name in THREAD_VARIABLES:
    os.environ[_name] = str(ARGS.threads)

import numpy as np  # noqa: E402
import scipy  # noqa: E402
import scipy.linalg  # noqa: E402

try:
    import torch  # noqa: E402
except ImportError:  # still time NumPy; "torch" is then {}
    torch = None
if ARGS.skip_torch:
    torch = None
if torch is not None:
    torch.set_num_threads(ARGS.threads)


def wanted(name):
    return ARGS.only is None or ARGS.only == name


def median_ms(body, reset=None):
    """Median wall time of body() in ms; reset() runs untimed before each call."""
    def once():
        if reset is not None:
            reset()
        t0 = time.perf_counter_ns()
        body()
        return (time.perf_counter_ns() - t0) / 1e6

    first = once()  # warm-up (caches, allocator, lazy init)
    if first < 200.0:
        once()
    times = []
    if ARGS.repetitions is not None:
        for _ in range(ARGS.repetitions):
            times.append(once())
    else:
        spent = 0.0
        while len(times) < ARGS.max_repetitions and (len(times) < ARGS.min_repetitions
                                                     or spent < ARGS.budget * 1e3):
            times.append(once())
            spent += times[-1]
    return statistics.median(times), len(times)


# ------------------------------------------------------------------ shared data

def make_model(width):
    rng = np.random.default_rng(SEED + width)
    blocks = []
    for _ in range(DEPTH):
        blocks.append({
            "W1": rng.normal(0.0, 0.05, size=(width, width)),
            "b1": rng.normal(0.0, 0.05, size=width),
            "W2": rng.normal(0.0, 0.05, size=(width, width)),
            "b2": rng.normal(0.0, 0.05, size=width),
        })
    x = rng.normal(0.0, 1.0, size=(BATCH, width))
    return blocks, x


def make_crank_nicolson():
    n = CN_N
    dx = 10.0 / (n + 1)
    x = -5.0 + (np.arange(n) + 1) * dx
    diag = 1.0 / dx**2 + 0.5 * x * x
    off = -1.0 / (2.0 * dx**2)
    psi0 = np.exp(-((x - 1.0) ** 2) / 2.0) * np.exp(1j * 0.5 * x)
    psi0 /= np.sqrt(np.sum(np.abs(psi0) ** 2) * dx)
    return diag, off, psi0, dx


# ------------------------------------------------------------------ NumPy

def numpy_forward(blocks, x):
    for b in blocks:
        z = x @ b["W1"].T
        z += b["b1"]
        np.maximum(z, 0.0, out=z)
        y = z @ b["W2"].T
        y += b["b2"]
        y += x
        x = y
    return x


def numpy_train_step(blocks, x):
    cache = []
    for b in blocks:
        z = x @ b["W1"].T
        z += b["b1"]
        h = np.maximum(z, 0.0)
        y = h @ b["W2"].T
        y += b["b2"]
        y += x
        cache.append((x, z, h))
        x = y
    loss = 0.5 * float(np.vdot(x, x)) / BATCH
    g = x / BATCH  # dL/dY
    grads = [None] * len(blocks)
    for l in range(len(blocks) - 1, -1, -1):
        b = blocks[l]
        xin, z, h = cache[l]
        dW2 = g.T @ h
        db2 = g.sum(axis=0)
        dz = g @ b["W2"]
        dz[z <= 0.0] = 0.0
        dW1 = dz.T @ xin
        db1 = dz.sum(axis=0)
        g = g + dz @ b["W1"]
        grads[l] = (dW1, db1, dW2, db2)
    for b, (dW1, db1, dW2, db2) in zip(blocks, grads):
        b["W1"] -= LEARNING_RATE * dW1
        b["b1"] -= LEARNING_RATE * db1
        b["W2"] -= LEARNING_RATE * dW2
        b["b2"] -= LEARNING_RATE * db2
    return loss


def numpy_crank_nicolson(diag, off, psi0, steps):
    n = diag.size
    a = 0.5j * CN_DT  # i dt / 2
    ab = np.empty((3, n), dtype=np.complex128)  # I + i dt H / 2, banded (1, 1)
    ab[0, 0] = 0.0
    ab[0, 1:] = a * off
    ab[1, :] = 1.0 + a * diag
    ab[2, :-1] = a * off
    ab[2, -1] = 0.0
    bd = 1.0 - a * diag  # I - i dt H / 2: diagonal; off-diagonals are -a*off
    bo = -a * off
    psi = psi0.copy()
    rhs = np.empty_like(psi)
    for _ in range(steps):
        np.multiply(bd, psi, out=rhs)
        rhs[1:] += bo * psi[:-1]
        rhs[:-1] += bo * psi[1:]
        psi = scipy.linalg.solve_banded((1, 1), ab, rhs, check_finite=False)
    return psi


def run_numpy():
    results, reps = {}, {}
    for width in WIDTHS:
        blocks0, x = make_model(width)
        if wanted(f"forward_w{width}"):
            results[f"forward_w{width}"], reps[f"forward_w{width}"] = median_ms(
                lambda: numpy_forward(blocks0, x))
        if wanted(f"train_w{width}"):
            work = [{k: v.copy() for k, v in b.items()} for b in blocks0]

            def reset():
                for w, b in zip(work, blocks0):
                    for k in b:
                        np.copyto(w[k], b[k])

            results[f"train_w{width}"], reps[f"train_w{width}"] = median_ms(
                lambda: numpy_train_step(work, x), reset)
    if wanted("cn_4096"):
        diag, off, psi0, dx = make_crank_nicolson()
        results["cn_4096"], reps["cn_4096"] = median_ms(lambda: numpy_crank_nicolson(diag, off, psi0, CN_STEPS))
        # Sanity: Crank-Nicolson is unitary, so the norm must stay 1.
        norm = float(np.sum(np.abs(numpy_crank_nicolson(diag, off, psi0, CN_STEPS)) ** 2) * dx)
        assert abs(norm - 1.0) < 1e-9, f"cn_4096 lost unitarity: norm {norm}"
    return results, reps


# ------------------------------------------------------------------ PyTorch

def torch_model(blocks0):
    return [{k: torch.tensor(v, dtype=torch.float64) for k, v in b.items()} for b in blocks0]


def torch_forward(params, x):
    F = torch.nn.functional
    for p in params:
        h = torch.relu(F.linear(x, p["W1"], p["b1"]))
        x = x + F.linear(h, p["W2"], p["b2"])
    return x


def run_torch():
    results, reps = {}, {}
    for width in WIDTHS:
        blocks0, x_np = make_model(width)
        x = torch.tensor(x_np, dtype=torch.float64)
        if wanted(f"forward_w{width}"):
            params = torch_model(blocks0)

            def forward():
                with torch.no_grad():
                    torch_forward(params, x)

            results[f"forward_w{width}"], reps[f"forward_w{width}"] = median_ms(forward)
        if wanted(f"train_w{width}"):
            initial = torch_model(blocks0)
            params = torch_model(blocks0)
            flat = [t.requires_grad_() for p in params for t in p.values()]
            optimizer = torch.optim.SGD(flat, lr=LEARNING_RATE)

            def reset():
                with torch.no_grad():
                    for p, q in zip(params, initial):
                        for k in p:
                            p[k].copy_(q[k])

            def train_step():
                optimizer.zero_grad(set_to_none=True)
                y = torch_forward(params, x)
                loss = 0.5 * torch.sum(y * y) / BATCH
                loss.backward()
                optimizer.step()

            results[f"train_w{width}"], reps[f"train_w{width}"] = median_ms(train_step, reset)
    return results, reps


def check_agreement():
    """One small cross-check that both libraries compute the same workload."""
    blocks0, x = make_model(64)
    y_np = numpy_forward(blocks0, x)
    with torch.no_grad():
        y_t = torch_forward(torch_model(blocks0), torch.tensor(x)).numpy()
    assert np.max(np.abs(y_np - y_t)) <= 1e-10 * np.max(np.abs(y_np)), "numpy and torch forward disagree"
    work = [{k: v.copy() for k, v in b.items()} for b in blocks0]
    numpy_train_step(work, x)
    params = torch_model(blocks0)
    flat = [t.requires_grad_() for p in params for t in p.values()]
    y = torch_forward(params, torch.tensor(x))
    (0.5 * torch.sum(y * y) / BATCH).backward()
    with torch.no_grad():
        for t in flat:
            t -= LEARNING_RATE * t.grad
    for w, p in zip(work, params):
        for k in w:
            d = np.max(np.abs(w[k] - p[k].detach().numpy()))
            assert d <= 1e-10 * max(1.0, np.max(np.abs(w[k]))), f"train step disagrees on {k}: {d}"


def blas_name():
    try:
        cfg = np.show_config(mode="dicts")
        blas = cfg["Build Dependencies"]["blas"]
        return f"{blas.get('name')} {blas.get('version')}"
    except Exception:  # noqa: BLE001 - informational only
        return "unknown"


def main():
    started = time.perf_counter()
    if torch is not None:
        check_agreement()
    numpy_results, numpy_reps = run_numpy()
    torch_results, torch_reps = run_torch() if torch is not None else ({}, {})
    versions = {
        "python": platform.python_version(),
        "numpy": np.__version__,
        "numpy_blas": blas_name(),
        "scipy": scipy.__version__,
    }
    if torch is not None:
        versions["torch"] = torch.__version__
        versions["torch_blas"] = "mkl" if torch.backends.mkl.is_available() else "other"
        versions["torch_cpu_capability"] = torch.backends.cpu.get_cpu_capability()
    out = {
        "numpy": {k: round(v, 4) for k, v in numpy_results.items()},
        "torch": {k: round(v, 4) for k, v in torch_results.items()},
        "versions": versions,
        "threads": ARGS.threads,
        "repetitions": {"numpy": numpy_reps, "torch": torch_reps},
        "config": {
            "batch": BATCH, "depth": DEPTH, "widths": list(WIDTHS), "learning_rate": LEARNING_RATE,
            "cn": {"n": CN_N, "dt": CN_DT, "steps": CN_STEPS},
            "machine": platform.machine(),
            "cpu_count": os.cpu_count(),
            "environment": {k: os.environ[k] for k in REPORTED_VARIABLES if k in os.environ},
            "seconds": round(time.perf_counter() - started, 1),
        },
    }
    json.dump(out, sys.stdout, sort_keys=True)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
