import ReckonMachines
import ReckonNN
import ReckonSupport
import ReckonTensor
import Testing

@Suite struct RecurrentMachineTests {
    @Test(arguments: ["rnn", "lstm"])
    func gradientCheck(name: String) throws {
        let machine = try MachineTestKit.make(name, inputSize: 3, outputSize: 2, ["hidden_size": "4"])
        var rng = RandomGenerator(seed: 5)
        let x = MachineTestKit.oneHotBatch((0..<2).map { _ in (0..<3).map { _ in rng.nextInt(below: 3) } }, vocab: 3)
        let failures = MachineTestKit.gradientCheck(machine, input: x, outputLength: 3)
        #expect(failures.isEmpty, "\(failures)")
    }

    @Test(arguments: ["rnn", "lstm"])
    func learnsReversalOfLengthThree(name: String) throws {
        let machine = try MachineTestKit.make(name, inputSize: 2, outputSize: 2, ["hidden_size": "32"])
        let data = MachineTestKit.reversal()
        let steps = MachineTestKit.stepsToFit(machine, input: data.input, targets: data.targets, outputLength: 3, outputSize: 2)
        #expect(steps != nil)
    }

    @Test func computationStepsLengthenTheTape() throws {
        let x = MachineTestKit.oneHotBatch([[0, 1]], vocab: 2)
        let tape = Readout.tape(x, outputLength: 3, computationStepsMultiplier: 2)
        #expect(tape.shape == [1, 2 + 4 + 3, 4])
        // Computation tokens use channel inputSize, output tokens inputSize + 1.
        #expect(tape[[0, 2, 2]] == 1 && tape[[0, 6, 3]] == 1)
        let plain = Readout.tape(x, outputLength: 1, computationStepsMultiplier: 0)
        #expect(plain.shape == [1, 3, 3] && plain[[0, 2, 2]] == 1)
    }

    @Test func unknownNamesAndBadValuesAreUserErrors() throws {
        #expect(throws: MachineError.self) { try MachineCatalog.spec(named: "lstn") }
        do { _ = try MachineCatalog.spec(named: "lstn") } catch let e as MachineError {
            #expect(e.description.hasPrefix("unknown model 'lstn'; did you mean 'lstm'?"))
        }
        let spec = try MachineCatalog.spec(named: "lstm")
        #expect(throws: MachineError.self) { try spec.resolve(["hiden_size": "3"]) }
        #expect(throws: MachineError.self) { try spec.resolve(["hidden_size": "big"]) }
        #expect(throws: MachineError.self) { try spec.resolve(["hidden_size": "0"]) }
        #expect(try spec.resolve(["hidden_size": "8"]).values["hidden_size"] == .int(8))
    }
}
