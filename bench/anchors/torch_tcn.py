"""PyTorch (CPU) anchor for the bench entry models.tcn.epoch.50k: the same TCN as @skippy/ml's tcnFactory
(4 residual blocks x 32 channels, kernel 3, dilation 2^k, causal left padding, layer norm over channels,
ReLU, dropout 0.1, 1x1 residual conv when channels change, last step -> linear -> sigmoid), Adam(1e-3),
batch 256, one epoch over 50k random windows of 64 bars x 20 features.
With --pruned, the forward pass computes each layer only at the steps the last step depends on (the same plan as
@skippy/ml's tcnPlan, as strided convolutions on the pruned grids): the same logits, fewer FLOPs.
Usage: python bench/anchors/torch_tcn.py [--threads N] [--pruned]   (prints one JSON line)"""
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


def plan(W, blocks, k):
    """Per block (input n, mid n, out n, out step) as @skippy/ml's tcnPlan: steps W-1-step*(n-1-i) >= 0."""
    clip = lambda step, n: min(n, (W - 1) // step + 1)
    out_step, out_n, res = 2 ** (blocks - 1), 1, [None] * blocks
    for b in range(blocks - 1, -1, -1):
        d = 2 ** b
        mid_n = clip(d, (out_n - 1) * out_step // d + k)
        in_n = clip(d, mid_n - 1 + k)
        res[b] = (in_n, mid_n, out_n, out_step)
        out_step, out_n = d, in_n
    return res


def grid_conv(h, conv, n_out, r):
    """conv on grid h [B, C, n_in] (dilation = one grid step) at n_out outputs r grid steps apart, ending at the last step."""
    k = conv.kernel_size[0]
    start = h.shape[2] - 1 - r * (n_out - 1) - (k - 1)
    if start < 0:
        h, start = F.pad(h, (-start, 0)), 0
    return F.conv1d(h[:, :, start:], conv.weight, conv.bias, stride=r)


class Tcn(nn.Module):
    def __init__(self, p, c=32, blocks=4, k=3, dropout=0.1):
        super().__init__()
        self.blocks = nn.Sequential(*[Block(p if b == 0 else c, c, k, 2 ** b, dropout) for b in range(blocks)])
        self.out = nn.Linear(c, 1)
        self.plan = None

    def forward(self, x):  # x: [B, W, p]
        if self.plan is None:
            h = self.blocks(x.transpose(1, 2))
            return self.out(h[:, :, -1]).squeeze(-1)
        h = x.transpose(1, 2)
        for blk, (_, mid_n, out_n, out_step) in zip(self.blocks, self.plan):
            d = blk.conv1.dilation[0]
            a = blk.drop(F.relu(blk.ln1(grid_conv(h, blk.conv1, mid_n, 1).transpose(1, 2)).transpose(1, 2)))
            r = 1 if out_n == 1 else out_step // d
            y = blk.drop(F.relu(blk.ln2(grid_conv(a, blk.conv2, out_n, r).transpose(1, 2)).transpose(1, 2)))
            n_in = h.shape[2]
            skip = h[:, :, n_in - 1 - r * (out_n - 1)::r] if r > 1 else h[:, :, n_in - out_n:]
            h = F.relu(y + (blk.res(skip) if blk.res is not None else skip))
        return self.out(h[:, :, -1]).squeeze(-1)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--threads', type=int, default=torch.get_num_threads())
    ap.add_argument('--n', type=int, default=50_000)
    ap.add_argument('--pruned', action='store_true', help='compute each layer only where the last step depends on it')
    ap.add_argument('--check', action='store_true', help='only check that the pruned pass gives the full pass\'s logits')
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(1)
    n, W, p, bs = a.n, 64, 20, 256
    series = torch.randn(n + W - 1, p)
    y = (torch.rand(n) < 0.5).float()
    model = Tcn(p)
    if a.check:
        model.eval()
        x = torch.randn(64, W, p)
        with torch.no_grad():
            full = model(x)
            model.plan = plan(W, 4, 3)
            print(json.dumps({'max_abs_diff': float((model(x) - full).abs().max())}))
        return
    if a.pruned:
        model.plan = plan(W, 4, 3)
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
    t, c = time.perf_counter(), time.process_time()
    epoch()
    ms, cpu_ms = (time.perf_counter() - t) * 1000, (time.process_time() - c) * 1000
    print(json.dumps({'name': 'models.tcn.epoch.50k', 'impl': f'torch {torch.__version__} cpu', 'threads': a.threads, 'pruned': a.pruned, 'ms': round(ms, 1), 'cpu_ms': round(cpu_ms, 1)}))


if __name__ == '__main__':
    main()
