import ReckonNN
import ReckonSupport
import ReckonTensor

/// The static function task's network (stable-nalu `SimpleFunctionStaticNetwork`): two arithmetic
/// layers, input → hidden → output, applied to each input position on its own. The catalog
/// lists one machine per paper model (`nau`, `nmu`, `nac`, `nalu`, `linear`); each is this stack
/// with that model's units and regularizer schedule as defaults.
public final class ArithmeticStack: Module, Machine {
    public let first: ArithmeticLayer
    public let second: ArithmeticLayer
    let schedule: (weight: @Sendable (Int) -> Double, active: Bool)
    public var computationStepsMultiplier: Int { 0 }

    public init<P>(inputSize: Int, outputSize: Int, config: ArithmeticConfig<P>, rng: inout RandomGenerator) {
        first = ArithmeticLayer.make(config.firstLayer, inputSize, config.hiddenSize, rng: &rng)
        second = ArithmeticLayer.make(config.secondLayer, config.hiddenSize, outputSize, rng: &rng)
        schedule = ({ config.regularizerWeight(step: $0) }, config.regularizer > 0)
        super.init()
    }

    /// [B, L, in] → [B, L, out], each position independently.
    public func forward(_ x: Tensor, inputLength: Int, context: inout ForwardContext) -> Tensor {
        let (b, l, d) = (x.shape[0], x.shape[1], x.shape[2])
        let y = second(first(x.reshaped([b * l, d])))
        return y.reshaped([b, l, y.shape[1]])
    }

    /// One output per input position: no readout tape.
    public func logits(input x: Tensor, outputLength: Int, targets: Tensor?, context: inout ForwardContext) -> Tensor {
        precondition(outputLength == x.shape[1], "an arithmetic stack gives one output per input position")
        return forward(x, inputLength: x.shape[1], context: &context)
    }

    /// λ · ramp(step) · Σ_layers sparsity(W) (stable-nalu: `args.regualizer * r_w_scale * regualizers['W']`).
    public func regularization(step: Int) -> Tensor? {
        guard schedule.active else { return nil }
        let weight = schedule.weight(step)
        let terms = [first, second].compactMap { $0.sparsityRegularizer() }
        guard weight > 0, var total = terms.first else { return nil }
        for t in terms.dropFirst() { total = total + t }
        return total * Float(weight)
    }

    /// The sparsity regularizer's current value without its weight, for tests and inspection.
    public func sparsityRegularizer() -> Double? {
        let terms = [first, second].compactMap { $0.sparsityRegularizer() }
        return terms.isEmpty ? nil : terms.reduce(0) { $0 + Double($1.item) }
    }

    public func afterUpdate() {
        first.clipWeights()
        second.clipWeights()
    }

    static func spec<P: ArithmeticPreset>(_ name: String, _ summary: String, _ preset: P.Type) -> MachineSpec {
        MachineSpec(
            name: name, summary: summary, config: ArithmeticConfig<P>.self,
            footprint: { c, s in
                let (i, h, o) = (Double(s.inputSize), Double(c.hiddenSize), Double(s.outputSize))
                // Parameters: at most three [in, out] matrices per layer (NALU: Ŵ, M̂, G). Activations: the
                // NMU's [in, out] factor table per sequence is the largest intermediate.
                let parameters = 3 * (i * h + h * o) + o
                let perPosition = 4 * (i * h + h * o) + i
                return MachineFootprint(
                    parameters: parameters,
                    trainingFloatsPerSequence: perPosition * Double(s.inputLength),
                    inferenceFloatsPerSequence: perPosition * Double(s.inputLength))
            }
        ) { config, i, o, rng in
            ArithmeticStack(inputSize: i, outputSize: o, config: config, rng: &rng)
        }
    }

    /// The catalog names of the arithmetic stacks (they take real-valued tasks only).
    public static let names: Set<String> = ["nau", "nmu", "nac", "nalu", "linear"]

    /// NAU → NAU with λ 0.01 from step 5 000 to 50 000 (the paper's addition and subtraction model).
    public static let nauSpec = spec(
        "nau", "neural addition units, NAU -> NAU (Madsen & Johansen 2020)",
        NAUPreset.self)
    /// NAU → NMU with λ 10 from step 10^6 to 2·10^6 (the paper's multiplication model).
    public static let nmuSpec = spec(
        "nmu", "NAU -> neural multiplication unit (Madsen & Johansen 2020)",
        NMUPreset.self)
    /// NAC → NAC (Trask et al. 2018).
    public static let nacSpec = spec(
        "nac", "neural accumulators, NAC -> NAC; second_layer=nac_mul gives NAC*",
        NACPreset.self)
    /// NALU → NALU (Trask et al. 2018).
    public static let naluSpec = spec(
        "nalu", "neural arithmetic logic units, NALU -> NALU (Trask et al. 2018)",
        NALUPreset.self)
    /// Affine → affine: the paper's linear baseline.
    public static let linearSpec = spec(
        "linear", "two affine layers, the arithmetic tasks' linear baseline",
        LinearPreset.self)
}
