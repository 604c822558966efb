import Foundation
import ReckonTestSupport
import Testing

@testable import ReckonSupport

/// The one lock of run folders (`.reckon.lock`) and sweep directories (`.lock`).
@Suite struct PIDFileLockTests {
    @Test func aSecondHolderIsRefusedWithTheFirstOnesPid() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let url = dir.url.appendingPathComponent(".lock")
        let first = try PIDFileLock.acquire(url)
        #expect(first.createdFile && first.isHeld)
        #expect(try String(contentsOf: url, encoding: .utf8) == "\(getpid())\n")
        // flock belongs to an open file, so a second acquire in this process is refused as another
        // process's would be (after the 0.2 s allowed for a forked child's copy of a released lock).
        #expect(throws: PIDFileLock.Failure.held(pid: getpid())) { _ = try PIDFileLock.acquire(url) }
        #expect(throws: PIDFileLock.Failure.held(pid: getpid())) { try PIDFileLock.checkNotHeld(url) }
        first.release()
        try PIDFileLock.checkNotHeld(url)
        let second = try PIDFileLock.acquire(url)
        #expect(!second.createdFile && second.isHeld)
    }

    /// Issue 25, 4: with `.reckon.lock` a link to a file outside the run folder, `reckon eval` wrote its
    /// pid into that file and exited 0.
    @Test func aSymbolicLinkIsNeverFollowed() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try Data("secret".utf8).write(to: dir.url.appendingPathComponent("victim.txt"))
        let url = dir.url.appendingPathComponent(".lock")
        for target in ["victim.txt", "absent.txt"] {
            try? FileManager.default.removeItem(at: url)
            try FileManager.default.createSymbolicLink(atPath: url.path, withDestinationPath: target)
            let before = DiskSnapshot(dir.url)
            let error = #expect(throws: PIDFileLock.Failure.self) { _ = try PIDFileLock.acquire(url) }
            #expect(error?.description.contains("symbolic link") == true, "\(String(describing: error))")
            try PIDFileLock.checkNotHeld(url)
            #expect(DiskSnapshot(dir.url) == before, "\(target): \(DiskSnapshot(dir.url).changes(since: before))")
        }
    }

    @Test func anythingButARegularFileIsRefused() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let fifo = dir.url.appendingPathComponent("fifo")
        #expect(mkfifo(fifo.path, 0o644) == 0)
        let folder = dir.url.appendingPathComponent("folder")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: false)
        let before = DiskSnapshot(dir.url)
        for (url, noun) in [(fifo, "a FIFO"), (folder, "Is a directory")] {
            let error = #expect(throws: PIDFileLock.Failure.self) { _ = try PIDFileLock.acquire(url) }
            #expect(error?.description.contains(noun) == true, "\(String(describing: error))")
        }
        #expect(DiskSnapshot(dir.url) == before)
    }

    /// A refused command leaves no lock file behind (issue 25, 9: a refused `eval` created `.reckon.lock`),
    /// and an existing one as it was.
    @Test func abandonLeavesTheDiskAsItWas() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let url = dir.url.appendingPathComponent(".reckon.lock")
        let created = try PIDFileLock.acquire(url)
        created.abandon()
        #expect(!created.isHeld && !FileManager.default.fileExists(atPath: url.path))

        try Data("4242\n".utf8).write(to: url)
        let existing = try PIDFileLock.acquire(url)
        #expect(try String(contentsOf: url, encoding: .utf8) == "\(getpid())\n")
        existing.abandon()
        #expect(try String(contentsOf: url, encoding: .utf8) == "4242\n")

        // Released normally, the file stays (removing it is only safe for the holder).
        let kept = try PIDFileLock.acquire(url)
        kept.release()
        #expect(try String(contentsOf: url, encoding: .utf8) == "\(getpid())\n")
    }
}
