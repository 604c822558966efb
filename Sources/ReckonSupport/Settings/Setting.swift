/// One setting, declared once where it is stored:
///
///     @Setting("hidden_size", "hidden units", minimum: 1) public var hiddenSize = 256
///
/// The declaration is all there is: listings (`reckon models`, `reckon tasks`, `reckon train
/// --help`), parsing (`--set`, `--task-set`, flags, sweep keys), range checks, config.json and
/// the README's defaults all read it, through the `SettingGroup` that holds it (found by
/// reflection, as `Module` finds `@Parameter`s).
@propertyWrapper
public struct Setting<Value: SettingValue>: Sendable, Equatable {
    /// The value.
    public var wrappedValue: Value
    /// The snake_case name users write (`hidden_size`).
    public let name: String
    /// What the setting means, in a few words.
    public let summary: String
    /// The value in the declaration.
    public let defaultValue: Value
    /// Range of numbers: inclusive `minimum`/`maximum`, exclusive `above`/`below`.
    public let minimum: Double?, maximum: Double?, above: Double?, below: Double?
    /// When config.json records the value (see `SettingRecording`).
    public let recording: SettingRecording
    /// How listings state the default when the declared value is only a fallback (a run's
    /// train_length is the task's); nil: the declared value.
    public let shownDefault: String?

    /// The declaration. Built inside `SettingScope.with(values)`, the value is the one given
    /// there for `name` instead of the default: that is how a group is made from parsed values.
    public init(
        wrappedValue: Value, _ name: String, _ summary: String, minimum: Double? = nil, maximum: Double? = nil,
        above: Double? = nil, below: Double? = nil, recording: SettingRecording = .always, shownDefault: String? = nil
    ) {
        self.name = name
        self.summary = summary
        self.defaultValue = wrappedValue
        self.minimum = minimum
        self.maximum = maximum
        self.above = above
        self.below = below
        self.recording = recording
        self.shownDefault = shownDefault
        self.wrappedValue = SettingScope.value(named: name, as: Value.self) ?? wrappedValue
    }

    /// The declaration itself (`config.$hiddenSize.name`).
    public var projectedValue: Setting<Value> { self }

    /// Settings compare by value: the rest of the declaration is the same for every instance.
    public static func == (a: Setting, b: Setting) -> Bool { a.wrappedValue == b.wrappedValue }
}

/// When a setting's value is written to config.json. A run's id hashes its config, so a setting
/// added later is recorded only when it differs from its default: configs (and sweep run ids)
/// of runs that do not use it stay byte for byte what they were.
public enum SettingRecording: Sendable {
    /// Always written (settings as old as the config format).
    case always
    /// Written only when the value is not the default.
    case whenChanged
}
