#!/usr/bin/env python3
"""Independent reference for the numbers lesson 04 (robustness and Lipschitz bounds) states.

Run: .build-venv/bin/python scripts/reference/lesson04_numbers.py   (about ten seconds)
NumPy and PyTorch, no Swift. The lesson's hidden tests embed the fixtures printed below as Swift
literals and assert the values; if you change the lesson, rerun this and compare.

- Spectral norms: numpy.linalg.svd (the lesson uses power iteration) on fixed matrices and on
  matrices drawn from the course's SeededGenerator, which this script re-implements bit for bit
  (SplitMix64 and Marsaglia's polar method, as in lesson03_numbers.py).
- Lipschitz bounds of residual blocks and stacks: products of SVD norms; the largest empirical
  amplification over seeded random perturbations, by a NumPy forward pass.
- FGSM: torch.autograd in float64 on a seeded, untrained classifier (fixtures), and on the
  lesson's experiment: two spirals, a plain and a residual classifier trained by full-batch
  gradient descent with the same initialisation, data and steps as the lesson's support code.
  Three smaller variants (one turn, width 12) check whether the plain/residual gap is robust.
- The same plain and residual networks on held-out points (twoSpirals with another seed) and under
  the iterated attack (10 steps of eps/4, each clipped to the eps box), beside the training set.
- Spectral normalisation: W * min(1, c / ||W||_2) with SVD norms, during training (after every
  step) and on the fixture stack.

The experiment's accuracies were also compared with the Swift figures' output (read back from the
SVG's points), by hand: they agreed at every epsilon for the four curves of accuracy-vs-epsilon, the
four held-out curves of held-out-iterated, and, with that figure pointed at the training set for
the check, the two iterated training-set curves.
"""
import math

import numpy as np
import torch
from seeded_generator import SeededGenerator

torch.set_default_dtype(torch.float64)
torch.set_flush_denormal(True)  # speed only: the plain network produces subnormals
torch.set_num_threads(1)  # small tensors: threads only add overhead


def lit(values):
    return "[" + ", ".join(repr(float(v)) for v in values) + "]"


def lit2(rows):
    return "[" + ", ".join(lit(r) for r in rows) + "]"


def random_matrix(g, rows, cols, std=1.0):
    """Matrix.random: row-major, std * normal."""
    return np.array([[std * g.normal() for _ in range(cols)] for _ in range(rows)]).reshape(rows, cols)


def norm2(a):
    return float(np.linalg.svd(a, compute_uv=False)[0]) if a.size else 0.0


# --- 1. Spectral norms by SVD ------------------------------------------------------------------
print("// ===== 1. power iteration fixtures (numpy.linalg.svd)")
rng = np.random.default_rng(4)
A35 = rng.standard_normal((3, 5))
u, s, vt = np.linalg.svd(A35)
print("let matrixA: [[Double]] = " + lit2(A35))
print(f"let sigmaA = {float(s[0])!r}  // all singular values {[float(x) for x in s]}")
print("let vectorA: [Double] = " + lit(vt[0]))
# Prescribed singular values 5, 2, 1, 0.5 with random orthogonal factors.
q1, _ = np.linalg.qr(rng.standard_normal((6, 6)))
q2, _ = np.linalg.qr(rng.standard_normal((4, 4)))
B64 = q1[:, :4] @ np.diag([5.0, 2.0, 1.0, 0.5]) @ q2.T
print("let matrixB: [[Double]] = " + lit2(B64))
print(f"let sigmaB = {float(np.linalg.svd(B64, compute_uv=False)[0])!r}")
print("let vectorB: [Double] = " + lit(np.linalg.svd(B64)[2][0]))
g = SeededGenerator(404)
C = random_matrix(g, 40, 30)
sc = np.linalg.svd(C, compute_uv=False)
print(f"let sigmaSeeded404 = {float(sc[0])!r}  // Matrix.random(rows: 40, cols: 30, seed 404); sigma2 = {float(sc[1])!r}")
g = SeededGenerator(512)
D = random_matrix(g, 512, 512, 1 / math.sqrt(512))
sd = np.linalg.svd(D, compute_uv=False)
print(f"// a 512x512 matrix, std 1/sqrt(512), seed 512: sigma1 = {sd[0]:.6f}, sigma2 = {sd[1]:.6f}, "
      f"(sigma2/sigma1)^2 = {(sd[1] / sd[0]) ** 2:.5f} (the vector's error factor per step)")
# The warm-up example of the prose: [[2, 1], [1, 2]] has singular values 3 and 1.
print(f"// [[2,1],[1,2]]: {np.linalg.svd(np.array([[2.0, 1], [1, 2]]), compute_uv=False)}")
# Power iteration from the prose's start vector (1, 0) on [[2, 1], [1, 2]]: estimates ||A v_k||.
A = np.array([[2.0, 1], [1, 2]])
v = np.array([1.0, 0.0])
est = []
for _ in range(4):
    w = A @ v
    est.append(np.linalg.norm(w))
    v = A.T @ w
    v /= np.linalg.norm(v)
print("// power iteration on [[2,1],[1,2]] from (1,0): " + ", ".join(f"{e:.6f}" for e in est))
print("//   errors 3 - s_k: " + ", ".join(f"{3 - e:.3e}" for e in est) + "; ratios "
      + ", ".join(f"{(3 - est[k + 1]) / (3 - est[k]):.4f}" for k in range(3)) + " (1/81 = 0.0123)")


# --- 2. Lipschitz bounds of residual blocks and stacks -----------------------------------------
def residual_blocks(g, depth, width, std):
    """ResidualBlock(width:std:using:) per block: W1 (width x width) then W2, zero biases."""
    return [(random_matrix(g, width, width, std), random_matrix(g, width, width, std)) for _ in range(depth)]


def stack_forward(blocks, x, skip=True):
    for w1, w2 in blocks:
        f = np.maximum(x @ w1.T, 0) @ w2.T
        x = x + f if skip else f
    return x


def block_bound(w1, w2, skip=True):
    return (1.0 if skip else 0.0) + norm2(w1) * norm2(w2)


def largest_amplification(blocks, x, radius, trials, seed, skip=True):
    g = SeededGenerator(seed)
    y = stack_forward(blocks, x, skip)
    best = 0.0
    for _ in range(trials):
        d = np.array([g.normal() for _ in range(len(x))])
        d *= radius / np.linalg.norm(d)
        best = max(best, np.linalg.norm(stack_forward(blocks, x + d, skip) - y) / radius)
    return best


print()
print("// ===== 2. Lipschitz bounds (SVD norms)")
blocks42 = residual_blocks(SeededGenerator(42), 3, 6, 0.3)
bounds = [block_bound(w1, w2) for w1, w2 in blocks42]
print("let blockBounds42: [Double] = " + lit(bounds))
print(f"let stackBound42 = {math.prod(bounds)!r}")
print(f"let plainStackBound42 = {math.prod(block_bound(w1, w2, False) for w1, w2 in blocks42)!r}")
x42 = np.array([0.5, -1, 0.25, 2, 0, -0.75])
print(f"let largestAmplification42 = {float(largest_amplification(blocks42, x42, 0.5, 50, 7))!r}  // x = {x42.tolist()}, radius 0.5, 50 trials, seed 7")
d42 = np.array([0.1, 0, -0.2, 0.05, 0.3, 0])
print(f"let amplification42 = {float(np.linalg.norm(stack_forward(blocks42, x42 + d42) - stack_forward(blocks42, x42)) / np.linalg.norm(d42))!r}  // delta = {d42.tolist()}")

# The figure: width 16, std 0.1, seed 2026, depths 1...12, from x = (1, ..., 1)/4.
FIG_WIDTH, FIG_DEPTH, FIG_STD, FIG_SEED = 16, 12, 0.1, 2026
fig_blocks = residual_blocks(SeededGenerator(FIG_SEED), FIG_DEPTH, FIG_WIDTH, FIG_STD)
fig_x = np.full(FIG_WIDTH, 0.25)
res_bound = [math.prod(block_bound(*b) for b in fig_blocks[:L]) for L in range(1, FIG_DEPTH + 1)]
res_emp = [largest_amplification(fig_blocks[:L], fig_x, 1e-3, 200, 99) for L in range(1, FIG_DEPTH + 1)]
branch = [norm2(w1) * norm2(w2) for w1, w2 in fig_blocks]
print(f"// figure stack: branch constants K_F min {min(branch):.4f} max {max(branch):.4f}, first {branch[0]:.4f}")
for L in (1, 4, 12):
    print(f"//   L={L:2d}: residual bound {res_bound[L - 1]:.4f}, largest amplification {res_emp[L - 1]:.4f}, "
          f"ratio bound/empirical {res_bound[L - 1] / res_emp[L - 1]:.2f}")
print("// stack 42 weight norms (W1, W2 per block): " + ", ".join(f"{norm2(w):.4f}" for b in blocks42 for w in b))
for c in (0.5, 1.0, 2.0):
    capped = math.prod(1 + min(norm2(w1), c) * min(norm2(w2), c) for w1, w2 in blocks42)
    print(f"// stack 42 capped at c = {c}: bound {capped!r} (at most (1 + c^2)^3 = {(1 + c * c) ** 3})")
# Spectral normalisation leaves a weight whose norm is at most the cap as it is (W * min(1, c/sigma)
# is W): Matrix.random matrices of seed 322, drawn in turn, each with a cap just above its SVD norm
# (by 1e-6 to 2e-6) and one about twice it, for the test testWeightsBelowTheCapComeBackUnchanged.
g = SeededGenerator(322)
below = []
for rows, cols in ((5, 4), (3, 8), (6, 6), (1, 5)):
    s_w = norm2(random_matrix(g, rows, cols))
    tight = round(math.ceil(s_w * 1e6) / 1e6 + 1e-6, 6)
    loose = math.ceil(20 * s_w) / 10
    assert s_w < tight < s_w + 2.1e-6 and 2 * s_w <= loose
    print(f"//   Matrix.random({rows} x {cols}), seed 322 in turn: sigma = {s_w!r}")
    below.append(f"({rows}, {cols}, [{tight!r}, {loose!r}])")
print("// below the cap (rows, cols, caps): [" + ", ".join(below) + "]")
print("let figureResidualBounds: [Double] = " + lit(res_bound))
print("let figureResidualAmplification: [Double] = " + lit(res_emp))


# --- 3. FGSM ---------------------------------------------------------------------------------------
def gaussian_blobs(classes, per_class, seed, dimensions=2, radius=3.0, spread=1.0):
    g = SeededGenerator(seed)
    xs, ys = [], []
    for c in range(classes):
        angle = 2 * math.pi * c / classes
        center = [radius * math.cos(angle), radius * math.cos(angle - math.pi / 2)]
        for _ in range(per_class):
            xs.append([(center[d] if d < 2 else 0) + spread * g.normal() for d in range(dimensions)])
            ys.append(c)
    return torch.tensor(xs), torch.tensor(ys)


def two_spirals(per_class, seed, turns=1.5, noise=0.1):
    g = SeededGenerator(seed)
    xs, ys = [], []
    for c in range(2):
        for p in range(per_class):
            t = p / max(1, per_class - 1)
            angle = 2 * math.pi * turns * t + c * math.pi
            r = 0.2 + 2.8 * t
            xs.append([r * math.cos(angle) + noise * g.normal(), r * math.cos(angle - math.pi / 2) + noise * g.normal()])
            ys.append(c)
    return torch.tensor(xs), torch.tensor(ys)


class Classifier:
    """The lesson's Classifier: input layer (He, N(0, 2/inputs)), blocks W1, W2 ~ N(0, std^2), head (N(0, 2/width))."""

    def __init__(self, inputs, width, depth, classes, std, residual, seed):
        g = SeededGenerator(seed)
        t = lambda m: torch.tensor(m)
        self.residual = residual
        self.params = [t(random_matrix(g, width, inputs, math.sqrt(2) / math.sqrt(inputs))), torch.zeros(width)]
        for _ in range(depth):
            self.params += [t(random_matrix(g, width, width, std)), torch.zeros(width)]
            self.params += [t(random_matrix(g, width, width, std)), torch.zeros(width)]
        self.params += [t(random_matrix(g, classes, width, math.sqrt(2) / math.sqrt(width))), torch.zeros(classes)]
        self.depth = depth

    def logits(self, x):
        p = self.params
        h = x @ p[0].T + p[1]
        for l in range(self.depth):
            w1, b1, w2, b2 = p[2 + 4 * l: 6 + 4 * l]
            f = torch.relu(h @ w1.T + b1) @ w2.T + b2
            h = h + f if self.residual else f
        return h @ p[-2].T + p[-1]

    def loss(self, x, y):
        return torch.nn.functional.cross_entropy(self.logits(x), y)  # the mean over the batch

    def input_gradient(self, x, y):
        x = x.clone().requires_grad_(True)
        (gx,) = torch.autograd.grad(self.loss(x, y), x)
        return gx

    def train(self, x, y, steps, lr, project=None):
        for p in self.params:
            p.requires_grad_(True)
        for _ in range(steps):
            grads = torch.autograd.grad(self.loss(x, y), self.params)
            with torch.no_grad():
                for p, gp in zip(self.params, grads):
                    p -= lr * gp
                if project:
                    project(self)
        for p in self.params:
            p.requires_grad_(False)

    def accuracy(self, x, y):
        with torch.no_grad():
            return (self.logits(x).argmax(1) == y).double().mean().item()


def fgsm(model, x, y, eps):
    return x + eps * torch.sign(model.input_gradient(x, y))


def iterated_fgsm(model, x, y, eps, steps, step_size):
    z = x.clone()
    for _ in range(steps):
        z = z + step_size * torch.sign(model.input_gradient(z, y))
        z = torch.minimum(torch.maximum(z, x - eps), x + eps)
    return z


print()
print("// ===== 3. FGSM fixtures: Classifier(inputs: 2, width: 4, depth: 2, classes: 3, std: 0.5, residual: true, seed: 5),")
print("//        data gaussianBlobs(classes: 3, perClass: 4, seed: 9)")
fx, fy = gaussian_blobs(3, 4, 9)
tiny = Classifier(2, 4, 2, 3, 0.5, True, 5)
print("let blobFeatures: [[Double]] = " + lit2(fx.tolist()))
print("let tinyInputGradient: [[Double]] = " + lit2(tiny.input_gradient(fx, fy).tolist()))
print("let tinyFGSM03: [[Double]] = " + lit2(fgsm(tiny, fx, fy, 0.3).tolist()))
print("let tinyIterated: [[Double]] = " + lit2(iterated_fgsm(tiny, fx, fy, 0.3, 5, 0.1).tolist()) + "  // eps 0.3, 5 steps of 0.1")
tiny_eps = [0, 0.25, 0.5, 1, 2]
print(f"let tinyAccuracies: [Double] = {lit([tiny.accuracy(fgsm(tiny, fx, fy, e), fy) for e in tiny_eps])}  // eps {tiny_eps}")
print(f"// tiny iterated accuracy at 0.3 (5 x 0.1): {tiny.accuracy(iterated_fgsm(tiny, fx, fy, 0.3, 5, 0.1), fy)}, FGSM 0.3: {tiny.accuracy(fgsm(tiny, fx, fy, 0.3), fy)}")
tiny.train(fx, fy, 100, 0.1)
print(f"let tinyTrainedAccuracies: [Double] = {lit([tiny.accuracy(fgsm(tiny, fx, fy, e), fy) for e in tiny_eps])}  // after train(steps: 100, learningRate: 0.1)")


# --- 3b. The experiment: plain against residual on two spirals --------------------------------------
def spectral_project(model, c):
    """Scale every block weight W to W * min(1, c / ||W||_2) (the input layer and head stay free)."""
    for i in range(2, len(model.params) - 2, 2):
        w = model.params[i]
        s = norm2(w.detach().numpy())
        if s > c:
            w *= c / s


EXP = dict(width=16, depth=4, std=0.3, seed=11, steps=800, lr=0.05)
EPS = [0.025 * k for k in range(21)]
sx, sy = two_spirals(100, 3)
# Radial gap between the two arms (r = 0.2 + 2.8 t, angle 3 pi t, arms half a turn apart: dt = 1/3).
print(f"// spiral arms are {2.8 / 3:.3f} apart radially")
print()
print(f"// ===== 3b. experiment {EXP} on twoSpirals(perClass: 100, seed: 3)")
curves, trained = {}, {}
for name, residual, c in (("plain", False, None), ("residual", True, None), ("capped2", True, 2.0), ("capped1", True, 1.0)):
    model = Classifier(2, EXP["width"], EXP["depth"], 2, EXP["std"], residual, EXP["seed"])
    model.train(sx, sy, EXP["steps"], EXP["lr"], (lambda m, c=c: spectral_project(m, c)) if c else None)
    acc = [model.accuracy(fgsm(model, sx, sy, e), sy) for e in EPS]
    curves[name] = acc
    trained[name] = model
    body = [norm2(model.params[i].numpy()) for i in range(2, len(model.params) - 2, 2)]
    bound = math.prod((1 if residual else 0) + body[2 * l] * body[2 * l + 1] for l in range(EXP["depth"]))
    with torch.no_grad():
        final_loss = model.loss(sx, sy).item()
    if c:
        print(f"//   largest block weight norm after training: {max(body):.6f} (cap {c})")
    print(f"// {name:10s} loss {final_loss:.5f}, body bound {bound:.4f}, accuracy at eps 0, 0.05, 0.1, 0.15, 0.2, 0.3, 0.5: "
          + ", ".join(f"{acc[k]:.3f}" for k in (0, 2, 4, 6, 8, 12, 20)))
    print(f"let experiment{name.capitalize()}: [Double] = " + lit(acc))


# --- 3c. The same two networks on held-out points, under FGSM and under the iterated attack -------
def pct(a):
    """An accuracy as the lesson writes it: percent, at most one decimal (200 points: steps of 0.5)."""
    return f"{round(100 * a, 1):g} %"


HELD_OUT_SEED = 4  # the next seed after the training set's 3; the same arms, fresh noise
ITERATED_STEPS = 10  # each of size eps/4, so the steps can cross the box and come back
KEY_EPS = (0, 2, 4, 8, 12, 20)  # indices into EPS: 0, 0.05, 0.1, 0.2, 0.3, 0.5
hx, hy = two_spirals(100, HELD_OUT_SEED)
print()
print(f"// ===== 3c. plain and residual of 3b attacked on twoSpirals(perClass: 100, seed: {HELD_OUT_SEED}) (held out)")
print(f"//        and on the training set; iterated = {ITERATED_STEPS} steps of eps/4, each clipped to the eps box")
print("//        accuracy at eps " + ", ".join(f"{EPS[k]:g}" for k in KEY_EPS))
held_out = {}
for name in ("plain", "residual"):
    model = trained[name]
    for points, (x, y) in (("training", (sx, sy)), ("held-out", (hx, hy))):
        one_step = [model.accuracy(fgsm(model, x, y, e), y) for e in EPS]
        iterated = [model.accuracy(iterated_fgsm(model, x, y, e, ITERATED_STEPS, e / 4), y) for e in EPS]
        if points == "held-out":
            held_out[name] = (one_step, iterated)
        for attack, acc in (("FGSM", one_step), ("iterated", iterated)):
            print(f"// {name:8s} {points:8s} {attack:8s} " + ", ".join(pct(acc[k]) for k in KEY_EPS))
        if points == "held-out":
            # The figure draws these four curves; compare them with the Swift figure's output.
            tag = name.capitalize()
            print(f"let heldOut{tag}FGSM: [Double] = " + lit(one_step))
            print(f"let heldOut{tag}Iterated: [Double] = " + lit(iterated))
        stronger = sum(i < f for f, i in zip(one_step, iterated))
        weaker = sum(i > f for f, i in zip(one_step, iterated))
        small = max(abs(f - i) for e, f, i in zip(EPS, one_step, iterated) if e <= 0.2 + 1e-12)
        print(f"//   {name} {points}: iterated below FGSM at {stronger} of {len(EPS)} eps, above it at {weaker}; "
              f"largest difference up to eps 0.2: {round(100 * small, 1):g} points")
for index, attack in enumerate(("FGSM", "iterated")):
    diff = [r - p for p, r in zip(held_out["plain"][index], held_out["residual"][index])]
    print(f"// held-out, {attack}: residual minus plain from {round(100 * min(diff), 1):+g} points (eps {EPS[diff.index(min(diff))]:g}) "
          f"to {round(100 * max(diff), 1):+g} points (eps {EPS[diff.index(max(diff))]:g})")

# Smaller variants (one turn, width 12, three blocks unless stated): is the gap robust?
print()
print("// smaller variants, plain against residual (spirals with 1 turn, seed 3; std 0.3, model seed 11)")
for per, depth, steps, lr in ((50, 3, 400, 0.05), (60, 3, 300, 0.1), (50, 4, 300, 0.05)):
    vx, vy = two_spirals(per, 3, turns=1.0)
    curves_v = []
    for residual in (False, True):
        model = Classifier(2, 12, depth, 2, 0.3, residual, 11)
        model.train(vx, vy, steps, lr)
        curves_v.append([model.accuracy(fgsm(model, vx, vy, e), vy) for e in EPS])
    diff = [r - p for p, r in zip(*curves_v)]
    print(f"//   perClass {per}, depth {depth}, {steps} steps, lr {lr}: clean {curves_v[0][0]:.3f} / {curves_v[1][0]:.3f}, "
          f"residual minus plain from {min(diff):+.3f} to {max(diff):+.3f} over eps 0...0.5")
