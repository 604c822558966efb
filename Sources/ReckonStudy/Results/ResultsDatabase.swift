import Foundation
import GRDB
import ReckonLab
import ReckonSupport
import ReckonTasks

/// results.sqlite: one row per run (config columns, status, score, scaled score, baseline, times, BLAS
/// kernel, version; for a table run its evaluation axis, memorization and grokking steps, final train and
/// held-out loss and accuracy, and weight norm), its evaluation per length, its training metrics, a table
/// run's held-out measures per logged step, and its settings. Built from the
/// run folders, which stay the source of truth: the database can be deleted and rebuilt at any
/// time (`reckon sweep index`). WAL mode; one writer (the sweep runner or an index/results call).
public final class ResultsDatabase {
    let pool: DatabasePool
    public let url: URL

    /// Opens (creating if needed) the database of a sweep; a one-line error if it is corrupt.
    ///
    /// An existing file is checked (`PRAGMA quick_check`) before anything writes to it: `results` and
    /// `status` on a database with a damaged page once printed a raw "SQLite error 11" and modified the
    /// file on their way to failing. A damaged database is left exactly as it is, for `sweep index`.
    public init(_ directory: SweepDirectory) throws {
        let url = directory.databaseURL
        let hint = "rebuild it from the run folders with `reckon sweep index \(directory.url.path)`"
        do {
            if FileManager.default.fileExists(atPath: url.path) { try Self.checkIntegrity(url) }
            pool = try DatabasePool(path: url.path)
            try pool.write { db in try Self.createSchema(db) }
        } catch {
            throw SweepError("\(url.path) is not a usable results database (\(Self.reason(error))); \(hint)")
        }
        self.url = url
        rebuildHint = hint
    }

    /// How to mend a database that fails, for messages.
    private let rebuildHint: String

    /// Reads the whole file once without writing; throws when SQLite finds it damaged.
    static func checkIntegrity(_ url: URL) throws {
        let queue = try DatabaseQueue(path: url.path)
        let problems = try queue.read { db in try String.fetchAll(db, sql: "PRAGMA quick_check") }
        try queue.close()
        guard problems == ["ok"] else { throw DatabaseError(resultCode: .SQLITE_CORRUPT) }
    }

    /// SQLite's failure in words, without its raw "SQLite error N: ... - while executing `...`" text.
    static func reason(_ error: Error) -> String {
        guard let e = error as? DatabaseError else { return SystemErrorText.reason(error) }
        switch e.resultCode.primaryResultCode {
        case .SQLITE_CORRUPT, .SQLITE_NOTADB: return "it is damaged or not an SQLite database"
        case .SQLITE_FULL: return "the disk is full"
        case .SQLITE_READONLY, .SQLITE_PERM, .SQLITE_AUTH: return "it cannot be written here (permission denied)"
        case .SQLITE_CANTOPEN: return "it cannot be opened"
        case .SQLITE_BUSY, .SQLITE_LOCKED: return "another process is using it"
        case .SQLITE_IOERR: return "the disk reported an input/output error"
        default: return "SQLite result code \(e.resultCode.primaryResultCode.rawValue)"
        }
    }

    static func createSchema(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE IF NOT EXISTS runs (
                    id TEXT PRIMARY KEY, sweep_index INTEGER NOT NULL, task TEXT NOT NULL, model TEXT NOT NULL,
                    seed INTEGER NOT NULL, learning_rate REAL NOT NULL, steps INTEGER NOT NULL, batch_size INTEGER NOT
                    NULL,
                    train_length INTEGER NOT NULL, eval_max_length INTEGER NOT NULL, eval_samples INTEGER NOT NULL,
                    curriculum TEXT NOT NULL, protocol TEXT NOT NULL, status TEXT NOT NULL, error TEXT,
                    score REAL, train_accuracy REAL, random_baseline REAL, bit_errors REAL,
                    train_seconds REAL, eval_seconds REAL, steps_per_s REAL, blas_kernel TEXT, reckon_version TEXT,
                    fingerprint TEXT NOT NULL, scaled_score REAL);
                CREATE TABLE IF NOT EXISTS settings (
                    run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE, name TEXT NOT NULL, value TEXT NOT NULL,
                    PRIMARY KEY (run_id, name));
                CREATE TABLE IF NOT EXISTS eval (
                    run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE, length INTEGER NOT NULL,
                    accuracy REAL NOT NULL, samples INTEGER NOT NULL, bit_errors REAL, PRIMARY KEY (run_id, length));
                CREATE TABLE IF NOT EXISTS metrics (
                    run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE, step INTEGER NOT NULL,
                    loss REAL NOT NULL, accuracy REAL NOT NULL, PRIMARY KEY (run_id, step));
                CREATE TABLE IF NOT EXISTS held_out (
                    run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE, step INTEGER NOT NULL,
                    train_loss REAL NOT NULL, train_accuracy REAL NOT NULL, test_loss REAL NOT NULL,
                    test_accuracy REAL NOT NULL, weight_norm REAL NOT NULL, fourier_gini REAL,
                    PRIMARY KEY (run_id, step));
                """)
        try addScaledScore(db)
        try addHeldOutColumns(db)
        try addPredictionColumns(db)
    }

    /// The columns of a prediction run's `PredictionSummary` in runs, and of its bits and regret per
    /// length in eval; nil for other runs.
    static let predictionColumns: [(name: String, type: String)] = [
        ("bits_per_symbol", "REAL"), ("regret_per_symbol", "REAL"), ("train_bits_per_symbol", "REAL"),
        ("train_regret_per_symbol", "REAL"),
    ]
    static let predictionEvalColumns: [(name: String, type: String)] = [
        ("bits_per_symbol", "REAL"), ("cumulative_regret", "REAL"),
    ]

    /// A database written before prediction runs gains their columns and is re-read, as `addHeldOutColumns`.
    static func addPredictionColumns(_ db: Database) throws {
        try addColumns(predictionColumns, to: "runs", db)
        try addColumns(predictionEvalColumns, to: "eval", db)
    }

    /// Adds the `columns` `table` lacks; when it lacked any, empties every run's fingerprint, so the next
    /// `sync` re-reads every run from its folder and fills them (the schema has no version of its own).
    static func addColumns(_ columns: [(name: String, type: String)], to table: String, _ db: Database) throws {
        let present = Set(try db.columns(in: table).map(\.name))
        let missing = columns.filter { !present.contains($0.name) }
        guard !missing.isEmpty else { return }
        for column in missing { try db.execute(sql: "ALTER TABLE \(table) ADD COLUMN \(column.name) \(column.type)") }
        try db.execute(sql: "UPDATE runs SET fingerprint = ''")
    }

    /// The columns of a table run's held-out measures (`HeldOutSummary`), nil for runs over lengths:
    /// `evaluation` is summary.json's axis ("held_out_entries"), the rest its `held_out` block.
    static let heldOutColumns: [(name: String, type: String)] = [
        ("evaluation", "TEXT"), ("memorization_step", "INTEGER"), ("grokking_step", "INTEGER"),
        ("final_train_accuracy", "REAL"), ("final_test_accuracy", "REAL"), ("final_train_loss", "REAL"),
        ("final_test_loss", "REAL"), ("weight_norm", "REAL"),
    ]

    /// A database written before runs had `scaled_score` gains the column, and its rows are marked for
    /// re-reading: the schema has no version of its own (it is `CREATE TABLE IF NOT EXISTS`, the folders
    /// being the source of truth), so the column's absence is the mark of the older layout, and emptying
    /// the fingerprints makes the next `sync` fill the column from the folders as a new database would.
    static func addScaledScore(_ db: Database) throws {
        guard try !db.columns(in: "runs").contains(where: { $0.name == "scaled_score" }) else { return }
        try db.execute(sql: "ALTER TABLE runs ADD COLUMN scaled_score REAL; UPDATE runs SET fingerprint = '';")
    }

    /// A database written before table runs gains their columns (`heldOutColumns`) and is re-read, as
    /// `addScaledScore` does; the `held_out` table itself is created above when missing.
    static func addHeldOutColumns(_ db: Database) throws { try addColumns(heldOutColumns, to: "runs", db) }

    /// Brings the rows of `ids` (every run when nil, the external ones included) up to date with their
    /// folders: a run whose files changed since it was indexed is re-read; untouched runs cost one stat
    /// each. A run whose files are corrupt gets a row with status `corrupt` and the reason in `error`,
    /// so it never stops the others from being indexed.
    public func sync(_ directory: SweepDirectory, manifest: SweepManifest, ids: Set<String>? = nil) throws {
        do { try update(directory, manifest: manifest, ids: ids) } catch {
            throw SweepError("\(url.path) could not be updated (\(Self.reason(error))); \(rebuildHint)")
        }
    }

    private func update(_ directory: SweepDirectory, manifest: SweepManifest, ids: Set<String>?) throws {
        let stored: [String: String] = try pool.read { db in
            Dictionary(
                try Row.fetchAll(db, sql: "SELECT id, fingerprint FROM runs").map { ($0["id"], $0["fingerprint"]) },
                uniquingKeysWith: { a, _ in a })
        }
        // External runs (`reckon score --into`) come after the planned ones, in their folders' order.
        let planned = manifest.runs.map { (url: directory.runURL($0.id), run: $0) }
        // The runner syncs each planned run as it finishes (`ids`): the external folders are not read then.
        let external =
            ids?.contains { $0.hasPrefix(ExternalRuns.idPrefix) } == false ? [] : ExternalRuns.runs(in: directory)
        // A planned run always has its row (the manifest only grows); an external run whose folder was
        // removed loses its row, or `results` would go on counting it.
        let gone = Set(stored.keys.filter { $0.hasPrefix(ExternalRuns.idPrefix) }).subtracting(external.map(\.run.id))
        if ids == nil, !gone.isEmpty {
            try pool.write { db in for id in gone { try RunRecord.remove(id, from: db) } }
        }
        for (index, (url, run)) in (planned + external).enumerated()
        where ids?.contains(run.id) ?? true {
            let fingerprint = Self.fingerprint(url)
            if stored[run.id] == fingerprint { continue }
            let record = RunRecord.read(run, index: index, folder: url, fingerprint: fingerprint)
            try pool.write { db in try record.replace(in: db) }
        }
    }

    /// Deletes every row and reads all runs again.
    public func rebuild(_ directory: SweepDirectory, manifest: SweepManifest) throws {
        try pool.write { db in
            try db.execute(
                sql: "DELETE FROM held_out; DELETE FROM metrics; DELETE FROM eval; DELETE FROM settings; "
                    + "DELETE FROM runs;")
        }
        try sync(directory, manifest: manifest)
    }

    /// `reckon sweep index`: a new database in place of the sweep's (which may be unreadable), built
    /// from every run folder.
    public static func recreate(_ directory: SweepDirectory, manifest: SweepManifest) throws -> ResultsDatabase {
        let fm = FileManager.default
        try? fm.removeItem(at: directory.databaseURL)
        for suffix in ["-wal", "-shm"] { try? fm.removeItem(atPath: directory.databaseURL.path + suffix) }
        let db = try ResultsDatabase(directory)
        try db.rebuild(directory, manifest: manifest)
        return db
    }

    /// Sizes and modification times of the files that decide a run's row.
    static func fingerprint(_ url: URL) -> String {
        let names = [
            RunFolder.summaryName, RunFolder.evalName, RunFolder.metricsName, RunFailure.fileName, RunFolder.configName,
        ]
        return names.map { name -> String in
            let attributes = try? FileManager.default.attributesOfItem(atPath: url.appendingPathComponent(name).path)
            let size = (attributes?[.size] as? NSNumber)?.intValue ?? -1
            let time = (attributes?[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
            return "\(size)@\(time)"
        }.joined(separator: ";")
    }

    /// Every run row with its settings, in sweep order.
    public func runs() throws -> [RunRow] {
        do {
            return try pool.read { db in
                let settings = try Row.fetchAll(db, sql: "SELECT run_id, name, value FROM settings")
                var byRun: [String: [String: String]] = [:]
                for s in settings { byRun[s["run_id"], default: [:]][s["name"]] = s["value"] }
                return try Row.fetchAll(db, sql: "SELECT * FROM runs ORDER BY sweep_index").map {
                    RunRow(row: $0, settings: byRun[$0["id"]] ?? [:])
                }
            }
        } catch {
            throw SweepError("\(url.path) could not be read (\(Self.reason(error))); \(rebuildHint)")
        }
    }

    /// Accuracy per length of one run.
    public func evaluation(runID: String) throws -> [LengthResult] {
        try pool.read { db in
            try Row.fetchAll(
                db, sql: "SELECT length, accuracy, samples, bit_errors FROM eval WHERE run_id = ? ORDER BY length",
                arguments: [runID]
            ).map {
                LengthResult(
                    length: $0["length"], accuracy: $0["accuracy"], samples: $0["samples"],
                    bitErrorsPerSequence: $0["bit_errors"])
            }
        }
    }

    /// Loss and accuracy by step of one run.
    public func metrics(runID: String) throws -> [(step: Int, loss: Double, accuracy: Double)] {
        try pool.read { db in
            try Row.fetchAll(
                db, sql: "SELECT step, loss, accuracy FROM metrics WHERE run_id = ? ORDER BY step",
                arguments: [runID]
            ).map { ($0["step"], $0["loss"], $0["accuracy"]) }
        }
    }

    /// A table run's measures at each logged step (metrics.jsonl's `held_out`), by step; empty for other runs.
    public func heldOut(runID: String) throws -> [(step: Int, result: HeldOutResult)] {
        try pool.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT step, train_loss, train_accuracy, test_loss, test_accuracy, weight_norm, fourier_gini
                    FROM held_out WHERE run_id = ? ORDER BY step
                    """, arguments: [runID]
            ).map {
                (
                    $0["step"],
                    HeldOutResult(
                        trainLoss: $0["train_loss"], trainAccuracy: $0["train_accuracy"], testLoss: $0["test_loss"],
                        testAccuracy: $0["test_accuracy"], weightNorm: $0["weight_norm"],
                        fourierGini: $0["fourier_gini"])
                )
            }
        }
    }

    /// The contents as text rows without wall times, for comparing two sweeps that should agree.
    public func comparableDump() throws -> [String] {
        try pool.read { db in
            var out = try Row.fetchAll(
                db,
                sql: """
                    SELECT id, sweep_index, task, model, seed, learning_rate, steps, status, score, train_accuracy,
                    random_baseline, scaled_score, evaluation, memorization_step, grokking_step, final_train_accuracy,
                    final_test_accuracy, final_train_loss, final_test_loss, weight_norm, bits_per_symbol,
                    regret_per_symbol, train_bits_per_symbol, train_regret_per_symbol
                    FROM runs ORDER BY id
                    """
            ).map { $0.description }
            out += try Row.fetchAll(db, sql: "SELECT * FROM eval ORDER BY run_id, length").map { $0.description }
            out += try Row.fetchAll(db, sql: "SELECT * FROM metrics ORDER BY run_id, step").map { $0.description }
            out += try Row.fetchAll(db, sql: "SELECT * FROM settings ORDER BY run_id, name").map { $0.description }
            out += try Row.fetchAll(db, sql: "SELECT * FROM held_out ORDER BY run_id, step").map { $0.description }
            return out
        }
    }
}
