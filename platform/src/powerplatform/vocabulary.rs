//! The closed vocabularies of the platform's Swagger: the words `type`, `in`, `x-ms-visibility`,
//! `x-ms-trigger`, `x-ms-trigger-metadata`, `x-ms-url-encoding`, `collectionFormat` and a
//! security scheme's `type`, `flow` and `in` may hold. The emitter's typed Swagger holds them
//! (each serialises as its word); readers of plain JSON (the linter) read a word with `read`,
//! which gives `None` for a missing or unknown word.

use serde::{Serialize, Serializer};
use serde_json::Value;

use crate::json_field::Field;

macro_rules! vocabulary {
    ($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $variant:ident = $text:literal,)* }) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum $name {
            $($(#[$vdoc])* $variant,)*
        }

        impl $name {
            /// Every word, in the platform's order.
            pub const ALL: &'static [$name] = &[$($name::$variant,)*];

            /// The word as the platform writes it.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text,)*
                }
            }

            /// The word `text` names, written exactly as the platform writes it.
            pub fn parse(text: &str) -> Option<Self> {
                match text {
                    $($text => Some($name::$variant),)*
                    _ => None,
                }
            }

            /// The word under `key` of a JSON object; `None` when absent or unknown.
            pub fn read(object: &Value, key: &str) -> Option<Self> {
                object.field(key).and_then(Value::as_str).and_then(Self::parse)
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }
    };
}

vocabulary! {
    /// Where a parameter travels (`in`).
    ParamIn {
        /// A path placeholder.
        Path = "path",
        /// The query string.
        Query = "query",
        /// A header.
        Header = "header",
        /// The JSON body.
        Body = "body",
        /// A form field.
        FormData = "formData",
    }
}

vocabulary! {
    /// How prominently designers show a value (`x-ms-visibility`).
    Visibility {
        /// Always shown.
        Important = "important",
        /// Behind "advanced options".
        Advanced = "advanced",
        /// Never shown.
        Internal = "internal",
        /// The default.
        None = "none",
    }
}

vocabulary! {
    /// The kind of a trigger operation (`x-ms-trigger`).
    TriggerKind {
        /// A polling trigger that answers a list of items.
        Batch = "batch",
        /// A webhook, or a poll that answers one event.
        Single = "single",
    }
}

vocabulary! {
    /// How a path parameter is percent-encoded (`x-ms-url-encoding`).
    UrlEncoding {
        /// Encoded once.
        Single = "single",
        /// Encoded twice.
        Double = "double",
    }
}

vocabulary! {
    /// How a list is written in a query, header, path or form (`collectionFormat`).
    CollectionFormat {
        /// `a,b`
        Csv = "csv",
        /// `a b`
        Ssv = "ssv",
        /// `a\tb`
        Tsv = "tsv",
        /// `a|b`
        Pipes = "pipes",
        /// One parameter per item.
        Multi = "multi",
    }
}

vocabulary! {
    /// A schema's or a simple parameter's type (`type`).
    SchemaType {
        /// Text.
        String = "string",
        /// A number.
        Number = "number",
        /// A whole number.
        Integer = "integer",
        /// `true` or `false`.
        Boolean = "boolean",
        /// A list.
        Array = "array",
        /// An object.
        Object = "object",
        /// A file (form fields and answers).
        File = "file",
    }
}

vocabulary! {
    /// What a polling trigger asks (`x-ms-trigger-metadata.kind`).
    TriggerMetadataKind {
        /// A query answered with the new items.
        Query = "query",
    }
}

vocabulary! {
    /// How a trigger learns of new items (`x-ms-trigger-metadata.mode`).
    TriggerMode {
        /// The platform polls.
        Polling = "polling",
    }
}

vocabulary! {
    /// A security scheme's kind (`securityDefinitions.*.type`).
    SecurityType {
        /// OAuth 2.0.
        OAuth2 = "oauth2",
        /// An API key in a header or the query.
        ApiKey = "apiKey",
        /// HTTP basic authentication.
        Basic = "basic",
    }
}

vocabulary! {
    /// An OAuth 2.0 scheme's grant (`securityDefinitions.*.flow`).
    OAuthFlow {
        /// Authorization code.
        AccessCode = "accessCode",
        /// Client credentials.
        Application = "application",
        /// Resource owner password.
        Password = "password",
        /// Implicit.
        Implicit = "implicit",
    }
}

vocabulary! {
    /// Where an API key scheme's key travels (`securityDefinitions.*.in`).
    KeyIn {
        /// A header.
        Header = "header",
        /// The query string.
        Query = "query",
    }
}

impl CollectionFormat {
    /// Whether the platform accepts this format for a parameter in `location` (`multi` only in
    /// queries and forms).
    pub fn allowed_in(self, location: Option<ParamIn>) -> bool {
        self != CollectionFormat::Multi
            || matches!(location, Some(ParamIn::Query | ParamIn::FormData))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_read_back_and_unknown_ones_are_none() {
        for word in ParamIn::ALL {
            assert_eq!(ParamIn::parse(word.as_str()), Some(*word));
        }
        assert_eq!(Visibility::parse("Internal"), None);
        let p = serde_json::json!({"in": "formData", "collectionFormat": "multi"});
        assert_eq!(ParamIn::read(&p, "in"), Some(ParamIn::FormData));
        assert_eq!(TriggerKind::read(&p, "x-ms-trigger"), None);
        let multi = CollectionFormat::read(&p, "collectionFormat").unwrap();
        assert!(multi.allowed_in(Some(ParamIn::FormData)));
        assert!(!multi.allowed_in(Some(ParamIn::Path)) && !multi.allowed_in(None));
        assert!(CollectionFormat::Csv.allowed_in(None));
    }

    #[test]
    fn words_serialise_as_written() {
        let words = serde_json::to_value([
            serde_json::to_value(ParamIn::FormData).unwrap(),
            serde_json::to_value(Visibility::None).unwrap(),
            serde_json::to_value(OAuthFlow::AccessCode).unwrap(),
            serde_json::to_value(SecurityType::ApiKey).unwrap(),
        ])
        .unwrap();
        assert_eq!(
            words,
            serde_json::json!(["formData", "none", "accessCode", "apiKey"])
        );
    }
}
