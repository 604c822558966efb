import ReckonSupport

/// A table's entries split once into training and held-out ones: a seeded shuffle of
/// 0..<entryCount whose first ⌊train_fraction · entryCount⌋ train, as Nanda et al.'s
/// `gen_train_test` shuffles the pairs and cuts at `int(frac_train * len(pairs))`.
public struct TableSplit: Equatable, Sendable {
    /// Training entries, in the shuffled order.
    public let train: [Int]
    /// Held-out entries, in the shuffled order.
    public let test: [Int]

    /// The split of `entryCount` entries; at least one entry trains and one is held out.
    public init(entryCount: Int, trainFraction: Double, seed: UInt64) {
        precondition(entryCount >= 2, "a table split needs two entries")
        var order = Array(0..<entryCount)
        var rng = RandomGenerator(seed: seed)
        // Fisher–Yates from the back, every draw from the seeded generator.
        for i in stride(from: entryCount - 1, to: 0, by: -1) {
            order.swapAt(i, rng.nextInt(below: i + 1))
        }
        let cut = Swift.min(Swift.max(Int(trainFraction * Double(entryCount)), 1), entryCount - 1)
        train = Array(order[..<cut])
        test = Array(order[cut...])
    }
}
