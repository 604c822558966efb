import ReckonSupport

@testable import ReckonTensor

/// The outcome of one gradient check: a label saying what was checked, how many
/// input elements were compared, and one line per element that disagreed.
struct CheckResult: CustomStringConvertible, Sendable {
    var label: String
    var checkedElements = 0
    var failures: [String] = []

    var passed: Bool { failures.isEmpty && checkedElements > 0 }

    var description: String {
        if passed { return "\(label): \(checkedElements) elements agree" }
        if checkedElements == 0 && failures.isEmpty { return "\(label): nothing was checked" }
        let shown = failures.prefix(8).joined(separator: "\n  ")
        return
            "\(label): \(failures.count) of \(checkedElements) disagree\n  "
            + "\(shown)\(failures.count > 8 ? "\n  ..." : "")"
    }
}

/// Ops whose gradient checks live outside `OpGradientChecks.table`, with the file (relative
/// to the package's Tests folder) that checks them.
///
/// The coverage test in OpGradientTests.swift compares `OpName.allCases` with the keys of
/// that table plus these, and checks that each named file exists and names its op.
/// To check a new op in a file of your own, add it here.
enum CheckedOps {
    static let elsewhere: [OpName: String] = [
        // The fused GRU cell and whole-sequence LSTM are checked by their author.
        .gruCell: "ReckonTensorTests/CellGradientTests.swift",
        .lstmSequence: "ReckonTensorTests/CellGradientTests.swift",
        // The stack and tape memory update.
        .mixRows: "ReckonTensorTests/StackOpGradientTests.swift",
        // Fused scaled dot-product attention.
        .attention: "ReckonTensorTests/AttentionOpGradientTests.swift",
    ]
}

/// Compares reverse-mode gradients with central finite differences.
///
/// The scalar under test is L = Σ_k Σ_i w_k[i] · y_k[i] for the outputs y_k of `f`, with fixed
/// standard-normal weights w_k, so every output element (and every output of a multi-output
/// op) contributes with its own sign and size. The numeric derivative is a Richardson
/// extrapolation of two central differences (steps h and h/2, h relative to |x|), with L summed
/// in Double from the Float outputs: what remains is Float rounding in the op itself, which
/// the relative-plus-absolute tolerance absorbs.
enum GradientChecker {
    /// Checks the gradient of every element of `inputs[wrt]` (all inputs by default).
    /// Inputs not in `wrt` are passed as plain tensors, exercising the ops' `needs` paths.
    static func checkOutputs(
        _ label: String, _ inputs: [Tensor], wrt: [Int]? = nil,
        step: Float = 1e-2, tolerance: Float = 1e-3, seed: UInt64? = nil,
        _ f: ([Tensor]) -> [Tensor]
    ) -> CheckResult {
        var result = CheckResult(label: label)
        let wrt = wrt ?? Array(inputs.indices)
        let plain = inputs.map(\.detached)

        // Fixed random output weights, one tensor per output.
        let reference = f(plain)
        var rng = RandomGenerator(seed: seed ?? stableHash(label))
        let weights = reference.map { Tensor.normal($0.shape, rng: &rng) }
        for (k, y) in reference.enumerated() where y.requiresGradient {
            result.failures.append("output \(k) requires a gradient although no input does")
        }

        // Analytic gradients. A single output is seeded with its weights directly (so the
        // check depends on no other op); several outputs are joined by multiply, sum and add,
        // which have checks of their own.
        let leaves = inputs.enumerated().map { i, x in wrt.contains(i) ? x.requiringGradient() : x.detached }
        let outputs = f(leaves)
        for (k, (y, r)) in zip(outputs, reference).enumerated() where y.shape != r.shape || y.scalars != r.scalars {
            result.failures.append("output \(k) differs when gradients are recorded")
        }
        guard outputs.contains(where: \.requiresGradient) else {
            result.failures.append("no output requires a gradient")
            return result
        }
        let wanted = wrt.map { leaves[$0] }
        let analytic: [Tensor]
        if outputs.count == 1 {
            analytic = outputs[0].gradients(wrt: wanted, seed: weights[0])
        } else {
            var loss: Tensor? = nil
            for (y, w) in zip(outputs, weights) {
                let term = (y * w).sum()
                loss = loss.map { $0 + term } ?? term
            }
            analytic = loss!.gradients(wrt: wanted)
        }

        func loss(_ xs: [Tensor]) -> Double {
            var total = 0.0
            for (y, w) in zip(f(xs), weights) {
                precondition(y.shape == w.shape, "\(label): output shape changed under perturbation")
                let ys = y.scalars
                let ws = w.scalars
                for i in ys.indices { total += Double(ys[i]) * Double(ws[i]) }
            }
            return total
        }

        for (slot, i) in wrt.enumerated() {
            let g = analytic[slot]
            guard g.shape == inputs[i].shape else {
                result.failures.append("input \(i): gradient shape \(g.shape), input shape \(inputs[i].shape)")
                continue
            }
            let x = plain[i].scalars
            let a = g.scalars
            for e in x.indices {
                func at(_ delta: Float) -> Double {
                    var xs = plain
                    var v = plain[i].detached
                    v.withUnsafeMutableBufferPointer { $0[e] = x[e] + delta }
                    xs[i] = v
                    return loss(xs)
                }
                let h = step * Swift.max(1, Swift.abs(x[e]))
                let d1 = (at(h) - at(-h)) / Double(2 * h)
                let d2 = (at(h / 2) - at(-h / 2)) / Double(h)
                let numeric = Float((4 * d2 - d1) / 3)
                result.checkedElements += 1
                let scale = Swift.max(1, Swift.abs(a[e]), Swift.abs(numeric))
                if !a[e].isFinite || !(Swift.abs(a[e] - numeric) <= tolerance * scale) {
                    result.failures.append(
                        "input \(i) \(inputs[i].shape) element \(e) (x = \(x[e])): analytic \(a[e]), numeric \(numeric)"
                    )
                }
            }
        }
        return result
    }

    /// Single-output form of `checkOutputs`.
    static func check(
        _ label: String, _ inputs: [Tensor], wrt: [Int]? = nil,
        step: Float = 1e-2, tolerance: Float = 1e-3, seed: UInt64? = nil,
        _ f: ([Tensor]) -> Tensor
    ) -> CheckResult {
        checkOutputs(label, inputs, wrt: wrt, step: step, tolerance: tolerance, seed: seed) { [f($0)] }
    }

    /// FNV-1a of a label: a seed that is stable across runs (Swift's `hashValue` is not).
    static func stableHash(_ s: String) -> UInt64 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for b in s.utf8 { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
        return h
    }
}

/// Random inputs for the checks, drawn from one seeded generator.
struct InputMaker {
    var rng: RandomGenerator

    init(_ label: String) { rng = RandomGenerator(seed: GradientChecker.stableHash("inputs " + label)) }

    /// Uniform values in [low, high).
    mutating func uniform(_ shape: [Int], _ low: Float = -2, _ high: Float = 2) -> Tensor {
        Tensor.uniform(shape, low: low, high: high, rng: &rng)
    }

    /// Uniform values in ±[low, high): magnitudes at least `low`, random signs (away from 0).
    mutating func awayFromZero(_ shape: [Int], _ low: Float = 0.3, _ high: Float = 2) -> Tensor {
        let n = Shape.count(shape)
        return Tensor(
            (0..<n).map { _ in
                let m = low + (high - low) * rng.nextFloat()
                return rng.nextBool() ? m : -m
            }, shape: shape)
    }

    /// Values on a lattice `offset + 0.5·k` plus noise below 0.1: two tensors drawn with
    /// offsets 0 and 0.25 differ by at least 0.05 everywhere, under any broadcast, so
    /// maximum/minimum stay away from ties.
    mutating func lattice(_ shape: [Int], offset: Float) -> Tensor {
        let n = Shape.count(shape)
        return Tensor(
            (0..<n).map { _ in
                offset + 0.5 * Float(rng.nextInt(in: -4...4)) + 0.2 * (rng.nextFloat() - 0.5) * 0.5
            }, shape: shape)
    }

    /// Distinct values at least 0.3 apart, in random order (no ties for max).
    mutating func distinct(_ shape: [Int]) -> Tensor {
        let n = Shape.count(shape)
        var v = (0..<n).map { Float($0) * 0.3 - Float(n) * 0.15 }
        rng.shuffle(&v)
        return Tensor(v.map { $0 + 0.05 * rng.nextFloat() }, shape: shape)
    }

    /// Random integers in `0..<bound`.
    mutating func ints(_ count: Int, below bound: Int) -> [Int] {
        (0..<count).map { _ in rng.nextInt(below: bound) }
    }
}
