//! Values whose shape another action describes at run time (`dynamic_schema` in a spec,
//! `x-ms-dynamic-schema` / `x-ms-dynamic-properties` on the platform). Generated clients type
//! them as `serde_json` values (`Map<String, Value>` for objects); this module is the typed way
//! in and out: [`to_dynamic`] and [`from_dynamic`] convert your own types, and
//! [`DynamicSchema`] reads the schema action's answer and checks a value against it before it
//! is sent.

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{Map, Value};

use super::Error;

/// Turns a value of your own type into the JSON object a dynamic field takes.
pub fn to_dynamic<T: Serialize>(value: &T) -> Result<Map<String, Value>, Error> {
    match serde_json::to_value(value) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(other) => Err(Error::Encode {
            message: format!("a dynamic value must be a JSON object, not {other}"),
        }),
        Err(e) => Err(Error::Encode {
            message: e.to_string(),
        }),
    }
}

/// Reads a dynamic field (as a generated client returns it) into a type of your own.
pub fn from_dynamic<T: DeserializeOwned>(value: impl Into<Value>) -> Result<T, Error> {
    serde_json::from_value(value.into()).map_err(|e| Error::Decode {
        message: format!("the dynamic value does not match the type: {e}"),
    })
}

/// One property of a dynamic schema.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DynamicProperty {
    /// The key in the object.
    pub name: String,
    /// The JSON type (`string`, `integer`, `number`, `boolean`, `array`, `object`), when the
    /// schema gives one.
    pub kind: Option<String>,
    /// The designer label (`x-ms-summary`), or the title.
    pub label: Option<String>,
    /// Whether the object must have it.
    pub required: bool,
}

/// The schema a schema action answered with: the properties of the dynamic object.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DynamicSchema {
    /// The properties, in the schema's order.
    pub properties: Vec<DynamicProperty>,
}

impl DynamicSchema {
    /// Reads the schema at `path` (dotted, as the spec's `dynamic_schema.path` says; the root
    /// when `None`) of the schema action's answer.
    pub fn from_answer(answer: &Value, path: Option<&str>) -> Result<DynamicSchema, Error> {
        let mut schema = answer;
        for segment in path.unwrap_or("").split('.').filter(|s| !s.is_empty()) {
            schema = schema.get(segment).ok_or_else(|| Error::Decode {
                message: format!("the schema answer has no `{segment}`"),
            })?;
        }
        let properties = schema
            .get("properties")
            .and_then(Value::as_object)
            .ok_or_else(|| Error::Decode {
                message: "the dynamic schema has no `properties` object".into(),
            })?;
        let required: Vec<&str> = schema
            .get("required")
            .and_then(Value::as_array)
            .map(|r| r.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        let text = |v: &Value, key: &str| v.get(key).and_then(Value::as_str).map(str::to_owned);
        Ok(DynamicSchema {
            properties: properties
                .iter()
                .map(|(name, property)| DynamicProperty {
                    name: name.clone(),
                    kind: text(property, "type"),
                    label: text(property, "x-ms-summary").or_else(|| text(property, "title")),
                    required: required.contains(&name.as_str()),
                })
                .collect(),
        })
    }

    /// The property called `name`.
    pub fn property(&self, name: &str) -> Option<&DynamicProperty> {
        self.properties.iter().find(|p| p.name == name)
    }

    /// Checks `value` against the schema: every required property is present, and every
    /// property the schema types has a value of that type (`null` aside). Keys the schema does
    /// not list are allowed, as the platform allows them. The error names each problem.
    pub fn check(&self, value: &Map<String, Value>) -> Result<(), Error> {
        let mut problems = Vec::new();
        for property in &self.properties {
            match value.get(&property.name) {
                None if property.required => {
                    problems.push(format!("`{}` is required", property.name));
                }
                Some(v) if !v.is_null() => {
                    if let Some(kind) = &property.kind {
                        if !has_kind(v, kind) {
                            problems.push(format!("`{}` must be {kind}", property.name));
                        }
                    }
                }
                _ => {}
            }
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(Error::Encode {
                message: format!(
                    "the dynamic value does not match its schema: {}",
                    problems.join("; ")
                ),
            })
        }
    }
}

fn has_kind(value: &Value, kind: &str) -> bool {
    match kind {
        "string" => value.is_string(),
        "integer" => value.is_i64() || value.is_u64(),
        "number" => value.is_number(),
        "boolean" => value.is_boolean(),
        "array" => value.is_array(),
        "object" => value.is_object(),
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;
    use serde_json::json;

    use super::*;

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Contact {
        name: String,
        age: u32,
    }

    fn schema() -> DynamicSchema {
        let answer = json!({ "schema": {
            "type": "object",
            "required": ["name"],
            "properties": {
                "name": { "type": "string", "x-ms-summary": "Name" },
                "age": { "type": "integer", "title": "Age" },
                "tags": { "type": "array" }
            }
        } });
        DynamicSchema::from_answer(&answer, Some("schema")).unwrap()
    }

    #[test]
    fn typed_values_go_in_and_out() {
        let contact = Contact {
            name: "Ann".into(),
            age: 41,
        };
        let map = to_dynamic(&contact).unwrap();
        assert_eq!(
            Value::Object(map.clone()),
            json!({ "name": "Ann", "age": 41 })
        );
        assert_eq!(from_dynamic::<Contact>(map).unwrap(), contact);
        assert!(matches!(to_dynamic(&3), Err(Error::Encode { .. })));
        assert!(matches!(
            from_dynamic::<Contact>(json!({ "name": 1 })),
            Err(Error::Decode { .. })
        ));
    }

    #[test]
    fn the_schema_is_read_from_the_answer() {
        let schema = schema();
        let names: Vec<&str> = schema.properties.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["name", "age", "tags"]);
        let age = schema.property("age").unwrap();
        assert_eq!(age.kind.as_deref(), Some("integer"));
        assert_eq!(age.label.as_deref(), Some("Age"));
        assert!(schema.property("name").unwrap().required);
        assert!(DynamicSchema::from_answer(&json!({}), Some("schema")).is_err());
        assert!(DynamicSchema::from_answer(&json!({ "type": "object" }), None).is_err());
    }

    #[test]
    fn values_are_checked_against_the_schema() {
        let schema = schema();
        let good = to_dynamic(&json!({ "name": "Ann", "age": 41, "extra": true })).unwrap();
        assert!(schema.check(&good).is_ok());
        let bad = to_dynamic(&json!({ "age": "old", "tags": [] })).unwrap();
        let Err(Error::Encode { message }) = schema.check(&bad) else {
            panic!("accepted");
        };
        assert!(message.contains("`name` is required"), "{message}");
        assert!(message.contains("`age` must be integer"), "{message}");
    }
}
