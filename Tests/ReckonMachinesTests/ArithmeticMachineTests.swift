import ReckonMachines
import ReckonNN
import ReckonSupport
import ReckonTensor
import Testing

/// nau, nmu, nac (and NAC•), nalu, linear: the units' semantics at hand-set weights (stable-nalu's
/// definitions), the regularizer, clipping and initializations; the gradient check and tiny
/// learning test of each catalog machine run from MachineCatalogTests through the helpers here.
@Suite struct ArithmeticMachineTests {
    /// Inputs [B, 1, D] uniform in [1, 2] (the function task's training range; away from log's pole at 0).
    static func inputs(_ batch: Int, _ width: Int, seed: UInt64) -> Tensor {
        var rng = RandomGenerator(seed: seed)
        return Tensor.uniform([batch, 1, width], low: 1, high: 2, rng: &rng)
    }

    @Test func catalogListsTheArithmeticMachines() throws {
        for name in ["nau", "nmu", "nac", "nalu", "linear"] { #expect(MachineCatalog.names.contains(name)) }
        #expect(ArithmeticStack.names == ["nau", "nmu", "nac", "nalu", "linear"])
        // Defaults: stable-nalu's job script for the NAU, the experiment script's for the NMU.
        let nau = try MachineCatalog.spec(named: "nau").defaults
        let nmu = try MachineCatalog.spec(named: "nmu").defaults
        #expect(
            nau.values["regularizer"] == .float(0.01) && nau.values["regularizer_start"] == .int(5000)
                && nau.values["regularizer_end"] == .int(50000))
        #expect(
            nmu.values["regularizer"] == .float(10) && nmu.values["regularizer_start"] == .int(1_000_000)
                && nmu.values["regularizer_end"] == .int(2_000_000))
        #expect(nmu.values["first_layer"] == .string("nau") && nmu.values["second_layer"] == .string("nmu"))
        #expect(nau.values["hidden_size"] == .int(2))
        #expect(throws: SettingError.self) { try MachineCatalog.spec(named: "nau").resolve(["regularizer_end": "10"]) }
        #expect(throws: SettingError.self) {
            try MachineCatalog.spec(named: "nau").resolve(["computation_steps_mult": "1"])
        }
    }

    /// Entries whose analytic gradient disagrees with central differences, on inputs in [1, 2].
    static func gradientFailures(_ name: String, _ overrides: [String: String]) throws -> [String] {
        let machine = try MachineTestKit.make(name, inputSize: 6, outputSize: 1, overrides)
        return MachineTestKit.gradientCheck(
            machine, input: inputs(4, 6, seed: 1), outputLength: 1,
            perParameter: 4, epsilon: 1e-3, tolerance: 3e-2)
    }

    /// NAC• (the catalog checks the five machines at their defaults through `gradientFailures`).
    @Test func nacMulGradientsMatchFiniteDifferences() throws {
        let failures = try Self.gradientFailures("nac", ["second_layer": "nac_mul"])
        #expect(failures.isEmpty, "\(failures)")
    }

    /// The regularizer's gradient, at weights away from the kinks of min and |·| (0, 0.5, 1).
    @Test(arguments: ["nau", "nmu"])
    func regularizerGradientMatchesFiniteDifferences(_ name: String) throws {
        let machine = try MachineTestKit.make(
            name, inputSize: 4, outputSize: 1,
            ["regularizer_start": "0", "regularizer_end": "10"])
        let stack = try #require(machine as? ArithmeticStack)
        let values: [Float] = [0.2, 0.7, -0.3, 0.9, 0.1, 0.65, 0.35, 0.8]
        for layer in [stack.first, stack.second] {
            for (p, slot) in layer.namedParameterBoxes().enumerated() {
                let n = slot.box.value.count
                let positive = name == "nmu" || p > 0
                slot.box.value = Tensor(
                    (0..<n).map { positive ? Swift.abs(values[$0 % 8]) : values[$0 % 8] },
                    shape: slot.box.value.shape
                ).requiringGradient()
            }
        }
        let named = machine.namedParameterBoxes()
        let loss = { machine.regularization(step: 5)! }
        let grads = loss().gradients(wrt: named.map(\.box.value))
        for (i, slot) in named.enumerated() {
            for k in 0..<slot.box.value.count {
                let original = slot.box.value
                func at(_ d: Float) -> Float {
                    var v = original.detached
                    v.withUnsafeMutableBufferPointer { $0[k] += d }
                    slot.box.value = v.requiringGradient()
                    defer { slot.box.value = original }
                    return loss().item
                }
                let numeric = (at(1e-3) - at(-1e-3)) / 2e-3
                #expect(Swift.abs(numeric - grads[i].scalars[k]) < 1e-3, "\(slot.name)[\(k)]")
            }
        }
    }

    /// A tiny learning run: y = x0 + x1 for the additive stacks, y = x0 · x1 for the multiplicative
    /// ones (nmu, NAC•); returns the mean squared error before and after 2000 Adam steps. The
    /// tests ask for a twentyfold fall (the NACs, initialized with saturated tanh and sigmoid for
    /// so few inputs, measured 97x and 41x).
    static func tinyFunctionFit(_ name: String, _ overrides: [String: String]) throws -> (initial: Float, final: Float)
    {
        let multiply = name == "nmu" || overrides["second_layer"] == "nac_mul"
        let schedule = ["regularizer_start": "500", "regularizer_end": "1000"]
        let machine = try MachineTestKit.make(
            name, inputSize: 4, outputSize: 1, overrides.merging(schedule) { a, _ in a })
        let x = inputs(64, 4, seed: 2)
        let s = x.scalars
        let y = Tensor(
            (0..<64).map { multiply ? s[4 * $0] * s[4 * $0 + 1] : s[4 * $0] + s[4 * $0 + 1] },
            shape: [64, 1, 1])
        let optimizer = Adam(learningRate: 1e-2)
        func mse() -> Tensor {
            var ctx = ForwardContext.evaluation
            return (machine.logits(input: x, outputLength: 1, targets: nil, context: &ctx) - y).squared().mean()
        }
        let initial = machine.withoutGradients { mse().item }
        for step in 0..<2000 {
            let loss = machine.regularization(step: step).map { mse() + $0 } ?? mse()
            optimizer.update(machine, gradients: machine.gradients(of: loss))
            machine.afterUpdate()
        }
        return (initial, machine.withoutGradients { mse().item })
    }

    @Test func nacMulLearnsATinyProduct() throws {
        let (initial, final) = try Self.tinyFunctionFit("nac", ["second_layer": "nac_mul"])
        #expect(final < initial / 20, "\(initial) -> \(final)")
    }

    /// An NAU whose weights are {1, 1, 0, ...} adds its first two inputs exactly, at zero regularizer.
    @Test func nauWithUnitWeightsAddsExactly() throws {
        var rng = RandomGenerator(seed: 4)
        let nau = NAULayer(5, 1, rng: &rng)
        nau.weight = Tensor([1, 1, 0, 0, 0], shape: [5, 1]).requiringGradient()
        let x = Tensor.uniform([32, 5], low: -100, high: 100, rng: &rng)
        let out = nau(x).scalars
        let s = x.scalars
        for b in 0..<32 { #expect(out[b] == s[5 * b] + s[5 * b + 1]) }
        #expect(nau.sparsityRegularizer()!.item == 0)
        // Subtraction is the weight −1; a weight of 0.5 sits at the regularizer's largest value 0.5.
        nau.weight = Tensor([1, -1, 0, 0.5, 0], shape: [5, 1]).requiringGradient()
        let diff = nau(x).scalars
        for b in 0..<32 { #expect(diff[b] == s[5 * b] - s[5 * b + 1] + 0.5 * s[5 * b + 3]) }
        #expect(nau.sparsityRegularizer()!.item == 0.1)
    }

    /// An NMU whose weights are {1, 1, 0, ...} multiplies its first two inputs exactly: the other
    /// factors are W·x + 1 − W = 1. Its regularizer is 0 there, 0.5 at W = 0.5 and the mean of
    /// min(W, 1 − W) in between.
    @Test func nmuWithUnitWeightsMultipliesExactly() throws {
        var rng = RandomGenerator(seed: 5)
        let nmu = NMULayer(4, 1, rng: &rng)
        nmu.weight = Tensor([1, 1, 0, 0], shape: [4, 1]).requiringGradient()
        let x = Tensor.uniform([32, 4], low: -6, high: 6, rng: &rng)
        let out = nmu(x).scalars
        let s = x.scalars
        for b in 0..<32 { #expect(out[b] == s[4 * b] * s[4 * b + 1]) }
        #expect(nmu.sparsityRegularizer()!.item == 0)
        nmu.weight = Tensor([0.5, 0.5, 0.5, 0.5], shape: [4, 1]).requiringGradient()
        #expect(nmu.sparsityRegularizer()!.item == 0.5)
        nmu.weight = Tensor([1, 0.25, 0, 0.75], shape: [4, 1]).requiringGradient()
        #expect(nmu.sparsityRegularizer()!.item == 0.125)
        // W = 0.25 on x gives the factor 0.25·x + 0.75.
        let partial = nmu(x).scalars
        for b in 0..<32 {
            let expected = s[4 * b] * (0.25 * s[4 * b + 1] + 0.75) * (0.75 * s[4 * b + 3] + 0.25)
            #expect(Swift.abs(partial[b] - expected) <= 1e-5 * Swift.max(1, Swift.abs(expected)))
        }
    }

    /// The two-layer nmu stack with the exact weights computes (x0 + x1) · (x1 + x2), and its
    /// weighted regularizer follows the linear schedule: 0 before the start, λ/2 halfway.
    @Test func nmuStackComputesTheProductOfSums() throws {
        let machine = try MachineTestKit.make(
            "nmu", inputSize: 3, outputSize: 1,
            ["regularizer_start": "100", "regularizer_end": "300"])
        let stack = try #require(machine as? ArithmeticStack)
        let nau = try #require(stack.first as? NAULayer)
        let nmu = try #require(stack.second as? NMULayer)
        nau.weight = Tensor([1, 0, 1, 1, 0, 1], shape: [3, 2]).requiringGradient()
        nmu.weight = Tensor([1, 1], shape: [2, 1]).requiringGradient()
        let x = Self.inputs(16, 3, seed: 6)
        var ctx = ForwardContext.evaluation
        let out = machine.logits(input: x, outputLength: 1, targets: nil, context: &ctx).scalars
        let s = x.scalars
        for b in 0..<16 { #expect(out[b] == (s[3 * b] + s[3 * b + 1]) * (s[3 * b + 1] + s[3 * b + 2])) }
        #expect(stack.sparsityRegularizer() == 0)
        nmu.weight = Tensor([0.5, 1], shape: [2, 1]).requiringGradient()
        #expect(stack.sparsityRegularizer() == 0.25)
        #expect(machine.regularization(step: 100) == nil)
        #expect(machine.regularization(step: 200)!.item == 10 * 0.5 * 0.25)
        #expect(machine.regularization(step: 5000)!.item == 10 * 0.25)
    }

    /// stable-nalu clips after every update: NAU weights into [−1, 1], NMU weights into [0, 1].
    @Test func updatesClipWeightsIntoRange() throws {
        let machine = try MachineTestKit.make("nmu", inputSize: 3, outputSize: 1, [:])
        let stack = try #require(machine as? ArithmeticStack)
        let nau = try #require(stack.first as? NAULayer)
        let nmu = try #require(stack.second as? NMULayer)
        nau.weight = Tensor([3, -2, 0.5, -0.25, 1.5, -1], shape: [3, 2]).requiringGradient()
        nmu.weight = Tensor([-0.5, 1.5], shape: [2, 1]).requiringGradient()
        machine.afterUpdate()
        #expect(nau.weight.scalars == [1, -1, 0.5, -0.25, 1, -1])
        #expect(nmu.weight.scalars == [0, 1])
    }

    /// Initializations: NAU U[±min(0.5, √3·√(2/(in+out)))], NMU U[0.25, 0.75], NAC's r solving
    /// fan · Var(tanh(Ŵ)σ(M̂)) = 2.
    @Test func initializationsFollowStableNALU() throws {
        var rng = RandomGenerator(seed: 8)
        let nau = NAULayer(100, 2, rng: &rng).weight.scalars
        let r = Float((3.0 * 2.0 / 102.0).squareRoot())
        #expect(nau.allSatisfy { Swift.abs($0) <= r } && nau.contains { Swift.abs($0) > 0.9 * r })
        let small = NAULayer(2, 1, rng: &rng).weight.scalars
        #expect(small.allSatisfy { Swift.abs($0) <= 0.5 })
        let nmu = NMULayer(50, 4, rng: &rng).weight.scalars
        #expect(nmu.allSatisfy { $0 >= 0.25 && $0 <= 0.75 } && nmu.contains { $0 < 0.3 } && nmu.contains { $0 > 0.7 })
        let nac = NACLayer(100, 2, logSpace: false, rng: &rng)
        let bound = nac.wHat.scalars.map { Swift.abs($0) }.max()!
        // Var(W) over 200 weights near the target 2 / 102.
        let w = nac.effectiveWeight.scalars
        let mean = w.reduce(0, +) / Float(w.count)
        let variance = w.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Float(w.count)
        #expect(bound < 1.5 && Swift.abs(variance - 2 / 102) < 0.008, "r \(bound) var \(variance)")
    }
}
