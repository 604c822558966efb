import Testing

@testable import ReckonMachines
@testable import ReckonSupport
@testable import ReckonTensor

/// The state-tracking machines: both forms of every recurrence agree, and the delta rule with
/// β = 2 reflects the state (the eigenvalue −1 that Grazzi et al. add).
@Suite struct LinearRecurrentTests {
    static let names = ["mamba", "deltanet", "gated_deltanet", "linear_rnn"]

    /// Gradient-check sizes; deltanet's chunk of 2 splits the 6-position tape into 3 chunks.
    static let tiny: [String: [String: String]] = [
        "mamba": ["d_model": "4", "num_layers": "1", "d_state": "2", "expand": "1", "dt_rank": "1"],
        "deltanet": ["d_model": "8", "num_layers": "1", "num_heads": "2", "mlp_hidden": "4", "chunk_size": "2"],
        "gated_deltanet": ["d_model": "8", "num_layers": "1", "num_heads": "2", "mlp_hidden": "4", "chunk_size": "2"],
        "linear_rnn": ["d_model": "4", "num_layers": "1"],
    ]

    static let small: [String: [String: String]] = [
        "mamba": ["d_model": "16", "d_state": "4"],
        "deltanet": ["d_model": "16", "num_heads": "2", "mlp_hidden": "32", "chunk_size": "4"],
        "gated_deltanet": ["d_model": "16", "num_heads": "2", "mlp_hidden": "32", "chunk_size": "4"],
        "linear_rnn": ["d_model": "16"],
    ]

    static let cases: [(String, String)] = names.flatMap { n in ["0_1", "minus1_1"].map { (n, $0) } }

    /// Random 37-token inputs (with chunks of 8, the last chunk is partial and padded): the
    /// parallel and the recurrent form give the same logits and the same parameter gradients.
    @Test(arguments: cases)
    func parallelFormEqualsRecurrentForm(name: String, range: String) throws {
        var settings = Self.small[name]!
        settings["eigenvalue_range"] = range
        if name.contains("deltanet") { settings["chunk_size"] = "8" }
        var rng = RandomGenerator(seed: 11)
        let x = MachineTestKit.oneHotBatch((0..<3).map { _ in (0..<37).map { _ in rng.nextInt(below: 3) } }, vocab: 3)
        var results: [(logits: [Float], gradients: [[Float]])] = []
        for form in ["parallel", "recurrent"] {
            settings["form"] = form
            let machine = try MachineTestKit.make(name, inputSize: 3, outputSize: 2, settings, seed: 4)
            var context = ForwardContext.evaluation
            let logits = machine.logits(input: x, outputLength: 2, targets: nil, context: &context)
            let grads = machine.gradients(of: (logits * logits).sum()).values
            results.append((logits.scalars, grads.map(\.scalars)))
        }
        let logitGap = zip(results[0].logits, results[1].logits).map { abs($0 - $1) }.max() ?? 0
        #expect(logitGap <= 1e-5, "\(name) \(range): logits differ by \(logitGap)")
        for (i, (a, b)) in zip(results[0].gradients, results[1].gradients).enumerated() {
            let scale = max(1, a.map(abs).max() ?? 0)
            let gap = zip(a, b).map { abs($0 - $1) }.max() ?? 0
            #expect(gap <= 1e-4 * scale, "\(name) \(range): gradient of parameter \(i) differs by \(gap)")
        }
    }

    /// Mamba's scan runs in chunks of 64 steps with the state carried between them (so an
    /// evaluation holds one chunk's [B, T, E, N] tensors): on a 90-position tape, chunks of 64
    /// (two chunks) and of 7 (thirteen) give the logits and gradients of one unchunked scan.
    @Test(arguments: ["0_1", "minus1_1"])
    func mambaScanInChunksEqualsOneScan(range: String) throws {
        var settings = Self.small["mamba"]!
        settings["eigenvalue_range"] = range
        var rng = RandomGenerator(seed: 12)
        let x = MachineTestKit.oneHotBatch((0..<2).map { _ in (0..<88).map { _ in rng.nextInt(below: 3) } }, vocab: 3)
        var results: [(logits: [Float], gradients: [[Float]])] = []
        for chunk in [1000, 64, 7] {
            let machine = try MachineTestKit.make("mamba", inputSize: 3, outputSize: 2, settings, seed: 4)
            let model = try #require(machine as? LinearRecurrentMachine)
            for block in model.blocks { try #require(block.mixer as? MambaMixer).scanChunk = chunk }
            var context = ForwardContext.evaluation
            let logits = machine.logits(input: x, outputLength: 2, targets: nil, context: &context)
            results.append((logits.scalars, machine.gradients(of: (logits * logits).sum()).values.map(\.scalars)))
        }
        for other in results.dropFirst() {
            let gap = zip(results[0].logits, other.logits).map { abs($0 - $1) }.max() ?? 0
            #expect(gap <= 1e-5, "logits differ by \(gap)")
            for (a, b) in zip(results[0].gradients, other.gradients) {
                let gap = zip(a, b).map { abs($0 - $1) }.max() ?? 0
                #expect(gap <= 1e-4 * max(1, a.map(abs).max() ?? 0), "gradients differ by \(gap)")
            }
        }
    }

    /// Write v with a unit key k (β = 1), then apply β = 2 with the same key and no value: the
    /// transition I − 2kkᵀ has eigenvalue −1 along k, so the state and what k reads flip sign.
    /// With β ≤ 1 (the [0, 1] range) the read value can only shrink towards 0, never flip.
    @Test(arguments: RecurrenceForm.allCases)
    func deltaRuleWithBetaTwoReflectsTheState(form: RecurrenceForm) {
        let key: [Float] = [0.6, 0.8]  // unit length
        let q = Tensor(key + key + key, shape: [1, 1, 3, 2])
        let k = q
        let v = Tensor([1, -2, 0, 0, 0, 0], shape: [1, 1, 3, 2])
        for (second, third, expected) in [
            (Float(2), Float(2), [Float]([1, -2, -1, 2, 1, -2])),
            (1, 1, [1, -2, 0, 0, 0, 0]),
        ] {
            let beta = Tensor([1, second, third], shape: [1, 1, 3])
            let o: Tensor
            switch form {
            case .parallel: o = DeltaRule.chunked(q: q, k: k, v: v, beta: beta, logDecay: nil, chunkSize: 2)
            case .recurrent: o = DeltaRule.recurrent(q: q, k: k, v: v, beta: beta, logDecay: nil)
            }
            let gap = zip(o.scalars, expected).map { abs($0 - $1) }.max() ?? 1
            #expect(gap < 1e-5, "β = \(second): read \(o.scalars), expected \(expected)")
        }
    }

    /// β from the machines' parameterization: [0, 1] caps it at 1, [−1, 1] reaches 2.
    @Test func betaRangeFollowsTheEigenvalueRange() {
        let logits = Tensor([-20, 0, 20], shape: [3])
        #expect(EigenvalueRange.zeroToOne.beta(logits).scalars.max()! <= 1)
        #expect(abs(EigenvalueRange.minusOneToOne.beta(logits).scalars[2] - 2) < 1e-6)
        #expect(abs(EigenvalueRange.minusOneToOne.diagonal(Tensor([0], shape: [1])).scalars[0] + 1) < 1e-6)
    }
}
