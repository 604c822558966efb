/// One setting as listings and checks see it, without its Swift type: what `@Setting` declared,
/// and where in its group the value lives (`key`, the property's name, which config.json uses).
public struct SettingDeclaration: Sendable {
    public let name: String
    public let summary: String
    /// The property's name (`hiddenSize`), the key config.json stores the value under.
    public let key: String
    /// How the type is named in messages ("an integer").
    public let typeName: String
    public let defaultValue: any SettingValue
    public let choices: [String]?
    public let minimum: Double?, maximum: Double?, above: Double?, below: Double?
    public let recording: SettingRecording
    /// The default as listings state it ("the task's, 40 for the Chomsky suite"), when the
    /// declared value is only a fallback.
    public let shownDefault: String?
    let parseText: @Sendable (String) -> (any SettingValue)?
    let fromLiteral: @Sendable (SettingLiteral) -> (any SettingValue)?

    /// The default as listings write it.
    public var defaultText: String { shownDefault ?? defaultValue.text }

    /// The default as config.json stores it.
    public var defaultLiteral: SettingLiteral { defaultValue.literal }

    /// What a valid value is, in words: "an integer >= 1", "a number >= 0 and below 1", "one of a, b".
    public var expected: String {
        func shown(_ x: Double) -> String { x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : String(x) }
        if let choices { return "one of " + choices.joined(separator: ", ") }
        if let minimum, let maximum, above == nil, below == nil {
            return "\(typeName) in \(shown(minimum))...\(shown(maximum))"
        }
        var bounds: [String] = []
        if let minimum { bounds.append(">= \(shown(minimum))") }
        if let above { bounds.append("above \(shown(above))") }
        if let maximum { bounds.append("<= \(shown(maximum))") }
        if let below { bounds.append("below \(shown(below))") }
        return ([typeName] + [bounds.joined(separator: " and ")]).filter { !$0.isEmpty }.joined(separator: " ")
    }

    /// `expected`, with the closest choice when `text` looks like a misspelt one.
    public func expectedNear(_ text: String) -> String {
        guard let choices, let near = NameSuggestion.closest(to: text, among: choices), near != text else {
            return expected
        }
        return expected + " (did you mean '\(near)'?)"
    }

    /// The value written as `text`, or nil when it is ill-typed or out of range.
    public func parse(_ text: String) -> (any SettingValue)? {
        guard let v = parseText(text), accepts(v) else { return nil }
        return v
    }

    /// The value stored as `literal` (config.json), or nil when it is ill-typed or out of range.
    public func value(_ literal: SettingLiteral) -> (any SettingValue)? {
        guard let v = fromLiteral(literal), accepts(v) else { return nil }
        return v
    }

    /// Whether `value` is within the declared choices and range.
    public func accepts(_ value: any SettingValue) -> Bool {
        if let choices, !choices.contains(value.text) { return false }
        guard let x = value.number else { return true }
        guard x.isFinite else { return false }
        if let minimum, x < minimum { return false }
        if let maximum, x > maximum { return false }
        if let above, x <= above { return false }
        if let below, x >= below { return false }
        return true
    }
}

/// What `SettingGroup` reads off each `@Setting` it finds by reflection.
protocol AnySetting {
    func declaration(key: String) -> SettingDeclaration
    var anyValue: any SettingValue { get }
    var isDefault: Bool { get }
    var recordsAlways: Bool { get }
    func decodeValue(from c: KeyedDecodingContainer<SettingKey>, key: SettingKey) throws -> any SettingValue
}

extension Setting: AnySetting {
    func declaration(key: String) -> SettingDeclaration {
        SettingDeclaration(
            name: name, summary: summary, key: key, typeName: Value.typeName, defaultValue: defaultValue,
            choices: Value.choices, minimum: minimum, maximum: maximum, above: above, below: below,
            recording: recording, shownDefault: shownDefault, parseText: { Value(parsing: $0) },
            fromLiteral: { Value(literal: $0) })
    }
    var anyValue: any SettingValue { wrappedValue }
    var isDefault: Bool { wrappedValue == defaultValue }
    var recordsAlways: Bool {
        if case .always = recording { return true }
        return false
    }
    func decodeValue(from c: KeyedDecodingContainer<SettingKey>, key: SettingKey) throws -> any SettingValue {
        try c.decode(Value.self, forKey: key)
    }
}

/// A coding key made from a property's name.
public struct SettingKey: CodingKey, Sendable {
    public let stringValue: String
    public init(_ s: String) { stringValue = s }
    public init?(stringValue: String) { self.stringValue = stringValue }
    public var intValue: Int? { nil }
    public init?(intValue: Int) { nil }
}
