#!/usr/bin/env python3
"""Independent reference for the numbers lesson 02 states (NumPy and SciPy, no Swift).

Run: python3 scripts/reference/lesson02_numbers.py
The lesson's hidden tests assert these values; if you change the lesson, rerun this and compare.

Everything here is built from dense matrices: the grid Hamiltonian as an N x N array, its
spectrum from numpy.linalg.eigh, forward Euler as a matrix-vector product, Crank-Nicolson as a
dense numpy.linalg.solve, and the exact propagator as scipy.linalg.expm(-1j * T * H). None of it
shares code with the lesson's Swift (sine-mode formulas, Thomas algorithm).
"""
import numpy as np
from scipy.linalg import expm

# The box of the lesson: length L = 20, N = 99 interior points, dx = L / (N + 1) = 0.2,
# psi = 0 at both walls, hbar = m = 1, V = 0.
L = 20.0
N = 99
dx = L / (N + 1)
x = (np.arange(N) + 1) * dx

H = (np.diag(np.full(N, 1.0 / dx**2))
     + np.diag(np.full(N - 1, -0.5 / dx**2), 1)
     + np.diag(np.full(N - 1, -0.5 / dx**2), -1))


def norm(psi):
    """The discrete norm (sum |psi_k|^2 dx)^(1/2)."""
    return float(np.sqrt(np.sum(np.abs(psi) ** 2) * dx))


def euler(psi, dt):
    return psi - 1j * dt * (H @ psi)


def cn_matrix(dt):
    """The Crank-Nicolson propagator (1 + i dt H / 2)^-1 (1 - i dt H / 2), by a dense solve."""
    eye = np.eye(N)
    return np.linalg.solve(eye + 0.5j * dt * H, eye - 0.5j * dt * H)


def packet(center, width, momentum):
    psi = np.exp(-((x - center) ** 2) / (4 * width**2) + 1j * momentum * x)
    return psi / norm(psi)


print(f"grid: L={L} N={N} dx={dx}")

# --- The spectrum of the grid Hamiltonian --------------------------------------------------
energies, vectors = np.linalg.eigh(H)
print(f"E_1  = {energies[0]:.9f}   (continuum pi^2/(2 L^2) = {np.pi**2 / (2 * L**2):.9f})")
print(f"E_50 = {energies[49]:.12f}")
print(f"E_99 = {energies[98]:.9f}   (top of the spectrum; 2/dx^2 = {2 / dx**2})")

# --- Forward Euler on one eigenvector: measured against |1 - i E dt|^n ---------------------
mode50 = vectors[:, 49].astype(complex) / np.sqrt(dx)  # discrete norm 1
for dt, steps in ((0.01, 100), (0.005, 200)):
    psi = mode50.copy()
    norms = [norm(psi)]
    for _ in range(steps):
        psi = euler(psi, dt)
        norms.append(norm(psi))
    factor = abs(1 - 1j * energies[49] * dt)
    print(f"mode 50, dt={dt}: factor |1 - iE dt| = {factor:.9f}; norm after 1 step {norms[1]:.9f}, "
          f"after {steps} steps (t = {steps * dt:g}) {norms[-1]:.6f} (analytic {factor**steps:.6f})")
e1 = energies[0]
print(f"mode 1, dt=0.01: factor - 1 = {abs(1 - 1j * e1 * 0.01) - 1:.3e}; "
      f"after 100 steps norm - 1 = {abs(1 - 1j * e1 * 0.01) ** 100 - 1:.3e}")
for dt in (0.01, 0.02):
    top = abs(1 - 1j * energies[98] * dt)
    print(f"top mode E_99, dt={dt}: factor per step {top:.6f}, over 100 steps {top**100:.4e}")

# --- A wave packet: Euler drifts, Crank-Nicolson keeps the norm ------------------------------
psi0 = packet(7.0, 0.7, 3.0)
print(f"packet: <E> = {np.real(np.vdot(psi0, H @ psi0)) * dx:.6f}")
for dt, t_end in ((0.01, 2.0), (0.005, 2.0), (0.02, 2.0)):
    psi = psi0.copy()
    steps = int(round(t_end / dt))
    at_one = None
    for n in range(1, steps + 1):
        psi = euler(psi, dt)
        if n == steps // 2:
            at_one = norm(psi)
    print(f"packet, Euler dt={dt}: norm at t=1 {at_one:.6f}, at t=2 {norm(psi):.6f}")
C = cn_matrix(0.01)
psi = psi0.copy()
worst = 0.0
for _ in range(200):
    psi = C @ psi
    worst = max(worst, abs(norm(psi) - 1))
print(f"packet, Crank-Nicolson dt=0.01, 200 steps: max |norm - 1| = {worst:.2e}")

# Crank-Nicolson turns an eigencomponent by 2 arctan(E dt / 2) instead of E dt.
z = (1 - 0.5j * energies[49] * 0.01) / (1 + 0.5j * energies[49] * 0.01)
print(f"mode 50, dt=0.01: CN factor modulus {abs(z):.15f}, phase {-np.angle(z):.9f} (exact {energies[49] * 0.01:.9f})")

# --- Error against exp(-iHT): first order for Euler, second for Crank-Nicolson ------------
T = 0.5
exact = expm(-1j * T * H) @ psi0
print(f"exact exp(-iHT) psi0 at T={T}, index 42 (x = {x[42]:.1f}): {exact[42].real:.12f} {exact[42].imag:+.12f}i")
errors = {}
for steps in (100, 200):
    dt = T / steps
    psi_e = psi0.copy()
    for _ in range(steps):
        psi_e = euler(psi_e, dt)
    psi_c = np.linalg.matrix_power(cn_matrix(dt), steps) @ psi0
    errors[steps] = (norm(psi_e - exact), norm(psi_c - exact))
    print(f"T={T} steps={steps}: Euler error {errors[steps][0]:.6e}, Crank-Nicolson error {errors[steps][1]:.6e}")
print(f"observed order Euler 100->200: {np.log2(errors[100][0] / errors[200][0]):.4f}")
print(f"observed order CN    100->200: {np.log2(errors[100][1] / errors[200][1]):.4f}")
print(f"Euler error / Crank-Nicolson error at 100 steps: {errors[100][0] / errors[100][1]:.1f}")
# The error is absolute: three times the packet (norm 3), three times the error (a hidden test).
dt = T / 100
psi_e = 3 * psi0
for _ in range(100):
    psi_e = euler(psi_e, dt)
psi_c = np.linalg.matrix_power(cn_matrix(dt), 100) @ (3 * psi0)
print(f"3 x packet, T={T} steps=100: Euler error {norm(psi_e - 3 * exact)!r}, Crank-Nicolson error {norm(psi_c - 3 * exact)!r}")

# --- The exact propagator at a very large time t = 10^6 -------------------------------------
# A spectral expansion costs the same at any t; anything that steps through time cannot get
# there. The phase E t must be right modulo 2 pi although E t is about 5e7 rad for the top
# mode, so E and the phase are taken here from the closed form E_n = (1 - cos(n pi/(N+1)))/dx^2
# in 40-digit arithmetic (mpmath, which comes with PyTorch via SymPy), checked against the
# eigenvalues of the dense matrix. In float64, E is known to a few ulps (E_1 to ~1e-13 relative,
# through the cancellation in 1 - cos), which at t = 1e6 moves a phase by ~1e-8 rad; eigh's
# eigenvalues (absolute error ~1e-14) move it by up to ~1.2e-8 rad, as printed below.
import mpmath

mpmath.mp.dps = 40
T_LARGE = 1e6


def closed_form_energy(n):
    return (1 - mpmath.cos(mpmath.pi * n / (N + 1))) / mpmath.mpf(dx) ** 2


closed = [closed_form_energy(n) for n in range(1, N + 1)]
worst_energy = max(abs(float(e) - energies[n]) / energies[n] for n, e in enumerate(closed))
print(f"closed-form energies vs eigh: max relative difference {worst_energy:.1e}")
phases = [mpmath.exp(-1j * e * T_LARGE) for e in closed]
for n in (1, 50, 99):
    z = phases[n - 1]
    drift = float(energies[n - 1] * T_LARGE - closed[n - 1] * T_LARGE)
    print(f"t={T_LARGE:g}, mode {n}: e^(-iE t) = {float(z.real):.12f} {float(z.imag):+.12f}i "
          f"(float64 eigh energy would move the phase by {drift:.1e} rad)")
# The lesson's packet at t = 1e6: expand in eigh's eigenvectors (orthonormal columns; the discrete
# norm's dx cancels between the coefficient and the sum), turn each by the exact phase.
coefficients = vectors.T @ psi0
turned = np.array([complex(phases[n]) for n in range(N)]) * coefficients
packet_late = vectors @ turned
print(f"packet at t={T_LARGE:g}, index 42: {packet_late[42].real:.12f} {packet_late[42].imag:+.12f}i, "
      f"norm {norm(packet_late):.15f}")
