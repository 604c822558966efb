import ReckonSupport

/// Builds HTML/SVG text: elements with escaped attributes and text. Output is well-formed XML
/// (every element closed, attributes quoted), so a test can parse a report with XMLParser.
public struct Markup: Sendable {
    public private(set) var text = ""

    public init() {}

    static func attributes(_ a: [(String, String)]) -> String {
        a.map { " \($0.0)=\"\(MarkupEscaping.escape($0.1))\"" }.joined()
    }

    /// `<name attrs>` … `</name>` around what `body` adds.
    public mutating func element(_ name: String, _ attributes: [(String, String)] = [], _ body: (inout Markup) -> Void)
    {
        text += "<\(name)\(Self.attributes(attributes))>"
        body(&self)
        text += "</\(name)>"
    }

    /// `<name attrs>text</name>`.
    public mutating func element(_ name: String, _ attributes: [(String, String)] = [], text content: String) {
        text += "<\(name)\(Self.attributes(attributes))>\(MarkupEscaping.escape(content))</\(name)>"
    }

    /// `<name attrs/>`.
    public mutating func empty(_ name: String, _ attributes: [(String, String)] = []) {
        text += "<\(name)\(Self.attributes(attributes))/>"
    }

    /// Escaped text.
    public mutating func add(_ content: String) { text += MarkupEscaping.escape(content) }

    /// Already-built markup.
    public mutating func raw(_ markup: String) { text += markup }

    /// A whole self-contained page, as the report, inspection and extraction pages are: doctype,
    /// UTF-8, a viewport, `title`, the stylesheet `style` and what `body` adds to `<body>`.
    public static func page(title: String, style: String, body: (inout Markup) -> Void) -> String {
        var m = Markup()
        m.raw("<!DOCTYPE html>\n")
        m.element("html", [("lang", "en")]) { m in
            m.element("head") { m in
                m.empty("meta", [("charset", "utf-8")])
                m.empty("meta", [("name", "viewport"), ("content", "width=device-width, initial-scale=1")])
                m.element("title", text: title)
                // Raw, not escaped: a <style> element's text is not parsed for character references, so the
                // escaped `&quot;Segoe UI&quot;` voided the font-family (Chromium drew Times New Roman).
                m.element("style") { $0.raw(style) }
            }
            m.element("body") { body(&$0) }
        }
        return m.text + "\n"
    }
}

/// Numbers in SVG coordinates: two decimals, no trailing zeros.
func svg(_ x: Double) -> String {
    guard x.isFinite else { return "0" }
    var s = String(format: "%.2f", x)
    while s.contains(".") && (s.hasSuffix("0") || s.hasSuffix(".")) { s.removeLast() }
    return s == "-0" ? "0" : s
}
