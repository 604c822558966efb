import Foundation
import ReckonSupport

/// The heatmap's colors: a fixed sequential scale from a task's random baseline (light) to 1.0
/// (dark), whose lightness falls monotonically, so that it reads in grayscale too. The text on
/// a cell is black or white, whichever contrasts more with the fill (`textColor(on:)`).
public enum ColorScale {
    /// Anchor colors from light yellow to dark blue (viridis-like, lightness decreasing).
    static let stops: [(Double, Double, Double)] = [
        (0.992, 0.906, 0.145), (0.478, 0.820, 0.318), (0.133, 0.659, 0.518),
        (0.165, 0.471, 0.557), (0.255, 0.267, 0.529), (0.267, 0.004, 0.329),
    ]

    /// Where `value` lies between `baseline` and 1, clamped to [0, 1].
    public static func position(_ value: Double, baseline: Double) -> Double {
        guard value.isFinite else { return 0 }
        let low = Swift.min(baseline, 0.999)
        return Swift.min(1, Swift.max(0, (value - low) / (1 - low)))
    }

    /// The fill for `value`, as #rrggbb.
    public static func color(_ value: Double, baseline: Double) -> String {
        let t = position(value, baseline: baseline) * Double(stops.count - 1)
        let i = Swift.min(stops.count - 2, Int(t))
        let f = t - Double(i)
        let a = stops[i]
        let b = stops[i + 1]
        func channel(_ x: Double, _ y: Double) -> Int { Int(((x + (y - x) * f) * 255).rounded()) }
        return String(format: "#%02x%02x%02x", channel(a.0, b.0), channel(a.1, b.1), channel(a.2, b.2))
    }

    /// Relative luminance (WCAG 2.x, sRGB) of a #rrggbb color, 0 for black to 1 for white.
    public static func luminance(_ hex: String) -> Double { TextContrast.luminance(hex) }

    /// WCAG 2.x contrast ratio of two #rrggbb colors, (L1 + 0.05) / (L2 + 0.05) with L1 the lighter's
    /// relative luminance (linearized below 0.04045, see `TextContrast.luminance`). Text needs 4.5.
    public static func contrastRatio(_ a: String, _ b: String) -> Double { TextContrast.ratio(a, b) }

    /// Black or white text, whichever has the higher contrast ratio with the fill: at least √21 ≈ 4.58.
    public static func textColor(on fill: String) -> String { TextContrast.ink(on: fill) }

    /// The attributes that draw a label in `ink`: the SVG `fill`, and the same as an inline style. A fill
    /// attribute alone loses to any stylesheet rule (SVG 2 §6.4: presentation attributes are author rules of
    /// specificity 0), which is how the page's `svg text{fill:#111}` once drew every cell label #111; a
    /// `style` attribute outranks every selector (CSS Cascade: "a specificity higher than any selector").
    public static func inkAttributes(_ ink: String) -> [(String, String)] {
        [("fill", ink), ("style", "fill:\(ink)")]
    }
}
