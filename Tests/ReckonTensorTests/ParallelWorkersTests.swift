import Foundation
import Testing

@testable import ReckonTensor

/// `Parallel.setWorkers` bounds Reckon's own splitting (`reckon bench peers --threads 1` once
/// timed Reckon on every core: the count was a `static let` read from RECKON_THREADS only).
/// Other suites running meanwhile split their loops another way for a moment, which gives the
/// same results (ParallelPathTests compares the two). Serialized: both tests set the one count.
@Suite(.serialized) struct ParallelWorkersTests {
    /// Which threads ran a body, behind a lock (a failing count would run it concurrently).
    final class Threads: @unchecked Sendable {
        private let lock = NSLock()
        private var seen: [pthread_t] = []
        func record() {
            lock.lock()
            defer { lock.unlock() }
            seen.append(pthread_self())
        }
        var all: [pthread_t] {
            lock.lock()
            defer { lock.unlock() }
            return seen
        }
    }

    @Test func oneWorkerRunsForEachAndChunksOnTheCallingThread() {
        defer { Parallel.setWorkers(nil) }
        Parallel.setWorkers(1)
        #expect(Parallel.workers == 1)
        let caller = pthread_self()
        let loop = Threads()
        Parallel.forEach(64) { _ in loop.record() }
        #expect(loop.all.count == 64)
        #expect(loop.all.allSatisfy { pthread_equal($0, caller) != 0 })
        // A loop far above the threshold: one chunk, on the calling thread.
        let chunks = Threads()
        var covered = 0
        Parallel.chunks(1 << 20, cost: 4) { s, e in
            chunks.record()
            covered += e - s
        }
        #expect(chunks.all.count == 1 && pthread_equal(chunks.all[0], caller) != 0 && covered == 1 << 20)
        // No product splits either.
        #expect(BLAS.splitCount(m: 512, n: 512, k: 512) == 1)
    }

    @Test func setWorkersChangesTheCountAndNilRestoresTheDefault() {
        defer { Parallel.setWorkers(nil) }
        Parallel.setWorkers(3)
        #expect(Parallel.workers == 3)
        #expect(BLAS.splitCount(m: 512, n: 512, k: 512) == 3)
        Parallel.setWorkers(nil)
        #expect(Parallel.workers == Parallel.defaultWorkers)
    }
}
