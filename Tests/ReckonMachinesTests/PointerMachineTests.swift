import ReckonNN
import ReckonSupport
import ReckonTensor
import Testing

@testable import ReckonMachines

/// pointer_net: gradient checks (teacher forcing, glimpses, masking), a tiny learning test,
/// the attention's semantics with hand-set weights, and greedy decoding's bookkeeping.
@Suite struct PointerMachineTests {
    /// Rows of random values [B, n, width].
    static func values(batch: Int, n: Int, width: Int, seed: UInt64 = 5) -> Tensor {
        var rng = RandomGenerator(seed: seed)
        return Tensor((0..<(batch * n * width)).map { _ in rng.nextFloat() }, shape: [batch, n, width])
    }

    /// The positions of each row's values in ascending order (the sort task's answer).
    static func sortTargets(_ x: Tensor) -> [Int] {
        let b = x.shape[0]
        let n = x.shape[1]
        let v = x.scalars
        return (0..<b).flatMap { r in (0..<n).sorted { v[r * n + $0] < v[r * n + $1] } }
    }

    @Test(arguments: [(0, false), (1, false), (0, true), (2, true)])
    func teacherForcedGradientCheck(glimpses: Int, mask: Bool) throws {
        let machine = try MachineTestKit.make(
            "pointer_net", inputSize: 2, outputSize: 0,
            ["hidden_size": "4", "glimpses": "\(glimpses)", "mask_chosen": "\(mask)"])
        let x = Self.values(batch: 2, n: 4, width: 2)
        // Output length 3 against 4 positions, so the step and position axes differ.
        let targets = oneHot([2, 0, 3, 1, 1, 2], idShape: [2, 3], depth: 4)
        // Positions chosen at earlier steps hold −1e9 when masked; the sum leaves them out.
        let keep = Tensor(
            PointerNet.chosenBias([2, 0, 3, 1, 1, 2], batch: 2, steps: 3, n: 4).scalars.map { $0 == 0 ? 1 : 0 },
            shape: [2, 3, 4])
        let failures = MachineTestKit.gradientCheck(
            machine, input: x, outputLength: 3, targets: targets, epsilon: 1e-2,
            keep: keep)
        #expect(failures.isEmpty, "\(failures)")
    }

    /// The input rows get gradients too (the chosen rows reach the decoder through a product).
    @Test func greedyGradientCheck() throws {
        let machine = try MachineTestKit.make(
            "pointer_net", inputSize: 1, outputSize: 0, ["hidden_size": "4", "glimpses": "1"])
        let failures = MachineTestKit.gradientCheck(
            machine, input: Self.values(batch: 2, n: 3, width: 1), outputLength: 3,
            epsilon: 1e-3)
        #expect(failures.isEmpty, "\(failures)")
    }

    @Test func learnsToSortFourNumbers() throws {
        let machine = try MachineTestKit.make("pointer_net", inputSize: 1, outputSize: 0, ["hidden_size": "16"])
        let x = Self.values(batch: 8, n: 4, width: 1, seed: 9)
        let steps = MachineTestKit.stepsToFit(
            machine, input: x, targets: Self.sortTargets(x), outputLength: 4,
            outputSize: 4, learningRate: 1e-2, maxSteps: 600)
        #expect(steps != nil, "pointer_net did not fit 8 sorting examples in 600 steps")
    }

    /// One set of weights answers at any input length: logits are [B, T, n] for every n.
    @Test func outputWidthFollowsTheInputLength() throws {
        let machine = try MachineTestKit.make("pointer_net", inputSize: 3, outputSize: 7, ["hidden_size": "4"])
        for n in [2, 5, 30] {
            let out = machine.withoutGradients {
                var ctx = ForwardContext.evaluation
                return machine.logits(
                    input: Self.values(batch: 2, n: n, width: 3), outputLength: n + 1, targets: nil,
                    context: &ctx)
            }
            #expect(out.shape == [2, n + 1, n])
        }
    }

    /// Hand-set weights: with e_j = j and the query d = k, u_j = 10·(tanh(4(j−k)+1) + tanh(4(k−j)+1))
    /// is even in j − k and largest at j = k (the second derivative of tanh is negative above 0),
    /// so the softmax over positions puts its mass on position k.
    @Test func handSetAttentionPointsAtTheChosenPosition() {
        var rng = RandomGenerator(seed: 0)
        let attention = PointerAttention(hiddenSize: 1, width: 2, rng: &rng)
        attention.reference.weight = Tensor([4, -4], shape: [1, 2])
        attention.query.weight = Tensor([-4, 4], shape: [1, 2])
        attention.query.bias!.wrappedValue = Tensor([1, 1])
        attention.v = Tensor([10, 10], shape: [2, 1])
        let n = 6
        let encoded = Tensor((0..<n).map(Float.init), shape: [1, n, 1])
        let queries = Tensor((0..<n).map(Float.init), shape: [1, n, 1])
        let p = attention.scores(projected: attention.project(encoded), queries: queries).softmax(axis: -1).scalars
        for k in 0..<n {
            #expect(p[k * n + k] > 0.999, "query \(k): mass \(p[k * n + k]) on its position")
        }
        // A glimpse with the same weights reads the chosen state back.
        let read = attention.glimpse(
            projected: attention.project(encoded), encoded: encoded, queries: queries, bias: nil)
        for k in 0..<n { #expect(abs(read.scalars[k] - Float(k)) < 1e-2) }
    }

    /// With masking on, greedy decoding never points twice at a position, even untrained.
    @Test func maskingMakesEveryAnswerAPermutation() throws {
        for mask in [true, false] {
            let machine = try MachineTestKit.make(
                "pointer_net", inputSize: 1, outputSize: 0,
                ["hidden_size": "8", "mask_chosen": "\(mask)"], seed: 4)
            let x = Self.values(batch: 16, n: 6, width: 1, seed: 2)
            let picks = machine.withoutGradients {
                var ctx = ForwardContext.evaluation
                return machine.logits(input: x, outputLength: 6, targets: nil, context: &ctx).argmaxLastAxis()
            }
            let permutations = (0..<16).filter { Set(picks[($0 * 6)..<($0 * 6 + 6)]).count == 6 }.count
            if mask {
                #expect(permutations == 16)
            } else {
                #expect(permutations < 16, "an untrained net repeats itself")
            }
        }
    }

    /// Teacher forcing and greedy decoding agree when the targets are the greedy choices.
    @Test func teacherForcingReproducesGreedyDecoding() throws {
        let machine = try MachineTestKit.make(
            "pointer_net", inputSize: 2, outputSize: 0,
            ["hidden_size": "8", "glimpses": "1", "mask_chosen": "true"])
        let x = Self.values(batch: 3, n: 5, width: 2, seed: 8)
        let (greedy, forced) = machine.withoutGradients {
            var ctx = ForwardContext.evaluation
            let greedy = machine.logits(input: x, outputLength: 5, targets: nil, context: &ctx)
            let targets = oneHot(greedy.argmaxLastAxis(), idShape: [3, 5], depth: 5)
            return (greedy, machine.logits(input: x, outputLength: 5, targets: targets, context: &ctx))
        }
        let difference = zip(greedy.scalars, forced.scalars).map { abs($0 - $1) }.max() ?? 0
        #expect(difference < 1e-4, "\(difference)")
    }

    @Test func computationStepsAreRefused() throws {
        #expect(throws: SettingError.self) {
            _ = try MachineCatalog.spec(named: "pointer_net").resolve(["computation_steps_mult": "1"])
        }
    }
}
