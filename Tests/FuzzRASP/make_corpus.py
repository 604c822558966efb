#!/usr/bin/env python3
"""Writes Tests/FuzzRASP/corpus: the library's programs and issue 25's reproducers, cut to just
past each bound so that they fit libFuzzer's -max_len (16384 bytes).

Usage: python3 Tests/FuzzRASP/make_corpus.py [path/to/reckon]   (default .build/release/reckon)
The corpus is committed; this script only documents how it was made and can remake it.
"""
import os, subprocess, sys

here = os.path.dirname(os.path.abspath(__file__))
reckon = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "..", "..", ".build", "release", "reckon")
out = os.path.join(here, "corpus")
os.makedirs(out, exist_ok=True)

def write(name, text):
    with open(os.path.join(out, name), "w") as f:
        f.write(text)

# The library, as `reckon rasp list NAME` prints it.
listing = subprocess.run([reckon, "rasp", "list"], check=True, capture_output=True, text=True).stdout
for line in listing.splitlines():
    if line.startswith("lib:"):
        name = line.split()[0][4:]
        source = subprocess.run([reckon, "rasp", "list", name], check=True, capture_output=True, text=True).stdout
        write("lib-%s.rasp" % name, source)

# Issue 25, item 1: deep nesting, at the bound (256) and just past it.
for n in (255, 257):
    write("parens-%d.rasp" % n, "x = " + "(" * n + "tokens" + ")" * n + "\n")
    write("not-%d.rasp" % n, "x = " + "not " * n + "tokens\n")
    write("minus-%d.rasp" % n, "x = " + "-" * n + "tokens\n")
    write("plus-chain-%d.rasp" % n, "x = tokens" + " + 0" * n + "\n")
    write("maps-%d.rasp" % n, "x = " + "map(v -> v, " * (n - 2) + "tokens" + ")" * (n - 2) + "\n")
    write("function-parens-%d.rasp" % n, "x = map(v -> " + "(" * (n - 3) + "v + 1" + ")" * (n - 3) + ", tokens)\n")
    write("tables-%d.rasp" % n, "x = map(v -> " + "{1: " * (n - 3) + "2" + "}" * (n - 3) + "[v], tokens)\n")
    write("conditionals-%d.rasp" % n,
          "x = map(v -> " + "if v == 1 then 1 else (" * (n // 2) + "v" + ")" * (n // 2) + ", tokens)\n")
write("index-chain.rasp", "x = map(v -> {1: 2, _: 0}" + "[v]" * 300 + ", tokens)\n")
# Item 2: a chain of statements past the 1000 s-ops and selectors.
write("statement-chain-1001.rasp", "s0 = tokens + 1\n" + "".join("s%d = s%d + 1\n" % (i, i - 1) for i in range(1, 1001)))
# Selector conjuncts doubling with every statement, and map fusion doubling the function.
write("conjuncts-doubling.rasp", "s0 = select(tokens, tokens, EQ)\n"
      + "".join("s%d = s%d and s%d\n" % (i, i - 1, i - 1) for i in range(1, 8)) + "w = selector_width(s7)\n")
write("fusion-doubling.rasp", "x = numerical(" + "map(v -> v + v, " * 40 + "indices" + ")" * 40 + ")\n")
# Item 3: values a float32 model cannot hold.
write("inf-categorical.rasp", "x = map(v -> 1e308 * 10, tokens)\n")
write("inf-numerical.rasp", "x = numerical(map(v -> 1e308 * 10, tokens))\n")
write("nan.rasp", "x = numerical(map(v -> 1e308 * 10 - 1e308 * 10, tokens))\n")
write("float32-overflow.rasp", "x = numerical(map(v -> 1e39, tokens))\n")
write("close-values.rasp", "x = numerical(map(v -> if v == 1 then 1 else 1 + 1e-300, tokens))\n"
      + "y = map(v -> v > 1, x)\n")
# Small programs from the reference and the tests: every primitive, comments, strings, errors.
write("swap.rasp", "# neighbours swapped in pairs\npartner = map(i -> i + 1 - 2 * (i % 2), indices)\n"
      + "swap = aggregate(select(indices, partner, EQ), tokens)\n")
write("statements.rasp", '# a comment\nopen = "("   # a named constant\n'
      + "is_open = numerical(map(x -> x == open, tokens)); twice = is_open * 2\n"
      + "out = aggregate(select(indices, indices,\n LEQ),\n twice, default: 0)\n")
write("strings.rasp", 'q = map(x -> {"(": 1, ")": -1, _: 0}[x], tokens)\nr = map(x -> "\\n\\t\\\\\\"" + \'b\', tokens)\n')
write("and-selector.rasp", "s = select(indices, indices, LEQ) and select(tokens, tokens, (k, q) -> k != \"a\")\n"
      + "o = numerical(aggregate(s, numerical(map(x -> 1, tokens)), default: 0))\n")
write("sequence-map.rasp", "a = sequence_map((x, y) -> x * y + min(x, y) - abs(x) + floor(x / 3), indices, indices)\n")
write("error-undefined.rasp", "a = tokens\nb = aggregate(select(indices, a, EQ), tokns)\n")
write("error-chained-comparison.rasp", "a = map(x -> 1 < x < 3, tokens)\n")
write("error-string.rasp", 'a = "open\n')
