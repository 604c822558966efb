import Foundation
import ReckonTasks
import ReckonTestSupport
import Testing

/// `reckon sample T --length L --json` for every task in the catalog, at the shortest lengths
/// (where the reference's special cases live) and at the Chomsky training length 40: every target
/// printed equals the task's independent solver on the printed input (real values to float
/// precision), and a length the task refuses (associative_recall needs 2 items, a hull 3 points,
/// tsp at most 12) is one line on stderr with exit code 2.
@Suite struct SampleCatalogTests {
    @Test(arguments: TaskCatalog.all.map(\.name))
    func printedTargetsEqualTheSolver(task name: String) throws {
        let task = try TaskCatalog.task(named: name)
        for length in [1, 2, 3, 40] {
            let r = try ReckonBinary.run([
                "sample", name, "--length", "\(length)", "--count", "4", "--seed", "7",
                "--json",
            ])
            if (try? task.validate(length: length)) == nil {
                #expect(r.status == 2 && r.stderr.split(separator: "\n").count == 1, "\(name) at \(length)")
                continue
            }
            try #require(r.status == 0, "\(name) at \(length): \(r.stderr)")
            let object = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
            #expect(object["task"] as? String == name)
            let examples = try #require(object["examples"] as? [[String: Any]])
            #expect(examples.count == 4)
            for example in examples {
                if let realTask = task as? any RealValuedTask {
                    // Targets are stored as Float; the solver works in Double.
                    let input = try #require(example["input"] as? [Double])
                    let target = try #require(example["target"] as? [Double])
                    let solved = realTask.solveValues(input)
                    #expect(
                        solved.count == target.count
                            && zip(solved, target).allSatisfy {
                                Swift.abs($0 - $1) <= 1e-6 * Swift.max(1, Swift.abs($0))
                            }, "\(name) at \(length)")
                } else if let bitTask = task as? any BitVectorTask {
                    let input = try #require(example["input"] as? [[Double]]).map { $0.map(Float.init) }
                    let target = try #require(example["target"] as? [[Double]]).map { $0.map(Float.init) }
                    #expect(bitTask.solveBits(input) == target, "\(name) at \(length)")
                } else if let pointerTask = task as? any PointerTask {
                    let input = try #require(example["input"] as? [[Double]]).map { $0.map(Float.init) }
                    let target = try #require(example["target"] as? [Int])
                    #expect(pointerTask.solvePointers(input) == target, "\(name) at \(length)")
                } else if let rows = example["input"] as? [[Double]] {
                    // Vectors in, tokens out (graves_parity): the solver on the printed vector.
                    let target = try #require(example["target"] as? [Int])
                    let input = Payload.reals(rows.flatMap { $0.map(Float.init) }, width: rows.first?.count ?? 0)
                    #expect(task.solution(for: input) == .tokens(target), "\(name) at \(length)")
                } else {
                    let input = try #require(example["input"] as? [Int])
                    let target = try #require(example["target"] as? [Int])
                    #expect(task.solve(input) == target, "\(name) at \(length): \(input)")
                }
            }
        }
    }
}
