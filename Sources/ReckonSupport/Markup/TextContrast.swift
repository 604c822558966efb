import Foundation

/// WCAG 2.x relative luminance and contrast ratio of sRGB colors, and the legible ink for a fill: the one
/// copy of the reports (`ColorScale`) and the RASP diagrams (`ModelDiagram`). Colors are `#rrggbb` or `#rgb`.
public enum TextContrast {
    /// The contrast WCAG 2.x asks of body text (success criterion 1.4.3, level AA).
    public static let minimum = 4.5

    /// The channels of `#rrggbb` or `#rgb`, 0...255; nil for anything else.
    public static func channels(_ color: String) -> (Int, Int, Int)? {
        guard color.hasPrefix("#") else { return nil }
        var digits = String(color.dropFirst())
        if digits.count == 3 { digits = digits.map { "\($0)\($0)" }.joined() }
        guard digits.count == 6, let v = Int(digits, radix: 16) else { return nil }
        return ((v >> 16) & 255, (v >> 8) & 255, v & 255)
    }

    /// Relative luminance, 0 for black to 1 for white (a color `channels` cannot read counts as black).
    public static func luminance(_ color: String) -> Double {
        let (r, g, b) = channels(color) ?? (0, 0, 0)
        // The linear segment ends at 0.04045, as in IEC 61966-2-1 and WCAG 2.x's definition since May 2021;
        // the 0.03928 printed before came from a draft of sRGB. No 8-bit channel lies between the two
        // (10/255 = 0.03922, 11/255 = 0.04314), so for 8-bit colors both give the same luminance.
        func linear(_ c: Int) -> Double {
            let s = Double(c) / 255
            return s <= 0.04045 ? s / 12.92 : pow((s + 0.055) / 1.055, 2.4)
        }
        return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b)
    }

    /// (L1 + 0.05) / (L2 + 0.05), L1 the lighter color's relative luminance: 1 for equal colors, 21 for black
    /// on white.
    public static func ratio(_ a: String, _ b: String) -> Double {
        let (la, lb) = (luminance(a), luminance(b))
        return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)
    }

    /// Black or white, whichever has the higher contrast ratio with `fill`. Their two ratios multiply to 21
    /// (1.05 / 0.05), so the higher one is at least √21 ≈ 4.58 on any fill: always above `minimum`.
    public static func ink(on fill: String) -> String {
        ratio("#000000", fill) >= ratio("#ffffff", fill) ? "#000000" : "#ffffff"
    }
}
