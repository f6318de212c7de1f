"""The forward pass of docs/model.md §3, operation by operation, in torch, on a batch of inputs.

Mirrors src/reference/forward_pass.cpp: every dot product starts at +0 in the `acc`
format and adds the products (each rounded into `acc`) left to right, adds its bias there,
and is stored in its stage's format; stable softmax (μ a left fold of max, d_j = s_j − μ,
w_j = exp(d_j)); Z and U by increasing position; a = U / Z rounded once; the residual
head by head; the MLP. Stored values come out in the order of docs/model.md §3 ("stored
value #i", the order of `eval --json`'s "stored"). Stages: formats.STAGES.
"""
import torch

import torch_ops as ops
from formats import float_pattern, parse_weight


class Pass:
    def __init__(self, model, stages, counters):
        self.m = model
        self.st = stages
        self.c = counters
        self.stored = []  # (label, stage, float64 tensor [B]), in on_store order
        self.exp_sites = []  # (index into stored, torch's own exp [B], how torch computed it)

    def w(self, text):
        return parse_weight(text, self.st["param"])

    def convert(self, name, x):
        from fractions import Fraction
        return ops.rnd(name, x, lambda i: Fraction(x[i].item()), self.c)

    def dot(self, row, xs, stage, bias=None):
        """⟨row, xs⟩ (row: weights as floats, or tensors) accumulated in `acc`, stored in `stage`."""
        A = self.st["acc"]
        acc = torch.zeros_like(xs[0])
        for wi, xi in zip(row, xs):
            wi = wi if torch.is_tensor(wi) else torch.full_like(xi, wi)
            acc = ops.add(A, acc, ops.mul(A, self.convert(A, wi), self.convert(A, xi), self.c), self.c)
        if bias is not None:
            acc = ops.add(A, acc, self.convert(A, torch.full_like(acc, bias)), self.c)
        return self.convert(self.st[stage], acc)

    def matvec(self, W, xs, stage):
        return [self.dot([self.w(t) for t in row], xs, stage) for row in W]

    def store(self, label, stage, x):
        self.stored.append((label, stage, x))
        return x

    def embed(self, tokens):
        """h_j for every position: a list over j of lists over coordinates of tensors [B]."""
        E, P = self.m["E"], self.m["P"]
        h = []
        for j in range(tokens.shape[1]):
            t = tokens[:, j]
            if "table" in E:
                table = torch.tensor([[self.w(x) for x in row] for row in E["table"]], dtype=torch.float64)
                tok = [table[t, i] for i in range(table.shape[1])]
            else:
                tok = self.digits(t, E["digit_bits"], E["d"])
            h.append(tok + [torch.full(t.shape, self.w(x), dtype=torch.float64) for x in P[j]])
        return h

    def digits(self, t, b, d):
        name = self.st["param"]
        top = t == (1 << (b * d))
        out = []
        for i in range(d):
            digit = torch.where(top, torch.full_like(t, 1 << b), (t >> (i * b)) & ((1 << b) - 1))
            k = digit - (1 << (b - 1))
            pat = torch.tensor([float_pattern(abs(x), int(x < 0), name) for x in k.tolist()], dtype=torch.int64)
            out.append(ops.from_patterns(pat, name))
        return out

    def run(self, tokens, everybit_w):
        """tokens: int64 [B, N]. everybit_w(i) gives everybit's stored value #i, a weight w_j (float64 [B]): the pass counts
        torch's exp against it and continues from everybit's value, so one exp difference does not
        spread to the values after it."""
        N = tokens.shape[1]
        h = self.embed(tokens)
        self.h = h
        proj = []
        for j in range(N):
            per_head = []
            for hd in self.m["heads"]:
                k = [self.store(f"k_{j+1}", "qk", x) for x in self.matvec(hd["W_K"], h[j], "qk")]
                v = [self.store(f"v_{j+1}", "value", x) for x in self.matvec(hd["W_V"], h[j], "value")]
                q = [self.store("q", "qk", x) for x in self.matvec(hd["W_Q"], h[j], "qk")] if j == N - 1 else None
                per_head.append((q, k, v))
            proj.append(per_head)
        r = list(h[N - 1])
        stable = self.m.get("softmax", "stable") == "stable"
        A = self.st["acc"]
        for e, hd in enumerate(self.m["heads"]):
            q = proj[N - 1][e][0]
            s = [self.store(f"s_{j+1}", "score", self.dot(q, proj[j][e][1], "score")) for j in range(N)]
            if stable:
                mu = s[0]
                for j in range(1, N):
                    mu = ops.maximum(mu, s[j])
                self.store("mu", "score", mu)
            w = []
            for j in range(N):
                x = self.store(f"d_{j+1}", "score", ops.sub(self.st["score"], s[j], mu, self.c)) if stable else s[j]
                mine, how = ops.exp(self.st["prob"], x)
                self.exp_sites.append((len(self.stored), mine, how))
                w.append(self.store(f"w_{j+1}", "prob", everybit_w(len(self.stored))))
            dh = len(q)
            Z = torch.zeros_like(s[0])
            U = [torch.zeros_like(s[0]) for _ in range(dh)]
            for j in range(N):
                wj = self.convert(A, w[j])
                Z = ops.add(A, Z, wj, self.c)
                for i in range(dh):
                    U[i] = ops.add(A, U[i], ops.mul(A, wj, self.convert(A, proj[j][e][2][i]), self.c), self.c)
            self.store("Z", "acc", Z)
            for x in U:
                self.store("U", "acc", x)
            a = [self.store("a", "out", ops.div(self.st["out"], U[i], Z, self.c)) for i in range(dh)]
            u = [self.store("W_O a", "out", x) for x in self.matvec(hd["W_O"], a, "out")]
            r = [ops.add(self.st["out"], r[i], u[i], self.c) for i in range(len(r))]
            for x in r:
                self.store(f"r_{e+1}", "out", x)
        mlp = self.m["mlp"]
        self.pre = [self.dot([self.w(t) for t in row], r, "out", self.w(b)) for row, b in zip(mlp["W_1"], mlp["b_1"])]
        self.g = [ops.relu(x) for x in self.pre]
        self.o = self.dot([self.w(t) for t in mlp["w_2"]], self.g, "out", self.w(mlp["b_2"]))
        return self
