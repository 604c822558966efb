/// The coarsest partition of a complete deterministic automaton's states that refines a given one
/// and is stable under every transition: Hopcroft's algorithm, in O(n·k·log n) for n states and k
/// symbols.
///
/// Source: J. Hopcroft, "An n log n algorithm for minimizing states in a finite automaton" (1971);
/// the data structures follow T. Knuutila, "Re-describing an algorithm by Hopcroft", Theoretical
/// Computer Science 250 (2001), and the refinable partition of A. Valmari and P. Lehtinen,
/// "Efficient minimization of DFAs with partial transition functions" (STACS 2008): a block is a
/// contiguous range of one permutation of the states, with its marked members moved to its front,
/// so splitting a block costs the size of its marked part. The splitter worklist holds (block,
/// symbol) pairs; when a block splits, a pair already waiting keeps both halves waiting and
/// otherwise only the smaller half joins, which is what bounds each state's reprocessing by log n.
enum HopcroftRefinement {
    /// The block of every state. `delta[q * symbolCount + a]` is the successor of state q on symbol a
    /// (complete: every entry a state); `initialBlocks[q]` numbers q's block of the starting
    /// partition (any non-negative ids). States end in the same block exactly when no word tells
    /// them apart by their starting blocks.
    static func blocks(delta: [Int], symbolCount k: Int, initialBlocks: [Int]) -> [Int] {
        let n = initialBlocks.count
        precondition(delta.count == n * k, "delta must be [states, symbols]")
        guard n > 0, k > 0 else { return initialBlocks }

        // Predecessors per (symbol, state), as one compressed array: those of state q on symbol a
        // are inverse[start[a * n + q] ..< start[a * n + q + 1]].
        var start = [Int](repeating: 0, count: n * k + 1)
        for p in 0..<n {
            for a in 0..<k { start[a * n + delta[p * k + a] + 1] += 1 }
        }
        for i in 0..<n * k { start[i + 1] += start[i] }
        var inverse = [Int](repeating: 0, count: n * k)
        var fill = start
        for p in 0..<n {
            for a in 0..<k {
                let slot = a * n + delta[p * k + a]
                inverse[fill[slot]] = p
                fill[slot] += 1
            }
        }

        var partition = RefinablePartition(initialBlocks: initialBlocks)
        // Waiting splitters, and which (block, symbol) pairs are among them.
        var waiting: [(block: Int, symbol: Int)] = []
        var isWaiting = [Bool](repeating: false, count: partition.blockCount * k)
        // All blocks but the largest: with a complete automaton the predecessors of the last one
        // are the complement of the others', so it splits nothing they do not (Hopcroft 1971).
        let largest = (0..<partition.blockCount).max { partition.size($0) < partition.size($1) } ?? 0
        for b in 0..<partition.blockCount where b != largest {
            for a in 0..<k {
                waiting.append((b, a))
                isWaiting[b * k + a] = true
            }
        }

        var members: [Int] = []
        while let (splitter, a) = waiting.popLast() {
            isWaiting[splitter * k + a] = false
            // A copy: marking reorders the permutation, the splitter's own range included.
            members.removeAll(keepingCapacity: true)
            members.append(contentsOf: partition.members(splitter))
            for q in members {
                for i in start[a * n + q]..<start[a * n + q + 1] { partition.mark(inverse[i]) }
            }
            for (kept, split) in partition.splitMarked() {
                isWaiting.append(contentsOf: repeatElement(false, count: k))
                for c in 0..<k {
                    let smaller = partition.size(split) <= partition.size(kept) ? split : kept
                    let added = isWaiting[kept * k + c] ? split : smaller
                    if !isWaiting[added * k + c] {
                        waiting.append((added, c))
                        isWaiting[added * k + c] = true
                    }
                }
            }
        }
        return partition.blockOf
    }
}

/// A partition of 0..<n as contiguous ranges of one permutation, each block's marked members first
/// (Valmari and Lehtinen 2008).
private struct RefinablePartition {
    private var elements: [Int]
    private var location: [Int]
    private(set) var blockOf: [Int]
    private var first: [Int] = []
    private var end: [Int] = []
    /// Members first[b] ..< marked[b] of block b are marked.
    private var marked: [Int] = []
    private var touched: [Int] = []

    init(initialBlocks: [Int]) {
        let n = initialBlocks.count
        // Renumber the given ids 0, 1, ... in order of first appearance, then lay blocks out in turn.
        var id: [Int: Int] = [:]
        blockOf = initialBlocks.map { b in
            if let known = id[b] { return known }
            id[b] = id.count
            return id.count - 1
        }
        var counts = [Int](repeating: 0, count: id.count)
        for b in blockOf { counts[b] += 1 }
        var offset = 0
        for c in counts {
            first.append(offset)
            marked.append(offset)
            offset += c
            end.append(offset)
        }
        elements = [Int](repeating: 0, count: n)
        location = [Int](repeating: 0, count: n)
        var next = first
        for q in 0..<n {
            elements[next[blockOf[q]]] = q
            location[q] = next[blockOf[q]]
            next[blockOf[q]] += 1
        }
    }

    var blockCount: Int { first.count }

    func size(_ b: Int) -> Int { end[b] - first[b] }

    func members(_ b: Int) -> ArraySlice<Int> { elements[first[b]..<end[b]] }

    /// Moves q to the marked front of its block (once).
    mutating func mark(_ q: Int) {
        let b = blockOf[q]
        let i = location[q]
        let j = marked[b]
        guard i >= j else { return }
        if j == first[b] { touched.append(b) }
        let other = elements[j]
        elements[j] = q
        location[q] = j
        elements[i] = other
        location[other] = i
        marked[b] = j + 1
    }

    /// Splits every block with some but not all members marked: its marked members become a new
    /// block. Returns (the block as it is now, the new block) per split; clears all marks.
    mutating func splitMarked() -> [(kept: Int, split: Int)] {
        var splits: [(kept: Int, split: Int)] = []
        for b in touched {
            if marked[b] == end[b] {
                marked[b] = first[b]
                continue
            }
            let nb = first.count
            first.append(first[b])
            end.append(marked[b])
            marked.append(first[b])
            for i in first[b]..<marked[b] { blockOf[elements[i]] = nb }
            first[b] = marked[b]
            splits.append((b, nb))
        }
        touched.removeAll(keepingCapacity: true)
        return splits
    }
}
