"""PyTorch (CPU) anchor for the bench entry models.tcn.epoch.50k: the same TCN as @skippy/ml's tcnFactory
(4 residual blocks x 32 channels, kernel 3, dilation 2^k, causal left padding, layer norm over channels,
ReLU, dropout 0.1, 1x1 residual conv when channels change, last step -> linear -> sigmoid), Adam(1e-3),
batch 256, one epoch over 50k random windows of 64 bars x 20 features.
Usage: python bench/anchors/torch_tcn.py [--threads N]   (prints one JSON line)"""
import argparse, json, time
import torch
import torch.nn as nn
import torch.nn.functional as F


class Block(nn.Module):
    def __init__(self, cin, c, k, d, dropout):
        super().__init__()
        self.pad = (k - 1) * d
        self.conv1 = nn.Conv1d(cin, c, k, dilation=d)
        self.conv2 = nn.Conv1d(c, c, k, dilation=d)
        self.ln1 = nn.LayerNorm(c)
        self.ln2 = nn.LayerNorm(c)
        self.drop = nn.Dropout(dropout)
        self.res = nn.Conv1d(cin, c, 1) if cin != c else None

    def conv(self, x, conv, ln):  # x: [B, C, W]
        y = conv(F.pad(x, (self.pad, 0)))
        y = ln(y.transpose(1, 2)).transpose(1, 2)
        return self.drop(F.relu(y))

    def forward(self, x):
        y = self.conv(self.conv(x, self.conv1, self.ln1), self.conv2, self.ln2)
        return F.relu(y + (self.res(x) if self.res is not None else x))


class Tcn(nn.Module):
    def __init__(self, p, c=32, blocks=4, k=3, dropout=0.1):
        super().__init__()
        self.blocks = nn.Sequential(*[Block(p if b == 0 else c, c, k, 2 ** b, dropout) for b in range(blocks)])
        self.out = nn.Linear(c, 1)

    def forward(self, x):  # x: [B, W, p]
        h = self.blocks(x.transpose(1, 2))
        return self.out(h[:, :, -1]).squeeze(-1)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--threads', type=int, default=torch.get_num_threads())
    ap.add_argument('--n', type=int, default=50_000)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(1)
    n, W, p, bs = a.n, 64, 20, 256
    series = torch.randn(n + W - 1, p)
    y = (torch.rand(n) < 0.5).float()
    model = Tcn(p)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    idx = torch.arange(W)

    def epoch():
        model.train()
        perm = torch.randperm(n)
        for s in range(0, n, bs):
            rows = perm[s:s + bs]
            x = series[rows[:, None] + idx[None, :]]  # the causal windows, built per batch as ours are
            opt.zero_grad()
            loss = F.binary_cross_entropy_with_logits(model(x), y[rows])
            loss.backward()
            opt.step()

    epoch()  # warm-up
    t = time.perf_counter()
    epoch()
    ms = (time.perf_counter() - t) * 1000
    print(json.dumps({'name': 'models.tcn.epoch.50k', 'impl': f'torch {torch.__version__} cpu', 'threads': a.threads, 'ms': round(ms, 1)}))


if __name__ == '__main__':
    main()
