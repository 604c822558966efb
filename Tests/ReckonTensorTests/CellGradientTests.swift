import Foundation
import Testing

@testable import ReckonTensor

/// Finite-difference checks of the fused recurrent ops `.gruCell` and `.lstmSequence`, and
/// agreement of the whole-sequence LSTM with T chained `lstmCell` steps.
@Suite struct CellGradientTests {
    @Test(arguments: [(2, 3, 4), (1, 1, 2), (3, 2, 1)])
    func gruCellGradients(shape: (Int, Int, Int)) {
        let (batch, inSize, hidden) = shape
        var m = InputMaker("gruCell \(batch) \(inSize) \(hidden)")
        let inputs = [
            m.uniform([batch, inSize]), m.uniform([batch, hidden]),
            m.uniform([inSize, 3 * hidden], -1, 1), m.uniform([hidden, 3 * hidden], -1, 1),
            m.uniform([3 * hidden], -1, 1),
        ]
        let all = GradientChecker.checkOutputs("gruCell B\(batch) I\(inSize) H\(hidden)", inputs) {
            [gruCell(x: $0[0], h: $0[1], wx: $0[2], wh: $0[3], b: $0[4])]
        }
        #expect(all.passed, "\(all)")
        let stateOnly = GradientChecker.checkOutputs("gruCell state only", inputs, wrt: [1]) {
            [gruCell(x: $0[0], h: $0[1], wx: $0[2], wh: $0[3], b: $0[4])]
        }
        #expect(stateOnly.passed, "\(stateOnly)")
    }

    @Test func gruCellMatchesItsEquations() {
        // H = 1, I = 1: z = σ(x wz + h uz + bz), r = σ(x wr + h ur + br), a = tanh(x wa + r h ua + ba).
        let x: Float = 0.5
        let h: Float = -0.3
        let wx: [Float] = [0.2, -0.4, 0.7]
        let wh: [Float] = [0.1, 0.3, -0.6]
        let b: [Float] = [0.05, -0.1, 0.2]
        func s(_ v: Float) -> Float { 1 / (1 + Foundation.exp(-v)) }
        let z = s(x * wx[0] + h * wh[0] + b[0])
        let r = s(x * wx[1] + h * wh[1] + b[1])
        let a = Foundation.tanh(x * wx[2] + r * h * wh[2] + b[2])
        let expected = (1 - z) * h + z * a
        let got = gruCell(
            x: Tensor([x], shape: [1, 1]), h: Tensor([h], shape: [1, 1]), wx: Tensor(wx, shape: [1, 3]),
            wh: Tensor(wh, shape: [1, 3]), b: Tensor(b)
        ).item
        #expect(abs(got - expected) < 1e-5)
    }

    /// x, h0, c0, wx, wh, b for `lstmSequence`, drawn from the input stream named `label`.
    static func lstmInputs(_ label: String, _ batch: Int, _ steps: Int, _ inSize: Int, _ hidden: Int) -> [Tensor] {
        var m = InputMaker(label)
        return [
            m.uniform([batch, steps, inSize]), m.uniform([batch, hidden]), m.uniform([batch, hidden]),
            m.uniform([inSize, 4 * hidden], -1, 1), m.uniform([hidden, 4 * hidden], -1, 1),
            m.uniform([4 * hidden], -1, 1),
        ]
    }

    @Test(arguments: [(2, 3, 3, 2), (1, 1, 1, 1), (3, 4, 2, 3), (2, 3, 2, 11)])
    func lstmSequenceGradients(shape: (Int, Int, Int, Int)) {
        let (batch, steps, inSize, hidden) = shape
        let inputs = Self.lstmInputs("lstmSequence \(batch) \(steps) \(inSize) \(hidden)", batch, steps, inSize, hidden)
        let all = GradientChecker.checkOutputs("lstmSequence B\(batch) T\(steps) I\(inSize) H\(hidden)", inputs) {
            let (hs, c) = lstmSequence(x: $0[0], h0: $0[1], c0: $0[2], wx: $0[3], wh: $0[4], b: $0[5])
            return [hs, c]
        }
        #expect(all.passed, "\(all)")
        let weightsOnly = GradientChecker.checkOutputs("lstmSequence weights only, c unused", inputs, wrt: [3, 4, 5]) {
            [lstmSequence(x: $0[0], h0: $0[1], c0: $0[2], wx: $0[3], wh: $0[4], b: $0[5]).hs]
        }
        #expect(weightsOnly.passed, "\(weightsOnly)")
    }

    @Test func lstmSequenceEqualsChainedCells() {
        let (batch, steps, inSize, hidden) = (3, 5, 2, 4)
        let t = Self.lstmInputs("lstmSequence vs cells", batch, steps, inSize, hidden)
        let (x, h0, c0, wx, wh, b) = (t[0], t[1], t[2], t[3], t[4], t[5])
        let (hs, cT) = lstmSequence(x: x, h0: h0, c0: c0, wx: wx, wh: wh, b: b)
        var h = h0
        var c = c0
        for t in 0..<steps {
            (h, c) = lstmCell(
                x: x.slice(axis: 1, t..<t + 1).reshaped([batch, inSize]), h: h, c: c, wx: wx, wh: wh, b: b)
            let row = hs.slice(axis: 1, t..<t + 1).reshaped([batch, hidden]).scalars
            #expect(zip(row, h.scalars).allSatisfy { abs($0 - $1) < 1e-6 })
        }
        #expect(zip(cT.scalars, c.scalars).allSatisfy { abs($0 - $1) < 1e-6 })
    }

    /// The lane kernels against a plain Double reference of the Haiku LSTM cell, at a width
    /// with full lanes and a tail (11 = 8 + 3).
    @Test func lstmSequenceMatchesAScalarReference() {
        let (batch, steps, inSize, hidden) = (2, 4, 3, 11)
        let t = Self.lstmInputs("lstmSequence reference", batch, steps, inSize, hidden)
        let (x, h0, c0, wx, wh, b) = (t[0], t[1], t[2], t[3], t[4], t[5])
        let (hs, cT) = lstmSequence(x: x, h0: h0, c0: c0, wx: wx, wh: wh, b: b)
        let xs = x.scalars
        let wxs = wx.scalars
        let whs = wh.scalars
        let bs = b.scalars
        func sigmoid(_ v: Double) -> Double { 1 / (1 + Foundation.exp(-v)) }
        var worst = 0.0
        for r in 0..<batch {
            var h = (0..<hidden).map { Double(h0.scalars[r * hidden + $0]) }
            var c = (0..<hidden).map { Double(c0.scalars[r * hidden + $0]) }
            for t in 0..<steps {
                var gates = (0..<4 * hidden).map { Double(bs[$0]) }
                for j in 0..<4 * hidden {
                    for i in 0..<inSize {
                        gates[j] += Double(xs[(r * steps + t) * inSize + i]) * Double(wxs[i * 4 * hidden + j])
                    }
                    for k in 0..<hidden { gates[j] += h[k] * Double(whs[k * 4 * hidden + j]) }
                }
                for k in 0..<hidden {  // Haiku order i, g, f, o; forget bias 1
                    let i = sigmoid(gates[k])
                    let g = Foundation.tanh(gates[hidden + k])
                    let f = sigmoid(gates[2 * hidden + k] + 1)
                    let o = sigmoid(gates[3 * hidden + k])
                    c[k] = f * c[k] + i * g
                    h[k] = o * Foundation.tanh(c[k])
                    worst = Swift.max(worst, abs(h[k] - Double(hs.scalars[(r * steps + t) * hidden + k])))
                }
            }
            for k in 0..<hidden { worst = Swift.max(worst, abs(c[k] - Double(cT.scalars[r * hidden + k]))) }
        }
        #expect(worst < 1e-5, "largest difference from the reference: \(worst)")
    }
}
