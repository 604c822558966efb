import ReckonMachines
import ReckonNN
import ReckonSupport
import ReckonTensor
import Testing

/// Shared checks every machine must pass: an end-to-end gradient check and a tiny learning test.
enum MachineTestKit {
    /// One-hot inputs [B, T, vocab] for token ids.
    static func oneHotBatch(_ rows: [[Int]], vocab: Int) -> Tensor {
        oneHot(rows.flatMap { $0 }, idShape: [rows.count, rows[0].count], depth: vocab)
    }

    /// A machine built from the catalog with `overrides`.
    static func make(
        _ name: String, inputSize: Int, outputSize: Int, _ overrides: [String: String], seed: UInt64 = 0
    ) throws -> any Machine {
        let spec = try MachineCatalog.spec(named: name)
        var rng = RandomGenerator(seed: seed)
        return spec.make(
            inputSize: inputSize, outputSize: outputSize, settings: try spec.resolve(overrides), rng: &rng)
    }

    /// Compares analytic gradients of Σ w ⊙ logits with central differences on `perParameter`
    /// randomly chosen entries of every parameter tensor. Returns the entries whose check
    /// failed (empty when all agree).
    ///
    /// With `acceptOneSided`, an entry also passes when a one-sided difference agrees: in a
    /// machine with many ReLU units (the transformers), one whose input lies within the step
    /// of zero bends the central difference, while the side away from the kink still measures
    /// the derivative. A wrong gradient disagrees with both sides.
    ///
    /// `keep` (the logits' shape, 0 or 1) leaves logits out of the sum: a masked logit of −1e9
    /// would make every central difference of a Float sum zero.
    static func gradientCheck(
        _ machine: any Machine, input: Tensor, outputLength: Int, targets: Tensor? = nil,
        perParameter: Int = 3, epsilon: Float = 1e-2, tolerance: Float = 3e-2,
        acceptOneSided: Bool = false, keep: Tensor? = nil
    ) -> [String] {
        var rng = RandomGenerator(seed: 42)
        func loss() -> Tensor {
            var ctx = ForwardContext(training: false, rng: RandomGenerator(seed: 7))
            let out = machine.logits(input: input, outputLength: outputLength, targets: targets, context: &ctx)
            var wrng = RandomGenerator(seed: 9)
            let weights = Tensor.normal(out.shape, rng: &wrng)
            return (out * (keep.map { weights * $0 } ?? weights)).sum()
        }
        let named = machine.namedParameterBoxes()
        let grads = loss().gradients(wrt: named.map(\.box.value))
        let center = acceptOneSided ? machine.withoutGradients { loss().item } : 0
        var failures: [String] = []
        for (p, slot) in named.enumerated() where slot.box.value.count > 0 {
            for _ in 0..<perParameter {
                let k = rng.nextInt(below: slot.box.value.count)
                let original = slot.box.value
                func perturbed(_ delta: Float) -> Float {
                    var v = original.detached
                    v.withUnsafeMutableBufferPointer { $0[k] += delta }
                    slot.box.value = v.requiringGradient()
                    defer { slot.box.value = original }
                    return machine.withoutGradients { loss().item }
                }
                let up = perturbed(epsilon)
                let down = perturbed(-epsilon)
                var estimates = [(up - down) / (2 * epsilon)]
                if acceptOneSided { estimates += [(up - center) / epsilon, (center - down) / epsilon] }
                let analytic = grads[p].scalars[k]
                if !estimates.contains(where: { abs($0 - analytic) <= tolerance * max(1, abs($0), abs(analytic)) }) {
                    failures.append("\(slot.name)[\(k)]: analytic \(analytic) numeric \(estimates)")
                }
            }
        }
        return failures
    }

    /// Trains with Adam on a fixed batch until every output token is right; returns the
    /// step at which it got there, or nil if `maxSteps` were not enough.
    static func stepsToFit(
        _ machine: any Machine, input: Tensor, targets: [Int], outputLength: Int, outputSize: Int,
        learningRate: Float = 1e-2, maxSteps: Int = 500
    ) -> Int? {
        let optimizer = Adam(learningRate: learningRate)
        let oneHotTargets = oneHot(targets, idShape: [input.shape[0], outputLength], depth: outputSize)
        var rng = RandomGenerator(seed: 3)
        for step in 0..<maxSteps {
            var ctx = ForwardContext(training: true, rng: rng.split())
            let logits = machine.logits(
                input: input, outputLength: outputLength,
                targets: machine.isAutoregressive ? oneHotTargets : nil, context: &ctx)
            let flat = logits.reshaped([-1, outputSize])
            let loss = softmaxCrossEntropy(logits: flat, labels: targets)
            var grads = machine.gradients(of: loss)
            GradientClipping.clipByGlobalNorm(&grads, maxNorm: 1)
            optimizer.update(machine, gradients: grads)
            if step % 10 == 9,
                accuracy(machine, input: input, targets: targets, outputLength: outputLength, outputSize: outputSize)
                    == 1
            {
                return step + 1
            }
        }
        return nil
    }

    /// Token accuracy of the machine's argmax predictions in evaluation mode.
    static func accuracy(
        _ machine: any Machine, input: Tensor, targets: [Int], outputLength: Int, outputSize: Int
    ) -> Double {
        machine.withoutGradients {
            var ctx = ForwardContext.evaluation
            let logits = machine.logits(input: input, outputLength: outputLength, targets: nil, context: &ctx).scalars
            var right = 0
            for (i, t) in targets.enumerated() {
                let row = logits[i * outputSize..<(i + 1) * outputSize]
                if row.firstIndex(of: row.max()!)! - i * outputSize == t { right += 1 }
            }
            return Double(right) / Double(targets.count)
        }
    }

    /// Parity of every bit string of length 1...4 (30 sequences), padded per length into separate batches.
    static func parityBatches() -> [(input: Tensor, targets: [Int])] {
        (1...4).map { n in
            let rows = (0..<(1 << n)).map { v in (0..<n).map { (v >> $0) & 1 } }
            return (oneHotBatch(rows, vocab: 2), rows.map { $0.reduce(0, +) % 2 })
        }
    }

    /// Every binary string of length 3 and its reversal (8 sequences, 3 outputs each).
    static func reversal() -> (input: Tensor, targets: [Int]) {
        let rows = (0..<8).map { v in (0..<3).map { (v >> $0) & 1 } }
        return (oneHotBatch(rows, vocab: 2), rows.flatMap { $0.reversed() })
    }
}
