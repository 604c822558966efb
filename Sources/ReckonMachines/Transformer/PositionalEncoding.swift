import Foundation
import ReckonSupport
import ReckonTensor

/// A transformer's positional encoding, by the reference repositories' names
/// (docs/reference/transformer.md).
public enum PositionalEncoding: String, SettingChoice {
    case none
    /// The Chomsky reference's sin/cos: positions counted from the end of the stream (L, L − 1, ..., 1).
    case sinCos = "sin_cos"
    /// Vaswani et al.'s sin/cos at positions 0, 1, 2, ... from the start, as Grau-Moya et al.'s transformer
    /// (`models/transformer.py`); a position's encoding does not depend on the stream's length, so a
    /// prediction at position t is the same in every longer sequence.
    case sinCosForward = "sin_cos_forward"
    case learnt, rotary, alibi, relative
    case noisySinCos = "noisy_sin_cos"
    case noisyLearnt = "noisy_learnt"
    case noisyRotary = "noisy_rotary"
    case noisyAlibi = "noisy_alibi"
    case noisyRelative = "noisy_relative"

    /// The deterministic encoding this one randomizes (itself when it is not randomized).
    public var base: PositionalEncoding {
        switch self {
        case .noisySinCos: return .sinCos
        case .noisyLearnt: return .learnt
        case .noisyRotary: return .rotary
        case .noisyAlibi: return .alibi
        case .noisyRelative: return .relative
        default: return self
        }
    }

    /// Whether positions are drawn at random (Ruoss et al. 2023).
    public var isRandomized: Bool { base != self }

    /// Whether the encoding is added to the embeddings (and dropout follows it).
    var isAbsolute: Bool { base == .sinCos || base == .sinCosForward || base == .learnt }
}

/// The encodings' fixed tables and position draws, as pure functions.
enum PositionTables {
    /// Sin/cos encodings [P, width] of (possibly negative or fractional) positions:
    /// row p = [sin(p·f_k)]_k ‖ [cos(p·f_k)]_k with f_k = maxTime^(−2k/width).
    static func sinusoid(_ positions: [Double], width: Int, maxTime: Double) -> Tensor {
        precondition(width % 2 == 0, "sin/cos encodings need an even width, got \(width)")
        let half = width / 2
        let frequencies = (0..<half).map { Foundation.pow(maxTime, -Double(2 * $0) / Double(width)) }
        var values = [Float](repeating: 0, count: positions.count * width)
        for (r, p) in positions.enumerated() {
            for k in 0..<half {
                let angle = p * frequencies[k]
                values[r * width + k] = Float(Foundation.sin(angle))
                values[r * width + half + k] = Float(Foundation.cos(angle))
            }
        }
        return Tensor(values, shape: [positions.count, width])
    }

    /// Cosines and sines [L, width] of RoPE's angles p·f_k, each repeated for its pair (2k, 2k+1).
    static func rotary(_ positions: [Int], width: Int, maxTime: Double) -> (cos: Tensor, sin: Tensor) {
        precondition(width % 2 == 0, "rotary encodings need an even head width, got \(width)")
        let half = width / 2
        var c = [Float](repeating: 0, count: positions.count * width)
        var s = c
        for (r, p) in positions.enumerated() {
            for k in 0..<half {
                let angle = Double(p) * Foundation.pow(maxTime, -Double(k) / Double(half))
                for e in 0..<2 {
                    c[r * width + 2 * k + e] = Float(Foundation.cos(angle))
                    s[r * width + 2 * k + e] = Float(Foundation.sin(angle))
                }
            }
        }
        return (Tensor(c, shape: [positions.count, width]), Tensor(s, shape: [positions.count, width]))
    }

    /// The [width, width] matrix R with x·R = (−x₁, x₀, −x₃, x₂, …): RoPE's quarter turn of every pair.
    static func quarterTurn(width: Int) -> Tensor {
        var values = [Float](repeating: 0, count: width * width)
        for k in stride(from: 0, to: width, by: 2) {
            values[k * width + k + 1] = 1
            values[(k + 1) * width + k] = -1
        }
        return Tensor(values, shape: [width, width])
    }

    /// ALiBi head slopes as the official implementation (geometric for powers of two; otherwise
    /// the largest power of two's slopes, then every other slope of twice that many heads).
    static func alibiSlopes(heads n: Int) -> [Double] {
        func powerOfTwo(_ n: Int) -> [Double] {
            let start = Foundation.pow(2, -Foundation.pow(2, -(Foundation.log2(Double(n)) - 3)))
            return (0..<n).map { start * Foundation.pow(start, Double($0)) }
        }
        let lower = 1 << Int(Foundation.log2(Double(n)).rounded(.down))
        if lower == n { return powerOfTwo(n) }
        let extra = alibiSlopes(heads: 2 * lower).enumerated().filter { $0.offset % 2 == 0 }.map(\.element)
        return powerOfTwo(lower) + extra.prefix(n - lower)
    }

    /// ALiBi biases [H, Lq, Lk]: slope_h · (−r_|i−j| + 0.5·[j < i]) for queries i = firstQuery …;
    /// r is the identity unless `distances` remaps them (randomized ALiBi).
    static func alibi(slopes: [Double], queries: Int, keys: Int, firstQuery: Int = 0, distances: [Int]?) -> Tensor {
        var values = [Float](repeating: 0, count: slopes.count * queries * keys)
        for (h, slope) in slopes.enumerated() {
            for row in 0..<queries {
                let i = firstQuery + row
                for j in 0..<keys {
                    let d = abs(i - j)
                    let base = -Double(distances.map { $0[d] } ?? d) + (j < i ? 0.5 : 0)
                    values[(h * queries + row) * keys + j] = Float(slope * base)
                }
            }
        }
        return Tensor(values, shape: [slopes.count, queries, keys])
    }

    /// `count` distinct integers from `range`, sorted ascending (Floyd's sampling: exactly
    /// `count` draws, so the stream advances the same way whatever the range).
    static func sortedSample(_ count: Int, from range: Range<Int>, rng: inout RandomGenerator) -> [Int] {
        precondition(
            count <= range.count,
            "randomized positional encodings need \(count) distinct positions but noise_max_length allows "
                + "\(range.count); raise noise_max_length"
        )
        var chosen = Set<Int>()
        chosen.reserveCapacity(count)
        for j in (range.count - count)..<range.count {
            let t = rng.nextInt(in: 0...j)
            chosen.insert(chosen.contains(t) ? j : t)
        }
        return chosen.map { $0 + range.lowerBound }.sorted()
    }

    /// Randomized distances 0 = r₀ < r₁ < … < r_m, with r₁…r_m drawn from [1, limit).
    static func distances(upTo m: Int, limit: Int, rng: inout RandomGenerator) -> [Int] {
        [0] + sortedSample(m, from: 1..<limit, rng: &rng)
    }
}
