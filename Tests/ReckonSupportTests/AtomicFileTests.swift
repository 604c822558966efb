import Foundation
import ReckonTestSupport
import Testing

@testable import ReckonSupport

private struct InjectedFailure: Error {}

@Suite struct AtomicFileTests {
    @Test func writesANewFile() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let url = dir.url.appendingPathComponent("run.json")
        try AtomicFile.write(Data([1, 2, 3]), to: url)
        #expect(try Data(contentsOf: url) == Data([1, 2, 3]))
        #expect(try dir.contents() == ["run.json"])
    }

    @Test func writesStringsAndEmptyFiles() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let url = dir.url.appendingPathComponent("notes.txt")
        try AtomicFile.write(string: "accuracy 0.97 ✓\n", to: url)
        #expect(try String(contentsOf: url, encoding: .utf8) == "accuracy 0.97 ✓\n")
        try AtomicFile.write(Data(), to: url)
        #expect(try Data(contentsOf: url).isEmpty)
        #expect(try dir.contents() == ["notes.txt"])
    }

    @Test func overwritesAndKeepsPermissions() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let url = dir.url.appendingPathComponent("model.safetensors")
        try AtomicFile.write(Data(repeating: 7, count: 1 << 20), to: url)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: url.path)
        try AtomicFile.write(Data("short".utf8), to: url)
        #expect(try Data(contentsOf: url) == Data("short".utf8))
        let mode = try FileManager.default.attributesOfItem(atPath: url.path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        #expect(try dir.contents() == ["model.safetensors"])
    }

    @Test func manyWritesLeaveNoTemporaryFiles() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let url = dir.url.appendingPathComponent("a")
        for i in 0..<50 { try AtomicFile.write(string: "\(i)", to: url) }
        #expect(try String(contentsOf: url, encoding: .utf8) == "49")
        #expect(try dir.contents() == ["a"])
    }

    @Test func failureBeforeTheRenameLeavesTheOldFileIntact() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let url = dir.url.appendingPathComponent("checkpoint")
        try AtomicFile.write(string: "old", to: url)
        #expect(throws: InjectedFailure.self) {
            try AtomicFile.write(Data("new".utf8), to: url, beforeRename: { throw InjectedFailure() })
        }
        #expect(try String(contentsOf: url, encoding: .utf8) == "old")
        #expect(try dir.contents() == ["checkpoint"])
    }

    @Test func failedRenameLeavesTheTargetAndNoTemporaryFile() throws {
        // A non-empty directory put in the target's place after the check cannot be replaced by a file,
        // even by root.
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let target = dir.url.appendingPathComponent("occupied")
        let error = #expect(throws: AtomicFileError.self) {
            try AtomicFile.write(Data("x".utf8), to: target) {
                try FileManager.default.createDirectory(at: target, withIntermediateDirectories: false)
                try AtomicFile.write(string: "keep", to: target.appendingPathComponent("inside"))
            }
        }
        #expect(error?.step == "rename")
        #expect(error.map { !$0.description.contains("\n") && $0.description.contains(target.path) } == true)
        #expect(try String(contentsOf: target.appendingPathComponent("inside"), encoding: .utf8) == "keep")
        #expect(try dir.contents() == ["occupied"])
    }

    /// Issue 25, 5: `reckon report --out /dev/full` turned /dev/full into a regular file, and a FIFO
    /// likewise. Only a regular file or a new name is replaced; a link is refused as a link, so nothing
    /// is written through it.
    @Test func anythingButARegularFileIsRefusedAndLeftAsItIs() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let victim = dir.url.appendingPathComponent("victim.txt")
        try Data("secret".utf8).write(to: victim)
        let fifo = dir.url.appendingPathComponent("fifo")
        #expect(mkfifo(fifo.path, 0o644) == 0)
        let link = dir.url.appendingPathComponent("link")
        try FileManager.default.createSymbolicLink(atPath: link.path, withDestinationPath: "victim.txt")
        let dangling = dir.url.appendingPathComponent("dangling")
        try FileManager.default.createSymbolicLink(atPath: dangling.path, withDestinationPath: "nowhere/new.txt")
        let folder = dir.url.appendingPathComponent("folder")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: false)
        let before = DiskSnapshot(dir.url)
        let cases: [(URL, FileKind)] = [
            (fifo, .fifo), (link, .symbolicLink), (dangling, .symbolicLink), (folder, .directory),
        ]
        for (url, kind) in cases {
            let error = #expect(throws: AtomicFileError.self) { try AtomicFile.write(string: "report", to: url) }
            #expect(error?.found == kind, "\(url.lastPathComponent)")
            #expect(error?.description.contains("it is \(kind.noun)") == true, "\(String(describing: error))")
        }
        #expect(DiskSnapshot(dir.url) == before, "\(DiskSnapshot(dir.url).changes(since: before))")
    }

    @Test func missingDirectoryFailsWithoutCreatingAnything() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let url = dir.url.appendingPathComponent("absent/file.json")
        let error = #expect(throws: AtomicFileError.self) { try AtomicFile.write(string: "{}", to: url) }
        #expect(error?.code == ENOENT)
        #expect(error?.step == "create temporary file")
        #expect(try dir.contents().isEmpty)
    }

    @Test func longNamesStillGetATemporaryFile() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let name = String(repeating: "é", count: 120)  // 240 bytes: near NAME_MAX on its own
        let url = dir.url.appendingPathComponent(name)
        try AtomicFile.write(string: "ok", to: url)
        #expect(try String(contentsOf: url, encoding: .utf8) == "ok")
        #expect(try dir.contents().count == 1)
    }

    /// Issue 13, bug 11: a kill mid-write leaves `.<name>.tmp-<pid>-<hex>`; such files of
    /// processes that no longer run are removed, anything else is left alone.
    @Test func staleTemporaryFilesOfDeadWritersAreRemoved() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        // A pid above Linux's maximum (2^22) and macOS's (99998) belongs to no process.
        let dead = ".checkpoint.safetensors.tmp-99999999-1f2e3d"
        let live = ".metrics.jsonl.tmp-\(getpid())-abc"
        let parent = ".config.json.tmp-1-abc"  // pid 1 (init) always runs
        let unrelated = [".hidden", "notes.tmp-5-x", ".a.tmp-12-zz", "checkpoint.safetensors"]
        for name in [dead, live, parent] + unrelated {
            try Data("x".utf8).write(to: dir.url.appendingPathComponent(name))
        }
        #expect(AtomicFile.temporaryFileOwner(dead) == 99_999_999)
        #expect(AtomicFile.temporaryFileOwner(".a.tmp-12-zz") == nil)
        #expect(AtomicFile.removeStaleTemporaryFiles(in: dir.url) == [dead])
        #expect(try dir.contents() == ([live, parent] + unrelated).sorted())
    }

    @Test func killPointsParse() {
        #expect(KillPoint(parsing: "write 3 partial") == .write(3, .partial))
        #expect(KillPoint(parsing: "step 40") == .step(40))
        #expect(KillPoint(parsing: "eval 7") == .eval(7))
        #expect(KillPoint(parsing: "write 3") == nil && KillPoint(parsing: "nap 3") == nil)
    }
}
