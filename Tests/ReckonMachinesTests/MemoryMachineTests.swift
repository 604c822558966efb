import ReckonNN
import ReckonSupport
import ReckonTensor
import Testing

@testable import ReckonMachines

/// ntm, memn2n, ttm: the NTM's memory operations and the TTM's summarization with hand-set
/// values (the gradient check and learning test every machine gets are in MachineCatalogTests).
@Suite struct MemoryMachineTests {
    static func values(_ t: Tensor) -> [Float] { t.scalars }

    // MARK: NTM addressing with hand-set values

    @Test func contentAddressingFindsTheMatchingRow() {
        let rows: [[Float]] = [[1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 1, 0]]
        let memory = Tensor(rows.flatMap { $0 }, shape: [1, 4, 3])
        let key = Tensor([0, 0, 2], shape: [1, 3])  // same direction as row 2
        let w = Self.values(NTMAddressing.content(memory: memory, key: key, strength: Tensor([20], shape: [1, 1])))
        #expect(w.firstIndex(of: w.max()!) == 2 && w[2] > 0.99)
        #expect(abs(w.reduce(0, +) - 1) < 1e-5)
        // β = 0: uniform.
        let flat = Self.values(NTMAddressing.content(memory: memory, key: key, strength: Tensor([0], shape: [1, 1])))
        #expect(flat.allSatisfy { abs($0 - 0.25) < 1e-6 })
    }

    @Test func interpolationMixesWithThePreviousWeighting() {
        let wc = Tensor([1, 0, 0], shape: [1, 3])
        let prev = Tensor([0, 0, 1], shape: [1, 3])
        let w = Self.values(
            NTMAddressing.interpolate(content: wc, previous: prev, gate: Tensor([0.25], shape: [1, 1])))
        #expect(w == [0.25, 0, 0.75])
    }

    @Test func shiftRotatesByTheOffset() {
        let w = Tensor([0.1, 0.6, 0.3, 0, 0], shape: [1, 5])
        let plusOne = Self.values(NTMAddressing.shift(w, by: Tensor([0, 0, 1], shape: [1, 3])))
        #expect(plusOne == [0, 0.1, 0.6, 0.3, 0])
        let minusOne = Self.values(NTMAddressing.shift(w, by: Tensor([1, 0, 0], shape: [1, 3])))
        #expect(minusOne == [0.6, 0.3, 0, 0, 0.1])  // wraps around
        let stay = Self.values(NTMAddressing.shift(w, by: Tensor([0, 1, 0], shape: [1, 3])))
        #expect(stay == Self.values(w))
    }

    @Test func sharpeningConcentratesTheWeighting() {
        let w = Tensor([0.5, 0.3, 0.2], shape: [1, 3])
        let s = Self.values(NTMAddressing.sharpen(w, gamma: Tensor([2], shape: [1, 1])))
        let expected: [Float] = [0.25, 0.09, 0.04].map { $0 / 0.38 }
        for (a, b) in zip(s, expected) { #expect(abs(a - b) < 1e-5) }
        #expect(s[0] > 0.5)
        let same = Self.values(NTMAddressing.sharpen(w, gamma: Tensor([1], shape: [1, 1])))
        for (a, b) in zip(same, [0.5, 0.3, 0.2] as [Float]) { #expect(abs(a - b) < 1e-5) }
    }

    @Test func eraseThenAddUpdatesMemoryExactly() {
        let memory = Tensor([1, 2, 3, 4, 5, 6], shape: [1, 3, 2])
        let w = Tensor([0, 1, 0.5], shape: [1, 3])
        let e = Tensor([1, 0.5], shape: [1, 2])
        let a = Tensor([10, 20], shape: [1, 2])
        let m = Self.values(NTMAddressing.write(memory: memory, weighting: w, erase: e, add: a))
        // row 0 untouched; row 1: (3,4)·(1−(1,0.5)) + (10,20) = (10, 22); row 2: (5,6)·(0.5,0.75) + (5,10).
        #expect(m == [1, 2, 10, 22, 7.5, 14.5])
        let r = Self.values(NTMAddressing.read(memory: memory, weighting: w))
        #expect(r == [3 + 2.5, 4 + 3])
    }

    // MARK: TTM summarization

    @Test func summarizationWithEqualImportanceAverages() {
        var rng = RandomGenerator(seed: 1)
        let s = TokenSummarizer(width: 3, outputs: 2, hiddenWidth: 4, rng: &rng)
        for slot in s.namedParameterBoxes() where slot.name.hasPrefix("score.") {
            slot.box.value = Tensor.zeros(slot.box.value.shape)
        }
        let x = Tensor([1, 2, 3, 4, 5, 6, 7, 8, 9, -1, 0, 1], shape: [1, 4, 3])
        let z = Self.values(s(x))
        #expect(z.count == 6)
        for (a, b) in zip(z, [2.75, 3.75, 4.75, 2.75, 3.75, 4.75] as [Float]) { #expect(abs(a - b) < 1e-5) }
    }

    // MARK: End to end

    @Test func registeredDefaults() throws {
        let ntm = try MachineCatalog.spec(named: "ntm").defaults
        #expect(
            ntm.values["controller_size"] == .int(100) && ntm.values["memory_size"] == .int(128)
                && ntm.values["memory_width"] == .int(20) && ntm.values["shift_width"] == .int(3))
        let memn2n = try MachineCatalog.spec(named: "memn2n").defaults
        #expect(memn2n.values["hops"] == .int(3) && memn2n.values["embedding_size"] == .int(64))
        let ttm = try MachineCatalog.spec(named: "ttm").defaults
        #expect(ttm.values["memory_tokens"] == .int(16) && ttm.values["read_tokens"] == .int(4))
        // ntm on copy (9 input channels + 1 readout channel): LSTM (10 + 20 → 100), heads, output.
        let machine = try MachineTestKit.make("ntm", inputSize: 9, outputSize: 8, [:])
        #expect(machine.parameterCount == (30 + 100) * 400 + 400 + 101 * 26 + 101 * 66 + 121 * 8 + 20)
        let ttmMachine = try MachineTestKit.make("ttm", inputSize: 9, outputSize: 8, [:])
        #expect(ttmMachine.namedParameterBoxes().contains { $0.name.hasPrefix("blocks.0.") })
    }

    @Test func constantMemoryInitializationChangesOnlyTheMemory() throws {
        let random = try #require(
            try MachineTestKit.make("ntm", inputSize: 9, outputSize: 8, MachineCatalogTests.plans["ntm"]!.tiny) as? NTM)
        var overrides = MachineCatalogTests.plans["ntm"]!.tiny
        overrides["memory_init"] = "constant"
        let constant = try #require(try MachineTestKit.make("ntm", inputSize: 9, outputSize: 8, overrides) as? NTM)
        #expect(constant.initialMemory.scalars.allSatisfy { $0 == 1e-6 })
        #expect(Set(random.initialMemory.scalars).count > 1)
        #expect(random.namedParameters().map(\.tensor.scalars) == constant.namedParameters().map(\.tensor.scalars))
        #expect(throws: SettingError.self) { try MachineCatalog.spec(named: "ntm").resolve(["memory_init": "zeros"]) }

        // Learned initial weightings add one [2, N] parameter and leave the others as they were.
        overrides["initial_weighting"] = "learned"
        let learned = try #require(try MachineTestKit.make("ntm", inputSize: 9, outputSize: 8, overrides) as? NTM)
        #expect(learned.parameterCount == random.parameterCount + 2 * 6)
        let others = learned.namedParameters().filter { $0.name != "initialWeighting.logits" }
        #expect(others.map(\.name) == random.namedParameters().map(\.name))
        #expect(others.map(\.tensor.scalars) == random.namedParameters().map(\.tensor.scalars))
        var rng = RandomGenerator(seed: 5)
        let x = Tensor.uniform([2, 3, 9], rng: &rng)
        let failures = MachineTestKit.gradientCheck(learned, input: x, outputLength: 3)
        #expect(failures.isEmpty, "\(failures)")
    }
}
