import Foundation
import ReckonTestSupport
import Testing

@testable import ReckonSupport

#if canImport(FoundationXML)
import FoundationXML
#endif

/// The shared escaper, JSON error text and user text files.
@Suite struct SharedTextTests {
    /// `ModelDiagram`'s own escaper missed `'`, which ends an attribute quoted with it.
    @Test func markupEscapingCoversAllFiveCharacters() throws {
        #expect(MarkupEscaping.escape(#"a & b < c > d "e" 'f'"#) == "a &amp; b &lt; c &gt; d &quot;e&quot; &#39;f&#39;")
        #expect(MarkupEscaping.escape("plain ✓") == "plain ✓")
        // Escaped text stays one attribute value whichever quote the attribute uses.
        let hostile = #"x' onload='alert(1)" y="<z>&"#
        for quote in ["\"", "'"] {
            let xml = "<a v=\(quote)\(MarkupEscaping.escape(hostile))\(quote)/>"
            let parser = XMLParser(data: Data(xml.utf8))
            let reader = AttributeReader()
            parser.delegate = reader
            #expect(parser.parse(), "\(xml)")
            #expect(reader.attributes == ["v": hostile])
        }
    }

    /// WCAG 2.x contrast: its reference points, both spellings of a color, and an ink that always passes.
    @Test func textContrastFollowsWCAG() {
        #expect(TextContrast.channels("#fff")! == (255, 255, 255))
        #expect(TextContrast.channels("#4e79a7")! == (78, 121, 167))
        #expect(TextContrast.channels("4e79a7") == nil && TextContrast.channels("#4e79a") == nil)
        #expect(abs(TextContrast.ratio("#000", "#ffffff") - 21) < 1e-12)
        #expect(TextContrast.ratio("#777777", "#777") == 1)
        // #767676 is the lightest gray that passes on white (4.54); #777777 does not (4.48).
        #expect(TextContrast.ratio("#767676", "#fff") >= TextContrast.minimum)
        #expect(TextContrast.ratio("#777777", "#fff") < TextContrast.minimum)
        // The gray where black and white contrast alike (luminance √0.0525 − 0.05 = 0.179) and its neighbours.
        for fill in ["#000000", "#757575", "#767676", "#777777", "#808080", "#ffffff", "#ff0000", "#0000ff"] {
            #expect(TextContrast.ratio(TextContrast.ink(on: fill), fill) >= 21.0.squareRoot() - 1e-9, "\(fill)")
        }
    }

    private final class AttributeReader: NSObject, XMLParserDelegate {
        var attributes: [String: String] = [:]
        func parser(
            _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
            qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]
        ) {
            attributes = attributeDict
        }
    }

    struct Settings: Decodable {
        struct Curriculum: Decodable { var kind: String }
        var steps: Int
        var curriculum: Curriculum
        var lengths: [Int]
    }

    func reason<T: Decodable>(_ json: String, as type: T.Type = Settings.self) -> String {
        do {
            _ = try JSONDecoder().decode(T.self, from: Data(json.utf8))
            return "decoded"
        } catch { return JSONErrorText.reason(error) }
    }

    /// One line naming the key and what was expected, never Foundation's text.
    @Test func jsonErrorsNameTheKeyAndWhatWasExpected() throws {
        let good = #"{"steps": 3, "curriculum": {"kind": "uniform"}, "lengths": [1, 2]}"#
        #expect(reason(good) == "decoded")
        #expect(reason("{oops") == "it is not valid JSON")
        #expect(reason("") == "it is not valid JSON")
        #expect(reason("[1]") == "it is not an object")
        #expect(reason(#"{"curriculum": {"kind": "u"}, "lengths": []}"#) == "field 'steps' is missing")
        #expect(
            reason(#"{"steps": "3", "curriculum": {"kind": "u"}, "lengths": []}"#) == "field 'steps' is not an integer")
        #expect(
            reason(#"{"steps": 3, "curriculum": {"kind": 7}, "lengths": []}"#)
                == "field 'curriculum.kind' is not a string")
        #expect(
            reason(#"{"steps": 3, "curriculum": {"kind": "u"}, "lengths": [1, "x"]}"#)
                == "field 'lengths[1]' is not an integer")
        #expect(
            reason(#"{"steps": null, "curriculum": {"kind": "u"}, "lengths": []}"#)
                == "field 'steps' is null, expected an integer")
        // JSONSerialization's error, and a file that cannot be read.
        do {
            _ = try JSONSerialization.jsonObject(with: Data("{".utf8))
            Issue.record("JSONSerialization accepted '{'")
        } catch {
            #expect(JSONErrorText.reason(error) == "it is not valid JSON")
        }
        do {
            _ = try Data(contentsOf: URL(fileURLWithPath: "/nonexistent-reckon/summary.json"))
            Issue.record("read a file that does not exist")
        } catch {
            let text = JSONErrorText.describe(error, file: "/nonexistent-reckon/summary.json")
            #expect(!text.contains("NSCocoaErrorDomain") && !text.contains("\n"), "\(text)")
            #expect(text.hasPrefix("'/nonexistent-reckon/summary.json': "), "\(text)")
        }
    }

    /// A quoted value reads keys in document order when a key log is installed, else in name order.
    @Test func jsonQuotesAreCompactAndCut() throws {
        let logged = JSONDecoder()
        JSONKeyLog().install(on: logged)
        let plain = JSONDecoder()
        let json = Data(#"{"b": [1, 2.5, "x"], "a": null}"#.utf8)
        #expect(try logged.decode(JSONQuote.self, from: json).text == #"{"b":[1,2.5,"x"],"a":null}"#)
        #expect(try plain.decode(JSONQuote.self, from: json).text == #"{"a":null,"b":[1,2.5,"x"]}"#)
        let hundred = "[" + Array(repeating: "1", count: 100).joined(separator: ",") + "]"
        let long = try plain.decode(JSONQuote.self, from: Data(hundred.utf8))
        #expect(long.kind == .array && long.text.hasSuffix("...") && long.text.count <= JSONQuote.limit + 4)
    }

    /// Issue 25: a FIFO or /dev/zero as the sweep file gave "You don't have permission", a directory
    /// raw NSCocoaErrorDomain text.
    @Test func textFilesAreRegularUTF8FilesOfBoundedSize() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let file = dir.url.appendingPathComponent("s.yaml")
        try Data("name: s\n".utf8).write(to: file)
        #expect(try TextFile.read(file.path) == "name: s\n")
        let fifo = dir.url.appendingPathComponent("fifo")
        #expect(mkfifo(fifo.path, 0o644) == 0)
        let binary = dir.url.appendingPathComponent("bin")
        try Data([0xFF, 0xFE, 0x00]).write(to: binary)
        let cases: [(String, String)] = [
            (fifo.path, "it is a FIFO (named pipe), not a regular file"),
            ("/dev/zero", "it is a character device, not a regular file"),
            (dir.url.path, "it is a directory, not a regular file"),
            (dir.url.appendingPathComponent("absent").path, "it does not exist"),
            (binary.path, "it is not UTF-8 text"),
        ]
        for (path, reason) in cases {
            #expect(throws: TextFile.Failure(reason: reason)) { _ = try TextFile.read(path) }
        }
        #expect(throws: TextFile.Failure.self) { _ = try TextFile.read(file.path, limit: 3) }
    }

    /// Issue 25, 9: `train --out` with 25 components of 200 characters left 20 nested folders.
    @Test func foldersMadeForAFailedCreateAreRemoved() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let made = try Folders.create(dir.url.appendingPathComponent("a/b"))
        #expect(made == [dir.url.appendingPathComponent("a").path, dir.url.appendingPathComponent("a/b").path])
        let long = (0..<25).map { _ in String(repeating: "x", count: 200) }.joined(separator: "/")
        let before = DiskSnapshot(dir.url)
        let error = #expect(throws: Folders.Failure.self) { try Folders.create(dir.url.appendingPathComponent(long)) }
        #expect(error?.reason.contains("File name too long") == true, "\(String(describing: error))")
        #expect(DiskSnapshot(dir.url) == before)
        try Data("x".utf8).write(to: dir.url.appendingPathComponent("plain"))
        #expect(throws: Folders.Failure(reason: "'\(dir.url.path)/plain' is a file, not a folder")) {
            try Folders.create(dir.url.appendingPathComponent("plain/run"))
        }
    }
}
