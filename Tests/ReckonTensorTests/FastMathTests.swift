import Foundation
import Testing
@testable import ReckonTensor

/// The vectorizable approximations against Foundation's libm, computed in Double.
@Suite struct FastMathTests {
    /// Largest relative error of `f` against `reference` on an even grid over `range`.
    static func worstRelativeError(_ range: ClosedRange<Float>, points: Int, _ f: (Float) -> Float,
                                   _ reference: (Double) -> Double) -> (error: Double, at: Float) {
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
            -87.3, -87.4, -88, -100, -104, -1e10, .greatestFiniteMagnitude, -.greatestFiniteMagnitude, .infinity, -.infinity,
        ]
        for x in extremes {
            let e = FastMath.exp(x), t = FastMath.tanh(x), s = FastMath.sigmoid(x)
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

    /// The eight-lane versions the LSTM kernels use give exactly the scalar results, so
    /// vectorizing a kernel never changes a run's numbers (every 9973rd Float bit pattern:
    /// about 430 000 values over the whole range, infinities, NaNs and subnormals included).
    @Test func laneVersionsAreBitIdenticalToScalar() {
        var mismatches: [String] = []
        var lanes = FastMath.Lanes()
        var pattern: UInt64 = 0
        while pattern <= UInt64(UInt32.max) {
            for j in 0..<8 { lanes[j] = Float(bitPattern: UInt32(truncatingIfNeeded: pattern &+ UInt64(j) &* 536_870_909)) }
            let e = FastMath.exp(lanes), t = FastMath.tanh(lanes), s = FastMath.sigmoid(lanes)
            for j in 0..<8 {
                let x = lanes[j]
                func same(_ a: Float, _ b: Float) -> Bool { a.bitPattern == b.bitPattern || (a.isNaN && b.isNaN) }
                if !same(e[j], FastMath.exp(x)) || !same(t[j], FastMath.tanh(x)) || !same(s[j], FastMath.sigmoid(x)) {
                    if mismatches.count < 5 { mismatches.append("x = \(x) (bits \(x.bitPattern))") }
                }
            }
            pattern += 9973 * 8
        }
        #expect(mismatches.isEmpty, "lane results differ from scalar at \(mismatches)")
        // Partial loads and stores touch only the lanes asked for.
        var row: [Float] = [1, 2, 3, 4, 5, 6, 7, 8, 9]
        row.withUnsafeMutableBufferPointer { p in
            let v = FastMath.load(p.baseAddress! + 5, count: 3)
            #expect(v == FastMath.Lanes(6, 7, 8, 0, 0, 0, 0, 0))
            FastMath.store(v * 10, p.baseAddress!, count: 2)
        }
        #expect(row == [60, 70, 3, 4, 5, 6, 7, 8, 9])
    }
}
