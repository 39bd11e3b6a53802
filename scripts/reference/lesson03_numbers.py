#!/usr/bin/env python3
"""Independent reference for the numbers lesson 03 states (PyTorch for gradients, plain Python
for the rest; no Swift).

Run: .build-venv/bin/python scripts/reference/lesson03_numbers.py
The lesson's hidden tests assert these values and embed the fixture arrays printed below as Swift
array literals; if you change the lesson, rerun this and compare.

- Backpropagation: torch.autograd in float64 on a small stack (width 4, depth 3, batch 2) whose
  weights come from torch.manual_seed, for the plain stack x <- tanh(x W^T + b) and the residual
  stack x <- x + tanh(x W^T + b).
- Gradient norm against depth: the lesson's experiment draws its weights from the course's
  SeededGenerator (SplitMix64, Marsaglia's polar method); this script re-implements that
  generator bit for bit and backpropagates with plain Python lists (its own chain rule, not the
  Swift one), and cross-checks a few depths with torch.autograd.
- Path counts: math.comb.
- Shortest paths on a chain with bonds: Floyd-Warshall on the distance matrix (the lesson uses
  breadth-first search).
"""
import math

import torch
from seeded_generator import SeededGenerator

torch.set_default_dtype(torch.float64)


def swift_literal(values):
    return "[" + ", ".join(repr(float(v)) for v in values) + "]"


def swift_matrix(rows):
    return "[" + ", ".join(swift_literal(r) for r in rows) + "]"


# --- 1. Backpropagation fixtures from torch.autograd -----------------------------------------
torch.manual_seed(20240603)
DEPTH, WIDTH, BATCH = 3, 4, 2
W = torch.randn(DEPTH, WIDTH, WIDTH) * 0.9
B = torch.randn(DEPTH, WIDTH) * 0.3
X = torch.randn(BATCH, WIDTH)
G = torch.randn(BATCH, WIDTH)  # upstream gradient dLoss/dOutput for the linear loss sum(G * y)


def torch_forward(x, residual):
    for l in range(DEPTH):
        branch = torch.tanh(x @ W[l].T + B[l])
        x = x + branch if residual else branch
    return x


print("// fixture: weights (out x in) per layer, biases, input, upstream gradient")
print("let fixtureWeights: [[[Double]]] = [" + ", ".join(swift_matrix(W[l].tolist()) for l in range(DEPTH)) + "]")
print("let fixtureBiases: [[Double]] = " + swift_matrix(B.tolist()))
print("let fixtureInput: [[Double]] = " + swift_matrix(X.tolist()))
print("let fixtureUpstream: [[Double]] = " + swift_matrix(G.tolist()))
for residual in (False, True):
    name = "Residual" if residual else "Plain"
    x = X.clone().requires_grad_(True)
    y = torch_forward(x, residual)
    (y * G).sum().backward()
    print(f"let fixture{name}Output: [[Double]] = " + swift_matrix(y.detach().tolist()))
    print(f"let fixture{name}LinearGradient: [[Double]] = " + swift_matrix(x.grad.tolist()))
    x = X.clone().requires_grad_(True)
    y = torch_forward(x, residual)
    loss = 0.5 * (y * y).sum()
    loss.backward()
    print(f"let fixture{name}SquaredGradient: [[Double]] = " + swift_matrix(x.grad.tolist()))
    print(f"let fixture{name}SquaredLoss: Double = {loss.item()!r}")


# --- 2. The gradient-norm experiment, with the course's generator ----------------------------
def experiment_setup(width, depth, scale, seed):
    """Input (width normals), then per layer a (width x width) weight, row-major, std scale/sqrt(width)."""
    g = SeededGenerator(seed)
    x0 = [g.normal() for _ in range(width)]
    std = scale / math.sqrt(width)
    layers = []
    for _ in range(depth):
        layers.append([[std * g.normal() for _ in range(width)] for _ in range(width)])
    return x0, layers


def input_gradient_norm(x0, layers, depth, residual):
    """|d(u . x_L)/d x_0| with u = (1, ..., 1)/sqrt(width), by a hand-written chain rule."""
    width = len(x0)
    x = x0[:]
    derivs = []
    for l in range(depth):
        w = layers[l]
        z = [sum(w[i][j] * x[j] for j in range(width)) for i in range(width)]
        t = [math.tanh(v) for v in z]
        derivs.append([1 - v * v for v in t])
        x = [x[i] + t[i] for i in range(width)] if residual else t
    g = [1 / math.sqrt(width)] * width
    for l in reversed(range(depth)):
        w = layers[l]
        dz = [g[i] * derivs[l][i] for i in range(width)]
        back = [sum(dz[i] * w[i][j] for i in range(width)) for j in range(width)]
        g = [g[j] + back[j] for j in range(width)] if residual else back
    return math.sqrt(sum(v * v for v in g))


EXP_WIDTH, EXP_DEPTH, EXP_SEED = 32, 50, 7
print()
for scale in (0.5,):
    x0, layers = experiment_setup(EXP_WIDTH, EXP_DEPTH, scale, EXP_SEED)
    plain = [input_gradient_norm(x0, layers, L, False) for L in range(1, EXP_DEPTH + 1)]
    resid = [input_gradient_norm(x0, layers, L, True) for L in range(1, EXP_DEPTH + 1)]
    print(f"// experiment width={EXP_WIDTH} seed={EXP_SEED} scale={scale}")
    for L in (1, 2, 5, 10, 20, 30, 40, 50):
        print(f"//   L={L:2d} plain={plain[L - 1]:.6e} residual={resid[L - 1]:.6e}")
    print(f"//   residual min={min(resid):.6e} max={max(resid):.6e}")
    print(f"//   plain ratio per layer (L=10..50 geometric mean) = {(plain[49] / plain[9]) ** (1 / 40):.6f}")
    print(f"let plainNorms{int(scale * 10)}: [Double] = " + swift_literal(plain))
    print(f"let residualNorms{int(scale * 10)}: [Double] = " + swift_literal(resid))
    # Cross-check three depths with torch.autograd.
    for L in (3, 17, 50):
        for residual in (False, True):
            x = torch.tensor([x0], requires_grad=True)
            y = x
            for l in range(L):
                branch = torch.tanh(y @ torch.tensor(layers[l]).T)
                y = y + branch if residual else branch
            (y.sum() / math.sqrt(EXP_WIDTH)).backward()
            ref = (plain if not residual else resid)[L - 1]
            got = x.grad.norm().item()
            assert abs(got - ref) <= 1e-10 * ref, (scale, L, residual, got, ref)

# --- 3. Counting paths ------------------------------------------------------------------------
print()
for L in (3, 10, 50):
    print(f"// paths L={L}: total 2^L = {2**L}; C(L,k) = {[math.comb(L, k) for k in range(L + 1)] if L <= 10 else '...'}")
L = 50
share = sum(math.comb(L, k) for k in range(15, 36)) / 2**L
print(f"// L=50: C(50,25) = {math.comb(50, 25)}; share of paths with 15..35 branches = {share:.6f}")
print(f"// L=50: share with at most 10 branches = {sum(math.comb(50, k) for k in range(11)) / 2**50:.6e}")
for s in (0.25, 0.5):  # 0.25 for the exercise, 0.5 the halving of the experiment
    p = s / (1 + s)
    weights = [math.comb(L, k) * s**k / (1 + s) ** L for k in range(L + 1)]
    mean = sum(k * w for k, w in enumerate(weights))
    mode = max(range(L + 1), key=lambda k: weights[k])
    low = sum(weights[k] for k in range(0, 21))
    print(f"// weighted s={s}: p={p}, mean={mean:.6f}, mode={mode}, share k<=20 = {low:.6f}, "
          f"(1+s)^L = {(1 + s) ** L:.6e}, weight at k=25: {weights[25]:.6e}")
# Deep stacks, exactly (rationals, so no overflow): the hidden test pins one share near each mean,
# since a length, a sum and a mean alone let a two-point distribution pass (red team, round 21).
from fractions import Fraction
DEEP_SHARES = {(1000, 1.0, 500): 0.0252250181783608, (4000, 1.0, 2000): 0.012614874155835334,
               (1500, 2.0, 1000): 0.021846720225968418, (200, 0.1, 18): 0.09801424535576475}
for (L_deep, s_deep, k), expected in DEEP_SHARES.items():
    s_exact = Fraction(s_deep).limit_denominator(1000)
    exact = float(Fraction(math.comb(L_deep, k)) * s_exact**k / (1 + s_exact) ** L_deep)
    assert abs(exact - expected) <= 1e-15 * expected, (L_deep, s_deep, k, exact, expected)
    print(f"// share L={L_deep} s={s_deep} k={k}: {exact!r}")
# The lesson sets (1 + 0.5)^50 = 6.4e8 against the measured residual gradient norm at L = 50, 8.0.
assert round((1 + 0.5) ** 50 / 1e8, 1) == 6.4 and round(resid[49], 1) == 8.0, ((1 + 0.5) ** 50, resid[49])


# --- 4. Shortest paths on a chain with long-range bonds --------------------------------------
def floyd_warshall(n, bonds):
    inf = float("inf")
    d = [[0 if i == j else inf for j in range(n)] for i in range(n)]
    for i in range(n - 1):
        d[i][i + 1] = d[i + 1][i] = 1
    for a, b in bonds:
        if a != b:
            d[a][b] = d[b][a] = 1
    for k in range(n):
        dk = d[k]
        for i in range(n):
            dik = d[i][k]
            if dik == inf:
                continue
            di = d[i]
            for j in range(n):
                if dik + dk[j] < di[j]:
                    di[j] = dik + dk[j]
    return d


def summary(n, bonds):
    d = floyd_warshall(n, bonds)
    pairs = [(i, j) for i in range(n) for j in range(i + 1, n)]
    mean = sum(d[i][j] for i, j in pairs) / len(pairs) if pairs else 0.0
    diameter = max((d[i][j] for i, j in pairs), default=0)
    return d, mean, int(diameter)


print()
# Ribonuclease A: 124 residues, disulfides Cys26-Cys84, Cys40-Cys95, Cys58-Cys110, Cys65-Cys72
# (1-based residue numbers; the lesson's indices are 0-based).
RNASE = [(26, 84), (40, 95), (58, 110), (65, 72)]
bonds0 = [(a - 1, b - 1) for a, b in RNASE]
_, mean_chain, diam_chain = summary(124, [])
d, mean_bonded, diam_bonded = summary(124, bonds0)
print(f"// chain of 124: mean {mean_chain:.6f} (= 125/3 = {125 / 3:.6f}), diameter {diam_chain}")
print(f"// RNase A bonds: mean {mean_bonded:.6f}, diameter {diam_bonded}, "
      f"d(1,124) = {d[0][123]}, d(26,84) = {d[25][83]}, d(40,110) = {d[39][109]}, d(1,95) = {d[0][94]}")
print("let rnaseDistancesFromResidue1: [Int] = [" + ", ".join(str(int(v)) for v in d[0]) + "]")
for k in range(1, 5):
    _, m, di = summary(124, bonds0[:k])
    print(f"//   first {k} bond(s): mean {m:.6f}, diameter {di}")
# A bond that closes a cycle: the diameter is no longer found by sweeping from the farthest
# residue of residue 0 (exact only on trees).
_, m_cycle, d_cycle = summary(5, [(0, 3)])
print(f"// 5 residues, bond (0, 3): mean {m_cycle:.6f}, diameter {d_cycle}")
