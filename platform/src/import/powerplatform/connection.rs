//! Connection parameters from `apiProperties.json`, and the ones authentication needs.

use codegen::spec::{EnumValue, EnumValues, Span, Spanned, TypeBody, TypeDef, Visibility};
use indexmap::IndexMap;
use serde_json::{json, Map, Value};

use crate::import::typed::{text, type_def};
use crate::import::{escape, non_blank};
use crate::powerplatform::files::PROPERTIES_FILE;

use super::importer::Importer;

impl<'a> Importer<'a> {
    /// The connection parameters the properties declare (the OAuth setting is read as auth).
    pub(super) fn connection_parameters(&mut self) -> IndexMap<String, TypeDef> {
        let mut out = IndexMap::new();
        let Some(params) = self
            .props
            .get("connectionParameters")
            .and_then(Value::as_object)
            .cloned()
        else {
            return out;
        };
        for (name, p) in &params {
            if let Some(def) = self.connection_parameter(name, p) {
                out.insert(name.clone(), def);
            }
        }
        out
    }

    /// One connection parameter's definition; `None` for the OAuth setting (read as auth).
    pub(super) fn connection_parameter(&mut self, name: &str, p: &Value) -> Option<TypeDef> {
        let ptr = format!(
            "{PROPERTIES_FILE}#/properties/connectionParameters/{}",
            escape(name)
        );
        let ty = p.get("type").and_then(Value::as_str).unwrap_or("string");
        if ty == "oauthSetting" {
            return None;
        }
        let (type_name, secret) = match ty {
            "securestring" => ("string", true),
            "string" => ("string", false),
            "int" => ("integer", false),
            "bool" => ("boolean", false),
            other => {
                self.warnings.push(
                    &ptr,
                    format!("connection parameter type `{other}` is read as a string"),
                );
                ("string", false)
            }
        };
        let mut def = TypeBody {
            type_name: Some(text(type_name)),
            ..TypeBody::default()
        };
        let ui = p.get("uiDefinition").cloned().unwrap_or(json!({}));
        if let Some(values) = allowed_values(p, &ui).filter(|_| type_name == "string") {
            def.enum_values = Some(enum_values(values));
        }
        let required = ui.pointer("/constraints/required").map(|v| match v {
            Value::String(s) => s.eq_ignore_ascii_case("true"),
            Value::Bool(b) => *b,
            _ => false,
        });
        if required == Some(true) {
            def.required = Some(Spanned::unlocated(true));
        }
        def.summary = non_blank(ui.get("displayName")).map(text);
        def.description = non_blank(ui.get("description")).map(text);
        if let Some(d) = p.get("defaultValue").filter(|d| !d.is_null()) {
            self.connection_default(&mut def, type_name, d, &ptr);
        }
        if required != Some(true) && def.default.is_none() {
            // Connection parameters are required unless they say otherwise.
            def.required = Some(Spanned::unlocated(false));
        }
        if secret {
            def.secret = Some(Spanned::unlocated(true));
        }
        keep_connection_ui(&mut def, p);
        if ui.pointer("/constraints/hidden").and_then(Value::as_str) == Some("true") {
            def.visibility = Some(Spanned::unlocated(Visibility::Internal));
        }
        Some(type_def(def))
    }

    /// Sets a connection parameter's default `d` when it fits its type and choices; warns
    /// at `ptr` and drops it otherwise.
    pub(super) fn connection_default(
        &mut self,
        def: &mut TypeBody,
        type_name: &str,
        d: &Value,
        ptr: &str,
    ) {
        let fits = match (type_name, d) {
            ("string", Value::String(_)) | ("boolean", Value::Bool(_)) => true,
            ("integer", Value::Number(n)) => n.is_i64(),
            _ => false,
        };
        let allowed = def
            .enum_values
            .as_ref()
            .is_none_or(|e| e.values.iter().any(|v| v.value.value == *d));
        if fits && allowed {
            def.default = Some(Box::new(Spanned::unlocated(d.clone())));
        } else {
            self.warnings.push(
                &format!("{ptr}/defaultValue"),
                format!("default {d} does not fit the parameter; dropped"),
            );
        }
    }

    /// The connection parameter to hold a credential: `preferred` if it exists, else the first
    /// secret one, else a new secret parameter called `preferred`.
    pub(super) fn credential_param(&mut self, preferred: &str, summary: &str) -> String {
        if self.connection.contains_key(preferred) {
            return preferred.to_owned();
        }
        if let Some(name) = self.secret_param() {
            return name;
        }
        self.warnings.push(
            &format!("{PROPERTIES_FILE}#/properties/connectionParameters"),
            format!("no connection parameter holds the credential; `{preferred}` is added"),
        );
        self.connection
            .insert(preferred.into(), credential(summary, true));
        preferred.to_owned()
    }

    /// The first connection parameter that holds a secret.
    pub(super) fn secret_param(&self) -> Option<String> {
        self.connection
            .iter()
            .find(|(_, d)| d.body.secret.as_ref().is_some_and(|s| s.value))
            .map(|(k, _)| k.clone())
    }
}

/// A secret-holding or plain required string connection parameter labelled `summary`.
pub(super) fn credential(summary: &str, secret: bool) -> TypeDef {
    type_def(TypeBody {
        type_name: Some(text("string")),
        required: Some(Spanned::unlocated(true)),
        summary: Some(text(summary)),
        secret: secret.then(|| Spanned::unlocated(true)),
        ..TypeBody::default()
    })
}

/// The choices of an enum, without labels.
pub(super) fn enum_values(values: Vec<Value>) -> EnumValues {
    EnumValues {
        values: values
            .into_iter()
            .map(|value| EnumValue {
                value: Spanned::unlocated(value),
                label: None,
            })
            .collect(),
        span: Span::UNKNOWN,
    }
}

/// A connection parameter's choices (`allowedValues`, or its UI definition's), each once;
/// `None` when it lists none.
pub(super) fn allowed_values(p: &Value, ui: &Value) -> Option<Vec<Value>> {
    let values = p
        .get("allowedValues")
        .and_then(Value::as_array)
        .or_else(|| {
            ui.pointer("/constraints/allowedValues")
                .and_then(Value::as_array)
        })?;
    let mut unique = Vec::new();
    let mut texts_seen = codegen::fast_hash::Set::default();
    let mut others_seen: Vec<&Value> = Vec::new();
    for v in values
        .iter()
        .filter_map(|v| v.get("value").or_else(|| v.is_string().then_some(v)))
    {
        // Texts, nearly every choice, are told apart by a set; other values keep JSON's
        // equality (objects whose keys differ only in order are the same value).
        let first = match v.as_str() {
            Some(text) => texts_seen.insert(text),
            None if others_seen.contains(&v) => false,
            None => {
                others_seen.push(v);
                true
            }
        };
        if first {
            unique.push(v.clone());
        }
    }
    (!unique.is_empty()).then_some(unique)
}

/// Keeps a connection parameter's UI definition as written, and names the keys the emitter
/// would write that the original `p` does not.
pub(super) fn keep_connection_ui(def: &mut TypeBody, p: &Value) {
    use crate::emit::powerplatform::kept::{ABSENT, ENTRY_KEYS, UI_DEFINITION};
    if let Some(ui) = p.get("uiDefinition") {
        def.extensions.insert(UI_DEFINITION.into(), ui.clone());
    }
    // Keys the importer does not read, and a type it reads as another, ride along.
    let known_type =
        |t: &Value| matches!(t.as_str(), Some("string" | "securestring" | "int" | "bool"));
    let unread: Map<String, Value> = p
        .as_object()
        .into_iter()
        .flatten()
        .filter(|(k, v)| match k.as_str() {
            "type" => !known_type(v),
            "uiDefinition" | "allowedValues" | "defaultValue" => false,
            _ => true,
        })
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    if !unread.is_empty() {
        def.extensions
            .insert(ENTRY_KEYS.into(), Value::Object(unread));
    }
    // Keys the emitter writes that the original does not.
    let mut absent = Vec::new();
    if def.enum_values.is_some() && p.get("allowedValues").is_none() {
        absent.push(json!("allowedValues"));
    }
    if p.get("uiDefinition").is_none() {
        absent.push(json!("uiDefinition"));
    }
    if !absent.is_empty() {
        def.extensions.insert(ABSENT.into(), Value::Array(absent));
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::allowed_values;

    #[test]
    fn allowed_values_are_kept_once_in_the_order_first_met() {
        let p = json!({"allowedValues": [
            {"text": "Europe", "value": "eu"},
            "us",
            {"text": "Europe again", "value": "eu"},
            {"text": "A pair", "value": {"a": 1, "b": 2}},
            {"text": "The pair reordered", "value": {"b": 2, "a": 1}},
            {"text": "A number", "value": 1},
            {"text": "The number as text", "value": "1"},
            "us",
            {"text": "No value"}
        ]});
        let kept = allowed_values(&p, &json!({})).expect("choices");
        assert_eq!(
            kept,
            vec![
                json!("eu"),
                json!("us"),
                json!({"a": 1, "b": 2}),
                json!(1),
                json!("1")
            ]
        );
    }

    #[test]
    fn the_ui_definitions_choices_count_when_the_parameter_lists_none() {
        let ui = json!({"constraints": {"allowedValues": [{"value": "a"}, {"value": "a"}]}});
        assert_eq!(allowed_values(&json!({}), &ui), Some(vec![json!("a")]));
        assert_eq!(allowed_values(&json!({}), &json!({})), None);
    }
}
