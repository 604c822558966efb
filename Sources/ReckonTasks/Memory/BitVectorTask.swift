/// A memory task whose examples are sequences of bit vectors (the NTM paper's tasks).
///
/// Batches hold bit-vector payloads: [B, T_in, inputSize] in, [B, T_out, outputSize] out. Symbols
/// name the channels of a vector (`b0` ... `b7`, `delimiter`, ...), not tokens.
public protocol BitVectorTask: AlgorithmicTask {
    /// The exact target rows (T_out rows of `outputSize` values) for one input given as
    /// rows of `inputSize` values, computed without the generator's code.
    func solveBits(_ input: [[Float]]) -> [[Float]]
}

extension BitVectorTask {
    public var outputKind: TaskOutputKind { .bitVectors }
    public var isClassification: Bool { false }

    public func solution(for input: Payload) -> Payload {
        .bitVectors(solveBits(input.rows).flatMap { $0 }, width: outputSize)
    }

    /// `solve` on integers: the input rows flattened row by row (bits as 0/1, a priority as
    /// its integer level), the target rows flattened the same way.
    public func solve(_ input: [Int]) -> [Int] {
        precondition(input.count % inputSize == 0, "input must be whole rows of \(inputSize) values")
        let rows = stride(from: 0, to: input.count, by: inputSize).map { start in
            input[start..<start + inputSize].map(Float.init)
        }
        return solveBits(rows).flatMap { $0.map { Int($0.rounded()) } }
    }
}
