import Foundation

/// A set of settings declared with `@Setting` (and nested groups), made from values by name.
///
/// A machine's configuration, a task's settings and a run's settings are each one group. Its
/// declarations are found by reflecting on `init()`'s value, once per type; every stored
/// property of a group is a `@Setting` or another group (anything else stops the program at the
/// first walk, as a parameter `Module` cannot see does). A group stored as JSON implements Codable
/// with `decodeSettings`/`encodeSettings`; `@Setting` itself is not Codable, so a synthesized
/// conformance (which would miss defaults and recording) does not compile.
public protocol SettingGroup: Sendable {
    /// Every setting at its default.
    init()
    /// What makes a combination of valid values unusable, in one line, or nil (rules no single
    /// setting's range expresses, such as heads dividing a width).
    func problem() -> String?
}

extension SettingGroup {
    public func problem() -> String? { nil }

    /// Every setting, nested groups' included, in declaration order.
    public static var declarations: [SettingDeclaration] { SettingReflection.declarations(of: Self.self) }

    /// The names of the settings, in declaration order.
    public static var names: [String] { declarations.map(\.name) }

    /// The declaration called `name`, if any.
    public static func declaration(named name: String) -> SettingDeclaration? {
        declarations.first { $0.name == name }
    }

    /// Every value by name.
    public var values: [String: any SettingValue] {
        var out: [String: any SettingValue] = [:]
        SettingReflection.visit(self) { _, setting in out[setting.declaration(key: "").name] = setting.anyValue }
        return out
    }

    /// Every value by name, as config.json stores it.
    public var literals: [String: SettingLiteral] { values.mapValues(\.literal) }

    /// The value of the setting `name` as text, or nil when the group has none.
    public func text(of name: String) -> String? { values[name]?.text }

    /// A group with `values` (name to typed value); names it lacks keep their defaults. The
    /// values are not checked (`check`).
    public static func make(_ values: [String: any SettingValue]) -> Self {
        SettingScope.with(values) { Self() }
    }

    /// `self` with `texts` (name to text) parsed and applied, checked as a whole; an unknown
    /// name, an ill-typed or out-of-range value, or an impossible combination is a `SettingError`.
    public func applying(_ texts: [(name: String, text: String)], owner: String?) throws -> Self {
        var merged = values
        for (name, text) in texts {
            guard let declaration = Self.declaration(named: name) else {
                throw SettingError.unknown(name, owner: owner, known: Self.names)
            }
            guard let value = declaration.parse(text) else {
                throw SettingError.badValue(name, value: text, expected: declaration.expectedNear(text), owner: owner)
            }
            merged[name] = value
        }
        let result = Self.make(merged)
        try result.check(owner: owner)
        return result
    }

    /// The group stored as `literals` (a config's machine settings); names it lacks keep their
    /// defaults (a config saved before a setting existed gets the value that reproduces it), and
    /// names it does not declare are ignored. Values are checked.
    public static func fromLiterals(_ literals: [String: SettingLiteral], owner: String?) throws -> Self {
        var values: [String: any SettingValue] = [:]
        for declaration in declarations {
            guard let literal = literals[declaration.name] else { continue }
            guard let value = declaration.value(literal) else {
                throw SettingError.badValue(
                    declaration.name, value: literal.description, expected: declaration.expected, owner: owner)
            }
            values[declaration.name] = value
        }
        let result = make(values)
        try result.check(owner: owner)
        return result
    }

    /// Checks every value against its declaration, then the rules between them (nested groups'
    /// too); throws the first problem as a `SettingError`.
    public func check(owner: String?) throws {
        // In declaration order, so the same bad config always gets the same message.
        let current = values
        for d in Self.declarations {
            guard let value = current[d.name], !d.accepts(value) else { continue }
            throw SettingError.badValue(d.name, value: value.text, expected: d.expected, owner: owner)
        }
        var problem: String? = nil
        SettingReflection.visitGroups(self) { group in
            if problem == nil { problem = group.problem() }
        }
        if let problem { throw SettingError.invalidCombination(problem, owner: owner) }
    }

    // MARK: config.json

    /// The settings read from a keyed container whose keys are the properties' names (nested
    /// groups in nested containers). A setting recorded only when changed takes its default when
    /// absent; one that is always recorded must be there (its absence means the file was edited
    /// or cut). Not range checked: callers validate what they read (`check`).
    public static func decodeSettings(from decoder: Decoder) throws -> Self {
        var values: [String: any SettingValue] = [:]
        func collect(_ group: any SettingGroup, _ c: KeyedDecodingContainer<SettingKey>) throws {
            for (key, item) in SettingReflection.children(of: group) {
                let k = SettingKey(key)
                guard c.contains(k) else {
                    if case .setting(let s) = item, s.recordsAlways {
                        throw DecodingError.keyNotFound(
                            k, .init(codingPath: c.codingPath, debugDescription: "field '\(key)' is missing"))
                    }
                    continue
                }
                switch item {
                case .setting(let s): values[s.declaration(key: key).name] = try s.decodeValue(from: c, key: k)
                case .group(let g): try collect(g, c.nestedContainer(keyedBy: SettingKey.self, forKey: k))
                }
            }
        }
        try collect(Self(), decoder.container(keyedBy: SettingKey.self))
        return make(values)
    }

    /// Writes the settings into the encoder's keyed container (see `SettingRecording` for which).
    public func encodeSettings(to encoder: Encoder) throws {
        func write(_ group: any SettingGroup, _ c: inout KeyedEncodingContainer<SettingKey>) throws {
            for (key, item) in SettingReflection.children(of: group) {
                switch item {
                case .setting(let s):
                    if s.recordsAlways || !s.isDefault { try c.encode(s.anyValue, forKey: SettingKey(key)) }
                case .group(let g):
                    var nested = c.nestedContainer(keyedBy: SettingKey.self, forKey: SettingKey(key))
                    try write(g, &nested)
                }
            }
        }
        var c = encoder.container(keyedBy: SettingKey.self)
        try write(self, &c)
    }
}

/// The reflection behind `SettingGroup`: the children of a group, and each type's declarations
/// cached after the first walk.
enum SettingReflection {
    enum Item {
        case setting(any AnySetting)
        case group(any SettingGroup)
    }

    /// A group's settings and nested groups, keyed by property name (a wrapper's `_` dropped).
    static func children(of group: any SettingGroup) -> [(String, Item)] {
        Mirror(reflecting: group).children.map { child in
            let label = child.label ?? "?"
            if let s = child.value as? any AnySetting { return (String(label.dropFirst()), .setting(s)) }
            if let g = child.value as? any SettingGroup { return (label, .group(g)) }
            preconditionFailure(
                "\(type(of: group)).\(label) is neither a @Setting nor a SettingGroup; a group holds only settings")
        }
    }

    /// Calls `body` with every setting of `group` and its nested groups, in declaration order.
    static func visit(_ group: any SettingGroup, _ body: (String, any AnySetting) -> Void) {
        for (key, item) in children(of: group) {
            switch item {
            case .setting(let s): body(key, s)
            case .group(let g): visit(g, body)
            }
        }
    }

    /// Calls `body` with `group` and every group nested in it.
    static func visitGroups(_ group: any SettingGroup, _ body: (any SettingGroup) -> Void) {
        body(group)
        for (_, item) in children(of: group) { if case .group(let g) = item { visitGroups(g, body) } }
    }

    private static let lock = NSLock()
    nonisolated(unsafe) private static var cache: [ObjectIdentifier: [SettingDeclaration]] = [:]

    static func declarations<G: SettingGroup>(of type: G.Type) -> [SettingDeclaration] {
        if let known = lock.withLock({ cache[ObjectIdentifier(type)] }) { return known }
        var found: [SettingDeclaration] = []
        visit(G()) { key, s in found.append(s.declaration(key: key)) }
        let names = found.map(\.name)
        precondition(Set(names).count == names.count, "\(G.self) declares a setting name twice: \(names)")
        lock.withLock { cache[ObjectIdentifier(type)] = found }
        return found
    }
}
