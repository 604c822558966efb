import ReckonSupport
import Testing

@testable import ReckonTasks

/// word_problem against jopetty/word-problem: its group names, its element ids, its product
/// order and its CSV files; the generator against the independent solver on every group.
@Suite struct WordProblemTests {
    /// Files made by word-problem's own generator, for longer rows and more groups than the
    /// published k = 2 files below: src/generate_data.py at commit 8f910f9 with
    /// jopetty/abstract_algebra at 94226a0 (the library it depends on, unpinned; that commit is
    /// older than its data), run as `python src/generate_data.py --group G --k K --samples N --seed S`
    /// and written by polars' `write_csv` as the published files are.
    static let referenceRows: [(group: String, length: Int, text: String)] = [
        (
            "S3", 6,
            """
            seed,input,target
            271828,3 4 3 2 0 2,3 0 3 5 5 3
            271828,3 2 2 5 1 3,3 5 3 1 0 3
            271828,5 0 0 1 1 3,5 5 5 4 5 2
            271828,4 5 5 2 5 4,4 2 4 1 3 0
            271828,2 5 3 1 3 1,2 4 0 1 5 4

            """
        ),
        (
            "S5", 6,
            """
            seed,input,target
            271828,102 0 1 25 34 79,102 102 103 42 100 28
            271828,68 90 73 44 10 59,68 15 100 9 12 41
            271828,82 116 109 46 108 80,82 48 105 27 62 12
            271828,67 52 40 111 24 74,67 7 70 40 82 16
            271828,46 108 67 35 69 29,46 63 25 9 81 37

            """
        ),
        (
            "A5", 6,
            """
            seed,input,target
            271828,23 54 33 17 34 14,23 31 12 4 47 58
            271828,33 26 20 55 12 37,33 3 35 8 38 32
            271828,51 0 0 12 17 39,51 51 51 21 50 14
            271828,41 58 54 23 54 40,41 24 52 18 24 36
            271828,34 45 36 22 5 29,34 7 50 4 8 59

            """
        ),
        (
            "Z60", 6,
            """
            seed,input,target
            271828,23 54 33 17 34 14,23 17 50 7 41 55
            271828,33 26 20 55 12 37,33 59 19 14 26 3
            271828,51 0 0 12 17 39,51 51 51 3 20 59
            271828,41 58 54 23 54 40,41 39 33 56 50 30
            271828,34 45 36 22 5 29,34 19 55 17 22 51

            """
        ),
        (
            "A4_x_Z5", 6,
            """
            seed,input,target
            271828,23 54 33 17 34 14,23 57 25 52 11 5
            271828,33 26 20 55 12 37,33 14 54 34 41 13
            271828,51 0 0 12 17 39,51 51 51 58 40 14
            271828,41 58 54 23 54 40,41 19 33 1 50 5
            271828,34 45 36 22 5 29,34 59 20 32 37 16

            """
        ),
        (
            "Z3_x_S3", 8,
            """
            seed,input,target
            314159,8 16 9 3 16 5 4 9,8 5 8 7 2 4 3 10
            314159,3 5 2 5 5 3 10 13,3 1 4 2 4 0 10 5
            314159,3 9 2 17 5 9 12 6,3 10 7 3 1 11 5 11

            """
        ),
        (
            "A5", 20,
            """
            seed,input,target
            314159,53 17 15 30 36 44 14 1 7 39 6 18 14 58 6 44 57 53 10 32,\
            53 18 36 23 2 35 54 55 58 8 1 21 53 3 10 16 9 35 25 46
            314159,11 17 7 18 18 11 34 44 12 30 9 58 19 30 40 20 28 54 33 12,\
            11 58 48 5 30 34 20 33 54 2 6 56 25 47 10 53 40 4 45 57
            314159,25 59 57 18 48 7 24 30 50 20 25 34 57 43 55 46 32 14 51 57,\
            25 23 24 7 13 16 40 35 3 35 43 22 6 28 58 4 41 19 58 26

            """
        ),
    ]

    /// word-problem's published k = 2 files, as their Git LFS pointers at commit 8f910f9 record them
    /// (data/<group>=2.csv: `oid sha256:...` and `size`), with the seed their rows carry. Each holds
    /// all |G|² pairs in `itertools.product` order (generate_data.py without `--samples`), so the
    /// file is fixed by its seed; the seeds were found by regenerating the file with word-problem's
    /// own code for every seed its default draw allows until the digest matched.
    static let publishedPairFiles: [(group: String, seed: Int, bytes: Int, sha256: String)] = [
        ("A5", 946_607, 66_018, "5fa1b247ecf078d027a71fff7c486d6e4f12df4d0f8ff4526bc91cf759bbf307"),
        ("Z60", 842_871, 66_018, "4ce5b6d98939be4c559fddd5172db8a0bf99a1da17b7ef61ea9c65133b2bbf05"),
        ("A4_x_Z5", 814_239, 66_018, "8938e809eed273317847668dca40b01571d9ebc96a4151c12de9ae9b063c1259"),
    ]

    /// Lines of the published data/A5=2.csv, data/Z60=2.csv and data/A4_x_Z5=2.csv (lines 1, 2, 64,
    /// 1436 and 3601 of each; the whole files are checked against their digests in
    /// `publishedPairFilesAreReproduced`).
    static let publishedRows: [(group: String, text: String)] = [
        (
            "A5",
            """
            seed,input,target
            946607,0 0,0 0
            946607,1 2,1 0
            946607,23 54,23 31
            946607,59 59,59 0

            """
        ),
        (
            "Z60",
            """
            seed,input,target
            842871,0 0,0 0
            842871,1 2,1 3
            842871,23 54,23 17
            842871,59 59,59 58

            """
        ),
        (
            "A4_x_Z5",
            """
            seed,input,target
            814239,0 0,0 0
            814239,1 2,1 3
            814239,23 54,23 57
            814239,59 59,59 3

            """
        ),
    ]

    static func make(_ group: String) throws -> WordProblem {
        try #require(try TaskCatalog.task(named: "word_problem", settings: ["group": group]) as? WordProblem)
    }

    /// The groups Merrill et al. use, by word-problem's names, and their orders.
    @Test func groupsAndOrders() throws {
        let orders = ["S3": 6, "S5": 120, "A5": 60, "Z60": 60, "A4_x_Z5": 60, "A4": 12, "S6": 720, "Z3_x_S3": 18]
        for (name, order) in orders {
            let t = try Self.make(name)
            #expect(t.settings.group.name == name && t.inputSize == order && t.outputSize == order, "\(name)")
            #expect(t.inputSymbols == (0..<order).map(String.init))
        }
        #expect(task("word_problem").inputSize == 60)
        #expect((task("word_problem") as! WordProblem).settings.group == .a5)
    }

    /// Names word-problem would not write, and groups past the bounds, are one-line setting errors.
    @Test func badGroupNamesAreRefused() {
        for bad in [
            "", "S", "s3", "S0", "S1", "A2", "Z1", "S05", "S+3", "S7", "A7", "Z5041", "S6_x_S6", "A5_x_", "_x_A5",
            "A5xZ5", "A5_x_Z5_x_", "B3", "Z99999999999999999999",
        ] {
            let error = #expect(throws: SettingError.self, "\(bad)") {
                try TaskCatalog.task(named: "word_problem", settings: ["group": bad])
            }
            let message = error?.description ?? ""
            #expect(message.hasPrefix("task 'word_problem': group must be a group named as word-problem names it"))
            #expect(!message.contains("\n") && message.hasSuffix("got '\(bad)'"), "\(message)")
        }
        #expect(GroupName(parsing: "Z5040")?.order == 5040)
        #expect(GroupName(parsing: "S6_x_Z7")?.order == 5040)
        #expect(GroupName(parsing: "S6_x_Z8") == nil)
    }

    /// S_n in itertools.permutations order; A_n its even elements in that order; index 0 the identity.
    @Test func elementsAreEnumeratedAsWordProblemDoes() {
        let s3 = Permutation.lexicographic(3).map(\.images)
        #expect(s3 == [[0, 1, 2], [0, 2, 1], [1, 0, 2], [1, 2, 0], [2, 0, 1], [2, 1, 0]])
        #expect(Permutation.lexicographic(5).count == 120)
        let a4 = Permutation.lexicographic(4).filter(\.isEven).map(\.images)
        #expect(a4.count == 12 && a4[0] == [0, 1, 2, 3] && a4[1] == [0, 2, 3, 1] && a4[2] == [0, 3, 1, 2])
        // (a·b)(i) = a(b(i)): 132 after 213 is 312.
        #expect((Permutation([0, 2, 1]) * Permutation([1, 0, 2])).images == [2, 0, 1])
        #expect(Permutation([1, 2, 0]).description == "(1 2 3)" && Permutation.identity(4).description == "()")
    }

    /// The generator's table is a group: 0 is the identity, products associate, every element has an inverse.
    @Test(arguments: ["S3", "S4", "A4", "A5", "S5", "Z60", "A4_x_Z5", "Z3_x_S3", "A6"])
    func tableIsAGroup(_ name: String) throws {
        let table = GroupTable(try #require(GroupName(parsing: name)))
        var rng = RandomGenerator(seed: 3)
        for _ in 0..<500 {
            let (a, b, c) = (
                rng.nextInt(below: table.order), rng.nextInt(below: table.order), rng.nextInt(below: table.order)
            )
            #expect(table.multiply(table.multiply(a, b), c) == table.multiply(a, table.multiply(b, c)))
            #expect(table.multiply(0, a) == a && table.multiply(a, 0) == a)
            #expect((0..<table.order).contains { table.multiply(a, $0) == 0 })
        }
    }

    /// S3, S5 and A5 are not abelian; Z60 and A4 × Z5's Z5 part are.
    @Test func productOrderMatters() throws {
        let s3 = try Self.make("S3")
        #expect(s3.solve([1, 2]) == [1, 4] && s3.solve([2, 1]) == [2, 3])
        let z60 = try Self.make("Z60")
        #expect(z60.solve([59, 2, 0]) == [59, 1, 1])
    }

    /// The generator (enumeration and tables) against the solver (ranks and array composition) on
    /// more groups than the catalog's default, at short and long lengths.
    @Test(arguments: ["S3", "S4", "S5", "A4", "A5", "A6", "S6", "Z2", "Z60", "A4_x_Z5", "Z3_x_S3", "S3_x_S3_x_Z2"])
    func generatorAgreesWithSolver(_ name: String) throws {
        let t = try Self.make(name)
        var rng = RandomGenerator(seed: 11)
        for length in [1, 2, 7, 100] {
            let batch = t.sample(batchSize: 20, length: length, rng: &rng)
            for b in 0..<20 { #expect(t.solve(batch.inputRow(b)) == batch.targetRow(b), "\(name) L=\(length)") }
        }
    }

    /// Files written by word-problem's generator: every target is our solver's, and our generator's
    /// table reproduces each running product.
    @Test(arguments: 0..<referenceRows.count)
    func referenceFilesAgreeWithSolver(_ index: Int) throws {
        let (name, length, text) = Self.referenceRows[index]
        let t = try Self.make(name)
        let file = try WordProblemCSV.read(text, order: t.inputSize)
        #expect(file.length == length && file.count >= 3)
        try file.check(against: t)
        let table = GroupTable(t.settings.group)
        for i in 0..<file.count {
            #expect(t.solve(file.input(i)) == file.target(i), "\(name) line \(i + 2)")
            var product = 0
            var products: [Int] = []
            for x in file.input(i) {
                product = table.multiply(product, x)
                products.append(product)
            }
            #expect(products == file.target(i))
        }
        // Read and written back byte for byte.
        #expect(file.text == text)
    }

    /// Rows copied from word-problem's published files read, and their targets are our solver's.
    @Test(arguments: 0..<publishedRows.count)
    func publishedRowsAgreeWithSolver(_ index: Int) throws {
        let (name, text) = Self.publishedRows[index]
        let t = try Self.make(name)
        let file = try WordProblemCSV.read(text, order: t.inputSize)
        #expect(file.count == 4 && file.length == 2)
        try file.check(against: t)
        for i in 0..<file.count { #expect(t.solve(file.input(i)) == file.target(i), "\(name) row \(i)") }
    }

    /// The whole published k = 2 files, byte for byte: every pair in product order, its targets from
    /// our solver, written by `WordProblemCSV`, has the size and SHA-256 digest of the LFS object.
    @Test(arguments: 0..<publishedPairFiles.count)
    func publishedPairFilesAreReproduced(_ index: Int) throws {
        let (name, seed, bytes, digest) = Self.publishedPairFiles[index]
        let t = try Self.make(name)
        let n = t.inputSize
        let inputs = (0..<n * n).flatMap { [$0 / n, $0 % n] }
        let targets = (0..<n * n).flatMap { t.solve([$0 / n, $0 % n]) }
        let file = WordProblemCSV(
            seeds: [String](repeating: String(seed), count: n * n), inputs: inputs, targets: targets, length: 2)
        let text = Array(file.text.utf8)
        #expect(text.count == bytes)
        #expect(SHA256.hex(text) == digest, "\(name)")
    }

    @Test func sha256MatchesKnownDigests() {
        #expect(SHA256.hex([]) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    /// Export, import: the same seeds, inputs and targets, and the same batch.
    @Test(arguments: ["A5", "S3", "A4_x_Z5"])
    func csvRoundTrip(_ name: String) throws {
        let t = try Self.make(name)
        var rng = RandomGenerator(seed: 9)
        let batch = t.sample(batchSize: 50, length: 13, rng: &rng)
        let written = WordProblemCSV(batch, seed: 123_456)
        let read = try WordProblemCSV.read(written.text, order: t.inputSize)
        #expect(read == written && read.batch == batch)
        #expect(read.seeds.allSatisfy { $0 == "123456" })
        #expect(written.text.hasPrefix("seed,input,target\n123456,"))
        try read.check(against: t)
    }

    /// Quoted fields, CRLF line ends and another column order read the same.
    @Test func otherWritersReadTheSame() throws {
        let plain = try WordProblemCSV.read("seed,input,target\n7,1 2,1 4\n", order: 6)
        let quoted = try WordProblemCSV.read("\"seed\",\"input\",\"target\"\r\n7,\"1 2\",\"1 4\"\r\n", order: 6)
        let reordered = try WordProblemCSV.read("input,target,seed\n1 2,1 4,7", order: 6)
        #expect(plain == quoted && plain == reordered)
    }

    /// Every malformed file is a one-line error naming its line.
    @Test func badFilesAreRefused() throws {
        let cases: [(String, String)] = [
            ("", "the first line must be word-problem's header 'seed,input,target', found ''"),
            ("length,input,target\n2,1 2,1 4\n", "the first line must be word-problem's header"),
            ("seed,input,target\n", "the file has a header but no examples"),
            ("seed,input,target\n7,1 2\n", "line 2: expected 3 fields (seed,input,target), found 2"),
            ("seed,input,target\n7,1 6,1 4\n", "line 2: input token '6' is not an element id 0...5"),
            ("seed,input,target\n7,1 +2,1 4\n", "line 2: input token '+2' is not an element id 0...5"),
            ("seed,input,target\n7,1 2,1 -4\n", "line 2: target token '-4' is not an element id 0...5"),
            ("seed,input,target\n7,1 2,1\n", "line 2: input has 2 elements and target 1"),
            ("seed,input,target\n7,,\n", "line 2: input has 0 elements and target 0"),
            ("seed,input,target\n7,1 2,1 4\n7,1,1\n", "line 3: 1 elements where line 2 has 2"),
            ("seed,input,target\nx,1 2,1 4\n", "line 2: seed 'x' is not a whole number"),
        ]
        for (text, message) in cases {
            let error = #expect(throws: WordProblemCSVError.self, "\(text)") { try WordProblemCSV.read(text, order: 6) }
            let description = error?.description ?? ""
            #expect(description.hasPrefix(message) && !description.contains("\n"), "\(description)")
        }
        let wrong = try WordProblemCSV.read("seed,input,target\n7,1 2,1 3\n", order: 6)
        let error = #expect(throws: WordProblemCSVError.self) { try wrong.check(against: try Self.make("S3")) }
        #expect(error?.description == "line 2: target position 1 is 3, but the running product in S3 is 4")
    }

    /// The bounds on a file's size and rows hold before anything is parsed.
    @Test func boundsAreChecked() {
        let rows = "seed,input,target\n" + String(repeating: "1,0,0\n", count: 3)
        #expect(throws: WordProblemCSVError.tooManyRows(limit: 2)) {
            try WordProblemCSV.read(rows, order: 6, maximumBytes: 1000, maximumRows: 2)
        }
        #expect(throws: WordProblemCSVError.tooLarge(bytes: rows.utf8.count, limit: 10)) {
            try WordProblemCSV.read(rows, order: 6, maximumBytes: 10, maximumRows: 2)
        }
        #expect(WordProblemCSVError.tooLarge(bytes: 11, limit: 10).description.contains("at most 10"))
    }

    @Test func fileNames() throws {
        #expect(
            WordProblemCSV.fileName(group: try #require(GroupName(parsing: "A4_x_Z5")), length: 10) == "A4_x_Z5=10.csv")
        let parsed = try #require(WordProblemCSV.parseFileName("data/A4_x_Z5=10.csv"))
        #expect(parsed.group.name == "A4_x_Z5" && parsed.length == 10)
        #expect(WordProblemCSV.parseFileName("data/copying=prefix-5-20.csv") == nil)
        #expect(WordProblemCSV.parseFileName("A5.csv") == nil && WordProblemCSV.parseFileName("A5=0.csv") == nil)
    }

    /// The solver's arithmetic: ranks invert unranking, and A_n's index is half the S_n rank.
    @Test func rankingInvertsUnranking() {
        for n in 1...5 {
            let all = Permutation.lexicographic(n)
            for (r, p) in all.enumerated() {
                #expect(GroupWordSolver.unrank(r, n) == p.images && GroupWordSolver.rank(p.images) == r)
                #expect((GroupWordSolver.inversions(p.images) % 2 == 0) == p.isEven)
            }
            for (k, p) in all.filter(\.isEven).enumerated() where n >= 2 {
                #expect(GroupWordSolver.unrankEven(k, n) == p.images)
            }
        }
    }
}
