/// Text made safe inside HTML, SVG and XML, in element content and in quoted attributes alike.
///
/// The one escaper of the reports (ReckonStudy's `Markup`) and the RASP diagrams (`ModelDiagram`);
/// the diagram's own copy once missed `'`, which ends an attribute quoted with it.
public enum MarkupEscaping {
    /// `s` with &, <, >, " and ' replaced by their character references.
    public static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for c in s {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(c)
            }
        }
        return out
    }
}
