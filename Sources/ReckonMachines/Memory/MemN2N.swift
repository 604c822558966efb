import Foundation
import ReckonNN
import ReckonSupport
import ReckonTensor

/// `memn2n`: an End-to-End Memory Network (Sukhbaatar et al. 2015) with K hops and adjacent
/// weight tying, whose memory is the input sequence.
///
/// Memory slot i (one per input position, i < inputLength) holds x_i ‖ p(i); the query at
/// tape position t is x_t ‖ p(max(t − inputLength, 0)), so an output position asks with its
/// output index j. p is a fixed sinusoidal encoding of width P (a stand-in for the paper's
/// learned temporal encoding T_A/T_C that exists at every length). With embedding maps
/// E_1 … E_{K+1} ([D + P] → d, no bias) and adjacent tying (A^k = E_k, C^k = E_{k+1},
/// B = A^1):
///
///     u^1 = B q_t
///     p^k_i = softmax_i(u^k · A^k m_i),   o^k = Σ_i p^k_i C^k m_i,   u^{k+1} = u^k + o^k
///     logits_t = W u^{K+1} + w
///
/// The paper also ties W to C^K; here outputs and inputs differ, so W is its own map.
/// Defaults: 3 hops, d = 64, P = 32. Attention runs over input positions only, all queries
/// in parallel (no recurrence), so its cost is O(L · inputLength · d) per hop.
public final class MemN2N: Module, Machine {
    public let computationStepsMultiplier: Int
    public let hops: Int, positionWidth: Int
    let embeddings: [Linear]
    let output: Linear

    /// The settings of `memn2n`.
    public struct Config: MachineConfig {
        @Setting("hops", "memory hops K", minimum: 1) public var hops = 3
        @Setting("embedding_size", "embedding width d", minimum: 1) public var embeddingSize = 64
        @Setting("position_width", "sinusoidal position channels appended to slots and queries", minimum: 0)
        public var positionWidth = 32
        public var readout = ReadoutSettings()

        public init() {}
    }

    public static let spec = MachineSpec(
        name: "memn2n",
        summary: "End-to-End Memory Network: input positions as memory, multi-hop attention, adjacent tying",
        config: Config.self, footprint: { MachineFootprint.memn2n($0, $1) }
    ) { config, i, o, rng in
        MemN2N(inputSize: i, outputSize: o, config: config, rng: &rng)
    }

    public init(inputSize: Int, outputSize: Int, config: Config, rng: inout RandomGenerator) {
        computationStepsMultiplier = config.readout.computationSteps
        hops = config.hops
        positionWidth = config.positionWidth
        let width = Readout.tapeWidth(inputSize: inputSize, computationStepsMultiplier: computationStepsMultiplier)
        let d = config.embeddingSize
        var maps: [Linear] = []
        for _ in 0...hops { maps.append(Linear(width + positionWidth, d, bias: false, rng: &rng)) }
        embeddings = maps
        output = Linear(d, outputSize, rng: &rng)
        super.init()
    }

    /// Sinusoidal encodings [count, width] of the given positions (sin on even, cos on odd channels).
    static func sinusoid(_ positions: [Int], width: Int) -> Tensor {
        var values = [Float](repeating: 0, count: positions.count * width)
        for (r, pos) in positions.enumerated() {
            for i in 0..<width {
                let rate = Foundation.pow(10_000.0, -Double(2 * (i / 2)) / Double(Swift.max(width, 1)))
                let angle = Double(pos) * rate
                values[r * width + i] = Float(i % 2 == 0 ? Foundation.sin(angle) : Foundation.cos(angle))
            }
        }
        return Tensor(values, shape: [positions.count, width])
    }

    public func forward(_ x: Tensor, inputLength: Int, context: inout ForwardContext) -> Tensor {
        let batch = x.shape[0]
        let length = x.shape[1]
        let slots = Swift.max(Swift.min(inputLength, length), 1)
        let memoryPositions = Self.sinusoid(Array(0..<slots), width: positionWidth)
        let queryPositions = Self.sinusoid((0..<length).map { Swift.max($0 - inputLength, 0) }, width: positionWidth)
        let memory = concat(
            [
                x.slice(axis: 1, 0..<slots),
                memoryPositions.expandingDims(at: 0).broadcast(to: [batch, slots, positionWidth]),
            ], axis: 2)
        let query = concat(
            [x, queryPositions.expandingDims(at: 0).broadcast(to: [batch, length, positionWidth])], axis: 2)
        var u = embeddings[0](query)
        var keys = embeddings[0](memory)
        for k in 0..<hops {
            let values = embeddings[k + 1](memory)
            let attention = matmul(u, keys, transposeB: true).softmax(axis: 2)
            u = u + matmul(attention, values)
            keys = values
        }
        return output(u)
    }
}
