//! Block-layout YAML for a `serde_json::Value`: mappings and lists indented by two, lists under a
//! key at the key's column, the first entry of a list item on the dash's line.

use serde_json::{Map, Number, Value};

use super::plain::Place;
use super::scalar::{block_value, inline, quoted};
use super::{FlowRule, Unsupported};
use crate::spaces::push_spaces;

/// Keys longer than this (in bytes and characters) need YAML's explicit `? key` form, which this
/// writer leaves to serde-saphyr.
const LONGEST_SIMPLE_KEY: usize = 1024;

/// Where the node being written starts.
#[derive(Clone, Copy)]
pub(super) enum At {
    /// At the start of the document.
    Top,
    /// Right after `key:` of a mapping whose keys stand at this column.
    Value(usize),
    /// Right after `- ` of a list whose dashes stand at this column.
    Item(usize),
}

/// A block collection being written.
#[derive(Clone, Copy)]
pub(super) struct Open {
    column: usize,
    inline_first: bool,
}

pub(super) struct Emitter {
    pub(super) out: String,
    pub(super) flow: Option<FlowRule>,
}

impl Emitter {
    pub(super) fn node(&mut self, value: &Value, at: At) -> Result<(), Unsupported> {
        match value {
            Value::Object(map) if map.is_empty() => self.empty(at, "{}"),
            Value::Array(items) if self.flow.is_some_and(|rule| rule(items)) => {
                self.space_after_key(at);
                self.flow_list(items)?;
                self.out.push('\n');
            }
            Value::Array(items) if items.is_empty() => self.empty(at, "[]"),
            Value::Object(map) => self.map(map, at)?,
            Value::Array(items) => self.list(items, at)?,
            Value::String(s) => {
                self.space_after_key(at);
                let parent = match at {
                    At::Top => 0,
                    At::Value(column) | At::Item(column) => column,
                };
                block_value(&mut self.out, s, parent + 2);
            }
            other => {
                self.space_after_key(at);
                self.scalar(other)?;
                self.out.push('\n');
            }
        }
        Ok(())
    }

    pub(super) fn document(&mut self, value: &Value) -> Result<(), Unsupported> {
        self.node(value, At::Top)
    }

    pub(super) fn space_after_key(&mut self, at: At) {
        if let At::Value(_) = at {
            self.out.push(' ');
        }
    }

    pub(super) fn empty(&mut self, at: At, marker: &str) {
        self.space_after_key(at);
        self.out.push_str(marker);
        self.out.push('\n');
    }

    fn map(&mut self, map: &Map<String, Value>, at: At) -> Result<(), Unsupported> {
        let mut open = self.open_map(at);
        for (key, value) in map {
            let column = self.entry(&mut open);
            self.key(key)?;
            self.out.push(':');
            self.node(value, At::Value(column))?;
        }
        Ok(())
    }

    fn list(&mut self, items: &[Value], at: At) -> Result<(), Unsupported> {
        let mut open = self.open_list(at);
        for item in items {
            let column = self.entry(&mut open);
            self.out.push_str("- ");
            self.node(item, At::Item(column))?;
        }
        Ok(())
    }

    /// Starts a non-empty block mapping at `at`: the column of its keys, and whether the first
    /// key goes on the current line. Under a key, a mapping is indented two columns.
    pub(super) fn open_map(&mut self, at: At) -> Open {
        self.open(at, 2)
    }

    /// Starts a non-empty block list at `at`: the column of its dashes, and whether the first
    /// item goes on the current line. Under a key, a list's dashes stay at the key's column.
    pub(super) fn open_list(&mut self, at: At) -> Open {
        self.open(at, 0)
    }

    fn open(&mut self, at: At, under_key: usize) -> Open {
        match at {
            At::Top => Open {
                column: 0,
                inline_first: false,
            },
            At::Value(key_column) => {
                self.out.push('\n');
                Open {
                    column: key_column + under_key,
                    inline_first: false,
                }
            }
            At::Item(dash_column) => Open {
                column: dash_column + 2,
                inline_first: true,
            },
        }
    }

    /// Indents the next entry of an open collection; returns its column.
    pub(super) fn entry(&mut self, open: &mut Open) -> usize {
        if !open.inline_first {
            push_spaces(&mut self.out, open.column);
        }
        open.inline_first = false;
        open.column
    }

    pub(super) fn key(&mut self, key: &str) -> Result<(), Unsupported> {
        if key.len() > LONGEST_SIMPLE_KEY && key.chars().count() > LONGEST_SIMPLE_KEY {
            return Err(Unsupported);
        }
        if super::plain::plain_ok(key, Place::Key) {
            self.out.push_str(key);
        } else {
            quoted(&mut self.out, key);
        }
        Ok(())
    }

    /// A list on one line: `[a, b]`. Only scalars are written this way.
    pub(super) fn flow_list(&mut self, items: &[Value]) -> Result<(), Unsupported> {
        self.out.push('[');
        for (index, item) in items.iter().enumerate() {
            if index > 0 {
                self.out.push_str(", ");
            }
            match item {
                Value::String(s) => inline(&mut self.out, s, Place::Flow),
                Value::Array(_) | Value::Object(_) => return Err(Unsupported),
                other => self.scalar(other)?,
            }
        }
        self.out.push(']');
        Ok(())
    }

    /// Null, a bool or a number, on the current line.
    pub(super) fn scalar(&mut self, value: &Value) -> Result<(), Unsupported> {
        match value {
            Value::Null => self.out.push_str("null"),
            Value::Bool(true) => self.out.push_str("true"),
            Value::Bool(false) => self.out.push_str("false"),
            Value::Number(n) => number(&mut self.out, n)?,
            Value::String(_) | Value::Array(_) | Value::Object(_) => return Err(Unsupported),
        }
        Ok(())
    }
}

/// Integers as Rust writes them; floats as serde-saphyr writes them (`1.0`, `1.0e+20`, `.inf`).
pub(super) fn number(out: &mut String, n: &Number) -> Result<(), Unsupported> {
    use std::fmt::Write;
    if let Some(u) = n.as_u64() {
        let _ = write!(out, "{u}");
    } else if let Some(i) = n.as_i64() {
        let _ = write!(out, "{i}");
    } else {
        let f = n.as_f64().ok_or(Unsupported)?;
        let text = serde_saphyr::to_string(&f).map_err(|_| Unsupported)?;
        out.push_str(text.trim_end_matches('\n'));
    }
    Ok(())
}
