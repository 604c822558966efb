import Foundation
import ReckonNN
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
public final class MemN2N: Module, Machine, ComputationSteps {
    public let name = "memn2n"
    public let computationStepsMult: Int
    public let hops: Int, positionWidth: Int
    let embeddings: [Linear]
    let output: Linear

    public init(inputSize: Int, outputSize: Int, hyperparameters hp: Hyperparameters, rng: inout RandomGenerator) {
        computationStepsMult = hp.int("computation_steps_mult")
        hops = hp.int("hops"); positionWidth = hp.int("position_width")
        let width = Readout.tapeWidth(inputSize: inputSize, computationStepsMultiplier: computationStepsMult)
        let d = hp.int("embedding_size")
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
        let batch = x.shape[0], length = x.shape[1], slots = Swift.max(Swift.min(inputLength, length), 1)
        let memoryPositions = Self.sinusoid(Array(0..<slots), width: positionWidth)
        let queryPositions = Self.sinusoid((0..<length).map { Swift.max($0 - inputLength, 0) }, width: positionWidth)
        let memory = concat([x.slice(axis: 1, 0..<slots),
                             memoryPositions.expandingDims(at: 0).broadcast(to: [batch, slots, positionWidth])], axis: 2)
        let query = concat([x, queryPositions.expandingDims(at: 0).broadcast(to: [batch, length, positionWidth])], axis: 2)
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
