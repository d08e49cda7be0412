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
