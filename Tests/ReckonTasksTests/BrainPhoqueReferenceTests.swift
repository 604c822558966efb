import Testing

@testable import ReckonTasks

/// BrainPhoque against the reference interpreter: programs drawn by the reference's `sample_program`
/// (24 uniform instructions) and run by its `BrainPhoqueUTM.run_program` (4 symbols, 5 cells, at most
/// 300 steps, 16 printed symbols; google-deepmind/neural_networks_solomonoff_induction at d938e63),
/// with the program as it ran (brackets fixed), how it stopped, what it printed and the steps it took.
/// 3 000 such programs agreed in full when the interpreter was written; these 18 cover each way to stop.
@Suite struct BrainPhoqueReferenceTests {
    static let runs: [(program: String, ran: String, status: BrainPhoque.Status, output: [Int], steps: Int)] = [
        (".[[.[]]-+>-..+<]+]+<]>>-", ".{{.{]]-+>-..+<]+]+<]>>-", .halted, [0, 0, 3, 3], 24),
        ("]-.<<<[<<.]][[>.<-]-.[++", "]-.<<<{<<.]][[>.<-]-.[++", .halted, [3, 3, 0, 0, 0, 3], 37),
        ("<++<.<].][<<-<>-.++-.[.-", "<++<.<].]{<<-<>-.++-.[.-", .halted, [0, 0, 2, 3, 3], 24),
        ("]<[.[>[[++[>[>-->]>>[.>[", "]<{.{>{{++[>{>-->]>>[.>{", .halted, [0, 2], 25),
        ("<[<[<[.-<<>-+>]+>..-+[+>", "<{<{<{.-<<>-+>]+>..-+{+>", .halted, [0, 0, 0], 24),
        ("<.+[<+]]<.[..<--<-].-<+-", "<.+[<+]]<.[..<--<-].-<+-", .halted, [0, 3, 3, 3, 2, 2, 3, 3, 0], 100),
        ("]><+[][-<-..-<.][[+]<+-<", "]><+[]", .timeout, [], 300),
        ("++]>]+.+>.+[]>+<<.[>+[-[", "++]>]+.+>.+[]", .timeout, [1, 0], 300),
        (".>.<<]]..->.>+[]]][+]>]]", ".>.<<]]..->.>+[]", .timeout, [0, 0, 0, 0, 0], 300),
        (">>+.]<-[>[+-]+[>+][].]]+", ">>+.]<-[>[+-]", .timeout, [1], 300),
        ("]+[+].]-]>]]<[]-+<-..>>[", "]+[+].]-]>]]<[]", .timeout, [0], 300),
        ("<+[]+]<]][>>]+-<.]]---]<", "<+[]", .timeout, [], 300),
        ("<...--[.]-]<<<<.]+]>>[.+", "<...--[.]", .outputLimit, [0, 0, 0, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2], 44),
        (
            "+<<]++]]]+[.]<<>+]<<.].+", "+<<]++]]]+[.]", .outputLimit,
            [3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3], 57
        ),
        (
            ".<><+.[+.<+[+<]+][>-+--.", ".<><+.[+.<+[+<]+]", .outputLimit,
            [0, 1, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2], 181
        ),
        (
            ".<][.+[>..>[<<][][-[>>+-", ".<]{.+[>..>{<<]", .outputLimit,
            [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], 64
        ),
        (
            "+[.[>].-+.+.-+->>+]][...", "+[.[>].-+.+.-+->>+]", .outputLimit,
            [1, 0, 0, 1, 1, 0, 0, 1, 1, 0, 0, 1, 1, 0, 0, 1], 76
        ),
        (
            ">+].]<]]>+][<...++<<-><]", ">+].]<]]>+][<...++<<-><]", .outputLimit,
            [1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 2, 2, 3, 3, 3], 68
        ),
    ]

    @Test(arguments: 0..<18)
    func runsAsTheReferenceDoes(_ i: Int) {
        let expected = Self.runs[i]
        let run = BrainPhoque(alphabetSize: 4, memorySize: 5, maximumSteps: 300).run(
            expected.program, maxOutputLength: 16)
        #expect(run.program == expected.ran)
        #expect(run.status == expected.status)
        #expect(run.output == expected.output)
        #expect(run.steps == expected.steps)
    }
}
