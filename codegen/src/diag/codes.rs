//! The stable diagnostic codes. A code never changes meaning once released; retired codes are
//! not reused.

/// A diagnostic's stable code and the one-line title shown in `connectorc explain`-style lists.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Code {
    /// The file is not valid YAML.
    YamlSyntax,
    /// A key the spec language does not have.
    UnknownKey,
    /// A value of the wrong kind (a list where a string belongs, an unknown enum word, …).
    InvalidValue,
    /// A key the spec language requires is missing.
    MissingKey,
    /// The file exceeds a parsing budget (size, nesting, aliases).
    ResourceLimit,
    /// The file could not be read.
    Io,
    /// A type name that is neither a scalar type nor a declared object.
    UnknownObject,
    /// A reference to an action that is not declared.
    UnknownAction,
    /// A reference to a trigger that is not declared.
    UnknownTrigger,
    /// A `{name}` or reference to a connection parameter that is not declared.
    UnknownConnectionParam,
    /// A limit label no action uses.
    UnknownRateLabel,
    /// A reference to a parameter the action or trigger does not have.
    UnknownParam,
    /// An XML namespace prefix that is not declared.
    UnknownNamespace,
    /// A field path that does not exist in the type it is applied to.
    UnknownField,
    /// A `{placeholder}` in a request path with no path parameter.
    PathPlaceholderWithoutParam,
    /// A path parameter that does not appear in the request path.
    PathParamNotInPath,
    /// A path parameter that is not required.
    PathParamNotRequired,
    /// A request line that is not `METHOD /path`.
    InvalidRequestLine,
    /// A URL that is not absolute http(s).
    InvalidUrl,
    /// Two definitions with the same name.
    DuplicateName,
    /// Two names that become the same Rust identifier.
    NameCollision,
    /// A name that cannot become an identifier at all.
    InvalidName,
    /// Conflicting or unusable type keys.
    InvalidType,
    /// An enum whose values are empty, repeated or of mixed kinds.
    InvalidEnum,
    /// A default or fixed value that does not fit the type.
    ValueTypeMismatch,
    /// A limit whose period is zero.
    LimitZeroPeriod,
    /// A limit that allows no calls.
    LimitZeroCalls,
    /// A period that is not a number with a unit.
    InvalidDuration,
    /// A trigger identity field the item type does not have.
    UnknownIdentityField,
    /// A trigger that is neither a poll nor a webhook, or both.
    TriggerKind,
    /// A poll that names neither an action nor a request, or both.
    PollSource,
    /// A poll whose listing does not return a list of objects.
    PollNotAList,
    /// Auth that conflicts with the rest of the spec.
    InvalidAuth,
    /// A body that does not fit its encoding or method.
    InvalidBody,
    /// Pagination that does not fit the action.
    InvalidPagination,
    /// A summary that breaks the platform's rules (length, trailing punctuation).
    SummaryStyle,
    /// A credential-like connection parameter that is not marked `secret`.
    SecretNotMarked,
    /// Two actions with the same method and path, which OpenAPI documents cannot tell apart.
    DuplicateRoute,
    /// A parameter named like a key of the action itself (`returns`, `body`), usually a key
    /// indented one level too deep.
    ActionKeyAsParam,
    /// A spec file name that cannot be a connector id, so a safe id was made from it.
    ConnectorIdDerived,
    /// A certification rule of the platform that the connector built from the spec breaks.
    PlatformRule,
    /// A webhook whose subscription id comes from the answer body: the platform removes
    /// subscriptions only through the subscribe answer's `Location` header.
    WebhookIdFromBody,
    /// A control character (a line break, NUL, ESC, a bidirectional override) in a one-line field.
    ControlCharacter,
    /// Invisible characters (bidirectional controls, control characters) removed from prose.
    InvisibleCharacter,
    /// A secret connection parameter with a default or fixed value, which manifests would publish.
    SecretDefault,
}

impl Code {
    /// Every code, in numeric order.
    pub const ALL: &'static [Code] = &[
        Code::YamlSyntax,
        Code::UnknownKey,
        Code::InvalidValue,
        Code::MissingKey,
        Code::ResourceLimit,
        Code::Io,
        Code::UnknownObject,
        Code::UnknownAction,
        Code::UnknownTrigger,
        Code::UnknownConnectionParam,
        Code::UnknownRateLabel,
        Code::UnknownParam,
        Code::UnknownNamespace,
        Code::UnknownField,
        Code::PathPlaceholderWithoutParam,
        Code::PathParamNotInPath,
        Code::PathParamNotRequired,
        Code::InvalidRequestLine,
        Code::InvalidUrl,
        Code::DuplicateName,
        Code::NameCollision,
        Code::InvalidName,
        Code::ControlCharacter,
        Code::InvalidType,
        Code::InvalidEnum,
        Code::ValueTypeMismatch,
        Code::LimitZeroPeriod,
        Code::LimitZeroCalls,
        Code::InvalidDuration,
        Code::UnknownIdentityField,
        Code::TriggerKind,
        Code::PollSource,
        Code::PollNotAList,
        Code::InvalidAuth,
        Code::InvalidBody,
        Code::InvalidPagination,
        Code::SecretDefault,
        Code::SummaryStyle,
        Code::SecretNotMarked,
        Code::DuplicateRoute,
        Code::ActionKeyAsParam,
        Code::ConnectorIdDerived,
        Code::PlatformRule,
        Code::WebhookIdFromBody,
        Code::InvisibleCharacter,
    ];

    /// The code as printed (`C0101`; warnings-only codes start with `W`).
    pub fn as_str(self) -> &'static str {
        match self {
            Code::YamlSyntax => "C0001",
            Code::UnknownKey => "C0002",
            Code::InvalidValue => "C0003",
            Code::MissingKey => "C0004",
            Code::ResourceLimit => "C0005",
            Code::Io => "C0006",
            Code::UnknownObject => "C0101",
            Code::UnknownAction => "C0102",
            Code::UnknownTrigger => "C0103",
            Code::UnknownConnectionParam => "C0104",
            Code::UnknownRateLabel => "C0105",
            Code::UnknownParam => "C0106",
            Code::UnknownNamespace => "C0107",
            Code::UnknownField => "C0108",
            Code::PathPlaceholderWithoutParam => "C0201",
            Code::PathParamNotInPath => "C0202",
            Code::PathParamNotRequired => "C0203",
            Code::InvalidRequestLine => "C0204",
            Code::InvalidUrl => "C0205",
            Code::DuplicateName => "C0301",
            Code::NameCollision => "C0302",
            Code::InvalidName => "C0303",
            Code::InvalidType => "C0401",
            Code::InvalidEnum => "C0402",
            Code::ValueTypeMismatch => "C0403",
            Code::LimitZeroPeriod => "C0501",
            Code::LimitZeroCalls => "C0502",
            Code::InvalidDuration => "C0503",
            Code::UnknownIdentityField => "C0601",
            Code::TriggerKind => "C0602",
            Code::PollSource => "C0603",
            Code::PollNotAList => "C0604",
            Code::InvalidAuth => "C0701",
            Code::InvalidBody => "C0702",
            Code::InvalidPagination => "C0703",
            Code::SummaryStyle => "W0801",
            Code::SecretNotMarked => "W0802",
            Code::DuplicateRoute => "W0803",
            Code::ActionKeyAsParam => "W0804",
            Code::ConnectorIdDerived => "W0805",
            Code::PlatformRule => "W0806",
            Code::WebhookIdFromBody => "W0807",
            Code::ControlCharacter => "C0304",
            Code::InvisibleCharacter => "W0810",
            Code::SecretDefault => "C0704",
        }
    }
}

impl Code {
    /// The label under the underline when a check gives none of its own.
    pub fn default_label(self) -> &'static str {
        match self {
            Code::YamlSyntax => "the YAML breaks here",
            Code::UnknownKey => "not a key of this mapping",
            Code::InvalidValue => "not allowed here",
            Code::MissingKey => "this mapping is incomplete",
            Code::ResourceLimit => "the limit was reached here",
            Code::Io => "cannot be read",
            Code::UnknownObject
            | Code::UnknownAction
            | Code::UnknownTrigger
            | Code::UnknownConnectionParam
            | Code::UnknownRateLabel
            | Code::UnknownParam
            | Code::UnknownNamespace
            | Code::UnknownField
            | Code::UnknownIdentityField => "not declared",
            Code::PathPlaceholderWithoutParam => "no parameter fills this placeholder",
            Code::PathParamNotInPath => "not in the request path",
            Code::PathParamNotRequired => "path parameters are always required",
            Code::InvalidRequestLine => "not `METHOD /path`",
            Code::InvalidUrl => "not an absolute URL",
            Code::DuplicateName => "defined again here",
            Code::NameCollision => "collides in Rust",
            Code::InvalidName => "not a usable name",
            Code::InvalidType => "conflicting type",
            Code::InvalidEnum => "bad enum value",
            Code::ValueTypeMismatch => "does not fit the type",
            Code::LimitZeroPeriod => "zero period",
            Code::LimitZeroCalls => "zero calls",
            Code::InvalidDuration => "not a period",
            Code::TriggerKind => "this trigger",
            Code::PollSource => "this poll",
            Code::PollNotAList => "not a list",
            Code::InvalidAuth => "this auth",
            Code::InvalidBody => "this body",
            Code::InvalidPagination => "this paging",
            Code::SummaryStyle => "this summary",
            Code::SecretNotMarked => "needs `secret: true`",
            Code::DuplicateRoute => "same route",
            Code::ActionKeyAsParam => "a key of the action?",
            Code::ConnectorIdDerived => "the id comes from the file name",
            Code::PlatformRule => "the platform rejects this",
            Code::WebhookIdFromBody => "the platform cannot delete through this",
            Code::ControlCharacter => "control character in a one-line field",
            Code::InvisibleCharacter => "invisible characters",
            Code::SecretDefault => "a secret's value would be published",
        }
    }
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}
