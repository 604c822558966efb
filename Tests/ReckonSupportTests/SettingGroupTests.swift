import Foundation
import ReckonSupport
import Testing

/// `@Setting` and `SettingGroup`: one declaration gives the listing, parsing, range checks, the
/// rules between settings and the stored form.
@Suite struct SettingGroupTests {
    enum Shape: String, SettingChoice { case round, square }

    struct Inner: SettingGroup, Equatable {
        @Setting("depth", "how deep", minimum: 1, maximum: 10) var depth = 3
        @Setting("fresh", "added later", recording: .whenChanged) var fresh = false
        init() {}
    }

    struct Outer: SettingGroup, Equatable, Codable {
        @Setting("width", "how wide", minimum: 1) var width = 8
        @Setting("rate", "a rate", above: 0, below: 1) var rate = 0.5
        @Setting("shape", "its shape") var shape = Shape.round
        @Setting("seed", "a seed") var seed: UInt64 = 7
        var inner = Inner()
        init() {}

        func problem() -> String? {
            width < inner.depth ? "width (\(width)) must be at least depth (\(inner.depth))" : nil
        }

        init(from decoder: Decoder) throws { self = try Self.decodeSettings(from: decoder) }
        func encode(to encoder: Encoder) throws { try encodeSettings(to: encoder) }
    }

    @Test func declarationsAreFoundByReflectionInOrder() {
        #expect(Outer.names == ["width", "rate", "shape", "seed", "depth", "fresh"])
        let shape = Outer.declarations[2]
        #expect(shape.key == "shape" && shape.choices == ["round", "square"] && shape.defaultText == "round")
        #expect(Outer.declaration(named: "depth")?.expected == "an integer in 1...10")
        #expect(Outer.declaration(named: "rate")?.expected == "a finite number above 0 and below 1")
        #expect(Outer.declaration(named: "seed")?.typeName.hasPrefix("a whole number from 0") == true)
    }

    @Test func textIsParsedCheckedAndApplied() throws {
        let g = try Outer().applying([("width", "12"), ("shape", "square"), ("depth", "5")], owner: "thing 'x'")
        #expect(g.width == 12 && g.shape == .square && g.inner.depth == 5 && g.rate == 0.5)
        #expect(g.values["depth"]?.text == "5" && g.literals["width"] == .int(12))
        #expect(throws: SettingError.unknown("wdth", owner: "thing 'x'", known: Outer.names)) {
            try Outer().applying([("wdth", "3")], owner: "thing 'x'")
        }
        let bad: [(String, String)] = [
            ("width", "0"), ("width", "x"), ("rate", "1"), ("rate", "nan"), ("rate", "inf"), ("depth", "11"),
            ("shape", "oval"), ("seed", "-1"),
        ]
        for (name, text) in bad {
            let e = #expect(throws: SettingError.self, "\(name)=\(text)") {
                try Outer().applying([(name, text)], owner: nil)
            }
            #expect(e?.description.hasPrefix("\(name) must be") == true, "\(e?.description ?? "")")
        }
        let near = #expect(throws: SettingError.self) { try Outer().applying([("shape", "squar")], owner: nil) }
        #expect(near?.description.contains("did you mean 'square'?") == true)
        #expect(throws: SettingError.invalidCombination("width (2) must be at least depth (3)", owner: nil)) {
            try Outer().applying([("width", "2")], owner: nil)
        }
    }

    @Test func storedFormRoundTrips() throws {
        let g = try Outer().applying([("rate", "0.25"), ("seed", "18446744073709551615")], owner: nil)
        let back = try Outer.fromLiterals(g.literals, owner: nil)
        #expect(back == g)
        #expect(throws: SettingError.self) { try Outer.fromLiterals(["width": .string("wide")], owner: nil) }
        // A name the group does not declare is ignored; one it lacks takes the default.
        #expect(try Outer.fromLiterals(["other": .int(1)], owner: nil) == Outer())
    }

    /// Always-recorded settings are written and required; a setting added later is written only
    /// when changed, so files (and the ids hashed from them) of groups that leave it alone stay
    /// as they were.
    @Test func recordingRules() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let plain = String(decoding: try encoder.encode(Outer()), as: UTF8.self)
        #expect(plain == #"{"inner":{"depth":3},"rate":0.5,"seed":7,"shape":"round","width":8}"#)
        var changed = Outer()
        changed.inner.fresh = true
        let written = String(decoding: try encoder.encode(changed), as: UTF8.self)
        #expect(written.contains(#""fresh":true"#))
        #expect(try JSONDecoder().decode(Outer.self, from: Data(written.utf8)) == changed)
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(Outer.self, from: Data(#"{"inner":{"depth":3},"rate":0.5,"shape":"round"}"#.utf8))
        }
    }

    /// Made from values by name while `SettingScope` holds them; outside one, `init()` is the defaults.
    @Test func groupsAreMadeFromValuesByName() {
        let g = Outer.make(["width": 20, "depth": 9])
        #expect(g.width == 20 && g.inner.depth == 9 && g.rate == 0.5)
        #expect(Outer().width == 8)
    }
}
