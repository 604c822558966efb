/// A memory task whose examples are sequences of bit vectors (the NTM paper's tasks).
///
/// Batches fill `Batch.inputBits` [B, T_in, inputSize] and `Batch.targetBits`
/// [B, T_out, outputSize]; the token arrays `input`/`target` stay empty. Symbols name the
/// channels of a vector (`b0` ... `b7`, `delimiter`, ...), not tokens.
public protocol BitVectorTask: AlgorithmicTask {
    /// The exact target rows (T_out rows of `outputSize` values) for one input given as
    /// rows of `inputSize` values, computed without the generator's code.
    func solveBits(_ input: [[Float]]) -> [[Float]]
}

extension BitVectorTask {
    public var usesBitVectors: Bool { true }
    public var isClassification: Bool { false }

    /// `solve` on integers: the input rows flattened row by row (bits as 0/1, a priority as
    /// its integer level), the target rows flattened the same way.
    public func solve(_ input: [Int]) -> [Int] {
        precondition(input.count % inputSize == 0, "input must be whole rows of \(inputSize) values")
        let rows = stride(from: 0, to: input.count, by: inputSize).map { start in
            input[start ..< start + inputSize].map(Float.init)
        }
        return solveBits(rows).flatMap { $0.map { Int($0.rounded()) } }
    }
}

extension Batch {
    /// Input vectors of example `b` as rows (bit-vector batches only).
    public func inputBitRows(_ b: Int) -> [[Float]] {
        rows(inputBits ?? [], from: b * inputLength, count: inputLength, width: inputBitWidth)
    }

    /// Target vectors of example `b` as rows (bit-vector batches only).
    public func targetBitRows(_ b: Int) -> [[Float]] {
        rows(targetBits ?? [], from: b * outputLength, count: outputLength, width: targetBitWidth)
    }

    private func rows(_ flat: [Float], from first: Int, count: Int, width: Int) -> [[Float]] {
        (first ..< first + count).map { r in Array(flat[r * width ..< (r + 1) * width]) }
    }
}
