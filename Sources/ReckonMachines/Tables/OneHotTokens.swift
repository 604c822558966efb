import ReckonTensor

/// One-hot inputs as token ids, so that an embedding is a row lookup instead of a product with
/// the one-hot matrix. Why: for Nanda et al.'s full batch (3 830 rows × 3 tokens × 114 classes)
/// the product is 0.34 GFLOP forward and as much for W_E's gradient, about a tenth of a step.
enum OneHotTokens {
    /// The ids of `x` [..., classes] when every row is exactly one 1 among 0s, else nil
    /// (bit-vector inputs, which the table machines still embed by the product).
    static func ids(_ x: Tensor) -> [Int]? {
        let classes = x.shape.last ?? 0
        guard classes > 0 else { return nil }
        return x.withUnsafeBufferPointer { p -> [Int]? in
            var ids: [Int] = []
            ids.reserveCapacity(p.count / classes)
            for row in stride(from: 0, to: p.count, by: classes) {
                var found = -1
                for c in 0..<classes where p[row + c] != 0 {
                    guard p[row + c] == 1, found < 0 else { return nil }
                    found = c
                }
                guard found >= 0 else { return nil }
                ids.append(found)
            }
            return ids
        }
    }

    /// x·table for x [..., classes] and table [classes, width]: a lookup of `ids` when given.
    static func embed(_ x: Tensor, table: Tensor, ids: [Int]?) -> Tensor {
        guard let ids else { return matmul(x, table) }
        return embedding(table, ids: ids, idShape: Array(x.shape.dropLast()))
    }
}
