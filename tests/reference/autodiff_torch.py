"""PyTorch timing of the autodiff benchmark's training run (not run by the tests).

The same job as tests/AdvancedMl.Benchmarks/AutodiffBenchmarks.cs: an MLP 3→128→128→2 with SiLU, MSE loss, one fixed
batch of 256 rows, Adam (lr 1e-3), 2,000 steps, float64, one thread. The batch is a formula (no random numbers), so both
sides fit the same data; only the initial weights differ. Run from the repository root with Debian's packages:
    /usr/bin/python3 tests/reference/autodiff_torch.py            # 1 thread (the comparison the issue asks for)
    /usr/bin/python3 tests/reference/autodiff_torch.py --threads 2
(apt-get install python3-torch libopenblas0-pthread python3-threadpoolctl). If threadpoolctl reports a generic
OpenBLAS core, rerun with OPENBLAS_CORETYPE=SkylakeX (or Zen) set. Prints the versions, the median wall and CPU (process) time of 5
timed runs (after one warm-up run) and the final loss. On a loaded machine compare CPU times.
"""
import argparse
import math
import sys
import time

import torch
from threadpoolctl import threadpool_info, threadpool_limits

N, STEPS = 256, 2000


def batch():
    x = torch.tensor([[math.sin(0.37 * i + 1.3 * j) * 2.0 for j in range(3)] for i in range(N)], dtype=torch.float64)
    y = torch.stack([torch.sin(x[:, 0]) + x[:, 1] * x[:, 2], torch.cos(x[:, 1] - x[:, 2])], dim=1)
    return x, y


def train(seed, x, y):
    torch.manual_seed(seed)
    net = torch.nn.Sequential(torch.nn.Linear(3, 128), torch.nn.SiLU(), torch.nn.Linear(128, 128), torch.nn.SiLU(),
                              torch.nn.Linear(128, 2)).double()
    opt = torch.optim.Adam(net.parameters(), lr=1e-3)
    for _ in range(STEPS):
        opt.zero_grad()
        loss = torch.nn.functional.mse_loss(net(x), y)
        loss.backward()
        opt.step()
    return loss.item()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, default=1)
    threads = parser.parse_args().threads
    torch.set_num_threads(threads)
    print(f"python {sys.version.split()[0]}, torch {torch.__version__}, threads {torch.get_num_threads()}")
    for pool in threadpool_info():
        print(f"  {pool.get('internal_api')} {pool.get('version')} core={pool.get('architecture')} threads={pool.get('num_threads')}")
    x, y = batch()
    with threadpool_limits(limits=threads):
        train(0, x, y)  # warm-up
        times, cpu, losses = [], [], []
        for seed in range(5):
            start, start_cpu = time.perf_counter(), time.process_time()
            losses.append(train(seed, x, y))
            times.append(time.perf_counter() - start)
            cpu.append(time.process_time() - start_cpu)
    print(f"2000 Adam steps, MLP 3-128-128-2 SiLU, batch 256, float64: median {sorted(times)[2]:.3f} s wall, "
          f"{sorted(cpu)[2]:.3f} s CPU (runs {', '.join(f'{t:.3f}/{c:.3f}' for t, c in zip(times, cpu))}); "
          f"final loss {losses[0]:.6f}")


if __name__ == "__main__":
    main()
