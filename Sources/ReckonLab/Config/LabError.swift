/// Errors a user can cause at the Lab's door: each has a one-line message naming the
/// problem and what would be valid (the CLI prints it and exits with code 2).
public enum LabError: Error, CustomStringConvertible, Equatable {
    case invalidOption(String)
    case unknownCurriculum(String)
    case outputExists(String)
    case notARun(String)
    case configMismatch(String)
    case badCheckpoint(String)
    case missingFile(String)

    public var description: String {
        switch self {
        case .invalidOption(let m): return m
        case .unknownCurriculum(let n):
            return "unknown curriculum '\(n)'; valid curricula: " + Curriculum.Kind.allCases.map(\.rawValue).joined(separator: ", ")
        case .outputExists(let p): return "output directory '\(p)' already holds a Reckon run; pass --resume \(p) to continue it or choose another --out"
        case .notARun(let p): return "'\(p)' exists and is not a Reckon run (no config.json); choose an empty or new --out directory"
        case .configMismatch(let m): return "cannot resume: \(m)"
        case .badCheckpoint(let m): return "checkpoint rejected: \(m)"
        case .missingFile(let m): return m
        }
    }
}
