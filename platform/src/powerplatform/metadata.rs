//! What the platform asks of a connector's title, description and categories.

/// The longest title certification accepts, in characters.
pub const MAX_TITLE: usize = 30;
/// The shortest description certification accepts, in characters.
pub const MIN_DESCRIPTION: usize = 30;
/// The longest description certification accepts, in characters.
pub const MAX_DESCRIPTION: usize = 500;

/// The platform's connector categories.
pub const CATEGORIES: &[&str] = &[
    "AI",
    "Business Management",
    "Business Intelligence",
    "Collaboration",
    "Commerce",
    "Communication",
    "Content and Files",
    "Finance",
    "Data",
    "Human Resources",
    "Internet of Things",
    "IT Operations",
    "Lifestyle and Entertainment",
    "Marketing",
    "Productivity",
    "Sales and CRM",
    "Security",
    "Social Media",
    "Website",
];

/// Words a title may not contain (`ValueContainsRestrictedWords`).
pub const RESTRICTED_TITLE_WORDS: &[&str] = &[
    "API",
    "Connector",
    "Power Automate",
    "Power Apps",
    "PowerApps",
    "Logic Apps",
    "Copilot Studio",
];

/// The restricted words (`RESTRICTED_TITLE_WORDS`) that `title` contains: single words as whole
/// words, phrases anywhere; case is ignored.
pub fn restricted_words_in(title: &str) -> Vec<&'static str> {
    let lower = title.to_lowercase();
    RESTRICTED_TITLE_WORDS
        .iter()
        .copied()
        .filter(|word| {
            title
                .split(|c: char| !c.is_alphanumeric())
                .any(|w| w.eq_ignore_ascii_case(word))
                || (word.contains(' ') && lower.contains(&word.to_lowercase()))
        })
        .collect()
}

/// What `x-ms-connector-metadata` says in the spec's terms.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ConnectorMetadata {
    /// The `Website` entry, when it is an absolute URL.
    pub website: Option<String>,
    /// The `Privacy policy` entry, when it is an absolute URL.
    pub privacy_policy: Option<String>,
    /// The `Categories` entry split at `;` and `,`.
    pub categories: Vec<String>,
    /// Entries left out, as (index, why).
    pub dropped: Vec<(usize, String)>,
}

/// The spelling of each metadata entry name the platform writes.
pub const METADATA_NAMES: &[&str] = &["Website", "Privacy policy", "Categories"];

/// Reads an `x-ms-connector-metadata` list (names compared without case; blank values skipped).
/// The importer and the emitter share it, so the emitter can tell whether a list kept as written
/// still says what the spec says.
pub fn read_connector_metadata(list: &[serde_json::Value]) -> ConnectorMetadata {
    let mut out = ConnectorMetadata::default();
    for (index, entry) in list.iter().enumerate() {
        let text = |key: &str| entry.get(key).and_then(serde_json::Value::as_str);
        let name = text("propertyName").unwrap_or("");
        let value = text("propertyValue").unwrap_or("").trim();
        if value.is_empty() {
            continue;
        }
        let url = (value.starts_with("https://") || value.starts_with("http://"))
            && !value.contains(char::is_whitespace);
        match name.to_ascii_lowercase().as_str() {
            "website" if url => out.website = Some(value.to_owned()),
            "privacy policy" if url => out.privacy_policy = Some(value.to_owned()),
            "categories" => {
                out.categories = value
                    .split([';', ','])
                    .map(str::trim)
                    .filter(|c| !c.is_empty())
                    .map(str::to_owned)
                    .collect();
            }
            "website" | "privacy policy" => out
                .dropped
                .push((index, format!("{name} `{value}` is not an absolute URL"))),
            _ => out.dropped.push((
                index,
                format!("`{name}` is not a metadata entry the spec knows"),
            )),
        }
    }
    out
}
