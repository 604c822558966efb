import ReckonSupport
import ReckonTasks
import ReckonTensor

/// Times `sample` for every task: milliseconds per batch at the paper's training and evaluation lengths.
public enum TaskBenchmark {
    /// One measurement: `task` sampled at `length` took `msPerBatch` per batch of `batchSize`.
    public struct Record: Sendable {
        public var task: String
        public var length: Int
        public var batchSize: Int
        public var msPerBatch: Double
    }

    /// Lengths timed by default: the longest training length (40) and the longest evaluation length (500).
    public static let defaultLengths = [40, 500]

    /// Runs each (task, length) the task can sample for at least `seconds` after one warm-up batch.
    public static func run(
        tasks: [any AlgorithmicTask] = TaskCatalog.all, lengths: [Int] = defaultLengths,
        batchSize: Int = 128, seconds: Double = 0.2, seed: UInt64 = 0
    ) -> [Record] {
        // Training processes allocate tensors first, and ReckonTensor's first storage raises
        // glibc's mmap/trim thresholds; without that every batch here would pay fresh page
        // faults for its arrays that a training run never sees.
        _ = TensorStorage(uninitializedCount: 1)
        var records: [Record] = []
        let clock = ContinuousClock()
        for task in tasks {
            // A task with fixed lengths (arithmetic_function samples only 1 and 2) is timed where it can sample.
            for length in lengths where (try? task.validate(length: length)) != nil {
                var rng = RandomGenerator(seed: seed)
                var checksum = task.sample(batchSize: batchSize, length: length, rng: &rng).mask.count
                var runs = 0
                let start = clock.now
                var elapsed = 0.0
                repeat {
                    // Keep the result observable so the optimizer cannot drop the work.
                    checksum &+= task.sample(batchSize: batchSize, length: length, rng: &rng).mask.count
                    runs += 1
                    elapsed = Self.inSeconds(clock.now - start)
                } while elapsed < seconds
                precondition(checksum > 0)
                records.append(
                    Record(
                        task: task.name, length: length, batchSize: batchSize,
                        msPerBatch: elapsed / Double(runs) * 1000))
            }
        }
        return records
    }

    private static func inSeconds(_ d: Duration) -> Double {
        let (s, attoseconds) = d.components
        return Double(s) + Double(attoseconds) * 1e-18
    }
}
