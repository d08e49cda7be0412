//! The same text as [`super::emit`], written straight from a value's `Serialize` instead of from
//! the `serde_json::Value` that `serde_json::to_value` would build first. It mirrors what
//! `to_value` makes of each serde call (options and units as `null`, enum variants as one-entry
//! mappings, a repeated key replacing the first); where it cannot (a repeated key, bytes, keys
//! that are not text or integers, a serializer error) it stops, and the caller writes the value
//! through `to_value` instead.

use std::collections::HashSet;
use std::fmt;

use serde::ser::{self, Serialize};
use serde_json::{Number, Value};

use super::emit::{At, Emitter, Open};
use super::scalar::block_value;
use super::{FlowRule, Unsupported};

/// The YAML text of `value`, or [`Unsupported`] where the `to_value` route must be taken.
pub(super) fn write<T: Serialize + ?Sized>(
    value: &T,
    flow: Option<FlowRule>,
) -> Result<String, Unsupported> {
    let mut direct = Direct {
        emitter: Emitter {
            out: String::with_capacity(4096),
            flow,
        },
        at: At::Top,
    };
    value.serialize(&mut direct).map_err(|_| Unsupported)?;
    Ok(direct.emitter.out)
}

struct Direct {
    emitter: Emitter,
    /// Where the next node starts.
    at: At,
}

/// This writer stopped; the value goes the `to_value` way.
#[derive(Debug)]
struct Stop;

impl fmt::Display for Stop {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("left to the serde_json::Value route")
    }
}

impl std::error::Error for Stop {}

impl ser::Error for Stop {
    fn custom<T: fmt::Display>(_msg: T) -> Self {
        Stop
    }
}

impl From<Unsupported> for Stop {
    fn from(_: Unsupported) -> Self {
        Stop
    }
}

impl Direct {
    fn text(&mut self, s: &str) {
        let at = self.at;
        self.emitter.space_after_key(at);
        let parent = match at {
            At::Top => 0,
            At::Value(column) | At::Item(column) => column,
        };
        block_value(&mut self.emitter.out, s, parent + 2);
    }

    fn scalar(&mut self, value: &Value) -> Result<(), Stop> {
        let at = self.at;
        self.emitter.space_after_key(at);
        self.emitter.scalar(value)?;
        self.emitter.out.push('\n');
        Ok(())
    }

    /// Writes `variant:` as the only key of a mapping at the current place; the next node is
    /// its value.
    fn variant_key(&mut self, variant: &str) -> Result<(), Stop> {
        let mut open = self.emitter.open_map(self.at);
        let column = self.emitter.entry(&mut open);
        self.emitter.key(variant)?;
        self.emitter.out.push(':');
        self.at = At::Value(column);
        Ok(())
    }

    fn map(&mut self, dedup: bool) -> MapWriter<'_> {
        MapWriter {
            at: self.at,
            direct: self,
            open: None,
            seen: dedup.then(HashSet::new),
            column: 0,
        }
    }

    fn seq(&mut self) -> SeqWriter<'_> {
        SeqWriter {
            at: self.at,
            direct: self,
            pending: Vec::new(),
            open: None,
        }
    }
}

impl<'a> ser::Serializer for &'a mut Direct {
    type Ok = ();
    type Error = Stop;
    type SerializeSeq = SeqWriter<'a>;
    type SerializeTuple = SeqWriter<'a>;
    type SerializeTupleStruct = SeqWriter<'a>;
    type SerializeTupleVariant = SeqWriter<'a>;
    type SerializeMap = MapWriter<'a>;
    type SerializeStruct = MapWriter<'a>;
    type SerializeStructVariant = MapWriter<'a>;

    fn serialize_bool(self, v: bool) -> Result<(), Stop> {
        self.scalar(&Value::Bool(v))
    }
    fn serialize_i8(self, v: i8) -> Result<(), Stop> {
        self.serialize_i64(i64::from(v))
    }
    fn serialize_i16(self, v: i16) -> Result<(), Stop> {
        self.serialize_i64(i64::from(v))
    }
    fn serialize_i32(self, v: i32) -> Result<(), Stop> {
        self.serialize_i64(i64::from(v))
    }
    fn serialize_i64(self, v: i64) -> Result<(), Stop> {
        self.scalar(&Value::Number(v.into()))
    }
    fn serialize_i128(self, v: i128) -> Result<(), Stop> {
        if let Ok(v) = i64::try_from(v) {
            self.serialize_i64(v)
        } else {
            self.serialize_u64(u64::try_from(v).map_err(|_| Stop)?)
        }
    }
    fn serialize_u8(self, v: u8) -> Result<(), Stop> {
        self.serialize_u64(u64::from(v))
    }
    fn serialize_u16(self, v: u16) -> Result<(), Stop> {
        self.serialize_u64(u64::from(v))
    }
    fn serialize_u32(self, v: u32) -> Result<(), Stop> {
        self.serialize_u64(u64::from(v))
    }
    fn serialize_u64(self, v: u64) -> Result<(), Stop> {
        self.scalar(&Value::Number(v.into()))
    }
    fn serialize_u128(self, v: u128) -> Result<(), Stop> {
        self.serialize_u64(u64::try_from(v).map_err(|_| Stop)?)
    }
    fn serialize_f32(self, v: f32) -> Result<(), Stop> {
        self.serialize_f64(f64::from(v))
    }
    fn serialize_f64(self, v: f64) -> Result<(), Stop> {
        self.scalar(&Number::from_f64(v).map_or(Value::Null, Value::Number))
    }
    fn serialize_char(self, v: char) -> Result<(), Stop> {
        self.text(v.encode_utf8(&mut [0; 4]));
        Ok(())
    }
    fn serialize_str(self, v: &str) -> Result<(), Stop> {
        self.text(v);
        Ok(())
    }
    fn serialize_bytes(self, _v: &[u8]) -> Result<(), Stop> {
        Err(Stop)
    }
    fn serialize_none(self) -> Result<(), Stop> {
        self.scalar(&Value::Null)
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), Stop> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), Stop> {
        self.scalar(&Value::Null)
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result<(), Stop> {
        self.scalar(&Value::Null)
    }
    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<(), Stop> {
        self.text(variant);
        Ok(())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<(), Stop> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<(), Stop> {
        self.variant_key(variant)?;
        value.serialize(self)
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<SeqWriter<'a>, Stop> {
        Ok(self.seq())
    }
    fn serialize_tuple(self, _len: usize) -> Result<SeqWriter<'a>, Stop> {
        Ok(self.seq())
    }
    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<SeqWriter<'a>, Stop> {
        Ok(self.seq())
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<SeqWriter<'a>, Stop> {
        self.variant_key(variant)?;
        Ok(self.seq())
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<MapWriter<'a>, Stop> {
        Ok(self.map(true))
    }
    fn serialize_struct(self, _name: &'static str, _len: usize) -> Result<MapWriter<'a>, Stop> {
        Ok(self.map(false))
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<MapWriter<'a>, Stop> {
        self.variant_key(variant)?;
        Ok(self.map(false))
    }
}

/// A list being written. Until an item is a collection, items are kept as values, since the
/// flow rule needs them all; from then on items are written as they come.
struct SeqWriter<'a> {
    direct: &'a mut Direct,
    at: At,
    pending: Vec<Value>,
    open: Option<Open>,
}

impl SeqWriter<'_> {
    fn element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Stop> {
        let emitter = &mut self.direct.emitter;
        if let Some(open) = &mut self.open {
            let column = emitter.entry(open);
            emitter.out.push_str("- ");
            self.direct.at = At::Item(column);
            return value.serialize(&mut *self.direct);
        }
        let item = serde_json::to_value(value).map_err(|_| Stop)?;
        if !matches!(item, Value::Array(_) | Value::Object(_)) {
            self.pending.push(item);
            return Ok(());
        }
        // A list holding a collection is never written on one line (see `FlowRule`).
        let mut open = emitter.open_list(self.at);
        for earlier in self.pending.drain(..).chain(std::iter::once(item)) {
            let column = emitter.entry(&mut open);
            emitter.out.push_str("- ");
            emitter.node(&earlier, At::Item(column))?;
        }
        self.open = Some(open);
        Ok(())
    }

    fn finish(self) -> Result<(), Stop> {
        if self.open.is_none() {
            let list = Value::Array(self.pending);
            self.direct.emitter.node(&list, self.at)?;
        }
        Ok(())
    }
}

impl ser::SerializeSeq for SeqWriter<'_> {
    type Ok = ();
    type Error = Stop;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Stop> {
        self.element(value)
    }
    fn end(self) -> Result<(), Stop> {
        self.finish()
    }
}

impl ser::SerializeTuple for SeqWriter<'_> {
    type Ok = ();
    type Error = Stop;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Stop> {
        self.element(value)
    }
    fn end(self) -> Result<(), Stop> {
        self.finish()
    }
}

impl ser::SerializeTupleStruct for SeqWriter<'_> {
    type Ok = ();
    type Error = Stop;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Stop> {
        self.element(value)
    }
    fn end(self) -> Result<(), Stop> {
        self.finish()
    }
}

impl ser::SerializeTupleVariant for SeqWriter<'_> {
    type Ok = ();
    type Error = Stop;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Stop> {
        self.element(value)
    }
    fn end(self) -> Result<(), Stop> {
        self.finish()
    }
}

/// A mapping being written; it is opened at its first key, so that an empty one is `{}`.
struct MapWriter<'a> {
    direct: &'a mut Direct,
    at: At,
    open: Option<Open>,
    /// Keys written so far, where a key may repeat (`to_value` would keep the last value).
    seen: Option<HashSet<String>>,
    /// The column of the key just written.
    column: usize,
}

impl MapWriter<'_> {
    fn key(&mut self, key: &str) -> Result<(), Stop> {
        if let Some(seen) = &mut self.seen {
            if !seen.insert(key.to_string()) {
                return Err(Stop);
            }
        }
        let emitter = &mut self.direct.emitter;
        let at = self.at;
        let open = self.open.get_or_insert_with(|| emitter.open_map(at));
        self.column = emitter.entry(open);
        emitter.key(key)?;
        emitter.out.push(':');
        Ok(())
    }

    fn value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Stop> {
        self.direct.at = At::Value(self.column);
        value.serialize(&mut *self.direct)
    }

    fn finish(self) -> Result<(), Stop> {
        if self.open.is_none() {
            self.direct.emitter.empty(self.at, "{}");
        }
        Ok(())
    }
}

impl ser::SerializeMap for MapWriter<'_> {
    type Ok = ();
    type Error = Stop;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Stop> {
        match serde_json::to_value(key).map_err(|_| Stop)? {
            Value::String(text) => self.key(&text),
            Value::Number(n) if !n.is_f64() => self.key(&n.to_string()),
            _ => Err(Stop),
        }
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Stop> {
        self.value(value)
    }
    fn end(self) -> Result<(), Stop> {
        self.finish()
    }
}

impl ser::SerializeStruct for MapWriter<'_> {
    type Ok = ();
    type Error = Stop;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Stop> {
        self.key(key)?;
        self.value(value)
    }
    fn end(self) -> Result<(), Stop> {
        self.finish()
    }
}

impl ser::SerializeStructVariant for MapWriter<'_> {
    type Ok = ();
    type Error = Stop;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Stop> {
        self.key(key)?;
        self.value(value)
    }
    fn end(self) -> Result<(), Stop> {
        self.finish()
    }
}
