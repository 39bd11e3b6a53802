#!/usr/bin/env python3
"""Independent reference for the numbers lesson 06 (reversible residual networks) states.

Run: .build-venv/bin/python scripts/reference/lesson06_numbers.py   (a few seconds)
The lesson's hidden tests embed the values and fixture arrays printed below as Swift literals;
if you change the lesson, rerun this and compare. Nothing here runs or reads the Swift code.

- Gradient fixtures: torch.autograd in float64 on a stack of 3 reversible blocks (half width 2,
  branch hidden width 3, batch 2) whose weights come from torch.manual_seed. Each block computes
  y1 = x1 + F(x2), y2 = x2 + G(y1) with F(x) = tanh(x W1^T + b1) W2^T + b2 (G alike). The loss is
  sum(U1 * y1) + sum(U2 * y2); the script prints the output, the input gradient and the gradient
  of every weight and bias (autograd, i.e. ordinary backpropagation through the stored graph).
- Seeded stacks: the lesson draws weights from the course's SeededGenerator (SplitMix64 with
  Marsaglia's polar method); this script re-implements it bit for bit, evaluates the stacks with
  NumPy and checks one of them against torch.autograd (input gradient norm at depth 20).
- Reconstruction error against depth (scales 1 and 4): NumPy forward and inverse, with matrix
  products evaluated in two different orders to show that the orders of magnitude the lesson
  states do not depend on how the round-off falls. The largest singular value of the inverse
  stack's Jacobian (torch.autograd.functional.jacobian, cross-checked by multiplying the block
  Jacobians out in np.longdouble) and the error estimate round-off x max|y| x that value.
- Memory and cost: the counts of stored matrices and of matrix products, by formula and by a
  simulated LIFO tape in plain Python.
"""
import math

import numpy as np
import torch
from seeded_generator import SeededGenerator

torch.set_default_dtype(torch.float64)


def swift_literal(values):
    return "[" + ", ".join(repr(float(v)) for v in values) + "]"


def swift_matrix(rows):
    return "[" + ", ".join(swift_literal(r) for r in rows) + "]"


# --- 1. Autograd fixtures --------------------------------------------------------------------
torch.manual_seed(20261129)
DEPTH, HALF, HIDDEN, BATCH = 3, 2, 3, 2
params = []  # per block: [F.W1, F.b1, F.W2, F.b2, G.W1, G.b1, G.W2, G.b2]
for _ in range(DEPTH):
    block = []
    for _branch in range(2):
        block += [torch.randn(HIDDEN, HALF) * 0.8, torch.randn(HIDDEN) * 0.3,
                  torch.randn(HALF, HIDDEN) * 0.8, torch.randn(HALF) * 0.3]
    params.append(block)
X1, X2 = torch.randn(BATCH, HALF), torch.randn(BATCH, HALF)
U1, U2 = torch.randn(BATCH, HALF), torch.randn(BATCH, HALF)


def branch(x, w1, b1, w2, b2):
    return torch.tanh(x @ w1.T + b1) @ w2.T + b2


leaves = [[p.clone().requires_grad_(True) for p in block] for block in params]
x1, x2 = X1.clone().requires_grad_(True), X2.clone().requires_grad_(True)
a, b = x1, x2
for p in leaves:
    a = a + branch(b, *p[0:4])
    b = b + branch(a, *p[4:8])
loss = (U1 * a).sum() + (U2 * b).sum()
loss.backward()

print("// --- fixtures (torch.autograd, float64) ---")
names = ["fW1", "fb1", "fW2", "fb2", "gW1", "gb1", "gW2", "gb2"]
for k, name in enumerate(names):
    kind = "[[[Double]]]" if "W" in name else "[[Double]]"
    fmt = swift_matrix if "W" in name else swift_literal
    print(f"let fixture_{name}: {kind} = [" + ", ".join(fmt(params[l][k].tolist()) for l in range(DEPTH)) + "]")
print("let fixtureX1: [[Double]] = " + swift_matrix(X1.tolist()))
print("let fixtureX2: [[Double]] = " + swift_matrix(X2.tolist()))
print("let fixtureU1: [[Double]] = " + swift_matrix(U1.tolist()))
print("let fixtureU2: [[Double]] = " + swift_matrix(U2.tolist()))
print("let fixtureY1: [[Double]] = " + swift_matrix(a.detach().tolist()))
print("let fixtureY2: [[Double]] = " + swift_matrix(b.detach().tolist()))
print("let fixtureGradX1: [[Double]] = " + swift_matrix(x1.grad.tolist()))
print("let fixtureGradX2: [[Double]] = " + swift_matrix(x2.grad.tolist()))
for k, name in enumerate(names):
    kind = "[[[Double]]]" if "W" in name else "[[Double]]"
    fmt = swift_matrix if "W" in name else swift_literal
    print(f"let fixtureGrad_{name}: {kind} = [" + ", ".join(fmt(leaves[l][k].grad.tolist()) for l in range(DEPTH)) + "]")

# The first block alone, for the coupling exercise: y = block(x) and x = block^{-1}(y).
with torch.no_grad():
    p = params[0]
    for k, name in enumerate(names):
        kind = "[[Double]]" if "W" in name else "[Double]"
        fmt = swift_matrix if "W" in name else swift_literal
        print(f"let block0_{name}: {kind} = " + fmt(p[k].tolist()))
    y1 = X1 + branch(X2, *p[0:4])
    y2 = X2 + branch(y1, *p[4:8])
    print("let fixtureBlock0Y1: [[Double]] = " + swift_matrix(y1.tolist()))
    print("let fixtureBlock0Y2: [[Double]] = " + swift_matrix(y2.tolist()))
    # Inverse of the first block applied to U (any pair is an output of some input).
    i2 = U2 - branch(U1, *p[4:8])
    i1 = U1 - branch(i2, *p[0:4])
    print("let fixtureBlock0InverseOfU1: [[Double]] = " + swift_matrix(i1.tolist()))
    print("let fixtureBlock0InverseOfU2: [[Double]] = " + swift_matrix(i2.tolist()))


# --- 2. The course's generator and seeded stacks ---------------------------------------------
def random_matrix(g, rows, cols, std):
    """Matrix.random: row-major, std * normal."""
    return np.array([[std * g.normal() for _ in range(cols)] for _ in range(rows)]).reshape(rows, cols)


def make_stack(depth, half, hidden, scale, seed):
    """makeReversibleStack: per block F.W1 (hidden x half, std scale/sqrt(half)), F.W2 (half x hidden,
    std scale/sqrt(hidden)), then G.W1, G.W2 alike; all biases zero."""
    g = SeededGenerator(seed)
    blocks = []
    for _ in range(depth):
        ws = []
        for _branch in range(2):
            ws.append(random_matrix(g, hidden, half, scale / math.sqrt(half)))
            ws.append(random_matrix(g, half, hidden, scale / math.sqrt(hidden)))
        blocks.append(ws)
    return blocks


def random_halves(rows, half, seed):
    """randomHalves: the first half (rows x half standard normals), then the second."""
    g = SeededGenerator(seed)
    return random_matrix(g, rows, half, 1.0), random_matrix(g, rows, half, 1.0)


def np_branch(x, w1, w2, order=0):
    if order == 0:
        return np.tanh(x @ w1.T) @ w2.T
    # Another summation order: (W x^T)^T, accumulated column by column.
    h = np.tanh(sum(np.outer(x[:, k], w1[:, k]) for k in reversed(range(x.shape[1]))))
    return sum(np.outer(h[:, k], w2[:, k]) for k in reversed(range(h.shape[1])))


def np_forward(blocks, x1, x2, order=0):
    for fw1, fw2, gw1, gw2 in blocks:
        x1 = x1 + np_branch(x2, fw1, fw2, order)
        x2 = x2 + np_branch(x1, gw1, gw2, order)
    return x1, x2


def np_inverse(blocks, y1, y2, order=0):
    for fw1, fw2, gw1, gw2 in reversed(blocks):
        y2 = y2 - np_branch(y1, gw1, gw2, order)
        y1 = y1 - np_branch(y2, fw1, fw2, order)
    return y1, y2


print()
print("// --- seeded stack for the stack exercise: depth 4, half 3, hidden 5, scale 1, seed 6; input 2 rows, seed 60")
st = make_stack(4, 3, 5, 1.0, 6)
x1, x2 = random_halves(2, 3, 60)
print("let seededInput1: [[Double]] = " + swift_matrix(x1.tolist()))
y1, y2 = np_forward(st, x1, x2)
print("let seededOutput1: [[Double]] = " + swift_matrix(y1.tolist()))
print("let seededOutput2: [[Double]] = " + swift_matrix(y2.tolist()))
# Cross-check with torch (same weights).
t1, t2 = torch.tensor(x1), torch.tensor(x2)
for fw1, fw2, gw1, gw2 in st:
    t1 = t1 + torch.tanh(t2 @ torch.tensor(fw1).T) @ torch.tensor(fw2).T
    t2 = t2 + torch.tanh(t1 @ torch.tensor(gw1).T) @ torch.tensor(gw2).T
assert np.abs(t1.numpy() - y1).max() < 1e-13 and np.abs(t2.numpy() - y2).max() < 1e-13

# --- 3. Reconstruction error against depth ---------------------------------------------------
REC_HALF, REC_HIDDEN, REC_BATCH, REC_DEPTH, REC_SEED, REC_INPUT_SEED = 16, 32, 8, 50, 6, 99
print()
print(f"// --- reconstruction: half {REC_HALF}, hidden {REC_HIDDEN}, batch {REC_BATCH}, stack seed {REC_SEED}, input seed {REC_INPUT_SEED}")
x1, x2 = random_halves(REC_BATCH, REC_HALF, REC_INPUT_SEED)
for scale in (1.0, 4.0):
    blocks = make_stack(REC_DEPTH, REC_HALF, REC_HIDDEN, scale, REC_SEED)
    for order in (0, 1):
        errs = []
        for L in range(1, REC_DEPTH + 1):
            y1, y2 = np_forward(blocks[:L], x1, x2, order)
            r1, r2 = np_inverse(blocks[:L], y1, y2, order)
            errs.append(max(np.abs(r1 - x1).max(), np.abs(r2 - x2).max()))
        y1, y2 = np_forward(blocks, x1, x2, order)
        print(f"// scale {scale} order {order}: err L=1 {errs[0]:.2e}, L=10 {errs[9]:.2e}, L=25 {errs[24]:.2e}, "
              f"L=50 {errs[49]:.2e}, max {max(errs):.2e}; max |y| at L=50 {max(np.abs(y1).max(), np.abs(y2).max()):.1f}")
        if scale == 1.0:
            assert max(errs) < 1e-12, "lesson: below 1e-12 at every depth for scale 1"
        else:
            assert 1e-5 < errs[49] < 1e-1, "lesson: between 1e-5 and 1e-1 at depth 50 for scale 4"
            assert errs[9] < 1e-9, "lesson: still below 1e-9 at depth 10 for scale 4"

# Why: the Jacobian of a coupling block has determinant 1, so what the forward pass stretches the
# inverse squeezes and vice versa. Largest singular value of the inverse's Jacobian (one sample,
# depth 50), by torch.autograd.functional.jacobian.
for scale in (1.0, 4.0):
    blocks = [[torch.tensor(w) for w in ws] for ws in make_stack(REC_DEPTH, REC_HALF, REC_HIDDEN, scale, REC_SEED)]
    y1, y2 = np_forward(make_stack(REC_DEPTH, REC_HALF, REC_HIDDEN, scale, REC_SEED), x1[:1], x2[:1])
    y = torch.tensor(np.concatenate([y1, y2], axis=1)[0])

    def inverse(v):
        a, b = v[:REC_HALF].unsqueeze(0), v[REC_HALF:].unsqueeze(0)
        for fw1, fw2, gw1, gw2 in reversed(blocks):
            b = b - torch.tanh(a @ gw1.T) @ gw2.T
            a = a - torch.tanh(b @ fw1.T) @ fw2.T
        return torch.cat([a, b], dim=1)[0]

    J = torch.autograd.functional.jacobian(inverse, y)
    sv = torch.linalg.svdvals(J)
    y_max = max(np.abs(y1).max(), np.abs(y2).max())
    print(f"// scale {scale}: estimate unit round-off x max|y| x largest singular value = "
          f"{2.0**-53:.3e} x {y_max:.1f} x {sv[0].item():.3e} = {2.0**-53 * y_max * sv[0].item():.2e}")
    print(f"// scale {scale}: inverse Jacobian at depth 50: largest singular value {sv[0].item():.3e}, "
          f"|det| {abs(torch.linalg.det(J).item()):.6f} (meaningful at scale 1 only)")
    # Cross-check the largest singular value with the block Jacobians multiplied out by hand in
    # extended precision (np.longdouble): d x2 = d y2 - B d y1, d x1 = d y1 - A d x2.
    ld = np.longdouble
    a, b = y1[0].astype(ld), y2[0].astype(ld)
    J2 = np.eye(2 * REC_HALF, dtype=ld)
    I = np.eye(REC_HALF, dtype=ld)
    for fw1, fw2, gw1, gw2 in reversed(make_stack(REC_DEPTH, REC_HALF, REC_HIDDEN, scale, REC_SEED)):
        fw1, fw2, gw1, gw2 = (w.astype(ld) for w in (fw1, fw2, gw1, gw2))
        hg = np.tanh(gw1 @ a)
        Bj = gw2 @ np.diag(1 - hg * hg) @ gw1
        b = b - gw2 @ hg
        hf = np.tanh(fw1 @ b)
        Aj = fw2 @ np.diag(1 - hf * hf) @ fw1
        a = a - fw2 @ hf
        J2 = np.block([[I + Aj @ Bj, -Aj], [-Bj, I]]) @ J2
    largest = np.linalg.svd(J2.astype(np.float64), compute_uv=False)[0]
    assert abs(largest - sv[0].item()) < 1e-3 * largest, (largest, sv[0].item())
    if scale == 1.0:  # (at scale 4 the Jacobian is too ill-conditioned for a determinant in float64)
        assert abs(abs(torch.linalg.det(J).item()) - 1) < 1e-9

# --- 4. Gradient through a seeded stack (for the memory exercise's hidden tests) --------------
print()


def input_gradient_norm(depth, half, hidden, seed, rows, input_seed):
    """|dl/dx| over both halves for l = sum(y), by torch.autograd through make_stack(...)."""
    stack = make_stack(depth, half, hidden, 1.0, seed)
    h1, h2 = random_halves(rows, half, input_seed)
    leaves = [torch.tensor(h1, requires_grad=True), torch.tensor(h2, requires_grad=True)]
    p, q = leaves
    for fw1, fw2, gw1, gw2 in stack:
        p = p + torch.tanh(q @ torch.tensor(fw1).T) @ torch.tensor(fw2).T
        q = q + torch.tanh(p @ torch.tensor(gw1).T) @ torch.tensor(gw2).T
    (p.sum() + q.sum()).backward()
    return math.sqrt((leaves[0].grad ** 2).sum().item() + (leaves[1].grad ** 2).sum().item())


norm = input_gradient_norm(20, 4, 6, 13, 3, 130)
print(f"// depth 20, half 4, hidden 6, scale 1, seed 13, input 3 rows seed 130, loss sum(y): |dl/dx| = {norm!r}")
# peakMemory(depths:, halfWidth: 3, hidden: 4, batch: 2, seed: S) uses the stack seed S and the input seed S + 1.
for depth, seed in ((3, 17), (10, 17), (3, 5)):
    print(f"// peakMemory seed {seed}, depth {depth} (half 3, hidden 4, batch 2): |dl/dx| = {input_gradient_norm(depth, 3, 4, seed, 2, seed + 1)!r}")

# --- 5. Memory and cost -----------------------------------------------------------------------
print()


def simulate(depth, reversible):
    """A LIFO tape: each branch evaluation for the backward pass pushes 3 matrices (input,
    pre-activation, hidden); each branch backward pops them. Returns the peak."""
    stored, peak = 0, 0

    def push():
        nonlocal stored, peak
        stored += 3
        peak = max(peak, stored)

    def pop():
        nonlocal stored
        stored -= 3

    if not reversible:
        for _ in range(depth):
            push()  # F at x2
            push()  # G at y1
        for _ in range(depth):
            pop()  # G
            pop()  # F
    else:
        for _ in range(depth):
            push()  # G at y1 (recomputed), then x2 = y2 - G(y1)
            pop()  # G backward
            push()  # F at x2 (recomputed), then x1 = y1 - F(x2)
            pop()  # F backward
    assert stored == 0
    return peak


for L in (1, 2, 10, 50):
    print(f"// peak stored matrices at depth {L}: ordinary {simulate(L, False)}, reversible {simulate(L, True)}")
    assert simulate(L, False) == 6 * L and simulate(L, True) == 3
B, C, M = 32, 32, 64  # the benchmark's batch, half width, hidden width
per_cache = B * C + B * M + B * M
print(f"// benchmark sizes (batch {B}, half {C}, hidden {M}): one branch cache = {per_cache} doubles = {per_cache * 8} bytes")
print(f"//   ordinary at L=50: {100 * per_cache * 8 / 1e6:.2f} MB of caches; reversible: {per_cache * 8 / 1e3:.1f} kB")
# Matrix products per block: a branch forward is 2 products, a branch backward 4 (input and weight
# gradient of each of its two layers).
ordinary = 2 * 2 + 2 * 4
reversible = 2 * 2 + 2 * 2 + 2 * 4
print(f"// products per block for one training step: ordinary {ordinary}, reversible {reversible}, ratio {reversible / ordinary:.4f}")
print(f"// a training step (ordinary) is {ordinary / (2 * 2):.0f} times the forward pass's {2 * 2} products; "
      f"the reversible backward pass alone is {reversible - 2 * 2} products per block")
