#!/usr/bin/env python3
"""Prints the engine's times next to NumPy's and PyTorch's, with GFLOP/s and speed ratios.

Usage: compare.py FOLDER   (FOLDER holds engine-N.json and reference-N.json per thread count)
"""
import json
import pathlib
import sys

BATCH, DEPTH = 64, 50


def flops(workload):
    """Multiply-adds of the matrix products only (elementwise work is not counted)."""
    if workload.startswith("forward_w") or workload.startswith("train_w"):
        width = int(workload.split("_w")[1])
        forward = DEPTH * 2 * 2 * BATCH * width * width
        return forward if workload.startswith("forward") else 3 * forward
    return None


def main(folder):
    folder = pathlib.Path(folder)
    threads = sorted(int(p.stem.split("-")[1]) for p in folder.glob("engine-*.json"))
    kernel = json.loads((folder / f"engine-{threads[0]}.json").read_text()).get("kernel", {})
    print(f"CPU instruction set: {kernel.get('cpu', '?')}; engine built for: {kernel.get('build', '?')}")
    print(f"matrix kernel: {kernel.get('kernel', '?')}")
    peak = json.loads((folder / f"engine-{threads[0]}.json").read_text()).get("fma_peak_gflops")
    if peak:
        print(f"one core's FMA peak for this build (12 FMA chains, same run): {peak:.1f} GFLOP/s;"
              " 'of peak' is GFLOP/s / (threads x peak)")
    print(f"{'workload':<14}{'threads':>8}{'engine ms':>11}{'numpy ms':>10}{'torch ms':>10}"
          f"{'engine GF/s':>13}{'torch GF/s':>12}{'engine of peak':>16}{'torch of peak':>15}"
          f"{'vs numpy':>10}{'vs torch':>10}")
    for t in threads:
        engine = json.loads((folder / f"engine-{t}.json").read_text())
        reference = json.loads((folder / f"reference-{t}.json").read_text())
        for workload, ms in engine.items():
            if workload in ("threads", "kernel") or workload.endswith("_gflops"):
                continue
            numpy_ms = reference.get("numpy", {}).get(workload)
            torch_ms = reference.get("torch", {}).get(workload)
            f = flops(workload)
            rate = lambda x: f / (x * 1e6) if f and x else None
            fmt = lambda x: f"{x:.2f}" if x is not None else "-"
            gf = lambda x: f"{rate(x):.1f}" if rate(x) else "-"
            share = lambda x: f"{100 * rate(x) / (t * peak):.0f}%" if rate(x) and peak else "-"
            ratio = lambda x: f"{x / ms:.2f}x" if x is not None else "-"
            print(f"{workload:<14}{t:>8}{ms:>11.2f}{fmt(numpy_ms):>10}{fmt(torch_ms):>10}"
                  f"{gf(ms):>13}{gf(torch_ms):>12}{share(ms):>16}{share(torch_ms):>15}"
                  f"{ratio(numpy_ms):>10}{ratio(torch_ms):>10}")
    versions = json.loads((folder / f"reference-{threads[0]}.json").read_text()).get("versions", {})
    print("ratios are reference time / engine time (above 1: the engine is faster);", versions)


if __name__ == "__main__":
    main(sys.argv[1])
