import ReckonNN
import ReckonSupport
import ReckonTensor

/// `ctw`: Context Tree Weighting as a machine (Willems et al. 1995; the reference's `models/ctw.py`),
/// so the Bayes-optimal predictor of variable-order Markov sources stands in results and reports
/// beside the trained machines, on the same sequences. It has no parameters and learns nothing
/// from training: each sequence starts a fresh mixture over context trees of at most `depth`
/// (`ContextTreeWeighting`, exact in log space) and updates it with every symbol it reads, as
/// the reference evaluates CTW with `batched_update`. Its logits are the mixture's log-probabilities
/// of the next symbol, over the task's whole vocabulary.
public final class CTWMachine: Module, Machine {
    public let computationStepsMultiplier = 0
    let depth: Int
    let vocabulary: Int

    /// The settings of `ctw`.
    public struct Config: MachineConfig {
        @Setting("depth", "longest context the mixture conditions on", minimum: 0, maximum: 32) public var depth = 5
        public var readout = ReadoutSettings()

        public init() {}

        public func problem() -> String? {
            readout.computationSteps == 0 ? nil : "ctw reads no computation tokens; set computation_steps_mult to 0"
        }
    }

    public static let spec = MachineSpec(
        name: "ctw",
        summary: "Context Tree Weighting: the Bayes-optimal predictor of variable-order Markov data, untrained",
        config: Config.self,
        footprint: { c, s in
            let positions = Double(s.inputLength)
            // Per sequence: the logits, and at most depth + 1 new tree nodes per position.
            let tree = positions * Double(c.depth + 1) * Double(s.outputSize + 4) * 2
            return MachineFootprint(
                parameters: 0, trainingFloatsPerSequence: positions * Double(s.outputSize) * 3 + tree,
                inferenceFloatsPerSequence: positions * Double(s.outputSize) + tree)
        },
        refuses: { _, s in
            s.predictsNextSymbol
                ? nil : "ctw predicts the next symbol of a sequence: it runs on prediction tasks (markov_source, ...)"
        }
    ) { config, i, o, _ in
        CTWMachine(vocabulary: o, depth: config.depth)
    }

    public init(vocabulary: Int, depth: Int) {
        self.vocabulary = vocabulary
        self.depth = depth
        super.init()
    }

    /// The tape is the sequence shifted behind the start symbol: position t holds symbol t − 1
    /// (its first `vocabulary` channels), and its logits are ln P(symbol t | symbols before t).
    public func forward(_ x: Tensor, inputLength: Int, context: inout ForwardContext) -> Tensor {
        let (batch, length, width) = (x.shape[0], x.shape[1], x.shape[2])
        let tape = x.scalars
        var out = [Float](repeating: 0, count: batch * length * vocabulary)
        for b in 0..<batch {
            var mixture = ContextTreeWeighting(depth: depth, alphabetSize: Swift.max(vocabulary, 2))
            for t in 0..<length {
                if t > 0 {
                    let row = (b * length + t) * width
                    var symbol = 0
                    for k in 1..<vocabulary where tape[row + k] > tape[row + symbol] { symbol = k }
                    mixture.update(symbol)
                }
                let logs = mixture.logDistribution()
                for k in 0..<vocabulary { out[(b * length + t) * vocabulary + k] = Float(logs[k]) }
            }
        }
        return Tensor(out, shape: [batch, length, vocabulary])
    }
}
