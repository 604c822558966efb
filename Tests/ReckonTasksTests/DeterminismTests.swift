import ReckonSupport
import ReckonTasks
import Testing

/// Batches depend on the seed only: the same seed repeats them exactly, another seed changes them.
/// Every task in the catalog, at the lengths it accepts among a spread.
@Suite struct DeterminismTests {
    /// The lengths of `t` among 1, 2, 3, 7, 37 and 500 (arithmetic_function has only 1 and 2).
    static func lengths(_ t: any AlgorithmicTask) -> [Int] {
        [1, 2, 3, 7, 37, 500].filter { (try? t.validate(length: $0)) != nil }
    }

    /// The longest accepted length of at least 2 (one-symbol inputs can coincide by chance).
    static func longest(_ t: any AlgorithmicTask) -> Int { lengths(t).filter { $0 >= 2 }.last ?? 1 }

    @Test(arguments: TaskCatalog.names)
    func sameSeedSameBatch(_ name: String) {
        let t = task(name)
        for length in Self.lengths(t) {
            var first = RandomGenerator(seed: 42)
            var second = RandomGenerator(seed: 42)
            let a = t.sample(batchSize: 16, length: length, rng: &first)
            let b = t.sample(batchSize: 16, length: length, rng: &second)
            #expect(a == b, "\(name) L=\(length)")
            // The generators must also have advanced identically.
            #expect(first.next() == second.next())
        }
    }

    @Test(arguments: TaskCatalog.names)
    func differentSeedDifferentBatch(_ name: String) {
        let t = task(name)
        var first = RandomGenerator(seed: 42)
        var second = RandomGenerator(seed: 43)
        let a = t.sample(batchSize: 16, length: Self.longest(t), rng: &first)
        let b = t.sample(batchSize: 16, length: Self.longest(t), rng: &second)
        #expect(a.input != b.input)
    }

    @Test(arguments: TaskCatalog.names)
    func consecutiveBatchesDiffer(_ name: String) {
        let t = task(name)
        var rng = RandomGenerator(seed: 5)
        let a = t.sample(batchSize: 16, length: Self.longest(t), rng: &rng)
        let b = t.sample(batchSize: 16, length: Self.longest(t), rng: &rng)
        #expect(a.input != b.input)
    }
}
