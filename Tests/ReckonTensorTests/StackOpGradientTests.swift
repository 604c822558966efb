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
        for result in [GradientChecker.check("mixRows \(label)", inputs, f),
                       GradientChecker.check("mixRows \(label), rows only", inputs, wrt: [0], f),
                       GradientChecker.check("mixRows \(label), weights only", inputs, wrt: [1], f)] {
            #expect(result.passed, "\(result)")
        }
    }

    @Test func mixRowsValues() {
        // x rows (batch 1, cell 1): 1, 10, 100. Output row i = 2·x[t0[i]] + 3·x[t1[i]].
        let x = Tensor([1, 10, 100], shape: [1, 3, 1]), w = Tensor([2, 3], shape: [1, 2])
        let y = mixRows(x, weights: w, sources: [[0, 1, -1], [2, 2, 0]])
        #expect(y.shape == [1, 3, 1] && y.scalars == [302, 320, 3])
    }
}
