#!/usr/bin/env python3
"""Independent reference for the numbers lesson 05 (depth, width and compound scaling) states.

Run: .build-venv/bin/python scripts/reference/lesson05_numbers.py   (a few seconds on a CPU)

No Swift is involved. The lesson's counter works from formulas; this script builds the same layers
and blocks as PyTorch modules and counts them the way profilers do:

- parameters: sum(p.numel() for p in module.parameters()) (BatchNorm contributes its weight and
  bias, 2 per channel; its running mean and variance are buffers, not parameters);
- multiply-accumulates (MACs): forward hooks on every nn.Conv2d and nn.Linear, each adding
  (elements of its output per sample) x (in_channels / groups) x k_h x k_w, or x in_features
  for a Linear layer. Pooling, BatchNorm, ReLU and the residual addition count 0.

Sections:
 1. single convolutions, 2. ResNet basic and bottleneck blocks, 3. the Inception block (3a) of
 GoogLeNet, 4. a mixed chain of blocks (hidden-test fixture), 5. ResNet-18 built from the
 lesson's description, 6. depthwise-separable convolutions and MBConv blocks, 7. fitting blocks to
 a budget (by linear search over the torch-counted costs, not by bisection), 8. compound scaling:
 the rounding rules re-implemented in plain Python, the scaled ResNet-18 descriptions built in
 torch and counted, 9. EfficientNet's released coefficients against alpha^phi etc.
Lines starting with `let` are Swift literals the hidden tests embed.
"""
import math

import torch
from torch import nn

torch.set_grad_enabled(False)


# --- counting ----------------------------------------------------------------------------------
def count(module, shape):
    """(parameters, MACs per sample, output shape without the batch) for input shape (C, H, W)."""
    module.eval()
    macs = [0]

    def conv_hook(m, inputs, output):
        k_h, k_w = m.kernel_size
        macs[0] += (output.numel() // output.shape[0]) * (m.in_channels // m.groups) * k_h * k_w

    def linear_hook(m, inputs, output):
        macs[0] += (output.numel() // output.shape[0]) * m.in_features

    handles = []
    for m in module.modules():
        if isinstance(m, nn.Conv2d):
            handles.append(m.register_forward_hook(conv_hook))
        elif isinstance(m, nn.Linear):
            handles.append(m.register_forward_hook(linear_hook))
    out = module(torch.zeros(1, *shape))
    for h in handles:
        h.remove()
    params = sum(p.numel() for p in module.parameters())
    return params, macs[0], tuple(out.shape[1:])


# --- modules mirroring the lesson's Layer cases -------------------------------------------------
def conv_bn(cin, cout, k, stride=1, padding=None, groups=1):
    padding = k // 2 if padding is None else padding
    return nn.Sequential(nn.Conv2d(cin, cout, k, stride, padding, groups=groups, bias=False), nn.BatchNorm2d(cout))


class Basic(nn.Module):
    def __init__(self, cin, cout, stride):
        super().__init__()
        self.a = conv_bn(cin, cout, 3, stride)
        self.b = conv_bn(cout, cout, 3, 1)
        self.short = conv_bn(cin, cout, 1, stride, 0) if stride != 1 or cin != cout else nn.Identity()

    def forward(self, x):
        return torch.relu(self.b(torch.relu(self.a(x))) + self.short(x))


class Bottleneck(nn.Module):
    """torchvision's ResNet v1.5 bottleneck: the stride sits on the 3x3 convolution; out = 4 * width."""

    def __init__(self, cin, width, stride):
        super().__init__()
        cout = 4 * width
        self.a = conv_bn(cin, width, 1)
        self.b = conv_bn(width, width, 3, stride)
        self.c = conv_bn(width, cout, 1)
        self.short = conv_bn(cin, cout, 1, stride, 0) if stride != 1 or cin != cout else nn.Identity()

    def forward(self, x):
        return torch.relu(self.c(torch.relu(self.b(torch.relu(self.a(x))))) + self.short(x))


class Inception(nn.Module):
    def __init__(self, cin, c1, r3, c3, r5, c5, pp):
        super().__init__()
        self.b1 = conv_bn(cin, c1, 1)
        self.b2 = nn.Sequential(conv_bn(cin, r3, 1), nn.ReLU(), conv_bn(r3, c3, 3))
        self.b3 = nn.Sequential(conv_bn(cin, r5, 1), nn.ReLU(), conv_bn(r5, c5, 5))
        self.b4 = nn.Sequential(nn.MaxPool2d(3, 1, 1), conv_bn(cin, pp, 1))

    def forward(self, x):
        return torch.relu(torch.cat([self.b1(x), self.b2(x), self.b3(x), self.b4(x)], 1))


class MBConv(nn.Module):
    """Inverted residual without squeeze-and-excitation: 1x1 expand (skipped when t = 1), depthwise
    k x k with the stride, 1x1 project; identity skip when stride 1 and cin == cout."""

    def __init__(self, cin, cout, t, k, stride):
        super().__init__()
        mid = cin * t
        self.expand = conv_bn(cin, mid, 1) if t != 1 else nn.Identity()
        self.dw = conv_bn(mid, mid, k, stride, groups=mid)
        self.project = conv_bn(mid, cout, 1)
        self.skip = stride == 1 and cin == cout

    def forward(self, x):
        y = self.project(torch.relu(self.dw(torch.relu(self.expand(x)))))
        return x + y if self.skip else y


GOOGLENET_3A = (64, 96, 128, 16, 32, 32)


def resnet(resolution, stem, stages, classes=1000):
    """The lesson's ResNetDescription.layers: 7x7/2 stem + BN, 3x3/2 max pool, basic blocks, GAP, linear."""
    layers = [conv_bn(3, stem, 7, 2, 3), nn.ReLU(), nn.MaxPool2d(3, 2, 1)]
    c = stem
    for blocks, channels, stride in stages:
        for i in range(blocks):
            layers.append(Basic(c, channels, stride if i == 0 else 1))
            c = channels
    layers += [nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(c, classes)]
    return nn.Sequential(*layers), (3, resolution, resolution)


def swift_ints(values):
    return "[" + ", ".join(str(int(v)) for v in values) + "]"


def swift_doubles(values):
    return "[" + ", ".join(repr(float(v)) for v in values) + "]"


# --- 1. single convolutions ---------------------------------------------------------------------
print("// 1. convolutions: (params, MACs, output)")
conv_cases = [
    ("3x3 64->64 s1 p1 on 64x56x56", nn.Conv2d(64, 64, 3, 1, 1, bias=False), (64, 56, 56)),
    ("stem 7x7/2 p3 3->64 on 3x224x224", nn.Conv2d(3, 64, 7, 2, 3, bias=False), (3, 224, 224)),
    ("3x3 s2 p1 32->48 bias on 32x7x7", nn.Conv2d(32, 48, 3, 2, 1, bias=True), (32, 7, 7)),
    ("5x5 s3 p0 12->18 groups 3 bias on 12x17x10", nn.Conv2d(12, 18, 5, 3, 0, groups=3, bias=True), (12, 17, 10)),
    ("1x1 s1 p0 8->4 on 8x1x1", nn.Conv2d(8, 4, 1, 1, 0, bias=False), (8, 1, 1)),
    ("3x3 depthwise s1 p1 256 on 256x14x14", nn.Conv2d(256, 256, 3, 1, 1, groups=256, bias=False), (256, 14, 14)),
    ("4x4 s2 p1 6->10 groups 2 on 6x9x8", nn.Conv2d(6, 10, 4, 2, 1, groups=2, bias=False), (6, 9, 8)),
]
for name, m, shape in conv_cases:
    print(f"//   {name}: {count(m, shape)}")

# --- 2. ResNet blocks ----------------------------------------------------------------------------
print("// 2. blocks")
block_cases = [
    ("basic 64->64 s1 on 56", Basic(64, 64, 1), (64, 56, 56)),
    ("basic 64->128 s2 on 56", Basic(64, 128, 2), (64, 56, 56)),
    ("basic 32->32 s1 on 56", Basic(32, 32, 1), (32, 56, 56)),
    ("basic 3->5 s1 on 1x1", Basic(3, 5, 1), (3, 1, 1)),
    ("bottleneck 256, width 64, s1 on 56", Bottleneck(256, 64, 1), (256, 56, 56)),
    ("bottleneck 64, width 64, s1 on 56", Bottleneck(64, 64, 1), (64, 56, 56)),
    ("bottleneck 256, width 128, s2 on 56", Bottleneck(256, 128, 2), (256, 56, 56)),
    ("bottleneck 16, width 4, s1 on 9x9", Bottleneck(16, 4, 1), (16, 9, 9)),
    # Stride 2 with the channels unchanged: the projection is there for the stride alone.
    ("bottleneck 256, width 64, s2 on 56", Bottleneck(256, 64, 2), (256, 56, 56)),
    ("basic 64->64 s2 on 56", Basic(64, 64, 2), (64, 56, 56)),
    ("basic 2->2 s2 on 1x1", Basic(2, 2, 2), (2, 1, 1)),
]
for name, m, shape in block_cases:
    print(f"//   {name}: {count(m, shape)}")
p_b, m_b, _ = count(Basic(64, 64, 1), (64, 56, 56))
p_bn, m_bn, _ = count(Bottleneck(256, 64, 1), (256, 56, 56))
# A plain 3x3 block on 256 channels for comparison with the bottleneck.
p_b256, m_b256, _ = count(Basic(256, 256, 1), (256, 56, 56))
print(f"// basic 256->256 on 56: params {p_b256}, MACs {m_b256}; bottleneck/basic MACs = {m_bn / m_b256:.4f} (basic/bottleneck {m_b256 / m_bn:.2f}; 17/288 = {17 / 288:.4f})")
print(f"// two 3x3 convs vs one 5x5 (same channels): 18/25 = {18 / 25}")

# --- 3. Inception (3a) ---------------------------------------------------------------------------
p_inc, m_inc, o_inc = count(Inception(192, *GOOGLENET_3A), (192, 28, 28))
weights_only = sum(p.numel() for n, p in Inception(192, *GOOGLENET_3A).named_parameters() if p.dim() == 4)
print(f"// 3. inception 3a on 192x28x28: params {p_inc} (conv weights {weights_only}, "
      f"= {weights_only / 1024:.2f} x 1024), MACs {m_inc}, output {o_inc}")
branch_macs = {
    "1x1": 64 * 192 * 28 * 28,
    "3x3 (with reduce)": (96 * 192 + 128 * 96 * 9) * 784,
    "5x5 (with reduce)": (16 * 192 + 32 * 16 * 25) * 784,
    "pool proj": 32 * 192 * 784,
}
assert sum(branch_macs.values()) == m_inc
print(f"//   branches (hand formula, sums to the hook count): {branch_macs}")
# Without the reductions: 3x3 and 5x5 directly on 192 channels.
no_reduce = (64 * 192 + 128 * 192 * 9 + 32 * 192 * 25 + 32 * 192) * 784
print(f"//   without 1x1 reductions: {no_reduce} MACs, {no_reduce / m_inc:.3f} x; 3x3 branch share {branch_macs['3x3 (with reduce)'] / m_inc:.4f}")
p_inc2, m_inc2, o_inc2 = count(nn.Sequential(Inception(192, *GOOGLENET_3A), Inception(256, *GOOGLENET_3A)), (192, 28, 28))
print(f"//   two 3a-shaped blocks chained (192 -> 256 -> 256): params {p_inc2}, MACs {m_inc2}")

# --- 4. a mixed chain: hidden-test fixture -------------------------------------------------------
mixed = nn.Sequential(
    conv_bn(3, 24, 3, 2, 1), nn.ReLU(),            # .conv(Conv2d(3, 24, kernel: 3, stride: 2, padding: 1), batchNorm: true)
    nn.MaxPool2d(3, 2, 1),                         # .maxPool(kernel: 3, stride: 2, padding: 1)
    Basic(24, 24, 1),                              # .basic(outChannels: 24, stride: 1)
    Bottleneck(24, 16, 2),                         # .bottleneck(width: 16, stride: 2)
    Inception(64, 8, 12, 16, 4, 8, 8),             # .inception(...)
    Basic(40, 48, 2),                              # .basic(outChannels: 48, stride: 2)
    nn.Conv2d(48, 30, 3, 1, 0, groups=6, bias=True),  # .conv(Conv2d(48, 30, kernel: 3, padding: 0, groups: 6, bias: true), batchNorm: false)
    nn.AdaptiveAvgPool2d(1), nn.Flatten(),         # .globalAveragePool
    nn.Linear(30, 10),                             # .linear(outFeatures: 10, bias: true)
)
print(f"// 4. mixed chain on 3x45x37: {count(mixed, (3, 45, 37))}")
# The same chain without the head, to check the shape after the grouped conv.
print(f"//    without the head: {count(mixed[:8], (3, 45, 37))}")

# --- 5. ResNet-18 ----------------------------------------------------------------------------------
R18_STAGES = [(2, 64, 1), (2, 128, 2), (2, 256, 2), (2, 512, 2)]
net, shape = resnet(224, 64, R18_STAGES)
p18, m18, _ = count(net, shape)
print(f"// 5. ResNet-18 at 224: params {p18}, MACs {m18} ({m18 / 1e9:.3f} G), FLOPs = 2 x MACs = {2 * m18 / 1e9:.3f} G")
assert p18 == 11_689_512, "torchvision's resnet18 has 11,689,512 parameters"
stem_p, stem_m, _ = count(nn.Sequential(conv_bn(3, 64, 7, 2, 3), nn.MaxPool2d(3, 2, 1)), (3, 224, 224))
print(f"//   stem: params {stem_p}, MACs {stem_m}; classifier 512*1000 = {512 * 1000} MACs")

# --- 6. depthwise-separable convolutions -----------------------------------------------------------
print("// 6. separable")
def separable_ratio(cin, cout, k, stride, padding, side):
    _, std, _ = count(nn.Conv2d(cin, cout, k, stride, padding, bias=False), (cin, side, side))
    pair = nn.Sequential(nn.Conv2d(cin, cin, k, stride, padding, groups=cin, bias=False), nn.Conv2d(cin, cout, 1, bias=False))
    p_pair, sep, _ = count(pair, (cin, side, side))
    return std, sep, sep / std, p_pair

for cin, cout, k, stride, padding, side in [(256, 256, 3, 1, 1, 14), (32, 64, 3, 2, 1, 112), (128, 128, 5, 1, 2, 28), (3, 1, 3, 1, 1, 5), (512, 512, 3, 1, 1, 7)]:
    std, sep, ratio, p_pair = separable_ratio(cin, cout, k, stride, padding, side)
    print(f"//   {cin}->{cout} k{k} s{stride} p{padding} on {side}: standard {std} MACs, separable {sep} MACs "
          f"(params {p_pair}), ratio {ratio!r} = 1/{1 / ratio:.3f} (1/cout + 1/k^2 = {1 / cout + 1 / k**2!r})")
# Padding other than k // 2: the depthwise conv keeps the original's (a hidden test).
for cin, cout, k, stride, padding, side in [(32, 64, 3, 1, 0, 10), (16, 24, 5, 2, 1, 13)]:
    std, sep, ratio, p_pair = separable_ratio(cin, cout, k, stride, padding, side)
    print(f"//   {cin}->{cout} k{k} s{stride} p{padding} on {side}: standard {std} MACs, separable {sep} MACs")
mb_cases = [
    ("MBConv6 k5 s2 24->40 on 56", (24, 40, 6, 5, 2), (24, 56, 56)),
    ("MBConv6 k3 s1 80->80 on 14", (80, 80, 6, 3, 1), (80, 14, 14)),
    ("MBConv1 k3 s1 32->16 on 112", (32, 16, 1, 3, 1), (32, 112, 112)),
    ("MBConv4 k3 s2 8->8 on 5x5", (8, 8, 4, 3, 2), (8, 5, 5)),
]
for name, args, shape in mb_cases:
    print(f"//   {name}: {count(MBConv(*args), shape)}")
p_mb, m_mb, _ = count(MBConv(80, 80, 6, 3, 1), (80, 14, 14))
p_bb80, m_bb80, _ = count(Basic(80, 80, 1), (80, 14, 14))
print(f"//   basic 80->80 on 14: params {p_bb80}, MACs {m_bb80}; MBConv6/basic MACs {m_mb / m_bb80:.4f}")

# --- 7. fitting blocks to a budget -----------------------------------------------------------------
print("// 7. budgets")
budget = 2 * m_b  # ResNet-18's first stage: two basic blocks, 64 channels, 56 x 56
print(f"//   budget = two basic 64-channel blocks at 56x56 = {budget} MACs")


def chain_macs(make, n, shape):
    if n == 0:
        return 0
    return count(nn.Sequential(*[make(i) for i in range(n)]), shape)[1]


def deepest(make, shape, budget):
    """Linear search: add copies one at a time, each counted by torch on the shape the previous one produced."""
    n, total = 0, 0
    while True:
        _, macs, out = count(make(n), shape)
        if total + macs > budget:
            return n
        total += macs
        shape = out
        n += 1


for c in (64, 32, 16):
    n = deepest(lambda i, c=c: Basic(c, c, 1), (c, 56, 56), budget)
    print(f"//   {c} channels: {n} basic blocks fit (receptive field of {2 * n} 3x3 convs: {4 * n + 1} pixels); "
          f"one block {chain_macs(lambda i, c=c: Basic(c, c, 1), 1, (c, 56, 56))} MACs")
n_inc = deepest(lambda i: Inception(192 if i == 0 else 256, *GOOGLENET_3A), (192, 28, 28), budget)
print(f"//   Inception 3a-shaped blocks on 192x28x28: {n_inc} fit")


def widest(depth, side, budget, multiple=8):
    best = 0
    c = multiple
    while chain_macs(lambda i: Basic(c, c, 1), depth, (c, side, side)) <= budget:
        best = c
        c += multiple
    return best


for depth in (1, 2, 4):
    w = widest(depth, 56, budget)
    print(f"//   depth {depth}: widest multiple of 8 = {w} "
          f"(next {w + 8} costs {chain_macs(lambda i: Basic(w + 8, w + 8, 1), depth, (w + 8, 56, 56))})")
print(f"//   depth 3 at 28x28 with budget 10^8: widest = {widest(3, 28, 10**8)}; multiple 16 -> {widest(3, 28, 10**8, 16)}")
# Other multiples: the search steps by `multiple`.
for args, expected in [((1, 56, budget, 16), 80), ((1, 56, budget, 1), 90), ((2, 56, 10**9, 24), 72), ((3, 28, 10**8, 5), 45)]:
    assert widest(*args) == expected, (args, widest(*args))
print("//   depth 1 at 56 within two blocks' budget: widest multiple of 16 = 80, of 1 = 90; depth 2 within 10^9, "
      "multiple of 24: 72; depth 3 at 28 within 10^8, multiple of 5: 45")
print(f"//   budget 10^9, 64 channels at 56: {deepest(lambda i: Basic(64, 64, 1), (64, 56, 56), 10**9)} blocks; "
      f"depth 2 widest: {widest(2, 56, 10**9)}")
# Copies of one strided block: .basic(outChannels: 32, stride: 2) chained on 16x20x20 (20 -> 10 -> 5 -> 3 -> 2 -> 1 -> 1 ...).
strided = lambda i: Basic(16 if i == 0 else 32, 32, 2)
print(f"//   copies of basic(32, stride 2) on 16x20x20, budget 2.5e6: {deepest(strided, (16, 20, 20), 2_500_000)} blocks "
      f"(chain costs {[chain_macs(strided, n, (16, 20, 20)) for n in range(1, 9)]})")


# --- 8. compound scaling ---------------------------------------------------------------------------
print("// 8. compound scaling")
ALPHA, BETA, GAMMA = 1.2, 1.1, 1.15
print(f"//   alpha*beta^2*gamma^2 = {ALPHA * BETA**2 * GAMMA**2!r}")


def round_repeats(n, d):
    """Our rule: ceil(d * n), forgiving a floating-point excess of 1e-9."""
    return math.ceil(d * n - 1e-9)


def round_filters(c, w, divisor=8):
    """EfficientNet's round_filters (tensorflow/tpu efficientnet_model.py)."""
    filters = c * w
    new = max(divisor, int(filters + divisor / 2) // divisor * divisor)
    if new < 0.9 * filters:
        new += divisor
    return int(new)


def round_resolution(r, g):
    """Nearest integer, halves up."""
    x = r * g
    f = math.floor(x)
    return f + (1 if x - f >= 0.5 else 0)


print(f"//   naive ceil(1.1 * 50) = {math.ceil(1.1 * 50)} (1.1*50 = {1.1 * 50!r}); ours {round_repeats(50, 1.1)}")
print(f"//   naive ceil(1.6^2 * 25) = {math.ceil(1.6**2 * 25)}; ours {round_repeats(25, 1.6**2)}")
for c, w in [(64, 1.1), (64, 1.21), (32, 1.1), (10, 1.99), (12, 1.0), (64, 0.25), (1, 1.0), (100, 1.0), (512, 1.4641), (20, 0.5), (3, 1.0), (44, 1.0), (36, 1.0)]:
    print(f"//   round_filters({c}, {w}) = {round_filters(c, w)} (c*w = {c * w!r})")
print(f"//   round_filters(10, 1.0, divisor 4) = {round_filters(10, 1.0, 4)}; round_filters(7, 1.0, divisor 1) = {round_filters(7, 1.0, 1)}")
print(f"//   round_filters(10, 1.0, divisor 9) = {round_filters(10, 1.0, 9)} (exactly 10 % below: no extra divisor)")
print(f"//   naive ceil(1.3^2 * 100) = {math.ceil(math.pow(1.3, 2) * 100)}; ours {round_repeats(100, math.pow(1.3, 2))}; "
      f"ours(0, 3.7) = {round_repeats(0, 3.7)}, ours(1, 0.3) = {round_repeats(1, 0.3)}, ours(25, 1.6*1.6) = {round_repeats(25, 1.6 * 1.6)}")
print(f"//   10 * 1.99 = {10 * 1.99!r}: the nearest multiple, 16, is {100 * (1 - 16 / (10 * 1.99)):.1f} % short of it")
for r, g in [(224, 1.15), (224, 1.3225), (224, 0.5), (7, 1.5), (10, 1.25)]:
    print(f"//   round_resolution({r}, {g}) = {round_resolution(r, g)}")


def scaled(resolution, stem, stages, d, w, g):
    return (round_resolution(resolution, g), round_filters(stem, w),
            [(round_repeats(b, d), round_filters(c, w), s) for b, c, s in stages])


def margins(resolution, stem, stages, d, w, g):
    """Distance of every rounded quantity from its rounding boundary (should not be tiny)."""
    out = []
    x = resolution * g
    out.append(abs(x - math.floor(x) - 0.5))
    for b, c, s in stages:
        y = d * b
        out.append(min(abs(y - round(y)), 1) if abs(y - round(y)) > 1e-9 else 1.0)  # exact integers are handled by the tolerance
        f = c * w + 4
        out.append(min(f - math.floor(f / 8) * 8, 8 - (f - math.floor(f / 8) * 8)) if True else 0)
    f = stem * w + 4
    out.append(min(f % 8, 8 - f % 8))
    return min(out)


def net_macs(desc):
    res, stem, stages = desc
    net, shape = resnet(res, stem, stages)
    return count(net, shape)


base_macs = m18
print(f"//   phi  d  w  r  -> description, params, MACs, ratio, (alpha beta^2 gamma^2)^phi")
compound_ratios, compound_macs, compound_params = [], [], []
for phi in range(0, 5):
    d, w, g = ALPHA**phi, BETA**phi, GAMMA**phi
    desc = scaled(224, 64, R18_STAGES, d, w, g)
    p, m, _ = net_macs(desc)
    compound_ratios.append(m / base_macs)
    compound_macs.append(m)
    compound_params.append(p)
    print(f"//   phi={phi}: d={d!r} w={w!r} r={g!r} margin={margins(224, 64, R18_STAGES, d, w, g):.3g}")
    print(f"//        {desc}: params {p}, MACs {m}, ratio {m / base_macs:.4f}, ideal {(ALPHA * BETA**2 * GAMMA**2)**phi:.4f}, 2^phi {2**phi}")
print("//   compound ratio / 1.92027^phi: " + ", ".join(f"{compound_ratios[p] / (ALPHA * BETA**2 * GAMMA**2)**p:.4f}" for p in range(5)))
sides, side = [], 258
for k, s_, p_ in [(7, 2, 3), (3, 2, 1), (3, 2, 1), (3, 2, 1), (3, 2, 1)]:  # stem, max pool, three stride-2 stages
    side = (side + 2 * p_ - k) // s_ + 1
    sides.append(side)
print(f"//   map sides for a 258-pixel input: {sides}; last-stage area ratio (9/7)^2 = {(sides[-1] / 7)**2:.3f}")
print("let compoundMACs: [Int] = " + swift_ints(compound_macs))
print("let compoundParameters: [Int] = " + swift_ints(compound_params))
print("let compoundRatios: [Double] = " + swift_doubles(compound_ratios))

for label, (a, b, g) in [("depth only", (ALPHA, 1, 1)), ("width only", (1, BETA, 1)), ("resolution only", (1, 1, GAMMA))]:
    ratios = []
    descs = []
    for phi in range(0, 5):
        desc = scaled(224, 64, R18_STAGES, a**phi, b**phi, g**phi)
        descs.append(desc)
        ratios.append(net_macs(desc)[1] / base_macs)
    ideal = {"depth only": ALPHA, "width only": BETA**2, "resolution only": GAMMA**2}[label]
    print(f"//   {label}: ratios {[round(x, 4) for x in ratios]}; ideal {[round(ideal**p, 4) for p in range(5)]}")
    print(f"//        descriptions {descs}")
    print(f"let {label.split()[0]}OnlyRatios: [Double] = " + swift_doubles(ratios))
    globals()[label.split()[0] + "Only"] = ratios

prod1 = depthOnly[1] * widthOnly[1] * resolutionOnly[1]
print(f"//   product of the single-axis ratios at phi=1: {depthOnly[1]:.4f} * {widthOnly[1]:.4f} * {resolutionOnly[1]:.4f} = {prod1:.4f}; compound {compound_ratios[1]:.4f}")

# Ratios are against the given network, whatever the first phi: ResNet-18 at phis [2, 1], and a
# base whose channels are not multiples of 8 (rescaled at phi = 0 it would round 12 and 20 up).
print("//   ResNet-18, phis [2, 1]: " + swift_doubles([net_macs(scaled(224, 64, R18_STAGES, ALPHA**f, BETA**f, GAMMA**f))[1] / base_macs for f in (2, 1)]))
odd_stages = [(1, 20, 1), (2, 36, 2)]
odd_net, odd_shape = resnet(64, 12, odd_stages, classes=10)
odd_base = count(odd_net, odd_shape)[1]
odd_ratios = []
for f in (0, 1, 2):
    res, stem, stages = scaled(64, 12, odd_stages, ALPHA**f, BETA**f, GAMMA**f)
    net, shape = resnet(res, stem, stages, classes=10)
    odd_ratios.append(count(net, shape)[1] / odd_base)
print("//   stem 12, stages (1,20,1),(2,36,2) at 64, phis [0, 1, 2]: " + swift_doubles(odd_ratios))

# Half-integer phi for a hidden test (fractional phi is allowed).
desc = scaled(224, 64, R18_STAGES, ALPHA**2.5, BETA**2.5, GAMMA**2.5)
p, m, _ = net_macs(desc)
print(f"//   phi=2.5: {desc}, margin {margins(224, 64, R18_STAGES, ALPHA**2.5, BETA**2.5, GAMMA**2.5):.3g}, params {p}, MACs {m}")
# Scaling down: phi = -1.
desc = scaled(224, 64, R18_STAGES, ALPHA**-1, BETA**-1, GAMMA**-1)
p, m, _ = net_macs(desc)
print(f"//   phi=-1: {desc}, margin {margins(224, 64, R18_STAGES, ALPHA**-1, BETA**-1, GAMMA**-1):.3g}, params {p}, MACs {m}")
# A small custom base for another fixture: resolution 64, stem 16, stages (1,16,1),(3,40,2), 10 classes.
small_stages = [(1, 16, 1), (3, 40, 2)]
for (d, w, g) in [(1.0, 1.0, 1.0), (1.5, 1.3, 1.25)]:
    res, stem, stages = scaled(64, 16, small_stages, d, w, g)
    net, shape = resnet(res, stem, stages, classes=10)
    print(f"//   small base scaled by d={d} w={w} r={g}: {(res, stem, stages)} -> {count(net, shape)}")

# --- 9. EfficientNet's released coefficients vs the formula ----------------------------------------
print("// 9. EfficientNet-B7 (width 2.0, depth 3.1, resolution 600) vs phi = 7:")
print(f"//   beta^7 = {BETA**7:.3f}, alpha^7 = {ALPHA**7:.3f}, gamma^7 = {GAMMA**7:.3f}, 224 gamma^7 = {224 * GAMMA**7:.1f}, 600/224 = {600 / 224:.3f}")
print(f"//   B1 by the formula: width {BETA:.2f}, depth {ALPHA:.2f}, resolution {round_resolution(224, GAMMA)}")
print(f"//   released B7 flop factor d w^2 r^2 = {3.1 * 2.0**2 * (600 / 224)**2:.1f}; 1.92027^7 = {(ALPHA * BETA**2 * GAMMA**2)**7:.1f}; 2^7 = 128")
