#!/usr/bin/env python3
"""Summarise jdk.ExecutionSample events of a JFR recording.

    jfr print --json --events jdk.ExecutionSample rec.jfr > samples.json
    python3 bench/jfr_top.py samples.json [N]

Prints: the top N methods by self samples (top frame), the top N io.webops methods by inclusive
samples (anywhere on the stack), the first io.webops frame under each sample (which of our code
the time is spent under) and the share of samples whose stack touches a subsystem.
"""
import collections
import json
import sys

data = json.load(open(sys.argv[1]))
n = int(sys.argv[2]) if len(sys.argv) > 2 else 10
events = [e for e in data["recording"]["events"] if e["type"] == "jdk.ExecutionSample"]


def name(frame):
    m = frame["method"]
    return m["type"]["name"].replace("/", ".") + "." + m["name"]


self_count, incl_webops, first_webops, thread_count = (collections.Counter() for _ in range(4))
subsystems = {
    "H2 (history store)": ("org.h2.",),
    "io.webops.history": ("io.webops.history.",),
    "Jackson": ("com.fasterxml.jackson.",),
    "JMESPath (io.burt)": ("io.burt.jmespath.",),
    "io.webops.expr (conditions)": ("io.webops.expr.",),
    "Vert.x / Netty (HTTP)": ("io.vertx.", "io.netty."),
    "Camel core (routing)": ("org.apache.camel.",),
    "io.webops.runtime": ("io.webops.runtime.",),
}
touch = collections.Counter()
for e in events:
    frames = [name(f) for f in (e["values"].get("stackTrace") or {}).get("frames", [])]
    if not frames:
        continue
    thread = (e["values"].get("sampledThread") or {}).get("javaName") or "?"
    thread_count[thread.rstrip("0123456789-# ")] += 1
    self_count[frames[0]] += 1
    seen = set()
    for f in frames:
        if f.startswith("io.webops.") and f not in seen:
            incl_webops[f] += 1
            seen.add(f)
    ours = next((f for f in frames if f.startswith("io.webops.")), "(no io.webops frame)")
    first_webops[ours] += 1
    for label, prefixes in subsystems.items():
        if any(f.startswith(prefixes) for f in frames):
            touch[label] += 1

total = sum(self_count.values())
print(f"{total} execution samples")


def table(title, counter, k):
    print(f"\n{title}")
    for method, c in counter.most_common(k):
        print(f"  {100.0 * c / total:5.1f}%  {c:6d}  {method}")


table(f"top {n} methods by self samples (top frame)", self_count, n)
table(f"top {n} io.webops methods by inclusive samples", incl_webops, n)
table(f"top {n} nearest io.webops frame (code the sample ran under)", first_webops, n)
table("share of samples whose stack touches", touch, len(subsystems))
table("samples by thread (pool name)", thread_count, 8)
