import ReckonSupport
import Testing

@testable import ReckonTensor

/// Finite-difference checks of `mixRows`, the memory update of the stack and tape machines.
/// (`CheckedOps.elsewhere` lists `.mixRows` with this file.)
@Suite struct StackOpGradientTests {
    /// Source tables shaped like the machines' uses, plus edge cases.
    static let cases: [(label: String, x: [Int], sources: [[Int]])] = [
        // Stack: x = [v, s0, s1, s2], push / pop / no-op, zero past the bottom.
        ("stack depth 3", [2, 4, 3], [[0, 1, 2], [2, 3, -1], [1, 2, 3]]),
        // Tape: x = [w, m0, m1, m2, m3], five rotations, two of them equal (a jump by the tape size).
        ("tape size 4", [3, 5, 2], [[0, 2, 3, 4], [2, 3, 4, 0], [4, 0, 2, 3], [0, 2, 3, 4], [0, 2, 3, 4]]),
        // One row read by several outputs of one table, and a table of only −1.
        ("repeats and empty table", [1, 3, 2], [[1, 1, 0, 2, 2], [-1, -1, -1, -1, -1]]),
    ]

    @Test(arguments: 0..<3)
    func mixRowsGradients(_ c: Int) {
        let (label, shape, sources) = Self.cases[c]
        var m = InputMaker("mixRows \(label)")
        let inputs = [m.uniform(shape), m.uniform([shape[0], sources.count])]
        let f: ([Tensor]) -> Tensor = { mixRows($0[0], weights: $0[1], sources: sources) }
        for result in [
            GradientChecker.check("mixRows \(label)", inputs, f),
            GradientChecker.check("mixRows \(label), rows only", inputs, wrt: [0], f),
            GradientChecker.check("mixRows \(label), weights only", inputs, wrt: [1], f),
        ] {
            #expect(result.passed, "\(result)")
        }
    }

    @Test func mixRowsValues() {
        // x rows (batch 1, cell 1): 1, 10, 100. Output row i = 2·x[t0[i]] + 3·x[t1[i]].
        let x = Tensor([1, 10, 100], shape: [1, 3, 1])
        let w = Tensor([2, 3], shape: [1, 2])
        let y = mixRows(x, weights: w, sources: [[0, 1, -1], [2, 2, 0]])
        #expect(y.shape == [1, 3, 1] && y.scalars == [302, 320, 3])
    }

    /// The run-based loops against the plain row-by-row definition, bit for bit, on random
    /// tables with gaps (−1), repeats and shifted runs, forward and both gradients.
    @Test func mixRowsEqualsTheRowByRowDefinition() {
        var rng = RandomGenerator(seed: 11)
        for trial in 0..<20 {
            let (batch, n, cell, m, k) = (2, 3 + trial % 5, 1 + trial % 4, 2 + trial % 6, 1 + trial % 3)
            let sources = (0..<k).map { j in
                (0..<m).map { i -> Int in
                    switch (trial + j) % 3 {
                    case 0: return i + j < n ? i + j : -1  // a shifted run
                    case 1: return rng.nextInt(below: n + 1) - 1  // random, with gaps
                    default: return Swift.min(i / 2, n - 1)  // repeats
                    }
                }
            }
            let x = Tensor.uniform([batch, n, cell], low: -1, high: 1, rng: &rng).requiringGradient()
            let w = Tensor.uniform([batch, k], low: -1, high: 1, rng: &rng).requiringGradient()
            let g = Tensor.uniform([batch, m, cell], low: -1, high: 1, rng: &rng)
            let y = mixRows(x, weights: w, sources: sources)
            let grads = (y * g).sum().gradients(wrt: [x, w])
            var ey = [Float](repeating: 0, count: batch * m * cell)
            var edx = [Float](repeating: 0, count: batch * n * cell)
            var edw = [Float](repeating: 0, count: batch * k)
            let xs = x.scalars
            let ws = w.scalars
            let gs = g.scalars
            for b in 0..<batch {
                for j in 0..<k {
                    var acc: Float = 0
                    for i in 0..<m where sources[j][i] >= 0 {
                        let src = sources[j][i]
                        for c in 0..<cell {
                            ey[(b * m + i) * cell + c] += ws[b * k + j] * xs[(b * n + src) * cell + c]
                            edx[(b * n + src) * cell + c] += ws[b * k + j] * gs[(b * m + i) * cell + c]
                            acc += gs[(b * m + i) * cell + c] * xs[(b * n + src) * cell + c]
                        }
                    }
                    edw[b * k + j] = acc
                }
            }
            #expect(y.scalars == ey, "forward, trial \(trial): \(sources)")
            #expect(grads[0].scalars == edx, "rows gradient, trial \(trial)")
            #expect(grads[1].scalars == edw, "weights gradient, trial \(trial)")
        }
    }
}
