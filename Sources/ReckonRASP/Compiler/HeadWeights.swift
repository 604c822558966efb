/// One compiled attention head as sparse matrices over residual directions: queries and keys
/// meet in a small space (BOS plus one coordinate per key value), values in the output's space.
struct HeadWeights {
    var keySize: Int
    var valueSize: Int
    /// (residual direction, query/key coordinate, weight).
    var query: [(Int, Int, Double)] = []
    var key: [(Int, Int, Double)] = []
    /// (residual direction, value coordinate, weight) and (value coordinate, residual direction, weight).
    var value: [(Int, Int, Double)] = []
    var output: [(Int, Int, Double)] = []
}
