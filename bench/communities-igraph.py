# Bench baseline: python-igraph on the edges written by bench/communities-child.ts. Times the build
# (read the edge list, make the undirected weighted graph) and community_multilevel (Louvain), and
# prints one JSON line with both times (wall and CPU), the communities and the modularity.
# Usage: python communities-igraph.py <edges file>
import json
import resource
import sys
import time

import igraph as ig

t0 = time.perf_counter()
c0 = time.process_time()
src, dst, w = [], [], []
with open(sys.argv[1]) as f:
    for line in f:
        a, b, c = line.split()
        src.append(int(a))
        dst.append(int(b))
        w.append(float(c))
n = max(max(src), max(dst)) + 1
g = ig.Graph(n=n, edges=list(zip(src, dst)), directed=False)
g.es["weight"] = w
t1 = time.perf_counter()
c1 = time.process_time()
parts = g.community_multilevel(weights="weight")
t2 = time.perf_counter()
c2 = time.process_time()
print(json.dumps({"buildSeconds": t1 - t0, "louvainSeconds": t2 - t1, "buildCpuSeconds": c1 - c0, "louvainCpuSeconds": c2 - c1, "communities": len(parts), "modularity": parts.modularity, "nodes": n, "edges": len(src), "peakKb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
