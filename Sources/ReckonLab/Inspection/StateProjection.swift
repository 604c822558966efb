import Foundation

/// States projected on their first two principal components (covariance eigenvectors by power
/// iteration with deflation, from a fixed start, so the same states give the same picture).
public struct StateProjection: Codable, Sendable {
    /// Per sample, per traced step, the two coordinates.
    public var points: [[[Double]]]
    /// The share of the states' variance each component explains.
    public var explained: [Double]

    /// Projects `states` (per sample, per step, a vector of width `width`).
    public init(states: [[[Float]]], width: Int) {
        let all = states.flatMap { $0 }
        let n = Double(Swift.max(1, all.count))
        var mean = [Double](repeating: 0, count: width)
        for s in all { for j in 0..<width { mean[j] += Double(s[j]) / n } }
        var covariance = [Double](repeating: 0, count: width * width)
        for s in all {
            let c = (0..<width).map { Double(s[$0]) - mean[$0] }
            for i in 0..<width where c[i] != 0 {
                for j in 0..<width { covariance[i * width + j] += c[i] * c[j] / n }
            }
        }
        let total = (0..<width).reduce(0.0) { $0 + covariance[$1 * width + $1] }
        var components: [[Double]] = []
        var values: [Double] = []
        for k in 0..<Swift.min(2, width) {
            // Start off every axis (a fixed, non-symmetric vector) so no eigenvector is orthogonal to it.
            var v = (0..<width).map { 1 + 0.1 * Double(($0 * 7 + k * 3) % 11) }
            var lambda = 0.0
            var converged = false
            for _ in 0..<300 {
                var w = [Double](repeating: 0, count: width)
                for i in 0..<width {
                    var acc = 0.0
                    for j in 0..<width { acc += covariance[i * width + j] * v[j] }
                    w[i] = acc
                }
                for u in components {
                    let d = zip(w, u).reduce(0) { $0 + $1.0 * $1.1 }
                    for i in 0..<width { w[i] -= d * u[i] }
                }
                let norm = w.reduce(0) { $0 + $1 * $1 }.squareRoot()
                // No variance left off the earlier components (states on a line, or just two distinct
                // states, as a 2-state automaton's): what remains is rounding, whose direction is noise,
                // and its size scales with the states' (so the bound is relative to the trace). The
                // component is then zero; the un-normalized start vector it kept before drew states
                // on a line as a diagonal 1.5 times longer than the line (StateGeometryTests).
                guard norm > 1e-9 * total else { break }
                lambda = norm
                v = w.map { $0 / norm }
                converged = true
            }
            if !converged { v = [Double](repeating: 0, count: width) }
            // A sign convention, so the picture does not flip between runs of the same states.
            if let i = v.indices.max(by: { abs(v[$0]) < abs(v[$1]) }), v[i] < 0 { v = v.map { -$0 } }
            components.append(v)
            values.append(lambda)
        }
        explained = values.map { total > 0 ? $0 / total : 0 }
        points = states.map { sample in
            sample.map { s in
                components.map { u in (0..<width).reduce(0.0) { $0 + (Double(s[$1]) - mean[$1]) * u[$1] } }
                    + [Double](repeating: 0, count: 2 - components.count)
            }
        }
    }
}
