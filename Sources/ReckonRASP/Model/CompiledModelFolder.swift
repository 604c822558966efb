import ReckonSupport
import Foundation
import ReckonNN

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The folder `reckon rasp compile --out DIR` writes: `model.safetensors` and `program.rasp`.
///
/// DIR must be absent (it is created, with any missing parents), an empty folder, or a folder an
/// earlier compile wrote: a compiled RASP model (`model.safetensors` whose metadata says so) with
/// nothing beside it but `program.rasp`, the `eval-<task>.csv` results `reckon eval DIR --task T`
/// writes, and temporary files a killed writer left. Then its model and program are replaced and its
/// `eval-*.csv` files removed, since they scored the model being replaced. Anything else (a training
/// run, a folder of other files, a file, a symbolic link) is refused, because a user who names it
/// by mistake would lose or mix up what is there.
///
/// Nothing is written until the model's bytes are ready, and a new folder appears whole: its files
/// are written into a hidden temporary folder beside it, which is then renamed.
public enum CompiledModelFolder {
    public static let modelFileName = ProgramReference.modelFileName
    public static let programFileName = "program.rasp"

    /// What DIR holds now.
    enum Destination: Equatable {
        case absent
        case empty
        /// A folder an earlier compile wrote, with these `eval-*.csv` files.
        case compiledModel(evaluations: [String])
    }

    /// Whether `eval-<task>.csv`, the name `reckon eval` gives a compiled model's results.
    static func isEvaluation(_ name: String) -> Bool { name.hasPrefix("eval-") && name.hasSuffix(".csv") }

    /// Checks that `url` may take a compiled model; throws a one-line `RaspUsageError` if not.
    static func destination(_ url: URL) throws -> Destination {
        let path = url.path
        var info = stat()
        guard lstat(path, &info) == 0 else {
            guard errno == ENOENT else {
                throw RaspUsageError("cannot use --out '\(path)': \(String(cString: strerror(errno)))")
            }
            return .absent
        }
        switch info.st_mode & S_IFMT {
        case S_IFDIR: break
        case S_IFLNK:
            throw RaspUsageError("--out '\(path)' is a symbolic link; name the folder itself")
        default:
            throw RaspUsageError("--out '\(path)' is a file, not a folder; name a new or empty folder")
        }
        let names: [String]
        do { names = try FileManager.default.contentsOfDirectory(atPath: path).sorted() } catch {
            throw RaspUsageError("cannot read the folder '\(path)' (--out)")
        }
        let visible = names.filter { AtomicFile.temporaryFileOwner($0) == nil }
        if visible.isEmpty { return .empty }
        let refusal =
            "--out '\(path)' holds other files; it must be a new or empty folder, or one `reckon rasp compile` "
            + "wrote (\(modelFileName), \(programFileName) and eval-*.csv only)"
        guard visible.contains(modelFileName) else { throw RaspUsageError(refusal) }
        for name in visible where name != modelFileName && name != programFileName && !isEvaluation(name) {
            throw RaspUsageError(refusal + "; found '\(name)'")
        }
        let model = url.appendingPathComponent(modelFileName)
        guard lstat(model.path, &info) == 0, info.st_mode & S_IFMT == S_IFREG,
            let file = try? Safetensors.read(from: model), file.metadata["format"] == CompiledModel.format
        else {
            throw RaspUsageError("--out '\(path)' holds a \(modelFileName) that is not a compiled RASP model")
        }
        return .compiledModel(evaluations: visible.filter(isEvaluation))
    }

    /// Throws a one-line `RaspUsageError` unless `url` may take a compiled model (checked again by
    /// `write`; a caller checks first so that a mistyped --out is refused before compiling).
    public static func check(_ url: URL) throws { _ = try destination(url) }

    /// Writes `model` to `url`, which must be absent, empty or an earlier compile's folder.
    /// On a refusal or an error before the final rename, the disk is as it was.
    public static func write(_ model: CompiledModel, to url: URL) throws {
        let destination = try destination(url)
        let modelBytes = try model.encoded()
        let programBytes = Data(model.program.text.utf8)
        switch destination {
        case .absent: try create(url, files: [(modelFileName, modelBytes), (programFileName, programBytes)])
        case .empty, .compiledModel:
            try AtomicFile.write(modelBytes, to: url.appendingPathComponent(modelFileName))
            try AtomicFile.write(programBytes, to: url.appendingPathComponent(programFileName))
            if case .compiledModel(let evaluations) = destination {
                for name in evaluations { _ = unlink(url.appendingPathComponent(name).path) }
            }
        }
    }

    /// A new folder holding `files`: written into a hidden sibling, then renamed into place, so the
    /// folder never exists half-written. Parents it creates are removed again if anything fails.
    private static func create(_ url: URL, files: [(String, Data)]) throws {
        let fm = FileManager.default
        let parent = url.deletingLastPathComponent()
        var created: [URL] = []
        var ancestor = parent
        while !fm.fileExists(atPath: ancestor.path) && ancestor.path != "/" {
            created.append(ancestor)
            ancestor = ancestor.deletingLastPathComponent()
        }
        // AtomicFile's temporary naming, so a leftover names its target and its writer.
        let suffix = String(UInt64.random(in: .min ... .max), radix: 16)
        let staging = parent.appendingPathComponent(".\(url.lastPathComponent.prefix(150)).tmp-\(getpid())-\(suffix)")
        var done = false
        defer {
            if !done {
                try? fm.removeItem(at: staging)
                for dir in created { _ = rmdir(dir.path) }
            }
        }
        do {
            try fm.createDirectory(at: parent, withIntermediateDirectories: true)
            try fm.createDirectory(at: staging, withIntermediateDirectories: false)
        } catch {
            throw RaspUsageError("cannot create the folder '\(url.path)' (--out)")
        }
        for (name, data) in files { try AtomicFile.write(data, to: staging.appendingPathComponent(name)) }
        guard rename(staging.path, url.path) == 0 else {
            throw RaspUsageError("cannot create the folder '\(url.path)' (--out): \(String(cString: strerror(errno)))")
        }
        done = true
    }
}
