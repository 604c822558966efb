import Foundation

/// How a modular table's token embedding spreads its norm over the Fourier frequencies of Z_p
/// (Nanda et al. 2023, §4: after grokking a handful of key frequencies hold almost all of it).
///
/// The rows of the p number tokens, E [p, d], are projected on the orthonormal basis of Z_p
/// (the constant, then cos(2πkx/p) and sin(2πkx/p) for k = 1 … ⌊p/2⌋, each scaled to unit norm, as
/// their `make_fourier_basis`); frequency k holds the norm of its cos and sin rows together.
public struct FourierSpectrum: Equatable, Sendable {
    /// The norm held by frequency k = 1 … ⌊p/2⌋ (index k − 1).
    public let norms: [Double]
    /// The norm of the constant direction (the mean embedding), left out of every measure below.
    public let constantNorm: Double

    /// A frequency is key when its squared norm is more than this many times an even share of the
    /// total: a random embedding's frequencies each hold 1/K of it give or take 1/√d (a χ² of 2d degrees
    /// of freedom: about 9% at d = 128), so none comes near 4×; Nanda et al.'s five key frequencies of 56
    /// hold ~20% each. With K ≤ 4 frequencies (p ≤ 9) no share can pass 4/K, so such tables have none.
    public static let keyFactor = 4.0

    /// The spectrum of `embedding`, row-major [rows, width], whose first `modulus` rows embed 0 … p − 1.
    public init(embedding: [Float], rows: Int, width: Int, modulus p: Int) {
        precondition(p >= 2 && rows >= p && embedding.count == rows * width, "FourierSpectrum: an embedding [≥ p, d]")
        // Each basis vector is built once as [p] values, then dotted with every column.
        func project(_ basis: [Double]) -> Double {
            var n = 0.0
            for j in 0..<width {
                var dot = 0.0
                for x in 0..<p { dot += basis[x] * Double(embedding[x * width + j]) }
                n += dot * dot
            }
            return n
        }
        constantNorm = project([Double](repeating: 1 / Double(p).squareRoot(), count: p)).squareRoot()
        var norms: [Double] = []
        for k in 1...(p / 2) {
            let w = 2 * Double.pi * Double(k) / Double(p)
            var squared = 0.0
            for wave in [cos, sin] as [(Double) -> Double] {
                let raw = (0..<p).map { wave(w * Double($0)) }
                let scale = raw.reduce(0) { $0 + $1 * $1 }.squareRoot()
                // sin(πx) is zero at every x: an even p's last frequency has a cosine only.
                if scale > 1e-9 { squared += project(raw.map { $0 / scale }) }
            }
            norms.append(squared.squareRoot())
        }
        self.norms = norms
    }

    /// Frequencies (1-based) whose squared norm exceeds `keyFactor` times an even share, largest first.
    public var keyFrequencies: [Int] {
        let squares = norms.map { $0 * $0 }
        let total = squares.reduce(0, +)
        guard total > 0 else { return [] }
        let bar = Self.keyFactor * total / Double(squares.count)
        return squares.indices.filter { squares[$0] > bar }.sorted { squares[$0] > squares[$1] }.map { $0 + 1 }
    }

    /// The fraction of the (squared) norm the key frequencies hold together.
    public var keyShare: Double {
        let total = norms.reduce(0) { $0 + $1 * $1 }
        guard total > 0 else { return 0 }
        return keyFrequencies.reduce(0) { $0 + norms[$1 - 1] * norms[$1 - 1] } / total
    }

    /// The Gini coefficient of the frequencies' norms: 0 when all hold the same, (K − 1)/K when one holds all.
    public var gini: Double {
        let sorted = norms.sorted()
        let n = Double(sorted.count)
        let total = sorted.reduce(0, +)
        guard total > 0 else { return 0 }
        let weighted = sorted.enumerated().reduce(0.0) { $0 + Double($1.offset + 1) * $1.element }
        return 2 * weighted / (n * total) - (n + 1) / n
    }
}
