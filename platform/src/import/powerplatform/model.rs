//! Small constructors and readers of spec model values shared by the builders.

use codegen::spec::{ArrayStyle, BodyDef, ResponseDef, Spanned, TypeBody, TypeDef, Visibility};
use serde_json::{Map, Value};

use crate::import::typed::type_def;
pub(super) use crate::import::typed::{fields_or_type, named, type_named};

/// Whether an optional flag is set.
pub(super) fn is_true(flag: &Option<Spanned<bool>>) -> bool {
    flag.as_ref().is_some_and(|f| f.value)
}

/// A body that says nothing yet.
pub(super) fn empty_body() -> BodyDef {
    BodyDef {
        encoding: None,
        content_type: None,
        type_def: None,
        fields: None,
        name: None,
        required: None,
        summary: None,
        description: None,
        visibility: None,
        xml_type: None,
    }
}

/// The type of an answer: its `type`, or its `fields` as an inline object.
pub(super) fn answer_of(response: &ResponseDef) -> Option<TypeDef> {
    response.type_def.clone().or_else(|| {
        response.fields.clone().map(|fields| {
            type_def(TypeBody {
                fields: Some(fields),
                ..TypeBody::default()
            })
        })
    })
}

/// A designer visibility the language has a word for (`none` has none here).
pub(super) fn visibility(word: &str) -> Option<Spanned<Visibility>> {
    let word = match word.to_ascii_lowercase().as_str() {
        "important" => Visibility::Important,
        "advanced" => Visibility::Advanced,
        "internal" => Visibility::Internal,
        _ => return None,
    };
    Some(Spanned::unlocated(word))
}

/// A list style the language has a word for.
pub(super) fn array_style(word: &str) -> Option<ArrayStyle> {
    Some(match word {
        "csv" => ArrayStyle::Csv,
        "multi" => ArrayStyle::Multi,
        "ssv" => ArrayStyle::Ssv,
        "pipes" => ArrayStyle::Pipes,
        _ => return None,
    })
}

/// How a parameter or an answer header writes its list, when it says.
pub(super) enum ListStyle<'a> {
    /// A style the language has a word for (`array_style`).
    Word(ArrayStyle),
    /// `collectionFormat` kept as written: on a value that is not a list, or a style such as
    /// `tsv` that the language lacks.
    Kept(&'a Value),
}

/// The list style `source` (a parameter or an answer header) declares.
pub(super) fn list_style(source: &Map<String, Value>) -> Option<ListStyle<'_>> {
    let cf = source.get("collectionFormat")?;
    let is_list = source.get("type").and_then(Value::as_str) == Some("array");
    Some(
        match cf.as_str().and_then(array_style).filter(|_| is_list) {
            Some(style) => ListStyle::Word(style),
            None => ListStyle::Kept(cf),
        },
    )
}
