#!/usr/bin/env python3
"""Independent reference for the numbers lesson 01 states (plain Python floats, no Swift).

Run: python3 scripts/reference/lesson01_numbers.py
The lesson's tests assert these values; if you change the lesson, rerun this and compare.
"""
import math


def euler(x, h, f):
    return [xi + h * fi for xi, fi in zip(x, f(x))]


def rk4(x, h, f):
    k1 = f(x)
    k2 = f([xi + h / 2 * k for xi, k in zip(x, k1)])
    k3 = f([xi + h / 2 * k for xi, k in zip(x, k2)])
    k4 = f([xi + h * k for xi, k in zip(x, k3)])
    return [xi + h / 6 * (a + 2 * b + 2 * c + d) for xi, a, b, c, d in zip(x, k1, k2, k3, k4)]


def stack(step, x, T, L, f):
    h = T / L
    for _ in range(L):
        x = step(x, h, f)
    return x


decay = lambda x: [-xi for xi in x]
exact = math.exp(-1.0)
print(f"exact e^-1 = {exact:.12f}")
for L in (10, 20, 100):
    e = stack(euler, [1.0], 1.0, L, decay)[0]
    r = stack(rk4, [1.0], 1.0, L, decay)[0]
    print(f"L={L:4d} euler={e:.12f} err={abs(e - exact):.6e}  rk4={r:.12f} err={abs(r - exact):.6e}")

for L in (256,):
    e = abs(stack(euler, [1.0], 1.0, L, decay)[0] - exact)
    r = abs(stack(rk4, [1.0], 1.0, L, decay)[0] - exact)
    print(f"figure endpoint L={L}: euler err={e:.6e} rk4 err={r:.6e}")

e10 = abs(stack(euler, [1.0], 1.0, 10, decay)[0] - exact)
e20 = abs(stack(euler, [1.0], 1.0, 20, decay)[0] - exact)
r10 = abs(stack(rk4, [1.0], 1.0, 10, decay)[0] - exact)
r20 = abs(stack(rk4, [1.0], 1.0, 20, decay)[0] - exact)
print(f"observed order euler 10->20: {math.log(e10 / e20, 2):.4f}")
print(f"observed order rk4   10->20: {math.log(r10 / r20, 2):.4f}")

# Harmonic oscillator x'' = -x as (q, p): exact after T=2*pi is the start again.
osc = lambda x: [x[1], -x[0]]
for L in (50, 100, 200):
    e = stack(euler, [1.0, 0.0], 2 * math.pi, L, osc)
    r = stack(rk4, [1.0, 0.0], 2 * math.pi, L, osc)
    print(f"oscillator L={L} euler radius={math.hypot(*e):.6f} rk4 err={math.hypot(r[0] - 1, r[1]):.3e}")
print(f"euler radius growth per step at h: sqrt(1+h^2); L=100 -> {math.sqrt(1 + (2*math.pi/100)**2)**100:.6f}")

# Gradient gain of L Euler steps of x' = lambda x over horizon T: (1 + lambda T/L)^L.
for lam, L in ((-1.0, 1), (-1.0, 10), (-1.0, 1000), (-30.0, 5), (-30.0, 10), (-30.0, 15), (-30.0, 100), (-30.0, 1000)):
    print(f"gain lambda={lam} L={L}: {(1 + lam / L) ** L:.6e}  exact e^(lambda T)={math.exp(lam):.6e}")

# Nonlinear fields (the hidden RK4 tests): on a linear field, a "step" built from f(x), f(f(x)), ...
# reproduces the Taylor polynomial; on these only the classical stages give the values below.
logistic = lambda x: [xi * (1 - xi) for xi in x]
r = stack(rk4, [0.1], 4.0, 8, logistic)[0]
print(f"logistic x'=x(1-x), x0=0.1, 8 RK4 blocks over [0,4]: {r!r} "
      f"(exact {1 / (1 + 9 * math.exp(-4)):.12f}, error {r - 1 / (1 + 9 * math.exp(-4)):.3e})")
pendulum = lambda x: [x[1], -math.sin(x[0])]
q, p = stack(rk4, [2.5, 0.0], 5.0, 10, pendulum)
print(f"pendulum q'=p, p'=-sin q from (2.5, 0), 10 RK4 blocks over [0,5]: q={q!r} p={p!r}")
states = {L: stack(rk4, [2.5, 0.0], 5.0, L, pendulum) for L in (80, 160, 320)}
gap = lambda a, b: math.hypot(a[0] - b[0], a[1] - b[1])
print(f"pendulum observed order log2(|x_80 - x_160| / |x_160 - x_320|): "
      f"{math.log2(gap(states[80], states[160]) / gap(states[160], states[320])):.4f}")


# For comparison, two wrong or different RK4s on the same fields (the tests must tell them apart).
def rk4_three_eighths(x, h, f):
    k1 = f(x)
    k2 = f([xi + h / 3 * a for xi, a in zip(x, k1)])
    k3 = f([xi - h / 3 * a + h * b for xi, a, b in zip(x, k1, k2)])
    k4 = f([xi + h * (a - b + c) for xi, a, b, c in zip(x, k1, k2, k3)])
    return [xi + h / 8 * (a + 3 * b + 3 * c + d) for xi, a, b, c, d in zip(x, k1, k2, k3, k4)]


def taylor_of_f_of_f(x, h, f):
    k1 = f(x)
    k2 = f(k1)
    k3 = f(k2)
    k4 = f(k3)
    return [xi + h * a + h**2 / 2 * b + h**3 / 6 * c + h**4 / 24 * d for xi, a, b, c, d in zip(x, k1, k2, k3, k4)]


for name, step in (("3/8 rule", rk4_three_eighths), ("f(f(x)) Taylor", taylor_of_f_of_f)):
    print(f"{name}: logistic {stack(step, [0.1], 4.0, 8, logistic)[0]:.12f}, "
          f"pendulum {stack(step, [2.5, 0.0], 5.0, 10, pendulum)}")
