//! A `--limit NAME=VALUE` argument, as the commands that read specs and the importer take it,
//! and the limits of reading a spec set by name.

use super::read::ReadLimits;

/// The names of the spec reader's limits, as `--limit NAME=VALUE` takes them.
pub const READ_LIMIT_NAMES: &[&str] = &["max_file_bytes", "max_depth", "max_nodes", "max_aliases"];

/// A `--limit NAME=VALUE` that cannot be applied.
#[derive(Debug, thiserror::Error)]
pub enum LimitError {
    /// The name is none of the limits'.
    #[error("`{name}` is not {kind}; the limits are {}", names.join(", "))]
    UnknownName {
        /// The name as given.
        name: String,
        /// What the limits are (`a spec reading limit`, `an import limit`).
        kind: &'static str,
        /// The names that are limits.
        names: &'static [&'static str],
    },
    /// There is no `=`.
    #[error("`{0}` is not NAME=VALUE (e.g. max_nodes=5000000)")]
    NotNameValue(String),
    /// The value is not a whole number.
    #[error("`{value}` is not a whole number, in `--limit {arg}`")]
    NotWholeNumber {
        /// The value as given.
        value: String,
        /// The whole argument.
        arg: String,
        /// Why.
        #[source]
        source: std::num::ParseIntError,
    },
}

/// Splits `NAME=VALUE` into the trimmed name and the value, a whole number that may group its
/// digits with `_` (`max_nodes=5_000_000`).
pub fn name_and_value(arg: &str) -> Result<(&str, usize), LimitError> {
    let (name, value) = arg
        .split_once('=')
        .ok_or_else(|| LimitError::NotNameValue(arg.to_owned()))?;
    let number = value
        .trim()
        .replace('_', "")
        .parse::<usize>()
        .map_err(|source| LimitError::NotWholeNumber {
            value: value.to_owned(),
            arg: arg.to_owned(),
            source,
        })?;
    Ok((name.trim(), number))
}

impl ReadLimits {
    /// Sets the limit called `name` (one of [`READ_LIMIT_NAMES`]).
    pub fn set(&mut self, name: &str, value: usize) -> Result<(), LimitError> {
        let slot = match name {
            "max_file_bytes" => &mut self.max_file_bytes,
            "max_depth" => &mut self.max_depth,
            "max_nodes" => &mut self.max_nodes,
            "max_aliases" => &mut self.max_aliases,
            _ => {
                return Err(LimitError::UnknownName {
                    name: name.to_owned(),
                    kind: "a spec reading limit",
                    names: READ_LIMIT_NAMES,
                })
            }
        };
        *slot = value;
        Ok(())
    }

    /// Parses `NAME=VALUE` (the command line's `--limit`) and sets that limit.
    pub fn set_from_arg(&mut self, arg: &str) -> Result<(), LimitError> {
        let (name, value) = name_and_value(arg)?;
        self.set(name, value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_are_set_by_name() {
        let mut limits = ReadLimits::default();
        limits.set_from_arg(" max_file_bytes = 64_000_000").unwrap();
        limits.set_from_arg("max_depth=90").unwrap();
        limits.set_from_arg("max_nodes=3000000").unwrap();
        limits.set_from_arg("max_aliases=7").unwrap();
        assert_eq!(
            (
                limits.max_file_bytes,
                limits.max_depth,
                limits.max_nodes,
                limits.max_aliases
            ),
            (64_000_000, 90, 3_000_000, 7)
        );
    }

    #[test]
    fn a_bad_limit_says_what_is_wrong() {
        let mut limits = ReadLimits::default();
        let unknown = limits.set_from_arg("max_input_bytes=1").unwrap_err();
        assert_eq!(
            unknown.to_string(),
            "`max_input_bytes` is not a spec reading limit; the limits are max_file_bytes, \
             max_depth, max_nodes, max_aliases"
        );
        assert!(matches!(
            limits.set_from_arg("max_nodes"),
            Err(LimitError::NotNameValue(_))
        ));
        assert!(matches!(
            limits.set_from_arg("max_nodes=lots"),
            Err(LimitError::NotWholeNumber { .. })
        ));
        assert!(matches!(
            limits.set_from_arg("max_nodes=-1"),
            Err(LimitError::NotWholeNumber { .. })
        ));
        assert_eq!(limits.max_nodes, ReadLimits::default().max_nodes);
    }
}
