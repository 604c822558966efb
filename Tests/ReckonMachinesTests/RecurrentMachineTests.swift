import ReckonMachines
import ReckonNN
import ReckonSupport
import ReckonTensor
import Testing

@Suite struct RecurrentMachineTests {
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
        #expect(throws: SettingError.self) { try spec.resolve(["hiden_size": "3"]) }
        #expect(throws: SettingError.self) { try spec.resolve(["hidden_size": "big"]) }
        #expect(throws: SettingError.self) { try spec.resolve(["hidden_size": "0"]) }
        #expect(try spec.resolve(["hidden_size": "8"]).values["hidden_size"] == .int(8))
    }
}
