/// A published results table Reckon ships, to compare a sweep with: scores per task × machine,
/// each with where it is stated.
public struct PublishedTable: Sendable {
    /// One published cell.
    public struct Cell: Sendable, Equatable {
        public var task: String
        public var model: String
        /// Score in [0, 1] (the paper's percentage / 100).
        public var score: Double
        /// Where the number is stated, when not the table itself.
        public var source: String
    }

    /// The name `--compare` takes: `published/deletang2023`.
    public var name: String
    /// The citation printed under the comparison.
    public var citation: String
    /// The score at which a task counts as solved.
    public var solvedThreshold: Double
    public var cells: [Cell]

    public func cell(_ task: String, _ model: String) -> Cell? { cells.first { $0.task == task && $0.model == model } }

    /// Every table Reckon ships.
    public static let all: [PublishedTable] = [deletang2023]

    /// The table called `name` (with or without the `published/` prefix), or a one-line error.
    public static func named(_ name: String) throws -> PublishedTable {
        let key = name.hasPrefix("published/") ? String(name.dropFirst("published/".count)) : name
        guard let t = all.first(where: { $0.name == "published/" + key }) else {
            throw SweepError(
                "unknown published table '\(name)'; Reckon ships: " + all.map(\.name).joined(separator: ", "))
        }
        return t
    }
}
