#!/usr/bin/env python3
"""Writes replay-runs.jsonl: three recorded runs, interleaved by time (a diverging one, an overfitting one, a
healthy one), and replay-sweep.jsonl: a 4-member learning-rate sweep with the median stopping rule whose
too-high-LR member falls behind. Deterministic; rerun to regenerate."""
import json, math

T0 = 1763820000000
events = []

def msg(run, type_, step, ts, **fields):
    events.append({"v": 1, "type": type_, "runId": run, "step": step, "ts": ts, **fields})

def noise(step):
    return ((step * 7919) % 13 - 6) * 0.004

# A run whose learning rate is too high: fine for 60 steps, then the loss climbs away.
run, total = "demo-diverging", 200
msg(run, "run-started", 0, T0, spec={"learningRate": 3e-3, "schedule": "constant"}, totalSteps=total)
for s in range(1, 96):
    ts = T0 + s * 1000
    loss = 2.4 - 0.012 * s + noise(s) if s <= 60 else (2.4 - 0.72) * 1.07 ** (s - 60)
    msg(run, "train", s, ts, epoch=round(s / 66, 3), loss=round(loss, 4), lr=3e-3, gradNorm=round(0.9 + (s > 60) * 0.3 * (s - 60), 3))
    if s % 20 == 0:
        msg(run, "eval", s, ts + 200, epoch=round(s / 66, 3), valLoss=round(loss + 0.1, 4))
        msg(run, "checkpoint", s, ts + 300, checkpointId="step-%d" % s)

# A run that overfits a small set: validation loss is best at step 150, then rises; train loss goes to ~0.
run, total = "demo-overfit", 300
msg(run, "run-started", 0, T0 + 10, spec={"learningRate": 2e-4, "epochs": 8, "maxTrainExamples": 64}, totalSteps=total)
for s in range(1, 301):
    ts = T0 + s * 1000 + 10
    loss = max(0.02, 2.2 * math.exp(-s / 45)) + abs(noise(s)) * 0.2
    msg(run, "train", s, ts, epoch=round(s / 37.5, 3), loss=round(loss, 4), lr=2e-4, gradNorm=0.8)
    if s % 25 == 0:
        val = 1.25 + 0.9 * math.exp(-s / 40) + 0.0001 * max(0, s - 150) ** 1.6
        msg(run, "eval", s, ts + 200, epoch=round(s / 37.5, 3), valLoss=round(val, 4))
        msg(run, "checkpoint", s, ts + 300, checkpointId="step-%d" % s, valLoss=round(val, 4))

# A healthy run that completes.
run, total = "demo-healthy", 120
msg(run, "run-started", 0, T0 + 20, spec={"learningRate": 2e-4, "schedule": "cosine"}, totalSteps=total)
for s in range(1, 121):
    ts = T0 + s * 1000 + 20
    loss = 1.0 + 1.2 * math.exp(-s / 30) + noise(s)
    msg(run, "train", s, ts, epoch=round(s / 40, 3), loss=round(loss, 4), lr=2e-4, gradNorm=round(0.7 + noise(s), 3))
    if s % 40 == 0:
        msg(run, "eval", s, ts + 200, epoch=s / 40, valLoss=round(loss + 0.15, 4))
        msg(run, "checkpoint", s, ts + 300, checkpointId="step-%d" % s)
msg(run, "run-finished", 120, T0 + 121000, status="completed")

events.sort(key=lambda e: e["ts"])
with open("replay-runs.jsonl", "w") as f:
    for e in events:
        f.write(json.dumps(e, separators=(",", ":")) + "\n")


# The learning-rate sweep "lr-sweep": 4 members, 100 steps each, an eval every 20 steps, the median stopping rule
# (the policy.sweep object a member carries is what SweepPolicy.toJson() writes). Members report in index order
# within each second. At step 40 lr-sweep-3 (lr 5e-4; best valLoss 2.56) meets the other three, whose running
# averages are 2.22, 2.16 and 2.04: median 2.16 -> pruned at step 40. Its recording then ends (the agent stopped
# it); the others complete.
events = []
sweep_policy = {"sweep": {"rule": "median", "metric": "valLoss", "mode": "min", "minMembers": 3, "graceSteps": 0,
                          "graceEvals": 1, "eta": 3, "maxRungs": 3}}
members = [(5e-5, lambda s: 2.4 - 0.006 * s), (1e-4, lambda s: 2.4 - 0.008 * s),
           (2e-4, lambda s: 2.4 - 0.012 * s), (5e-4, lambda s: 2.6 - 0.001 * s)]
total = 100
for i, (lr, val) in enumerate(members):
    run, off = "lr-sweep-%d" % i, i * 10
    msg(run, "run-started", 0, T0 + off, spec={"learningRate": lr, "epochs": 1, "maxSteps": total},
        totalSteps=total, policy=sweep_policy, sweepId="lr-sweep")
    last = 41 if i == 3 else total
    for s in range(1, last + 1):
        ts = T0 + s * 1000 + off
        msg(run, "train", s, ts, epoch=round(s / total, 3), loss=round(val(s) - 0.1 + noise(s), 4), lr=lr,
            gradNorm=round(0.8 + noise(s), 3))
        if s % 20 == 0:
            msg(run, "eval", s, ts + 200, epoch=round(s / total, 3), valLoss=round(val(s), 4))
            msg(run, "checkpoint", s, ts + 300, checkpointId="step-%d" % s)
    if i == 3:
        msg(run, "run-finished", last, T0 + last * 1000 + off + 500, status="stopped",
            reason="sweep-median-stopping")
    else:
        msg(run, "run-finished", total, T0 + total * 1000 + off + 500, status="completed")

events.sort(key=lambda e: e["ts"])
with open("replay-sweep.jsonl", "w") as f:
    for e in events:
        f.write(json.dumps(e, separators=(",", ":")) + "\n")
