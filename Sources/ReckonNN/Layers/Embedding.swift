import ReckonSupport
import ReckonTensor

/// A lookup table from token ids to vectors (Haiku's `hk.Embed`: truncated normal, std 1).
public final class Embedding: Module {
    @Parameter public var table: Tensor

    public init(
        vocabularySize: Int, dimension: Int, initializer: Initializer = .truncatedNormal(std: 1),
        rng: inout RandomGenerator
    ) {
        _table = Parameter(wrappedValue: initializer.make([vocabularySize, dimension], rng: &rng))
        super.init()
    }

    /// Vectors for `ids` laid out as `idShape`: result shape idShape + [dimension].
    public func callAsFunction(_ ids: [Int], shape idShape: [Int]) -> Tensor {
        embedding(table, ids: ids, idShape: idShape)
    }
}
