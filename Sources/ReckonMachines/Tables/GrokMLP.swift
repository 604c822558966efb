import ReckonNN
import ReckonSupport
import ReckonTensor

/// `grok_mlp`: Liu et al. 2022's model of representation learning ("Towards Understanding
/// Grokking: An Effective Theory of Representation Learning"): learned embeddings of the two
/// operands x and y, combined, into an MLP decoder whose output is the answer's logits.
///
/// Defaults from the authors' code (ejmichaud/grokking-squared, scripts/modular-mlp.py with the
/// defaults of phasegrok/config.py): embeddings of 256 drawn N(0, 1), summed (E_x + E_y, the sum
/// their effective theory studies; `concatenate` takes [E_x, E_y] instead), then Linear(256, 256),
/// ReLU, and a linear readout, PyTorch's default Linear initialization. Their decoder_depth 2
/// builds Linear, ReLU, Linear, Linear: two linear maps in a row, which add no function, so
/// `hidden_layers` 1 here is one ReLU layer and one readout. The table input is `x y =`: only the
/// first two positions are read ("=" is the same at every row) and there is one output.
public final class GrokMLP: Module, Machine, TokenEmbedding {
    @Parameter var embedding: Tensor
    let hidden: [Linear]
    let readout: Linear
    let concatenate: Bool
    public var computationStepsMultiplier: Int { 0 }

    /// The settings of `grok_mlp`: Liu et al.'s defaults.
    public struct Config: MachineConfig {
        @Setting("embedding_dim", "width of each operand's learned embedding", minimum: 1)
        public var embeddingDim = 256
        @Setting("hidden_size", "units of each hidden ReLU layer", minimum: 1) public var hiddenSize = 256
        @Setting("hidden_layers", "hidden ReLU layers before the linear readout", minimum: 0)
        public var hiddenLayers = 1
        @Setting("concatenate", "feed [E_x, E_y] to the MLP instead of E_x + E_y (Liu et al. sum them)")
        public var concatenate = false
        public var readout = ReadoutSettings()

        public init() {}

        /// What makes a combination of settings unusable, in one line, or nil.
        public func problem() -> String? { GrokTransformer.Config.computationStepsProblem(readout) }
    }

    public static let spec = MachineSpec(
        name: "grok_mlp", summary: "Liu et al.'s MLP over the operands' learned embeddings (summed or concatenated)",
        config: Config.self, footprint: GrokMLP.footprint, refuses: { _, s in tableProblem(s) }
    ) { config, i, o, rng in
        GrokMLP(inputSize: i, outputSize: o, config: config, rng: &rng)
    }

    public init(inputSize: Int, outputSize: Int, config: Config, rng: inout RandomGenerator) {
        concatenate = config.concatenate
        _embedding = Parameter(wrappedValue: Tensor.normal([inputSize, config.embeddingDim], rng: &rng))
        var width = config.embeddingDim * (config.concatenate ? 2 : 1)
        var layers: [Linear] = []
        for _ in 0..<config.hiddenLayers {
            layers.append(Self.torchLinear(width, config.hiddenSize, rng: &rng))
            width = config.hiddenSize
        }
        hidden = layers
        readout = Self.torchLinear(width, outputSize, rng: &rng)
        super.init()
    }

    /// PyTorch's nn.Linear initialization, which the reference keeps: weight and bias both
    /// uniform in ±1/√fan_in.
    static func torchLinear(_ fanIn: Int, _ fanOut: Int, rng: inout RandomGenerator) -> Linear {
        let limit = 1 / Float(fanIn).squareRoot()
        let layer = Linear(fanIn, fanOut, weightInit: .uniform(limit: limit), rng: &rng)
        layer.bias?.wrappedValue = Tensor.uniform([fanOut], low: -limit, high: limit, rng: &rng).requiringGradient()
        return layer
    }

    public var tokenEmbedding: Tensor { embedding }

    /// Logits [B, 1, outputSize] from the first two input positions.
    public func logits(input x: Tensor, outputLength: Int, targets: Tensor?, context: inout ForwardContext) -> Tensor {
        let batch = x.shape[0]
        precondition(x.shape[1] >= 2, "grok_mlp reads two operands, the input has \(x.shape[1]) positions")
        precondition(outputLength == 1, "grok_mlp gives one answer, \(outputLength) were asked for")
        let pair = x.slice(axis: 1, 0..<2)
        let operands = OneHotTokens.embed(pair, table: embedding, ids: OneHotTokens.ids(pair))
        var h = concatenate ? operands.reshaped([batch, -1]) : operands.sum(axis: 1)
        for layer in hidden { h = layer(h).relu() }
        return readout(h).reshaped([batch, 1, -1])
    }

    /// For callers of the tape interface: the first `inputLength` rows hold the input, and the
    /// logits sit at the last row (earlier rows get zeros).
    public func forward(_ x: Tensor, inputLength: Int, context: inout ForwardContext) -> Tensor {
        let source = x.slice(axis: 1, 0..<inputLength).slice(axis: 2, 0..<embedding.shape[0])
        let out = logits(input: source, outputLength: 1, targets: nil, context: &context)
        return out.padded(axis: 1, before: x.shape[1] - 1, after: 0)
    }

    /// Why a task of `shape` is not a table this machine can answer (nil: it is).
    static func tableProblem(_ shape: FootprintShape) -> String? {
        if shape.inputLength < 2 {
            return "grok_mlp reads two operands; this task's input has \(shape.inputLength) positions"
        }
        if shape.outputLength != 1 {
            return "grok_mlp gives one answer; this task asks for \(shape.outputLength) outputs"
        }
        return nil
    }

    /// Parameters, and per sequence the one-hot input, the embeddings, each hidden layer's
    /// pre- and post-activation, and the logits with the loss's softmax and gradient.
    static func footprint(_ c: Config, _ s: FootprintShape) -> MachineFootprint {
        let e = Double(c.embeddingDim)
        let w = Double(c.hiddenSize)
        let layers = Double(c.hiddenLayers)
        let i = Double(s.inputSize)
        let o = Double(s.outputSize)
        let input = c.concatenate ? 2 * e : e
        let last = c.hiddenLayers > 0 ? w : input
        let hiddenParameters = c.hiddenLayers > 0 ? (input + 1) * w + (layers - 1) * (w + 1) * w : 0
        let parameters = i * e + hiddenParameters + (last + 1) * o
        let activations = Double(s.inputLength) * i + 3 * e + 2 * layers * w
        return MachineFootprint(
            parameters: parameters, trainingFloatsPerSequence: activations + 3 * o,
            inferenceFloatsPerSequence: activations + 2 * o)
    }
}
