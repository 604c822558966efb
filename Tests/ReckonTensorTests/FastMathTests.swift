import CReckonKernels
import Foundation
import ReckonSupport
import Testing

@testable import ReckonTensor

/// The vectorizable approximations against Foundation's libm, computed in Double.
@Suite struct FastMathTests {
    /// Largest relative error of `f` against `reference` on an even grid over `range`.
    static func worstRelativeError(
        _ range: ClosedRange<Float>, points: Int, _ f: (Float) -> Float,
        _ reference: (Double) -> Double
    ) -> (error: Double, at: Float) {
        var worst = (error: 0.0, at: Float(0))
        for i in 0...points {
            let x = range.lowerBound + (range.upperBound - range.lowerBound) * Float(i) / Float(points)
            let r = reference(Double(x))
            let e = Swift.abs(Double(f(x)) - r) / Swift.max(Swift.abs(r), Double(Float.leastNormalMagnitude))
            if !(e <= worst.error) { worst = (e, x) }
        }
        return worst
    }

    static let tolerance = 2e-6

    @Test func expMatchesFoundation() {
        for range: ClosedRange<Float> in [-20...20, -1...1, -87...88] {
            let w = Self.worstRelativeError(range, points: 200_000, FastMath.exp, Foundation.exp)
            #expect(w.error <= Self.tolerance, "exp over \(range): relative error \(w.error) at \(w.at)")
        }
        #expect(FastMath.exp(0) == 1)
    }

    @Test func tanhMatchesFoundation() {
        for range: ClosedRange<Float> in [-20...20, -1e-2...1e-2, -1e-5...1e-5] {
            let w = Self.worstRelativeError(range, points: 200_000, FastMath.tanh, Foundation.tanh)
            #expect(w.error <= Self.tolerance, "tanh over \(range): relative error \(w.error) at \(w.at)")
        }
        #expect(FastMath.tanh(0) == 0)
    }

    @Test func sigmoidMatchesFoundation() {
        let w = Self.worstRelativeError(-20...20, points: 200_000, FastMath.sigmoid) { 1 / (1 + Foundation.exp(-$0)) }
        #expect(w.error <= Self.tolerance, "sigmoid over -20...20: relative error \(w.error) at \(w.at)")
        #expect(FastMath.sigmoid(0) == 0.5)
    }

    @Test func extremeInputsStayInRange() {
        let extremes: [Float] = [
            0, -0, .leastNonzeroMagnitude, -.leastNonzeroMagnitude, 1e-30, -1e-30, 88.7, 88.8, 89, 100, 1e10,
            -87.3, -87.4, -88, -100, -104, -1e10, .greatestFiniteMagnitude, -.greatestFiniteMagnitude, .infinity,
            -.infinity,
        ]
        for x in extremes {
            let e = FastMath.exp(x)
            let t = FastMath.tanh(x)
            let s = FastMath.sigmoid(x)
            #expect(!e.isNaN && e >= 0, "exp(\(x)) = \(e)")
            #expect(!t.isNaN && Swift.abs(t) <= 1, "tanh(\(x)) = \(t)")
            #expect(!s.isNaN && s >= 0 && s <= 1, "sigmoid(\(x)) = \(s)")
            // Saturated ends are within 2e-6 of the true values.
            #expect(Swift.abs(Double(t) - Foundation.tanh(Double(x))) <= 2e-6, "tanh(\(x)) = \(t)")
            #expect(Swift.abs(Double(s) - 1 / (1 + Foundation.exp(-Double(x)))) <= 2e-6, "sigmoid(\(x)) = \(s)")
            // exp below the Float normal range returns at most the smallest normal; above, the largest finite.
            if x < -87.4 { #expect(e <= Float.leastNormalMagnitude * 1.0001) }
            if x > 88.8 { #expect(e >= 3.4e38) }
        }
        #expect(FastMath.tanh(-0.0).sign == .minus)
    }

    /// A NaN (say, from a diverging run) must come out as NaN, not trap the process.
    /// Run in a child process so that a regression fails this test instead of the whole run.
    @Test func nanPropagatesInsteadOfTrapping() async {
        await #expect(processExitsWith: .success) {
            precondition(FastMath.exp(.nan).isNaN && FastMath.tanh(.nan).isNaN && FastMath.sigmoid(.nan).isNaN)
            // Through the ops: a NaN logit gives NaN outputs.
            precondition(Tensor([1, .nan, 2]).softmax().scalars.allSatisfy { $0.isNaN })
            precondition(Tensor([.nan]).exp().item.isNaN)
        }
    }

    /// The C kernels (CReckonKernels, compiled per vector level) give exactly the scalar Swift
    /// results, so moving a kernel to them never changes a run's numbers (every 9973rd Float bit
    /// pattern: about 430 000 values over the whole range, infinities, NaNs and subnormals included).
    @Test func cKernelsAreBitIdenticalToScalar() {
        let xs = stride(from: UInt64(0), through: UInt64(UInt32.max), by: 9973).map { Float(bitPattern: UInt32($0)) }
        var e = [Float](repeating: 0, count: xs.count)
        var t = e
        var s = e
        reckon_exp(xs, &e, xs.count)
        reckon_tanh(xs, &t, xs.count)
        reckon_sigmoid(xs, &s, xs.count)
        func same(_ a: Float, _ b: Float) -> Bool { a.bitPattern == b.bitPattern || (a.isNaN && b.isNaN) }
        let bad = xs.indices.filter {
            !same(e[$0], FastMath.exp(xs[$0])) || !same(t[$0], FastMath.tanh(xs[$0]))
                || !same(s[$0], FastMath.sigmoid(xs[$0]))
        }
        #expect(bad.isEmpty, "C results differ from scalar at \(bad.prefix(5).map { xs[$0] })")
    }

    /// The LSTM step kernels against the scalar formulas, on rows with a tail (hidden 37).
    @Test func lstmKernelsMatchScalarFormulas() {
        var rng = RandomGenerator(seed: 4)
        let batch = 3
        let hidden = 37
        let w4 = 4 * hidden
        let pre = (0..<batch * w4).map { _ in Float(rng.nextNormal()) * 3 }
        let cPrev = (0..<batch * hidden).map { _ in Float(rng.nextNormal()) }
        var acts = pre
        var h = [Float](repeating: 0, count: batch * hidden)
        var c = h
        reckon_lstm_activate(&acts, w4, cPrev, hidden, &h, hidden, &c, hidden, 0, batch, hidden, 1)
        var mismatches = 0
        for r in 0..<batch {
            for k in 0..<hidden {
                let i = FastMath.sigmoid(pre[r * w4 + k])
                let g = FastMath.tanh(pre[r * w4 + hidden + k])
                let f = FastMath.sigmoid(pre[r * w4 + 2 * hidden + k] + 1)
                let o = FastMath.sigmoid(pre[r * w4 + 3 * hidden + k])
                let cn = f * cPrev[r * hidden + k] + i * g
                if c[r * hidden + k] != cn || h[r * hidden + k] != o * FastMath.tanh(cn) || acts[r * w4 + k] != i
                    || acts[r * w4 + hidden + k] != g || acts[r * w4 + 2 * hidden + k] != f
                    || acts[r * w4 + 3 * hidden + k] != o
                {
                    mismatches += 1
                }
            }
        }
        #expect(mismatches == 0)
        let dh = (0..<batch * hidden).map { _ in Float(rng.nextNormal()) }
        let dc0 = (0..<batch * hidden).map { _ in Float(rng.nextNormal()) }
        var dc = dc0
        var dGates = [Float](repeating: 0, count: batch * w4)
        reckon_lstm_backward_step(acts, w4, cPrev, hidden, c, hidden, dh, &dc, &dGates, 0, batch, hidden)
        for r in 0..<batch {
            for k in 0..<hidden {
                let a = r * w4 + k
                let s = r * hidden + k
                let i = acts[a]
                let g = acts[a + hidden]
                let f = acts[a + 2 * hidden]
                let o = acts[a + 3 * hidden]
                let tc = FastMath.tanh(c[s])
                let dct = dc0[s] + dh[s] * o * (1 - tc * tc)
                if dGates[a + 3 * hidden] != dh[s] * tc * o * (1 - o) || dGates[a] != dct * g * i * (1 - i)
                    || dGates[a + hidden] != dct * i * (1 - g * g)
                    || dGates[a + 2 * hidden] != dct * cPrev[s] * f * (1 - f)
                    || dc[s] != dct * f
                {
                    mismatches += 1
                }
            }
        }
        #expect(mismatches == 0)
    }
}
