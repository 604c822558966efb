import ReckonNN
import ReckonSupport
import ReckonTensor
import Testing

/// The README's example: a two-layer MLP learning XOR.
final class XORNet: Module {
    let hidden: Linear, out: Linear
    init(rng: inout RandomGenerator) {
        hidden = Linear(2, 8, rng: &rng)
        out = Linear(8, 1, rng: &rng)
        super.init()
    }
    func callAsFunction(_ x: Tensor) -> Tensor { out(hidden(x).tanh()) }
}

final class Nested: Module {
    let layers: [Linear]
    let norm: LayerNorm
    let optional: Linear?
    @Parameter var scale: Tensor
    init(rng: inout RandomGenerator) {
        layers = [Linear(2, 3, rng: &rng), Linear(3, 1, bias: false, rng: &rng)]
        norm = LayerNorm(3)
        optional = nil
        _scale = Parameter(wrappedValue: Tensor([2]))
        super.init()
    }
}

@Suite struct ModuleAndOptimizerTests {
    @Test func readmeXORExampleLearns() {
        var rng = RandomGenerator(seed: 0)
        let model = XORNet(rng: &rng)
        let optimizer = Adam(learningRate: 0.05)
        let x = Tensor([0, 0, 0, 1, 1, 0, 1, 1], shape: [4, 2])
        let y = Tensor([0, 1, 1, 0], shape: [4, 1])
        for _ in 0..<300 {
            let loss = binaryCrossEntropyWithLogits(logits: model(x), targets: y)
            optimizer.update(model, gradients: model.gradients(of: loss))
        }
        let p = model.withoutGradients { model(x).sigmoid().scalars }
        #expect(p[0] < 0.1 && p[1] > 0.9 && p[2] > 0.9 && p[3] < 0.1, "\(p)")
    }

    @Test func parametersAreNamedByPropertyPath() {
        var rng = RandomGenerator(seed: 1)
        let m = Nested(rng: &rng)
        #expect(
            m.namedParameters().map(\.name) == [
                "layers.0.weight", "layers.0.bias", "layers.1.weight", "norm.scale", "norm.offset", "scale",
            ])
        #expect(m.parameterCount == 6 + 3 + 3 + 3 + 3 + 1)
    }

    @Test func loadChecksNamesAndShapes() throws {
        var rng = RandomGenerator(seed: 1)
        let m = Nested(rng: &rng)
        var values = Dictionary(uniqueKeysWithValues: m.namedParameters().map { ($0.name, $0.tensor) })
        values["scale"] = Tensor([5])
        try m.load(values)
        #expect(m.scale.scalars == [5])
        #expect(m.scale.requiresGradient)
        values["scale"] = Tensor([1, 2])
        #expect(throws: ModuleError.shapeMismatch("scale", expected: [1], found: [2])) { try m.load(values) }
        values["scale"] = nil
        #expect(throws: ModuleError.missingParameter("scale")) { try m.load(values) }
        values["scale"] = Tensor([1])
        values["extra"] = Tensor([1])
        #expect(throws: ModuleError.unexpectedParameter("extra")) { try m.load(values) }
    }

    @Test func withoutGradientsRecordsNothingAndRestores() {
        var rng = RandomGenerator(seed: 2)
        let m = XORNet(rng: &rng)
        let x = Tensor([1, 0], shape: [1, 2])
        #expect(m.withoutGradients { m(x).requiresGradient } == false)
        #expect(m(x).requiresGradient)
    }

    /// One Adam step by hand: m = 0.1 g, v = 0.001 g², m̂ = g, v̂ = g², p −= lr · g / (|g| + ε).
    @Test func adamFirstStepMatchesHandComputation() {
        final class One: Module { @Parameter var w = Tensor([1, -2]) }
        let m = One()
        let adam = Adam(learningRate: 0.1)
        adam.update(m, gradients: .init(names: ["w"], values: [Tensor([0.5, -4])]))
        let w = m.w.scalars
        #expect(abs(w[0] - (1 - 0.1 * 0.5 / (0.5 + 1e-8))) < 1e-6)
        #expect(abs(w[1] - (-2 + 0.1)) < 1e-6)
        #expect(adam.stepCount == 1)
    }

    /// AdamW: with a zero gradient only the decoupled decay moves p, by lr · wd · p.
    @Test func adamWDecaysDecoupled() {
        final class One: Module { @Parameter var w = Tensor([1, -2]) }
        let m = One()
        Adam(learningRate: 0.1, weightDecay: 0.5).update(m, gradients: .init(names: ["w"], values: [Tensor([0, 0])]))
        #expect(zip(m.w.scalars, [1, -2] as [Float]).allSatisfy { abs($0 - ($1 - 0.05 * $1)) < 1e-6 })
    }

    /// AdamW against torch.optim.AdamW (PyTorch 2.13.0, CPU, float32) for three steps of fixed gradients
    /// at Nanda et al.'s settings (lr 1e-3, β = (0.9, 0.98), ε 1e-8, weight decay 1); the expected values
    /// were printed by this script, run outside the test:
    ///
    ///     p = torch.nn.Parameter(torch.tensor([1.0, -2.0, 0.5, 3.0, -0.25, 0.0]))
    ///     opt = torch.optim.AdamW([p], lr=1e-3, betas=(0.9, 0.98), eps=1e-8, weight_decay=1.0)
    ///     for g in grads: p.grad = torch.tensor(g); opt.step(); print(p.tolist())
    @Test func adamWMatchesPyTorch() {
        final class Six: Module { @Parameter var w = Tensor([1, -2, 0.5, 3, -0.25, 0]) }
        let m = Six()
        let adam = Adam(learningRate: 1e-3, beta1: 0.9, beta2: 0.98, epsilon: 1e-8, weightDecay: 1)
        let gradients: [[Float]] = [
            [0.5, -4, 0.001, 2, -0.3, 0.7], [0.4, -3, -0.002, 1.5, 0.3, -0.7], [-0.1, 1, 0.003, 0, -0.3, 0.7],
        ]
        let torch: [[Float]] = [
            [0.998000026, -1.99699998, 0.498500019, 2.99600005, -0.248750001, -0.00100000005],
            [0.996012926, -1.99401903, 0.498366565, 2.99202013, -0.248553887, -0.00094636844],
            [0.994357288, -1.99140215, 0.497526824, 2.98826408, -0.247969538, -0.00128121546],
        ]
        for (g, expected) in zip(gradients, torch) {
            adam.update(m, gradients: .init(names: ["w"], values: [Tensor(g)]))
            for (got, want) in zip(m.w.scalars, expected) { #expect(abs(got - want) <= 1e-6, "\(got) vs \(want)") }
        }
    }

    @Test func sgdMomentumAccumulatesVelocity() {
        final class One: Module { @Parameter var w = Tensor([0]) }
        let m = One()
        let sgd = SGD(learningRate: 1, momentum: 0.9)
        sgd.update(m, gradients: .init(names: ["w"], values: [Tensor([1])]))  // v = 1, w = -1
        sgd.update(m, gradients: .init(names: ["w"], values: [Tensor([1])]))  // v = 1.9, w = -2.9
        #expect(abs(m.w.item + 2.9) < 1e-6)
    }

    @Test func optimizerStateRoundTrips() throws {
        final class One: Module { @Parameter var w = Tensor([1, 2, 3]) }
        let a = One()
        let b = One()
        let oa = Adam()
        let ob = Adam()
        oa.update(a, gradients: .init(names: ["w"], values: [Tensor([1, -1, 2])]))
        try b.load(["w": a.w])
        try ob.loadState(oa.stateTensors(), for: b, stepCount: oa.stepCount)
        oa.update(a, gradients: .init(names: ["w"], values: [Tensor([0.5, 0.5, 0.5])]))
        ob.update(b, gradients: .init(names: ["w"], values: [Tensor([0.5, 0.5, 0.5])]))
        #expect(a.w.scalars == b.w.scalars)
        #expect(throws: OptimizerError.self) { try ob.loadState([:], for: b, stepCount: 3) }
    }

    /// Issue 13, bug 1: moments are checked against the parameter's shape, not against each
    /// other (both moments of shape [1] for a [3] parameter once corrupted the heap).
    @Test func optimizerStateIsCheckedAgainstTheParameters() throws {
        final class One: Module { @Parameter var w = Tensor([1, 2, 3]) }
        let model = One()
        let adam = Adam()
        adam.update(model, gradients: .init(names: ["w"], values: [Tensor([1, -1, 2])]))
        var state = adam.stateTensors()
        state["adam.m.w"] = Tensor([0])
        state["adam.v.w"] = Tensor([0])
        let fresh = Adam()
        #expect(throws: OptimizerError.shapeMismatch("adam.m.w", expected: [3], found: [1])) {
            try fresh.loadState(state, for: model, stepCount: 1)
        }
        var extra = adam.stateTensors()
        extra["adam.m.bias"] = Tensor([0])
        #expect(throws: OptimizerError.unexpectedState("adam.m.bias")) {
            try fresh.loadState(extra, for: model, stepCount: 1)
        }
        #expect(throws: OptimizerError.invalidStepCount(-1)) { try fresh.loadState([:], for: model, stepCount: -1) }
        // Step count 0 is a fresh optimizer: it may not carry state.
        #expect(throws: OptimizerError.unexpectedState("adam.m.w")) {
            try fresh.loadState(adam.stateTensors(), for: model, stepCount: 0)
        }
        let sgd = SGD(learningRate: 1)
        #expect(throws: OptimizerError.shapeMismatch("sgd.velocity.w", expected: [3], found: [1])) {
            try sgd.loadState(["sgd.velocity.w": Tensor([0])], for: model, stepCount: 2)
        }
    }

    @Test func gradientsAreNamedAfterTheParameters() {
        var rng = RandomGenerator(seed: 3)
        let m = Nested(rng: &rng)
        let x = Tensor([1, 2], shape: [1, 2])
        let g = m.gradients(of: (m.layers[1](m.norm(m.layers[0](x))) * m.scale).sum())
        #expect(g.names == m.parameterNames)
        #expect(g["scale"]?.shape == [1] && g["layers.0.weight"]?.shape == [2, 3])
        #expect(g["nothing"] == nil)
    }

    /// A parameter the walk cannot reach would silently go untrained: it stops the program
    /// at the first walk (MachineSpec.make walks every new machine once).
    @Test func aModuleHiddenInADictionaryIsAProgrammerError() async {
        await #expect(processExitsWith: .failure) {
            final class Hidden: Module {
                let table: [String: Linear]
                override init() {
                    var rng = RandomGenerator(seed: 0)
                    table = ["a": Linear(1, 1, rng: &rng)]
                    super.init()
                }
            }
            _ = Hidden().parameterNames
        }
        await #expect(processExitsWith: .failure) {
            final class Paired: Module {
                let pair: (Linear, Int)
                override init() {
                    var rng = RandomGenerator(seed: 0)
                    pair = (Linear(1, 1, rng: &rng), 1)
                    super.init()
                }
            }
            _ = Paired().parameterNames
        }
    }

    /// The tree is walked once: the slots handed out later are the same objects.
    @Test func parametersAreFoundOnce() {
        var rng = RandomGenerator(seed: 4)
        let m = Nested(rng: &rng)
        let first = m.namedParameterBoxes().map { ObjectIdentifier($0.box) }
        let again = m.namedParameterBoxes().map { ObjectIdentifier($0.box) }
        #expect(first == again)
    }

    @Test func globalNormClipping() {
        var g = [Tensor([3, 0]), Tensor([4])]
        let norm = GradientClipping.clipByGlobalNorm(&g, maxNorm: 1)
        #expect(abs(norm - 5) < 1e-6)
        #expect(abs(GradientClipping.globalNorm(g) - 1) < 1e-6)
        var small = [Tensor([0.3])]
        GradientClipping.clipByGlobalNorm(&small, maxNorm: 1)
        #expect(small[0].scalars == [0.3])
    }

    @Test func initializersHaveTheDocumentedSpread() {
        var rng = RandomGenerator(seed: 3)
        let t = Initializer.truncatedNormal(std: 1).make([100_000], rng: &rng).scalars
        let mean = t.reduce(0, +) / Float(t.count)
        let std = (t.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Float(t.count)).squareRoot()
        #expect(abs(std - 1) < 0.02 && t.allSatisfy { abs($0) <= 2 / 0.8796 + 1e-4 })
        let g = Initializer.glorotUniform.make([30, 70], rng: &rng).scalars
        #expect(g.allSatisfy { abs($0) <= (6.0 / 100.0).squareRoot() })
    }
}
