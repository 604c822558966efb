import Foundation
import ReckonSupport

/// What a command-line PROGRAM argument names: `lib:<name>`, a `.rasp` file, or a directory
/// holding a compiled model (`model.safetensors`, as `reckon rasp compile --out` writes).
public enum ProgramReference {
    case library(LibraryProgram)
    case file(Program, path: String)
    case model(CompiledModel, path: String)

    /// The file a compiled model is saved in, inside its directory.
    public static let modelFileName = "model.safetensors"

    public static func resolve(_ argument: String) throws -> ProgramReference {
        if argument.hasPrefix("lib:") {
            return .library(try ProgramLibrary.program(named: String(argument.dropFirst(4))))
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: argument, isDirectory: &isDirectory) else {
            throw RaspUsageError(
                "no file or directory '\(argument)' "
                    + "(a program is a .rasp file, lib:<name> or a compiled model's directory)")
        }
        if isDirectory.boolValue {
            let url = URL(fileURLWithPath: argument).appendingPathComponent(modelFileName)
            guard FileManager.default.fileExists(atPath: url.path) else {
                throw RaspUsageError(
                    "the directory '\(argument)' holds no \(modelFileName) "
                        + "(write one with `reckon rasp compile --out`)")
            }
            return .model(try CompiledModel.load(from: url), path: argument)
        }
        // Only a regular file of bounded size is read (TextFile): /dev/zero or a FIFO would never end.
        let text: String
        do { text = try TextFile.read(argument, limit: RaspLimits.sourceBytes) } catch let failure as TextFile.Failure {
            throw RaspUsageError(
                "cannot read '\(argument)': \(failure.reason) (a program is a .rasp file of UTF-8 text, at most 1 MiB)")
        }
        return .file(try Program(parsing: text, file: argument), path: argument)
    }

    /// The program (a compiled model's comes from its metadata).
    public var program: Program {
        switch self {
        case .library(let p): return p.program
        case .file(let p, _): return p
        case .model(let m, _): return m.program
        }
    }

    /// The vocabulary and maximum length to compile with: the flags if given, else the library's.
    public func compileSettings(vocabulary: String?, maxLength: Int?) throws -> (vocabulary: [Value], maxLength: Int) {
        var v = try vocabulary.map(RaspInput.vocabulary)
        var n = maxLength
        if case .library(let p) = self {
            v = v ?? p.vocabulary
            n = n ?? p.maxLength
        }
        guard let v else { throw RaspUsageError("--vocab is required for a .rasp file (e.g. --vocab a,b,c)") }
        guard let n else { throw RaspUsageError("--max-length is required for a .rasp file (e.g. --max-length 16)") }
        guard (1...RaspLimits.maxLength).contains(n) else {
            throw RaspUsageError("--max-length must be between 1 and \(RaspLimits.maxLength), got \(n)")
        }
        guard v.count <= RaspLimits.vocabulary else {
            throw RaspUsageError(
                "--vocab has \(v.count) tokens; a compiled model takes at most \(RaspLimits.vocabulary)")
        }
        return (v, n)
    }
}
