import ReckonSupport
import Testing

@testable import ReckonTasks

/// The finite-table tasks (issue 28): each generator against its independent solver on whole
/// tables, the entry order, the fixed split and its seed, and the settings' refusals.
@Suite struct TableTaskTests {
    static let tableNames = [
        "modular_addition", "modular_subtraction", "modular_multiplication", "modular_division",
        "modular_polynomial", "group_composition",
    ]

    /// The table task `name` with `settings`.
    static func table(_ name: String, _ settings: [String: String] = [:]) throws -> any FiniteTableTask {
        try #require(try TaskCatalog.task(named: name, settings: settings) as? any FiniteTableTask)
    }

    /// Entries where the solver and the generator part, at most a few (an empty list when they agree).
    static func disagreements(_ t: any FiniteTableTask, entries: some Sequence<Int>) -> [String] {
        var out: [String] = []
        for i in entries where out.count < 5 {
            let input = t.input(ofEntry: i)
            let solved = t.solve(input)
            if solved != [t.answer(ofEntry: i)] { out.append("\(input) -> \(t.answer(ofEntry: i)), solver \(solved)") }
        }
        return out
    }

    @Test func tablesAreInTheCatalogAtTheTableLevel() throws {
        // The tables follow the state-tracking task, before the prediction sources.
        #expect(TaskCatalog.all.filter { $0.level == .table }.map(\.name) == Self.tableNames)
        let first = try #require(TaskCatalog.names.firstIndex(of: Self.tableNames[0]))
        #expect(Array(TaskCatalog.names[first..<first + 6]) == Self.tableNames)
        #expect(TaskCatalog.names[first - 1] == "word_problem")
        for name in Self.tableNames {
            let t = try Self.table(name)
            #expect(t.level == .table && t.isClassification && !t.reportsExactMatch, "\(name)")
            #expect(t.inputSize == t.outputSize + 1 && t.inputSymbols.last == "=", "\(name)")
            #expect(t.chanceAccuracy == 1 / Double(t.outputSize), "\(name)")
            #expect(t.inputLength(forLength: 7) == 3 && t.outputLength(forInputLength: 3) == 1, "\(name)")
            #expect(!t.summary.contains("\n"), "\(name)")
        }
        #expect(try Self.table("modular_addition").outputSize == 113)
        #expect(try Self.table("modular_polynomial").outputSize == 97)
        #expect(try Self.table("group_composition").outputSize == 120)
    }

    /// Every entry of every modular table for small moduli (composite ones where the operation
    /// allows them), and the whole of Nanda et al.'s p = 113.
    @Test(arguments: ["modular_addition", "modular_subtraction", "modular_multiplication", "modular_division"])
    func modularSolverAgreesOnEveryEntry(_ name: String) throws {
        let composite = ["modular_addition", "modular_subtraction"].contains(name)
        for p in [2, 3, 5, 7, 11, 13, 113] + (composite ? [4, 6, 10, 12] : []) {
            let t = try Self.table(name, ["p": "\(p)"])
            #expect(t.entryCount == (name == "modular_division" ? p * (p - 1) : p * p))
            #expect(Self.disagreements(t, entries: 0..<t.entryCount) == [], "\(name) p=\(p)")
        }
    }

    /// The largest prime the settings allow, where x · y and x³ come closest to overflowing.
    @Test(arguments: ["modular_multiplication", "modular_division", "modular_polynomial"])
    func solverAgreesOnSamplesOfTheLargestModulus(_ name: String) throws {
        var settings = ["p": "997"]
        if name == "modular_polynomial" { settings["polynomial"] = "x3_plus_xy2_plus_y" }
        let t = try Self.table(name, settings)
        let entries = Array(stride(from: 0, to: t.entryCount, by: 101)) + [t.entryCount - 1]
        #expect(Self.disagreements(t, entries: entries) == [])
    }

    /// The answers are the arithmetic the names say, checked on p = 7 by the defining relation.
    @Test func modularAnswersSatisfyTheirDefinitions() throws {
        let p = 7
        for x in 0..<p {
            for y in 0..<p {
                let i = x * p + y
                #expect(try Self.table("modular_addition", ["p": "7"]).answer(ofEntry: i) == (x + y) % p)
                #expect(try (Self.table("modular_subtraction", ["p": "7"]).answer(ofEntry: i) + y) % p == x)
                #expect(try Self.table("modular_multiplication", ["p": "7"]).answer(ofEntry: i) == x * y % p)
                guard y > 0 else { continue }
                let division = try Self.table("modular_division", ["p": "7"])
                #expect(division.input(ofEntry: x * (p - 1) + y - 1) == [x, y, p])
                #expect(division.answer(ofEntry: x * (p - 1) + y - 1) * y % p == x)
            }
        }
    }

    /// Entry i is row x, column y, as Nanda et al. enumerate the pairs; `=` is the last input id.
    @Test func entriesRunThroughTheTableRowByRow() throws {
        let addition = try Self.table("modular_addition")
        #expect(addition.input(ofEntry: 0) == [0, 0, 113])
        #expect(addition.input(ofEntry: 5 * 113 + 7) == [5, 7, 113])
        #expect(addition.input(ofEntry: 113 * 113 - 1) == [112, 112, 113])
        let division = try Self.table("modular_division")
        #expect(division.input(ofEntry: 0) == [0, 1, 113])
        #expect(division.input(ofEntry: 5 * 112 + 6) == [5, 7, 113])
        #expect(division.entryCount == 113 * 112)
        let group = try Self.table("group_composition", ["group": "S3"])
        #expect(group.input(ofEntry: 2 * 6 + 5) == [2, 5, 6] && group.entryCount == 36)
        #expect(try Self.table("modular_polynomial").input(ofEntry: 96 * 97 + 3) == [96, 3, 97])
    }

    /// Every polynomial, whole tables at Power et al.'s p = 97 and at small moduli.
    @Test(arguments: ModularPolynomial.Polynomial.allCases)
    func polynomialSolverAgreesOnEveryEntry(_ polynomial: ModularPolynomial.Polynomial) throws {
        for p in [2, 7, 10, 97] {
            let t = try Self.table("modular_polynomial", ["p": "\(p)", "polynomial": polynomial.rawValue])
            #expect(t.entryCount == p * p)
            #expect(Self.disagreements(t, entries: 0..<t.entryCount) == [], "\(polynomial) p=\(p)")
        }
    }

    /// S3 against word_problem's `GroupTable` on every pair; the identity (0) is neutral on both sides.
    @Test func groupCompositionIsWordProblemsProduct() throws {
        let t = try Self.table("group_composition", ["group": "S3"])
        let table = GroupTable(GroupName(parsing: "S3")!)
        for x in 0..<6 {
            for y in 0..<6 {
                #expect(t.answer(ofEntry: x * 6 + y) == table.multiply(x, y))
                #expect(t.solve([x, y, 6]) == [table.multiply(x, y)])
            }
            #expect(t.answer(ofEntry: x * 6) == x && t.answer(ofEntry: x) == x)
        }
        // S3's 1 = 132 and 2 = 213 (one-line): 1 · 2 (1 after 2) is 312 = 4, 2 · 1 is 231 = 3.
        #expect(t.answer(ofEntry: 1 * 6 + 2) == 4 && t.answer(ofEntry: 2 * 6 + 1) == 3)
    }

    @Test(arguments: ["S3", "S4", "S5", "A5", "A4_x_Z5"])
    func groupSolverAgreesOnEveryEntry(_ group: String) throws {
        let t = try Self.table("group_composition", ["group": group])
        let n = GroupName(parsing: group)!.order
        #expect(t.entryCount == n * n)
        #expect(Self.disagreements(t, entries: 0..<t.entryCount) == [], "\(group)")
        for x in 0..<n { #expect(t.answer(ofEntry: x * n) == x && t.answer(ofEntry: x) == x) }
    }

    /// The split is the seeded shuffle's first ⌊f · n⌋ entries: reproducible from its seed,
    /// disjoint, covering the table, another seed another split.
    @Test(arguments: tableNames)
    func splitIsReproducibleDisjointAndCovering(_ name: String) throws {
        for (fraction, seed) in [(0.3, "0"), (0.5, "1"), (0.05, "12345678901234567890")] {
            let settings = ["train_fraction": "\(fraction)", "split_seed": seed]
            let t = try Self.table(name, settings)
            let again = try Self.table(name, settings)
            let n = t.entryCount
            #expect(t.split == again.split)
            #expect(t.split == TableSplit(entryCount: n, trainFraction: fraction, seed: UInt64(seed)!))
            #expect(t.split.train.count == Int(fraction * Double(n)), "\(name) f=\(fraction)")
            #expect(t.split.train.count + t.split.test.count == n)
            #expect(Set(t.split.train).isDisjoint(with: t.split.test))
            #expect(Set(t.split.train + t.split.test) == Set(0..<n))
            let other = try Self.table(name, ["train_fraction": "\(fraction)", "split_seed": "7"])
            #expect(Set(other.split.train) != Set(t.split.train), "\(name) f=\(fraction)")
        }
    }

    /// At least one entry trains and one is held out, whatever the fraction.
    @Test func tinyFractionsKeepOneEntryEachSide() {
        let low = TableSplit(entryCount: 4, trainFraction: 0.01, seed: 3)
        #expect(low.train.count == 1 && low.test.count == 3)
        let high = TableSplit(entryCount: 2, trainFraction: 0.99, seed: 3)
        #expect(high.train.count == 1 && high.test.count == 1)
    }

    /// `sample` draws training entries only, and `batch` lays entries out as x y = and one answer.
    @Test(arguments: tableNames)
    func samplesComeFromTheTrainingSplit(_ name: String) throws {
        let t = try Self.table(name)
        var rng = RandomGenerator(seed: 5)
        let batch = t.sample(batchSize: 64, length: 3, rng: &rng)
        #expect(batch.inputLength == 3 && batch.outputLength == 1 && batch.batchSize == 64)
        let training = Set(t.split.train.map { t.input(ofEntry: $0) })
        for b in 0..<64 {
            let input = batch.inputExample(b).ids
            #expect(training.contains(input), "\(name): \(input) is not a training entry")
            #expect(batch.targetExample(b).ids == t.solve(input))
        }
        let entries = [t.split.test[0], t.split.train[0]]
        let held = t.batch(entries: entries)
        #expect(held.input.ids == entries.flatMap { t.input(ofEntry: $0) })
        #expect(held.target.ids == entries.map { t.answer(ofEntry: $0) })
    }

    /// A composite modulus where a field is needed, a fraction outside (0, 1), a modulus outside
    /// 2 ... 1000 or a group too large for its table are one-line setting errors.
    @Test func badSettingsAreOneLineErrors() throws {
        let cases: [(String, [String: String], String)] = [
            (
                "modular_division", ["p": "12"],
                "task 'modular_division': p must be prime for x / y mod p, and 12 = 2 * 6"
            ),
            ("modular_multiplication", ["p": "91"], "p must be prime for x * y mod p, and 91 = 7 * 13"),
            ("modular_addition", ["p": "1"], "p must be"),
            ("modular_subtraction", ["p": "1001"], "p must be"),
            ("modular_addition", ["train_fraction": "0"], "train_fraction must be"),
            ("modular_division", ["train_fraction": "1"], "train_fraction must be"),
            ("modular_polynomial", ["train_fraction": "-0.5"], "train_fraction must be"),
            ("modular_polynomial", ["polynomial": "x4"], "polynomial must be one of x2_plus_y2"),
            ("group_composition", ["train_fraction": "1.5"], "train_fraction must be"),
            ("group_composition", ["group": "Z1001"], "at most 1000 elements (its table has order^2 entries); Z1001"),
            ("group_composition", ["split_seed": "-1"], "split_seed must be"),
        ]
        for (name, settings, expected) in cases {
            let error = #expect(throws: SettingError.self, "\(name) \(settings)") {
                try TaskCatalog.task(named: name, settings: settings)
            }
            let message = error?.description ?? ""
            #expect(message.contains(expected) && !message.contains("\n"), "\(message)")
        }
        // Addition and subtraction are tables on any modulus.
        #expect(try Self.table("modular_addition", ["p": "12"]).entryCount == 144)
        #expect(try Self.table("modular_subtraction", ["p": "1000"]).entryCount == 1_000_000)
    }

    /// Changing a setting rebuilds what the generator keeps (split, inverses, group table).
    @Test func settingsChangesRebuildTheTable() {
        var division = ModularTable<ModularDivision>()
        division.settings.p = 7
        #expect(division.entryCount == 42 && division.split.train.count + division.split.test.count == 42)
        #expect(Self.disagreements(division, entries: 0..<42) == [])
        var group = GroupComposition()
        group.settings.group = GroupName(parsing: "S4")!
        #expect(group.entryCount == 576 && group.split.train.count == Int(0.4 * 576))
        #expect(Self.disagreements(group, entries: 0..<576) == [])
    }
}
