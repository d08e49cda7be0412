//! Writes a spec model as YAML: the inverse of [`super::read_spec`]. Spans are left out, short
//! lists of scalars are written on one line (`[Item]`, `enum: [a, b]`), and each value takes the
//! shorthand its `Serialize` chooses. The text is serde-saphyr's, written by
//! [`crate::yaml_out`].

use serde_json::Value;

use super::model::ConnectorSpec;

/// Why a model could not be written.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// A value has no JSON form (a mapping key that is not text, say).
    #[error("the spec has a value with no YAML form: {0}")]
    Value(#[from] serde_json::Error),
    /// The YAML writer refused the value.
    #[error("the spec could not be written as YAML: {0}")]
    Yaml(#[from] serde_saphyr::SerializeError),
}

/// The YAML text of `spec`, without a schema line: [`write_value`] of its JSON form, written
/// straight from the model where [`crate::yaml_out::direct`] can.
pub fn write_spec(spec: &ConnectorSpec) -> Result<String, WriteError> {
    match crate::yaml_out::direct(spec, Some(one_line_list)) {
        Ok(text) => Ok(text),
        Err(_) => write_value(&serde_json::to_value(spec)?),
    }
}

/// The YAML text of a value in the spec's layout: short lists of scalars on one line.
pub fn write_value(value: &Value) -> Result<String, WriteError> {
    Ok(crate::yaml_out::to_string(value, Some(one_line_list))?)
}

/// Whether a list is short scalars that read well on one line: the spec layout's
/// [`crate::yaml_out::FlowRule`].
pub fn one_line_list(items: &[Value]) -> bool {
    let mut width = 0;
    for item in items {
        match item {
            Value::String(s) if !s.contains('\n') && !s.is_empty() => width += s.len() + 2,
            Value::Number(n) => width += n.to_string().len() + 2,
            Value::Bool(_) => width += 6,
            _ => return false,
        }
    }
    width <= 72
}
