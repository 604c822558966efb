import json, sys
r = json.load(open(sys.argv[1]))
rows = {}
for s in r['samples']:
    n = len(s['input'])
    for x in s['series']:
        if x['kind'] != 'attention': continue
        q, k = x['size']
        for h, vals in enumerate(x['values']):
            key = (x['name'], h)
            acc = rows.setdefault(key, [0, 0, 0, 0])
            for j in range(n):  # answer position j sits at tape index n + j; its answer is input n-1-j
                row = vals[(n + j) * k:(n + j + 1) * k]
                acc[0] += row[n - 1 - j]
                acc[1] += 1 if max(range(k), key=lambda c: row[c]) == n - 1 - j else 0
                acc[2] += sum(row[:n])
                acc[3] += 1
print("layer/head | mean weight on the mirrored input n-1-j | argmax is the mirror | mass on input positions")
for (name, h), (w, hit, mass, cnt) in sorted(rows.items()):
    print(f"{name} head {h+1} | {w/cnt:.3f} | {hit/cnt:.3f} | {mass/cnt:.3f}")
