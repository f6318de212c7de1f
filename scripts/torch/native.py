"""The same model the way a practitioner writes attention in torch (docs/torch.md).

Batched matmuls in the storage dtype with torch's own fp32 accumulation, torch.softmax,
a = softmax(s) @ v, the residual and the MLP in the dtype; accept iff o > 0. Where torch
has no kernel for the dtype on this device (fp16 on CPU), the op runs in fp32 and its
result is cast to the dtype once: the fp32-accumulating kernel a GPU would run. The ops
that fell back are reported.
"""
import torch

from formats import parse_weight
from torch_ops import DTYPES


class Native:
    def __init__(self, model, name):
        self.m = model
        self.name = name
        self.dt = DTYPES[name]
        self.fallbacks = set()

    def t(self, rows):
        return torch.tensor([[parse_weight(x, self.name) for x in row] for row in rows], dtype=torch.float64).to(self.dt)

    def op(self, label, f, *xs):
        try:
            return f(*xs)
        except RuntimeError:
            self.fallbacks.add(label)
            return f(*[x.float() for x in xs]).to(self.dt)

    def run(self, h):
        """h: float64 [B, N, D] (the embedded inputs). Returns o (float64 [B]) and accept (bool [B])."""
        x = h.to(self.dt)
        r = x[:, -1, :]
        for hd in self.m["heads"]:
            WQ, WK, WV, WO = (self.t(hd[k]) for k in ("W_Q", "W_K", "W_V", "W_O"))
            q = self.op("matmul", torch.matmul, x[:, -1:, :], WQ.T)  # [B, 1, dh]
            k = self.op("matmul", torch.matmul, x, WK.T)  # [B, N, dh]
            v = self.op("matmul", torch.matmul, x, WV.T)
            s = self.op("bmm", torch.bmm, q, k.transpose(1, 2))  # [B, 1, N]
            p = self.op("softmax", lambda z: torch.softmax(z, dim=-1), s)
            a = self.op("bmm", torch.bmm, p, v)  # [B, 1, dh]
            u = self.op("matmul", torch.matmul, a, WO.T)[:, 0, :]
            r = self.op("add", torch.add, r, u)
        mlp = self.m["mlp"]
        W1, b1 = self.t(mlp["W_1"]), self.t([mlp["b_1"]])[0]
        w2, b2 = self.t([mlp["w_2"]]), self.t([[mlp["b_2"]]])[0]
        pre = self.op("add", torch.add, self.op("matmul", torch.matmul, r, W1.T), b1)
        g = self.op("relu", torch.relu, pre)
        o = self.op("add", torch.add, self.op("matmul", torch.matmul, g, w2.T), b2)[:, 0]
        return o.to(torch.float64), (o > 0)
