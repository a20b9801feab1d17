#!/usr/bin/env python3
"""Checks that every flow arrow of a dplab Trace Event file binds to the slice it belongs to.

    check_trace_flows.py trace.perfetto.json [trace.jsonl]

The viewers bind a flow event ("s", or "f" with bp "e") to a slice in two ways, and both must
give the same slice B:
  - Perfetto: the innermost X slice open on the flow event's thread at its timestamp
    (start <= ts < start + dur; of slices that start together, the one written later);
  - Chrome DevTools: the one non-flow event with the same cat, pid, tid and ts.
B must list the arrow (its args "sent" for an "s", "received" for an "f"). With trace.jsonl,
B must also be where the message really went: an "s" on the sender's "NAME messages" row at the
instant it sent (for a bus delivery sent as its event was published, the publisher's row at
the publish), an "f" on the receiver's row at the instant of the delivery (1 us later for a
message that arrived the instant it left: DevTools needs an arrow's ends at two timestamps);
and every delivered
send or reply has its arrow. Slices on one thread must nest (never overlap in part). Prints a
summary; exits 1 with the first problems listed when a rule is broken.
"""
import bisect
import json
import sys
from collections import defaultdict


def main(argv):
    if len(argv) not in (2, 3):
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    with open(argv[1], encoding="utf-8") as f:
        events = json.load(f)["traceEvents"]
    problems = []

    def problem(text):
        problems.append(text)

    thread_names = {}
    slices = defaultdict(list)  # (pid, tid) -> [(start, file index)]
    by_token = defaultdict(list)  # (cat, pid, tid, ts) -> [file index] of non-flow events
    flows = []
    for i, e in enumerate(events):
        ph = e.get("ph")
        key = (e.get("pid"), e.get("tid"))
        if ph == "M":
            if e.get("name") == "thread_name":
                thread_names[key] = e["args"]["name"]
            continue
        if ph in ("s", "t", "f"):
            flows.append(i)
            continue
        by_token[(e.get("cat"), key[0], key[1], e.get("ts"))].append(i)
        if ph == "X":
            slices[key].append((e["ts"], i))
    for spans in slices.values():
        spans.sort()

    # Nesting: a slice that starts inside another ends inside it too.
    for key, spans in slices.items():
        stack = []
        for start, i in spans:
            end = start + events[i]["dur"]
            while stack and stack[-1] <= start:
                stack.pop()
            if stack and end > stack[-1]:
                problem(f"slice {events[i]['name']!r} at {start} on {thread_names.get(key)} "
                        f"overlaps the one it starts in")
            stack.append(end)

    def perfetto_slice(key, ts):
        spans = slices.get(key, [])
        # Candidates start at or before ts; the innermost open one starts last (of slices that
        # start together, the one written last). Walk back from there, without copying.
        j = bisect.bisect_right(spans, (ts, len(events))) - 1
        best = None
        while j >= 0:
            start, i = spans[j]
            if best is not None and start < events[best]["ts"]:
                break
            if start <= ts < start + events[i]["dur"] and (best is None or i > best):
                best = i
            j -= 1
        if best is not None:
            return best
        # Else an enclosing slice that started earlier (a long parent).
        j = bisect.bisect_right(spans, (ts, len(events))) - 1
        while j >= 0:
            start, i = spans[j]
            if start <= ts < start + events[i]["dur"]:
                return i
            j -= 1
        return None

    starts, ends = {}, {}
    for i in flows:
        e = events[i]
        ph = e["ph"]
        where = f"flow {ph} id {e.get('id')} at {e.get('ts')}"
        if ph == "t":
            problem(f"{where}: step events are not expected")
            continue
        if ph == "f" and e.get("bp") != "e":
            problem(f"{where}: an end without bp \"e\" binds to the next slice")
            continue
        key = (e.get("pid"), e.get("tid"))
        b = perfetto_slice(key, e["ts"])
        if b is None:
            problem(f"{where} on {thread_names.get(key)}: no slice encloses it (Perfetto)")
            continue
        same = by_token.get((e.get("cat"), key[0], key[1], e["ts"]), [])
        if same != [b]:
            problem(f"{where} on {thread_names.get(key)}: DevTools binds it to "
                    f"{[events[j]['name'] for j in same]}, Perfetto to {events[b]['name']!r}")
            continue
        listed = events[b].get("args", {}).get("sent" if ph == "s" else "received", [])
        if e.get("id") not in listed:
            problem(f"{where}: its slice {events[b]['name']!r} does not list it")
            continue
        (starts if ph == "s" else ends).setdefault(e["id"], []).append((e, b))

    for fid, s in starts.items():
        f = ends.get(fid, [])
        if len(s) != 1 or len(f) != 1:
            problem(f"flow {fid}: {len(s)} starts and {len(f)} ends")
            continue
        (se, _), (fe, _) = s[0], f[0]
        if (se.get("cat"), se.get("name")) != (fe.get("cat"), fe.get("name")):
            problem(f"flow {fid}: start and end differ in cat or name")
        if se["ts"] > fe["ts"]:
            problem(f"flow {fid}: ends before it starts")
        elif se["ts"] == fe["ts"]:
            # DevTools places a flow's events by timestamp: both ends at one instant would
            # bind to the same slice, and it draws no arrow.
            problem(f"flow {fid}: starts and ends at one instant ({se['ts']})")
    for fid in ends:
        if fid not in starts:
            problem(f"flow {fid}: an end without a start")

    checked = 0
    if len(argv) == 3:
        trace = {}
        delivered_by = {}
        with open(argv[2], encoding="utf-8") as f:
            for line in f:
                ev = json.loads(line)
                trace[ev["id"]] = ev
                if ev["kind"] == "deliver" and "cause" in ev:
                    delivered_by[ev["cause"]] = ev

        def row(e):
            return thread_names.get((e.get("pid"), e.get("tid")))

        for fid, s in starts.items():
            send = trace.get(fid)
            if not send or send["kind"] not in ("send", "reply"):
                problem(f"flow {fid}: trace event {fid} is not a send or a reply")
                continue
            b = events[s[0][1]]
            places = [(send["from"], send["t_us"])]
            cause = trace.get(send.get("cause"))
            if send["from"] == "bus" and cause and cause["kind"] == "publish":
                places = [(cause["from"], cause["t_us"])] + places
            if (row(b), b["ts"]) not in [(p + " messages", t) for p, t in places]:
                problem(f"flow {fid}: starts on {row(b)} at {b['ts']}, sent by {places}")
            deliver = delivered_by.get(fid)
            if not deliver:
                problem(f"flow {fid}: the trace has no delivery of it")
                continue
            b = events[ends[fid][0][1]] if fid in ends else None
            # A message that arrives at the instant it left is drawn arriving 1 us later.
            arrival = deliver["t_us"] + (1 if deliver["t_us"] == events[s[0][1]]["ts"] else 0)
            if b is None or (row(b), b["ts"]) != (deliver["to"] + " messages", arrival):
                problem(f"flow {fid}: ends on {row(b) if b else None}, delivered to "
                        f"{deliver['to']} at {deliver['t_us']}")
            checked += 1
        for cause in delivered_by:
            if trace.get(cause, {}).get("kind") in ("send", "reply") and cause not in starts:
                problem(f"send {cause} was delivered but has no arrow")

    print(f"{argv[1]}: {len(starts)} arrows, {len(flows)} flow events, "
          f"{sum(len(v) for v in slices.values())} slices, {checked} checked against the trace, "
          f"{len(problems)} problems")
    for p in problems[:20]:
        print("  " + p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
