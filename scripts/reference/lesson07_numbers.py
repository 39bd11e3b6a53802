#!/usr/bin/env python3
"""Independent reference for the numbers lesson 07 (lottery tickets) states (NumPy float64 and
PyTorch; no Swift).

Run: .build-venv/bin/python scripts/reference/lesson07_numbers.py      (about 15 s)
The lesson's hidden tests assert the values printed here and embed the printed arrays as Swift
literals; if you change the lesson, rerun this and compare.

What it computes:

- The course's SeededGenerator (SplitMix64, Marsaglia's polar method) bit for bit, and with it
  Datasets.gaussianBlobs (glibc's cos through math.cos, as the engine), the He initialisation of
  DenseLayer(inputs:outputs:using:) and the lesson's Fisher-Yates shuffle (j = next() % (i + 1)).
  So the data, the initial weights and the order of the minibatches are the lesson's, exactly.
- Magnitude pruning by np.lexsort on (already pruned first, |w|, flat index) (the lesson sorts
  with a comparator), for the small fixtures of the tests and for the experiment.
- One masked SGD step on a small network, with torch.autograd for the gradients (the lesson
  backpropagates by hand with DenseLayer.backward), as a fixture.
- The experiment: an MLP 10 -> 16 -> 16 -> 16 -> 4 (ReLU, logits), plain or residual, trained
  with softmax cross-entropy by minibatch SGD in NumPy float64 (a hand-written chain rule);
  iterative magnitude pruning with rewinding; random masks with the same count per layer; the
  plain network's ticket moved to the residual network; the same for five more seeds; the
  input-to-output path counts of the masks (a vector recursion, not the lesson's loop).
- Section 7 asserts every number the lesson's prose states.

Agreement with the Swift code. Data, initial weights, shuffles and masks-as-rules are exact. The
training is not bit-for-bit: the engine's matrix products accumulate with fused multiply-adds in
its own order, NumPy's BLAS in another, so trained weights and losses differ in the last bits,
and the tests compare them with a tolerance (1e-12 after one step, 1e-9 after a whole training,
for values of order 1). The accuracies (counts of
correct test points out of 200) and the masks (which weights are the smallest) are discrete:
they agree exactly unless a rounding difference of that size moves a test point across a
decision boundary or swaps two weight magnitudes. Section 6 checks that this does not happen:
it reruns every training of the experiment with the initial weights perturbed by a relative
1e-13 (about a thousand times float64's unit roundoff of 1.1e-16) and with a different summation
order for the products, and requires identical accuracies and identical masks. The tests then
assert the accuracies and masks exactly.
"""
import math
import time

import numpy as np
import torch
from seeded_generator import SeededGenerator

torch.set_default_dtype(torch.float64)
T0 = time.time()


def swift_literal(values):
    return "[" + ", ".join(repr(float(v)) for v in values) + "]"


def swift_ints(values):
    return "[" + ", ".join(str(int(v)) for v in values) + "]"


# --- 1. The course's generator, data, initialisation and shuffle ------------------------------
def gaussian_blobs(classes, per_class, dimensions=2, radius=3.0, spread=1.0, seed=0):
    """Datasets.gaussianBlobs: class c centred at radius*(cos a, cos(a - pi/2)), a = 2 pi c / classes."""
    g = SeededGenerator(seed)
    x = np.zeros((classes * per_class, dimensions))
    labels = []
    for c in range(classes):
        angle = 2 * math.pi * c / classes
        center = [radius * math.cos(angle), radius * math.cos(angle - math.pi / 2)]
        for p in range(per_class):
            row = c * per_class + p
            for d in range(dimensions):
                x[row, d] = (center[d] if d < 2 else 0.0) + spread * g.normal()
            labels.append(c)
    return x, np.array(labels)


def he_init(widths, seed):
    """DenseLayer(inputs:outputs:using:) layer after layer: W (out x in) row-major, std sqrt(2)/sqrt(in), zero bias."""
    g = SeededGenerator(seed)
    weights, biases = [], []
    for n_in, n_out in zip(widths[:-1], widths[1:]):
        std = math.sqrt(2.0) / math.sqrt(n_in)
        weights.append(np.array([[std * g.normal() for _ in range(n_in)] for _ in range(n_out)]))
        biases.append(np.zeros(n_out))
    return weights, biases


def shuffled_indices(count, g):
    """Fisher-Yates from the top, j = next() % (i + 1): the lesson's shuffledIndices."""
    p = list(range(count))
    for i in range(count - 1, 0, -1):
        j = g.next() % (i + 1)
        p[i], p[j] = p[j], p[i]
    return p


# --- 2. Magnitude pruning ----------------------------------------------------------------------
def pruned_count(sparsity, n):
    """(sparsity * n).rounded() in Swift: to nearest, halves away from zero."""
    x = sparsity * n
    return int(math.floor(x + 0.5))


def prune_order(flat_weights, flat_mask):
    """Indices in pruning order: already pruned first, then by |w|, ties by the lower flat index."""
    idx = np.arange(len(flat_weights))
    # lexsort sorts by the last key first.
    return np.lexsort((idx, np.abs(flat_weights), (flat_mask > 0).astype(int)))


def magnitude_mask(weights, sparsity, scope, current=None):
    if current is None:
        current = [np.ones_like(w) for w in weights]
    if scope == "global":
        flat = np.concatenate([w.ravel() for w in weights]) if weights else np.zeros(0)
        flat_mask = np.concatenate([m.ravel() for m in current]) if weights else np.zeros(0)
        k = pruned_count(sparsity, len(flat))
        assert k >= int((flat_mask == 0).sum())
        keep = np.ones(len(flat))
        keep[prune_order(flat, flat_mask)[:k]] = 0
        out, offset = [], 0
        for w in weights:
            out.append(keep[offset:offset + w.size].reshape(w.shape))
            offset += w.size
        return out
    out = []
    for w, m in zip(weights, current):
        k = pruned_count(sparsity, w.size)
        assert k >= int((m == 0).sum())
        keep = np.ones(w.size)
        keep[prune_order(w.ravel(), m.ravel())[:k]] = 0
        out.append(keep.reshape(w.shape))
    return out


def random_mask(mask, seed):
    """Each layer's entries permuted: new[i] = old[p[i]], p from one generator, layer after layer."""
    g = SeededGenerator(seed)
    out = []
    for m in mask:
        flat = m.ravel()
        p = shuffled_indices(flat.size, g)
        out.append(flat[p].reshape(m.shape))
    return out


print("// --- magnitude pruning fixtures")
w_small = [np.array([[0.5, -0.1, 0.3], [-0.1, 2.0, 0.0]])]
for s in (0.5, 1 / 3, 0.25, 0.0, 1.0):
    m = magnitude_mask(w_small, s, "layerwise")[0]
    print(f"//   layerwise s={s:.4f}: k={pruned_count(s, 6)} mask={m.astype(int).tolist()}")
w_two = [np.array([[0.4, -0.2], [0.2, 0.9]]), np.array([[0.05, -0.06, 0.02]])]
for s in (3 / 7, 0.6):
    g_mask = magnitude_mask(w_two, s, "global")
    l_mask = magnitude_mask(w_two, s, "layerwise")
    print(f"//   two layers s={s:.4f}: global {[m.astype(int).tolist() for m in g_mask]}, "
          f"layerwise {[m.astype(int).tolist() for m in l_mask]}")
prior = magnitude_mask([np.array([[0.5, 0.1, 0.3, 0.2]])], 0.5, "layerwise", current=[np.array([[0.0, 1, 1, 1]])])
print(f"//   current [[0,1,1,1]] on [[0.5,0.1,0.3,0.2]], s=0.5 -> {prior[0].astype(int).tolist()}")
equal = magnitude_mask([np.array([[1.0, 1, 1], [1, 1, 1]])], 0.5, "layerwise")
signs = magnitude_mask([np.array([[2.0, -2.0]]), np.array([[2.0, 2.0]])], 0.75, "global")
print(f"//   ties: all ones s=0.5 -> {equal[0].astype(int).tolist()}; [[2,-2]],[[2,2]] global 0.75 -> {[m.astype(int).tolist() for m in signs]}")
print(f"//   pruned counts: 0.25*6 -> {pruned_count(0.25, 6)}, 0.5*5 -> {pruned_count(0.5, 5)}, "
      f"0.8*736 -> {pruned_count(0.8, 736)}")


# --- 3. The network and its training, in NumPy ------------------------------------------------
def is_residual(weights, l, residual):
    return residual and l < len(weights) - 1 and weights[l].shape[0] == weights[l].shape[1]


def forward(weights, biases, x, residual, matmul=np.matmul):
    for l, (w, b) in enumerate(zip(weights, biases)):
        z = matmul(x, w.T) + b
        if l == len(weights) - 1:
            x = z
        else:
            h = np.maximum(z, 0.0)
            x = x + h if is_residual(weights, l, residual) else h
    return x


def loss_and_gradients(weights, biases, x, labels, residual, matmul=np.matmul):
    """Mean softmax cross-entropy; gradients by a hand-written chain rule."""
    n = len(weights)
    inputs, hiddens = [], []
    for l, (w, b) in enumerate(zip(weights, biases)):
        inputs.append(x)
        z = matmul(x, w.T) + b
        if l == n - 1:
            hiddens.append(None)
            x = z
        else:
            h = np.maximum(z, 0.0)
            hiddens.append(h)
            x = x + h if is_residual(weights, l, residual) else h
    z = x
    rows = np.arange(len(labels))
    shifted = z - z.max(axis=1, keepdims=True)
    e = np.exp(shifted)
    s = e.sum(axis=1, keepdims=True)
    loss = float(np.mean(np.log(s[:, 0]) - shifted[rows, labels]))
    g = e / s
    g[rows, labels] -= 1
    g /= len(labels)
    grads_w, grads_b = [None] * n, [None] * n
    for l in reversed(range(n)):
        dz = g if l == n - 1 else g * (hiddens[l] > 0)
        grads_w[l] = matmul(dz.T, inputs[l])
        grads_b[l] = dz.sum(axis=0)
        g_in = matmul(dz, weights[l])
        if is_residual(weights, l, residual):
            g_in = g_in + g
        g = g_in
    return loss, grads_w, grads_b


def train_masked(weights, biases, mask, x, labels, epochs, batch, lr, shuffle_seed, residual, matmul=np.matmul):
    """Rewind (copy the given initial weights), apply the mask, then minibatch SGD with masked gradients."""
    w = [wi * mi for wi, mi in zip(weights, mask)]
    b = [bi.copy() for bi in biases]
    g = SeededGenerator(shuffle_seed)
    n = len(labels)
    for _ in range(epochs):
        order = shuffled_indices(n, g)
        for start in range(0, n, batch):
            idx = order[start:start + batch]
            _, gw, gb = loss_and_gradients(w, b, x[idx], labels[idx], residual, matmul)
            for l in range(len(w)):
                w[l] = w[l] - lr * (gw[l] * mask[l])
                b[l] = b[l] - lr * gb[l]
    return w, b


def accuracy(weights, biases, x, labels, residual, matmul=np.matmul):
    return float(np.mean(forward(weights, biases, x, residual, matmul).argmax(axis=1) == labels))


def input_output_paths_vec(mask, residual, skip_first=True):
    """1^T A_{L-1} ... A_0 1 with A_l = M_l, plus I on the layers that add their input."""
    v = np.ones(mask[0].shape[1])
    for l, m in enumerate(mask):
        nv = m @ v
        if residual and l < len(mask) - 1 and m.shape[0] == m.shape[1] and (skip_first or l > 0):
            nv = nv + v
        v = nv
    return int(round(v.sum()))


# --- 4. One masked step against torch.autograd ------------------------------------------------
print("\n// --- one masked SGD step (torch.autograd for the gradients)")
def torch_logits(weights, biases, h, residual):
    """`forward` in PyTorch, so autograd can differentiate it: ReLU layers (with the skip where a
    layer is square and `residual`), then a linear head."""
    for l in range(len(weights)):
        z = h @ weights[l].T + biases[l]
        if l == len(weights) - 1:
            return z
        r = torch.relu(z)
        h = h + r if is_residual(weights, l, residual) else r
    return h


FIX_WIDTHS = [3, 4, 4, 2]
fw, fb = he_init(FIX_WIDTHS, 5)
fb = [np.array([0.1 * (i + 1) * (-1) ** i for i in range(len(b))]) for b in fb]
fx, fy = gaussian_blobs(2, 3, dimensions=3, seed=6)
fmask = magnitude_mask(fw, 0.5, "global")
for residual in (False, True):
    tw = [torch.tensor(w * m, requires_grad=True) for w, m in zip(fw, fmask)]
    tb = [torch.tensor(b, requires_grad=True) for b in fb]
    loss = torch.nn.functional.cross_entropy(torch_logits(tw, tb, torch.tensor(fx), residual), torch.tensor(fy))
    loss.backward()
    lr = 0.5
    new_w = [(w.detach() - lr * w.grad * torch.tensor(m)).numpy() for w, m in zip(tw, fmask)]
    new_b = [(b.detach() - lr * b.grad).numpy() for b in tb]
    # The NumPy chain rule agrees with autograd.
    np_loss, gw, gb = loss_and_gradients([w * m for w, m in zip(fw, fmask)], fb, fx, fy, residual)
    assert abs(np_loss - loss.item()) < 1e-14
    for a, t in zip(gw, tw):
        assert np.allclose(a, t.grad.numpy(), rtol=1e-13, atol=1e-15)
    name = "Residual" if residual else "Plain"
    print(f"let step{name}Loss: Double = {loss.item()!r}")
    print(f"let step{name}Weights: [[Double]] = [" + ", ".join(swift_literal(w.ravel()) for w in new_w) + "]")
    print(f"let step{name}Biases: [[Double]] = [" + ", ".join(swift_literal(b) for b in new_b) + "]")
print("// fixture network: he_init([3, 4, 4, 2], seed 5), biases 0.1, -0.2, 0.3, ... per layer;")
print("// batch gaussianBlobs(classes 2, perClass 3, dimensions 3, seed 6); mask global 50 %; lr 0.5")
print("let stepMask: [[Int]] = [" + ", ".join(swift_ints(m.ravel()) for m in fmask) + "]")


# --- 4b. Training under a sparse mask, every step masked, against torch.autograd ----------------
print("\n// --- training under a sparse mask (torch.autograd; the mask applied to the gradient at every step)")
TRAIN_WIDTHS = [4, 6, 6, 3]
tw0, tb0 = he_init(TRAIN_WIDTHS, 90)
tx, ty = gaussian_blobs(3, 5, dimensions=4, seed=91)
mask_rng = SeededGenerator(92)
tmask = [np.array([[1.0 if mask_rng.unit() < 0.4 else 0.0 for _ in range(w.shape[1])] for _ in range(w.shape[0])])
         for w in tw0]
T_EPOCHS, T_BATCH, T_LR, T_SHUFFLE = 3, 4, 0.3, 93


def torch_train_masked(weights, biases, mask, x, labels, residual, mask_every_step=True):
    """Minibatch SGD with autograd; the gradient of each weight multiplied by the mask at every step
    (or, with mask_every_step=False, dense training and the mask applied once at the end)."""
    w = [torch.tensor(wi * mi) for wi, mi in zip(weights, mask)]
    b = [torch.tensor(bi) for bi in biases]
    m = [torch.tensor(mi if mask_every_step else np.ones_like(mi)) for mi in mask]
    g = SeededGenerator(T_SHUFFLE)
    n = len(labels)
    for _ in range(T_EPOCHS):
        order = shuffled_indices(n, g)
        for start in range(0, n, T_BATCH):
            idx = order[start:start + T_BATCH]
            for t in w + b:
                t.requires_grad_(True)
            loss = torch.nn.functional.cross_entropy(torch_logits(w, b, torch.tensor(x[idx]), residual), torch.tensor(labels[idx]))
            loss.backward()
            with torch.no_grad():
                w = [wl - T_LR * wl.grad * ml for wl, ml in zip(w, m)]
                b = [bl - T_LR * bl.grad for bl in b]
    w = [wl.detach().numpy() * (mi if not mask_every_step else 1.0) for wl, mi in zip(w, mask)]
    return w, [bl.detach().numpy() for bl in b]


print("// he_init([4, 6, 6, 3], seed 90) (zero biases); gaussianBlobs(3 classes, 5 per class, 4 dimensions, seed 91);")
print("// mask entry 1 where SeededGenerator(92).unit() < 0.4, layer by layer, row-major; 3 epochs, batches of 4 (4, 4, 4, 3),")
print("// learning rate 0.3, shuffle seed 93")
print("let sparseTrainingMask: [[Int]] = [" + ", ".join(swift_ints(m.ravel()) for m in tmask) + "]")
assert (int(sum(m.sum() for m in tmask)), sum(m.size for m in tmask)) == (37, 78)  # the test's comment
for residual in (False, True):
    ew, eb = torch_train_masked(tw0, tb0, tmask, tx, ty, residual)
    nw, nb = train_masked(tw0, tb0, tmask, tx, ty, T_EPOCHS, T_BATCH, T_LR, T_SHUFFLE, residual)
    assert all(np.allclose(a, c, rtol=0, atol=1e-13) for a, c in zip(ew + eb, nw + nb)), "NumPy and autograd disagree"
    assert all(np.all(wl[ml == 0] == 0) for wl, ml in zip(ew, tmask))
    lw, lb = torch_train_masked(tw0, tb0, tmask, tx, ty, residual, mask_every_step=False)
    gap = max(float(np.abs(a - c).max()) for a, c in zip(ew + eb, lw + lb))
    assert round(gap, 2) == (0.66 if residual else 0.4)  # the test's comment
    name = "Residual" if residual else "Plain"
    print(f"//   {name.lower()}: dense training masked only at the end differs by up to {gap:.3g}")
    print(f"let sparseTrained{name}Weights: [[Double]] = [" + ", ".join(swift_literal(w.ravel()) for w in ew) + "]")
    print(f"let sparseTrained{name}Biases: [[Double]] = [" + ", ".join(swift_literal(b) for b in eb) + "]")


# --- 4c. Path counts of small masks by enumerating every route --------------------------------
def enumerated_paths(mask, residual):
    """Every route input -> unit -> ... -> output, one unit per layer, each crossing of layer l by
    a kept weight (mask entry != 0) or, on a layer that adds its input (residual, square, not the
    last), by the skip from a unit to the same unit; a crossing with both counts twice."""
    import itertools
    count = 0
    widths = [mask[0].shape[1]] + [m.shape[0] for m in mask]
    for route in itertools.product(*[range(w) for w in widths]):
        ways = 1
        for l, m in enumerate(mask):
            j, i = route[l], route[l + 1]
            skip = residual and l < len(mask) - 1 and m.shape[0] == m.shape[1] and i == j
            ways *= int(m[i, j] != 0) + int(skip)
        count += ways
    return count


print("\n// --- path counts with a square first layer (enumerated routes)")
square_first = [np.array([[1.0, 0, 1], [0, 0, 1], [1, 1, 0]]), np.array([[0.0, 1, 0], [1, 0, 1], [0, 0, 1]]),
                np.array([[1.0, 0, 1], [0, 1, 1]])]
full_square = [np.ones((3, 3)), np.ones((3, 3)), np.ones((2, 3))]
two_layers = [np.array([[1.0, 0, 0, 1], [0, 1, 0, 0], [0, 0, 0, 0], [1, 1, 1, 0]]), np.array([[1.0, 0, 1, 1], [0, 1, 1, 0]])]
for name, mk in (("3 -> 3 -> 3 -> 2, sparse", square_first), ("3 -> 3 -> 3 -> 2, full", full_square),
                 ("4 -> 4 -> 2, sparse", two_layers)):
    plain, res = enumerated_paths(mk, False), enumerated_paths(mk, True)
    assert (plain, res) == (input_output_paths_vec(mk, False), input_output_paths_vec(mk, True))
    no_first = input_output_paths_vec(mk, True, skip_first=False)
    assert no_first != res
    print(f"//   {name}: plain {plain}, residual {res} (without the first layer's skip: {no_first})")


# --- 5. The experiment ------------------------------------------------------------------------
WIDTHS = [10, 16, 16, 16, 4]
INIT_SEED, SHUFFLE_SEED, RANDOM_SEED = 1, 3, 4
EPOCHS, BATCH, LR = 10, 20, 0.2


def blobs_pair(seed):
    xtr, ytr = gaussian_blobs(4, 50, dimensions=10, radius=3.0, spread=1.0, seed=seed)
    xte, yte = gaussian_blobs(4, 50, dimensions=10, radius=3.0, spread=1.0, seed=seed + 1)
    return xtr, ytr, xte, yte


def schedule(final, rounds):
    return [1 - (1 - final) ** (r / rounds) for r in range(1, rounds + 1)]


def experiment(data, final, rounds, init_seed=INIT_SEED, perturb=0.0, matmul=np.matmul):
    """IMP on the plain network; at each sparsity also a random mask (plain), the ticket on the
    residual network and the random mask on the residual network. Returns rows
    (sparsity, ticket, random, transferred, residual random) and the masks."""
    xtr, ytr, xte, yte = data
    w0, b0 = he_init(WIDTHS, init_seed)
    if perturb:
        rng = np.random.default_rng(0)
        w0 = [w * (1 + perturb * rng.standard_normal(w.shape)) for w in w0]
    mask = [np.ones_like(w) for w in w0]
    rows, masks = [], [mask]
    sparsities = [0.0] + schedule(final, rounds)
    trained = None
    for r, s in enumerate(sparsities):
        if r > 0:
            mask = magnitude_mask(trained, s, "global", current=mask)
            masks.append(mask)
        trained, tb = train_masked(w0, b0, mask, xtr, ytr, EPOCHS, BATCH, LR, SHUFFLE_SEED, False, matmul)
        ticket = accuracy(trained, tb, xte, yte, False, matmul)
        rmask = random_mask(mask, RANDOM_SEED)
        wr, br = train_masked(w0, b0, rmask, xtr, ytr, EPOCHS, BATCH, LR, SHUFFLE_SEED, False, matmul)
        wt, bt = train_masked(w0, b0, mask, xtr, ytr, EPOCHS, BATCH, LR, SHUFFLE_SEED, True, matmul)
        wq, bq = train_masked(w0, b0, rmask, xtr, ytr, EPOCHS, BATCH, LR, SHUFFLE_SEED, True, matmul)
        rows.append((s, ticket, accuracy(wr, br, xte, yte, False, matmul), accuracy(wt, bt, xte, yte, True, matmul),
                     accuracy(wq, bq, xte, yte, True, matmul)))
    return rows, masks


DATA = blobs_pair(1)
print("\n// --- data and initialisation")
print(f"//   train x[0] = {DATA[0][0].tolist()}")
print(f"//   test  x[199] = {DATA[2][199].tolist()}")
w_init, _ = he_init(WIDTHS, INIT_SEED)
print(f"//   W0[0][0, 0..2] = {w_init[0][0, :3].tolist()}, W3[3, 15] = {w_init[3][3, 15]!r}")
order = shuffled_indices(200, SeededGenerator(SHUFFLE_SEED))
print(f"let firstShuffle: [Int] = {swift_ints(order[:12])}  // first 12 of shuffledIndices(200), seed 3")
print(f"//   sizes: {[w.size for w in w_init]}, total {sum(w.size for w in w_init)}")

print("\n// --- the main experiment: IMP to 80 % in 4 rounds (global), seeds: data 1/2, init 1, shuffle 3, random mask 4")
rows, masks = experiment(DATA, 0.8, 4)
for s, t, r, x, q in rows:
    print(f"//   sparsity {s:.6f}: ticket {t:.3f}  random {r:.3f}  | residual: transferred {x:.3f}  random {q:.3f}")
print("let mainSparsities: [Double] = " + swift_literal([row[0] for row in rows]))
print("let mainTicket: [Double] = " + swift_literal([row[1] for row in rows]))
print("let mainRandom: [Double] = " + swift_literal([row[2] for row in rows]))
print("let mainTransferred: [Double] = " + swift_literal([row[3] for row in rows]))
print("let mainResidualRandom: [Double] = " + swift_literal([row[4] for row in rows]))
print(f"//   pruned per round (global counts): {[int((np.concatenate([m.ravel() for m in ms]) == 0).sum()) for ms in masks]}")
final = masks[-1]
print(f"//   kept per layer at 80 %: {[int(m.sum()) for m in final]} of {[m.size for m in final]}")
print(f"//   input weights kept per input feature (columns of W0): {final[0].sum(axis=0).astype(int).tolist()}")
print(f"//   hidden units of layer 1 with no input left: {int((final[0].sum(axis=1) == 0).sum())}")
print("let ticketKept: [[Int]] = [" + ", ".join(swift_ints(np.flatnonzero(m.ravel())) for m in final) + "]")
rm = random_mask(final, RANDOM_SEED)
print(f"//   random mask (seed 4) kept per layer: {[int(m.sum()) for m in rm]}; "
      f"input weights on the two informative features: ticket {int(final[0][:, :2].sum())}, random {int(rm[0][:, :2].sum())}")
print("let randomKeptLayer0: [Int] = " + swift_ints(np.flatnonzero(rm[0].ravel())))


def input_output_paths(mask, residual):
    """Paths from an input to an output through kept weights: 1^T M_3 (I + M_2)(I + M_1) M_0 1 for
    the residual network (identity terms only on the square hidden layers), 1^T M_3 M_2 M_1 M_0 1
    for the plain one; as a vector recursion, not as the lesson's loop."""
    v = np.ones(mask[0].shape[1])
    for l, m in enumerate(mask):
        nv = m @ v
        if residual and l < len(mask) - 1 and m.shape[0] == m.shape[1]:
            nv = nv + v
        v = nv
    return int(round(v.sum()))


print("// paths from input to output through kept weights (plain / residual wiring)")
print(f"//   all-ones mask: plain {input_output_paths(masks[0], False)} (= 10*16^3*4 = {10 * 16**3 * 4}), "
      f"residual {input_output_paths(masks[0], True)}")
for r in (4,):
    tm, rmm = masks[r], random_mask(masks[r], RANDOM_SEED)
    print(f"//   sparsity {rows[r][0]:.4f}: ticket plain {input_output_paths(tm, False)} residual {input_output_paths(tm, True)}; "
          f"random plain {input_output_paths(rmm, False)} residual {input_output_paths(rmm, True)}")

# A trained weight, to pin the training itself (tolerance 1e-9 in the tests).
tw, tb = train_masked(w_init, he_init(WIDTHS, INIT_SEED)[1], [np.ones_like(w) for w in w_init],
                      DATA[0], DATA[1], EPOCHS, BATCH, LR, SHUFFLE_SEED, False)
print(f"let denseTrainedW0Row0: [Double] = {swift_literal(tw[0][0])}")
print(f"let denseTrainedB3: [Double] = {swift_literal(tb[3])}")
print(f"let denseTrainedLoss: Double = {loss_and_gradients(tw, tb, DATA[0], DATA[1], False)[0]!r}")

FIG_FINAL = 1 - 0.2**2.5
print("\n// --- the figure: IMP to 1 - 0.2^2.5 in 10 rounds (each round prunes 1 - 0.2^(1/4) of what is left)")
print(f"//   fraction pruned per round: {1 - 0.2**0.25:.6f}; final sparsity {FIG_FINAL:.6f}")
fig_rows, fig_masks = experiment(DATA, FIG_FINAL, 10)
counts = [pruned_count(s, 736) for s in [0.0] + schedule(FIG_FINAL, 10)]
margins = [abs(s * 736 - math.floor(s * 736) - 0.5) for s in schedule(FIG_FINAL, 10) + schedule(0.8, 4)]
print(f"//   pruned counts: {counts}; smallest distance of s*736 from a half: {min(margins):.4f}")
print(f"//   schedule: {[round(r[0], 4) for r in fig_rows]}")
for s, t, r, x, q in fig_rows:
    print(f"//   sparsity {s:.4f} (kept {1 - s:.4f}): ticket {t:.3f}  random {r:.3f}  | residual: transferred {x:.3f}  random {q:.3f}")
for name, col in (("Ticket", 1), ("Random", 2), ("Transferred", 3), ("ResidualRandom", 4)):
    print(f"let figure{name}: [Double] = " + swift_literal([row[col] for row in fig_rows]))
for r in range(len(fig_rows)):
    tm, rmm = fig_masks[r], random_mask(fig_masks[r], RANDOM_SEED)
    print(f"//   paths at {fig_rows[r][0]:.4f} (kept {int(sum(m.sum() for m in tm))}): ticket plain {input_output_paths(tm, False)} "
          f"residual {input_output_paths(tm, True)}; random plain {input_output_paths(rmm, False)} residual {input_output_paths(rmm, True)}")
print("let figureTicketPaths: [Int] = " + swift_ints([input_output_paths(m, False) for m in fig_masks]))
print("let figureRandomPaths: [Int] = " + swift_ints([input_output_paths(random_mask(m, RANDOM_SEED), False) for m in fig_masks]))
m91 = fig_masks[6]
print(f"//   the 91 % ticket keeps {[int(m.sum()) for m in m91]} per layer")
print("let ticket91Kept: [[Int]] = [" + ", ".join(swift_ints(np.flatnonzero(m.ravel())) for m in m91) + "]")
assert [r[1:] for r in fig_rows[:5]] == [r[1:] for r in rows], "the first five rounds of the figure are the main experiment"
assert all(abs(a[0] - b[0]) < 1e-12 for a, b in zip(fig_rows, rows))

print("\n// --- other seeds (data seed d: train d, test d + 1; init seed i), the figure's schedule")
summary = []
for d in (1, 5):
    data = blobs_pair(d)
    for i in (1, 2, 3):
        rr, _ = experiment(data, FIG_FINAL, 10, init_seed=i)
        summary.append(rr)
        print(f"//   data {d} init {i}: dense {rr[0][1]:.3f} | 80 %: ticket {rr[4][1]:.3f} random {rr[4][2]:.3f} "
              f"transferred {rr[4][3]:.3f} residual random {rr[4][4]:.3f} | 91 %: ticket {rr[6][1]:.3f} "
              f"random {rr[6][2]:.3f} transferred {rr[6][3]:.3f} residual random {rr[6][4]:.3f}")
print(f"//   at 80 %: ticket >= dense in {sum(rr[4][1] >= rr[0][1] for rr in summary)} of 6 "
      f"(ticket - dense: min {min(rr[4][1] - rr[0][1] for rr in summary):+.3f}); "
      f"ticket > random in {sum(rr[4][1] > rr[4][2] for rr in summary)} of 6 "
      f"(ticket - random: min {min(rr[4][1] - rr[4][2] for rr in summary):+.3f}); "
      f"transferred > residual random in {sum(rr[4][3] > rr[4][4] for rr in summary)} of 6 "
      f"(difference: max {max(rr[4][3] - rr[4][4] for rr in summary):+.3f}); "
      f"residual random: min {min(rr[4][4] for rr in summary):.3f}")
for r in (5, 6):
    print(f"//   at {summary[0][r][0]:.4f}: transferred > residual random in {sum(rr[r][3] > rr[r][4] for rr in summary)} of 6 "
          f"(difference: min {min(rr[r][3] - rr[r][4] for rr in summary):+.3f}); "
          f"ticket > random in {sum(rr[r][1] > rr[r][2] for rr in summary)} of 6")


# --- 6. Robustness to rounding ----------------------------------------------------------------
def matmul_by_columns(a, b):
    """A product summed in another order: one rank-1 update per inner index, from the last."""
    out = np.zeros((a.shape[0], b.shape[1]))
    for k in reversed(range(a.shape[1])):
        out += np.outer(a[:, k], b[k, :])
    return out


print("\n// --- robustness: perturbed initial weights (relative 1e-13) and another summation order")
rows_p, masks_p = experiment(DATA, FIG_FINAL, 10, perturb=1e-13)
assert rows_p == fig_rows, "accuracies moved under a 1e-13 perturbation"
assert all(all(np.array_equal(a, b) for a, b in zip(m1, m2)) for m1, m2 in zip(masks_p, fig_masks))
rows_o, masks_o = experiment(DATA, 0.8, 4, matmul=matmul_by_columns)
assert rows_o == rows, "accuracies moved under another summation order"
assert all(all(np.array_equal(a, b) for a, b in zip(m1, m2)) for m1, m2 in zip(masks_o, masks))
print("//   identical accuracies and masks in both")
print(f"// done in {time.time() - T0:.1f} s")


# --- 7. The numbers the lesson's prose states, asserted ---------------------------------------
def r3(x):
    return round(x, 3)


kept = [736 - c for c in counts]
assert pruned_count(0.25, 6) == 2 and pruned_count(0.8, 736) == 589 and 736 - 589 == 147
assert round(1 - 0.2**0.25, 3) == 0.331 and round(FIG_FINAL, 3) == 0.982
assert [round(100 * s, 1) for s in schedule(0.8, 4)] == [33.1, 55.3, 70.1, 80.0]
assert counts[1:5] == [244, 407, 516, 589]
assert [r3(r[1]) for r in rows] == [0.895, 0.905, 0.915, 0.92, 0.925]          # tickets, rounds 0-4
assert r3(rows[4][2]) == 0.48                                                  # random mask at 80 %
assert round(loss_and_gradients(tw, tb, DATA[0], DATA[1], False)[0], 3) == 0.043
assert [int(m.sum()) for m in final][0] == 37 and int(final[0][:, :2].sum()) == 13 and int(rm[0][:, :2].sum()) == 7
assert (input_output_paths(final, False), input_output_paths(final, True)) == (338, 604)
assert (input_output_paths(rm, False), input_output_paths(rm, True)) == (203, 451)
assert input_output_paths(masks[0], False) == 163840
assert (r3(rows[0][3]), r3(rows[4][3]), r3(rows[4][4])) == (0.91, 0.93, 0.95)   # residual: dense, transferred, random
assert r3(rows[0][1] - rows[4][2]) == 0.415
assert kept[6] == 66 and (r3(fig_rows[6][3]), r3(fig_rows[6][4]), r3(fig_rows[6][1]), r3(fig_rows[6][2])) == (0.945, 0.285, 0.945, 0.24)
assert (r3(fig_rows[7][1]), kept[7], r3(fig_rows[8][1]), kept[8]) == (0.955, 44, 0.945, 29)
assert (r3(fig_rows[9][1]), r3(fig_rows[10][1]), kept[9], kept[10]) == (0.66, 0.66, 20, 13)
assert input_output_paths(fig_masks[10], False) == 2
assert all(a[1] < b[1] for a, b in zip(fig_rows[:7], fig_rows[1:8]))         # the ticket improves up to round 7
assert [r3(r[2]) for r in fig_rows[5:8]] == [0.22, 0.24, 0.25] and all(r3(r[2]) == 0.25 for r in fig_rows[7:])
assert r3(fig_rows[5][4]) == 0.88 and r3(fig_rows[10][3]) == 0.48
# Six runs (section 5): ticket within 0.015 of dense, above it in four, above random by >= 0.110;
# residual random >= 0.900 at 80 %, transferred ahead in four by <= 0.060; at 86.6 % and 91.1 %
# transferred ahead in all six by >= 0.065 and >= 0.320.
assert r3(min(rr[4][1] - rr[0][1] for rr in summary)) == -0.015 and sum(rr[4][1] > rr[0][1] for rr in summary) == 4
assert r3(min(rr[4][1] - rr[4][2] for rr in summary)) == 0.11
assert r3(min(rr[4][4] for rr in summary)) == 0.9 and sum(rr[4][3] > rr[4][4] for rr in summary) == 4
assert r3(max(rr[4][3] - rr[4][4] for rr in summary)) == 0.06
assert r3(min(rr[5][3] - rr[5][4] for rr in summary)) == 0.065 and r3(min(rr[6][3] - rr[6][4] for rr in summary)) == 0.32
assert all(rr[5][3] > rr[5][4] and rr[6][3] > rr[6][4] for rr in summary)

# A hidden test of masked training: hidden unit 1 of a 2 -> 3 -> 2 network has both input weights
# pruned; its bias still learns. One SGD step (learning rate 0.5, mean cross-entropy) by autograd.
with torch.enable_grad():
    M0 = torch.tensor([[1.0, 1.0], [0.0, 0.0], [1.0, 1.0]], dtype=torch.float64)
    W0 = (torch.tensor([[0.5, -1.0], [1.5, 0.25], [-0.75, 0.5]], dtype=torch.float64) * M0).requires_grad_()
    b0 = torch.tensor([0.2, 0.3, 0.1], dtype=torch.float64, requires_grad=True)
    W1 = torch.tensor([[1.0, -0.5, 0.25], [-1.0, 0.75, 0.5]], dtype=torch.float64, requires_grad=True)
    b1 = torch.tensor([0.05, -0.05], dtype=torch.float64, requires_grad=True)
    X = torch.tensor([[1.0, 2.0], [-0.5, 0.5], [0.3, -1.2]], dtype=torch.float64)
    step_loss = torch.nn.functional.cross_entropy(torch.relu(X @ W0.T + b0) @ W1.T + b1, torch.tensor([0, 1, 1]))
    step_loss.backward()
print(f"// masked step with a dead unit: loss {step_loss.item()!r}; layer 0 bias {[float(v) for v in (b0 - 0.5 * b0.grad).detach()]}; "
      f"layer 0 weight {[float(v) for v in (W0 - 0.5 * W0.grad * M0).detach().flatten()]}; layer 1 bias[0] {float((b1[0] - 0.5 * b1.grad[0]).detach())!r}")
print("// every number the prose states is asserted above: OK")
