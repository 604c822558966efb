import Foundation

/// Context Tree Weighting (Willems, Shtarkov & Tjalkens 1995) over an alphabet of `alphabetSize`
/// symbols and contexts of `depth` symbols: the Bayesian mixture, under the prior that splits a
/// node with probability 1/2 above `depth`, of every context tree of at most that depth, with a
/// Krichevsky–Trofimov (Dirichlet(1/2)) estimator at each leaf. It is the Bayes-optimal
/// predictor of the sources `markov_source` draws (`VariableOrderMarkovSource`).
///
/// Every node keeps log P_e (its KT estimate of the symbols seen in its context) and log P_w
/// (its weighted probability), natural logarithms in Double: the tree is exact in log space,
/// with no clipping of the mixture weights (the reference's `models/ctw.py` clips log β to
/// [−30, 0], which departs from the mixture once a split's posterior falls below e^−30).
/// Contexts before the first symbol are padded with symbol 0, as the reference's CTW
/// (`PAD_WITH_ZEROS`) and its generator both do.
public struct ContextTreeWeighting: Sendable {
    public let depth: Int
    public let alphabetSize: Int
    private var nodes: [Node]
    /// `alphabetSize` child indices per node (−1: not created yet, i.e. P_w = 1).
    private var children: [Int32]
    /// The last `depth` symbols, most recent first (zeros before the sequence starts).
    private var context: [Int]

    struct Node: Sendable {
        var logEstimate = 0.0
        var logWeighted = 0.0
        /// Σ over existing children of log P_w(child): the log of their product.
        var logChildren = 0.0
        var total = 0.0
        var counts: [Double]
    }

    public init(depth: Int, alphabetSize: Int) {
        precondition(depth >= 0 && alphabetSize >= 2, "a context tree needs depth >= 0 and at least two symbols")
        self.depth = depth
        self.alphabetSize = alphabetSize
        nodes = [Node(counts: [Double](repeating: 0, count: alphabetSize))]
        children = [Int32](repeating: -1, count: alphabetSize)
        context = [Int](repeating: 0, count: depth)
    }

    /// log P_w of everything seen so far at the root: the mixture's log probability of the sequence.
    public var logProbability: Double { nodes[0].logWeighted }

    /// The nodes on the current context's path, root first (created when missing).
    private mutating func path() -> [Int] {
        var path = [0]
        var node = 0
        for d in 0..<depth {
            let slot = node * alphabetSize + context[d]
            if children[slot] < 0 {
                nodes.append(Node(counts: [Double](repeating: 0, count: alphabetSize)))
                children.append(contentsOf: [Int32](repeating: -1, count: alphabetSize))
                children[slot] = Int32(nodes.count - 1)
            }
            node = Int(children[slot])
            path.append(node)
        }
        return path
    }

    /// log(½ e^a + ½ e^b), without overflow.
    private static func logHalfSum(_ a: Double, _ b: Double) -> Double {
        let m = Swift.max(a, b)
        return m + log(0.5 * (exp(a - m) + exp(b - m)))
    }

    /// The KT estimate's log probability of `symbol` next at `node`.
    private func logKT(_ node: Node, _ symbol: Int) -> Double {
        log((node.counts[symbol] + 0.5) / (node.total + 0.5 * Double(alphabetSize)))
    }

    /// The root's log P_w after `symbol`, with the updated nodes of the path (deepest last), not stored.
    private func updated(_ path: [Int], with symbol: Int) -> [Node] {
        var result = path.map { nodes[$0] }
        for d in stride(from: depth, through: 0, by: -1) {
            var node = result[d]
            node.logEstimate += logKT(node, symbol)
            node.counts[symbol] += 1
            node.total += 1
            if d == depth {
                node.logWeighted = node.logEstimate
            } else {
                let child = result[d + 1]
                node.logChildren += child.logWeighted - nodes[path[d + 1]].logWeighted
                node.logWeighted = Self.logHalfSum(node.logEstimate, node.logChildren)
            }
            result[d] = node
        }
        return result
    }

    /// ln P(next = a | everything seen) for every symbol a; they sum to 1 in probability.
    public mutating func logDistribution() -> [Double] {
        let path = path()
        let before = nodes[0].logWeighted
        return (0..<alphabetSize).map { updated(path, with: $0)[0].logWeighted - before }
    }

    /// ln P(next = symbol | everything seen).
    public mutating func logProbability(of symbol: Int) -> Double {
        let path = path()
        return updated(path, with: symbol)[0].logWeighted - nodes[0].logWeighted
    }

    /// Records `symbol` as seen and moves the context on.
    public mutating func update(_ symbol: Int) {
        precondition(symbol >= 0 && symbol < alphabetSize, "symbol outside the alphabet")
        let path = path()
        for (i, node) in updated(path, with: symbol).enumerated() { nodes[path[i]] = node }
        if depth > 0 {
            context.removeLast()
            context.insert(symbol, at: 0)
        }
    }

    /// The code length in bits of each symbol of `sequence` under a fresh mixture: −log2 P(x_t | x_<t).
    public static func bits(of sequence: [Int], depth: Int, alphabetSize: Int) -> [Double] {
        var ctw = ContextTreeWeighting(depth: depth, alphabetSize: alphabetSize)
        return sequence.map { s in
            let before = ctw.logProbability
            ctw.update(s)
            return (before - ctw.logProbability) / M_LN2
        }
    }
}
