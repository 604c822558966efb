import ReckonSupport
import ReckonTasks

/// The task with this catalog name (tests only use known names).
func task(_ name: String) -> any AlgorithmicTask {
    try! TaskCatalog.task(named: name)
}

/// "0 1 +" -> ["0", "1", "+"]; the empty string is the empty sequence.
func symbols(_ text: String) -> [String] {
    text.split(separator: " ").map(String.init)
}

/// Relative frequency of each class among `labels`.
func frequencies(_ labels: [Int], classes: Int) -> [Double] {
    var counts = [Double](repeating: 0, count: classes)
    for l in labels { counts[l] += 1 }
    return counts.map { $0 / Double(labels.count) }
}

/// Names of the tasks whose target ends with a termination token and whose mask stops there.
let terminatedTasks: Set<String> = ["stack_manipulation", "binary_addition", "binary_multiplication"]

/// Lengths every sampling test walks: all short ones, then a spread up to the paper's 500.
let testedLengths: [Int] = Array(1...64) + [65, 80, 99, 100, 127, 128, 200, 255, 256, 257, 333, 400, 499, 500]
