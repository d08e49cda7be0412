//! A serializer that writes nothing and counts what a writing of the value would hold: each
//! scalar, key and collection one node, and how deep the collections nest. It takes the shape
//! `serde_json::to_value` gives a value (a `None` or a unit is a null, a variant with data is a
//! mapping of one key, a key that is a number or a truth is one scalar), without building it
//! and without looking at the characters of any text.

use std::fmt;

use serde::ser::{self, Serialize};

use super::Shape;

/// Counts into a [`Shape`].
pub(super) struct Counter<'s>(pub &'s mut Shape);

/// The value has no JSON form: a key that is not a scalar, or a float key that is not finite.
#[derive(Debug)]
pub(super) struct NoForm;

impl fmt::Display for NoForm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the value has no JSON form")
    }
}

impl std::error::Error for NoForm {}

impl ser::Error for NoForm {
    fn custom<T: fmt::Display>(_msg: T) -> Self {
        NoForm
    }
}

type Done = Result<(), NoForm>;

/// Serializer methods for scalars that count one node.
macro_rules! counted_scalars {
    ($($method:ident: $ty:ty),*) => {$(
        fn $method(self, _: $ty) -> Done {
            self.scalar()
        }
    )*};
}

/// Serializer methods for scalars a key may be.
macro_rules! key_scalars {
    ($($method:ident: $ty:ty),*) => {$(
        fn $method(self, _: $ty) -> Done {
            Ok(())
        }
    )*};
}

impl Counter<'_> {
    fn scalar(&mut self) -> Done {
        self.0.scalar();
        Ok(())
    }

    /// A mapping of one key, the variant's name, around what follows.
    fn variant(&mut self) {
        self.0.open();
        self.0.scalar();
    }
}

impl<'a, 's> ser::Serializer for &'a mut Counter<'s> {
    type Ok = ();
    type Error = NoForm;
    type SerializeSeq = Collection<'a, 's>;
    type SerializeTuple = Collection<'a, 's>;
    type SerializeTupleStruct = Collection<'a, 's>;
    type SerializeTupleVariant = Collection<'a, 's>;
    type SerializeMap = Collection<'a, 's>;
    type SerializeStruct = Collection<'a, 's>;
    type SerializeStructVariant = Collection<'a, 's>;

    counted_scalars!(
        serialize_bool: bool,
        serialize_i8: i8,
        serialize_i16: i16,
        serialize_i32: i32,
        serialize_i64: i64,
        serialize_i128: i128,
        serialize_u8: u8,
        serialize_u16: u16,
        serialize_u32: u32,
        serialize_u64: u64,
        serialize_u128: u128,
        serialize_f32: f32,
        serialize_f64: f64,
        serialize_char: char
    );
    fn serialize_str(self, _: &str) -> Done {
        self.scalar()
    }
    fn serialize_bytes(self, bytes: &[u8]) -> Done {
        self.0.open();
        self.0.nodes += bytes.len();
        self.0.close();
        Ok(())
    }
    fn serialize_none(self) -> Done {
        self.scalar()
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Done {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Done {
        self.scalar()
    }
    fn serialize_unit_struct(self, _: &'static str) -> Done {
        self.scalar()
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, _: &'static str) -> Done {
        self.scalar()
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, _: &'static str, value: &T) -> Done {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        value: &T,
    ) -> Done {
        self.variant();
        value.serialize(&mut *self)?;
        self.0.close();
        Ok(())
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Collection<'a, 's>, NoForm> {
        Ok(Collection::open(self, 1))
    }
    fn serialize_tuple(self, _: usize) -> Result<Collection<'a, 's>, NoForm> {
        Ok(Collection::open(self, 1))
    }
    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Collection<'a, 's>, NoForm> {
        Ok(Collection::open(self, 1))
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Collection<'a, 's>, NoForm> {
        self.variant();
        Ok(Collection::open(self, 2))
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Collection<'a, 's>, NoForm> {
        Ok(Collection::open(self, 1))
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Collection<'a, 's>, NoForm> {
        Ok(Collection::open(self, 1))
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Collection<'a, 's>, NoForm> {
        self.variant();
        Ok(Collection::open(self, 2))
    }
}

/// A mapping or a sequence being counted; `levels` are closed at its end (two for a variant's
/// mapping around its data).
pub(super) struct Collection<'a, 's> {
    counter: &'a mut Counter<'s>,
    levels: usize,
}

impl<'a, 's> Collection<'a, 's> {
    fn open(counter: &'a mut Counter<'s>, levels: usize) -> Self {
        counter.0.open();
        Collection { counter, levels }
    }

    fn item<T: Serialize + ?Sized>(&mut self, value: &T) -> Done {
        value.serialize(&mut *self.counter)
    }

    fn key<T: Serialize + ?Sized>(&mut self, key: &T) -> Done {
        key.serialize(Key)?;
        self.counter.scalar()
    }

    fn end(self) -> Done {
        for _ in 0..self.levels {
            self.counter.0.close();
        }
        Ok(())
    }
}

/// The list-like compound traits: each item counted as a value.
macro_rules! items {
    ($($trait:ident :: $method:ident),*) => {$(
        impl ser::$trait for Collection<'_, '_> {
            type Ok = ();
            type Error = NoForm;
            fn $method<T: Serialize + ?Sized>(&mut self, value: &T) -> Done {
                self.item(value)
            }
            fn end(self) -> Done {
                Collection::end(self)
            }
        }
    )*};
}

items!(
    SerializeSeq::serialize_element,
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field,
    SerializeTupleVariant::serialize_field
);

/// The struct-like compound traits: each field's name counted as a key, then its value.
macro_rules! fields {
    ($($trait:ident),*) => {$(
        impl ser::$trait for Collection<'_, '_> {
            type Ok = ();
            type Error = NoForm;
            fn serialize_field<T: Serialize + ?Sized>(&mut self, _: &'static str, value: &T) -> Done {
                self.counter.scalar()?;
                self.item(value)
            }
            fn end(self) -> Done {
                Collection::end(self)
            }
        }
    )*};
}

fields!(SerializeStruct, SerializeStructVariant);

impl ser::SerializeMap for Collection<'_, '_> {
    type Ok = ();
    type Error = NoForm;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Done {
        self.key(key)
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Done {
        self.item(value)
    }
    fn end(self) -> Done {
        Collection::end(self)
    }
}

/// Whether a key has a JSON form, as `serde_json::to_value` takes keys: text, a character, a
/// number (a float only when finite) or a truth, maybe through a newtype or an option.
struct Key;

fn no_form<T>() -> Result<T, NoForm> {
    Err(NoForm)
}

impl ser::Serializer for Key {
    type Ok = ();
    type Error = NoForm;
    type SerializeSeq = ser::Impossible<(), NoForm>;
    type SerializeTuple = ser::Impossible<(), NoForm>;
    type SerializeTupleStruct = ser::Impossible<(), NoForm>;
    type SerializeTupleVariant = ser::Impossible<(), NoForm>;
    type SerializeMap = ser::Impossible<(), NoForm>;
    type SerializeStruct = ser::Impossible<(), NoForm>;
    type SerializeStructVariant = ser::Impossible<(), NoForm>;

    key_scalars!(
        serialize_bool: bool,
        serialize_i8: i8,
        serialize_i16: i16,
        serialize_i32: i32,
        serialize_i64: i64,
        serialize_i128: i128,
        serialize_u8: u8,
        serialize_u16: u16,
        serialize_u32: u32,
        serialize_u64: u64,
        serialize_u128: u128,
        serialize_char: char
    );
    fn serialize_f32(self, value: f32) -> Done {
        if value.is_finite() {
            Ok(())
        } else {
            no_form()
        }
    }
    fn serialize_f64(self, value: f64) -> Done {
        if value.is_finite() {
            Ok(())
        } else {
            no_form()
        }
    }
    fn serialize_str(self, _: &str) -> Done {
        Ok(())
    }
    fn serialize_bytes(self, _: &[u8]) -> Done {
        no_form()
    }
    fn serialize_none(self) -> Done {
        no_form()
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Done {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Done {
        no_form()
    }
    fn serialize_unit_struct(self, _: &'static str) -> Done {
        no_form()
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, _: &'static str) -> Done {
        Ok(())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, _: &'static str, value: &T) -> Done {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Done {
        no_form()
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, NoForm> {
        no_form()
    }
    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, NoForm> {
        no_form()
    }
    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct, NoForm> {
        no_form()
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, NoForm> {
        no_form()
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, NoForm> {
        no_form()
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self::SerializeStruct, NoForm> {
        no_form()
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, NoForm> {
        no_form()
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;
    use std::sync::Arc;

    use serde_json::{json, Value};

    use crate::import::test_rng::Lcg;

    use super::*;

    /// The oracle: the nodes and nesting of the value `serde_json::to_value` makes.
    fn walked(value: &Value, depth: usize, shape: &mut Shape) {
        shape.nodes += 1;
        match value {
            Value::Object(map) => {
                shape.deepest = shape.deepest.max(depth);
                for child in map.values() {
                    shape.nodes += 1;
                    walked(child, depth + 1, shape);
                }
            }
            Value::Array(items) => {
                shape.deepest = shape.deepest.max(depth);
                for child in items {
                    walked(child, depth + 1, shape);
                }
            }
            _ => {}
        }
    }

    /// Nodes and the deepest nesting, or `None` where there is no JSON form.
    type Counted = Option<(usize, usize)>;

    /// What the counter says of `value`, and what the walk of its `to_value` says.
    fn both(value: &impl Serialize) -> (Counted, Counted) {
        let counted = Shape::of(value).map(|s| (s.nodes, s.deepest));
        let walked = serde_json::to_value(value).ok().map(|tree| {
            let mut shape = Shape::default();
            walked(&tree, 1, &mut shape);
            (shape.nodes, shape.deepest)
        });
        (counted, walked)
    }

    fn random(rng: &mut Lcg, depth: usize) -> Value {
        match rng.below(if depth > 5 { 5 } else { 8 }) {
            0 => Value::Null,
            1 => json!(rng.below(2) == 0),
            2 => json!(rng.below(1000)),
            3 => json!(0.25),
            4 => json!("x".repeat(rng.below(3))),
            5 | 6 => Value::Array((0..rng.below(4)).map(|_| random(rng, depth + 1)).collect()),
            _ => Value::Object(
                (0..rng.below(4))
                    .map(|i| (format!("k{i}"), random(rng, depth + 1)))
                    .collect(),
            ),
        }
    }

    #[test]
    fn random_values_count_as_their_json_form() {
        let mut rng = Lcg(9);
        for case in 0..3000 {
            let value = random(&mut rng, 0);
            let (counted, walked) = both(&value);
            assert!(counted.is_some(), "case {case}");
            assert_eq!(counted, walked, "case {case}: {value}");
        }
    }

    #[derive(serde::Serialize)]
    enum Shapes {
        Unit,
        Newtype(u16),
        Tuple(u8, f32),
        Struct { a: i32, b: Option<u32> },
    }

    #[derive(serde::Serialize)]
    struct Every {
        small: (i8, i16, i32, u8, u16, u32, f32, i128, u128, char),
        bytes: serde_bytes_like::Bytes,
        shapes: Vec<Shapes>,
        numbered: BTreeMap<u32, String>,
        truths: BTreeMap<bool, ()>,
        unit: (),
        none: Option<u8>,
    }

    mod serde_bytes_like {
        /// Bytes serialised as bytes, not as a sequence of numbers.
        pub struct Bytes(pub Vec<u8>);
        impl serde::Serialize for Bytes {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_bytes(&self.0)
            }
        }
    }

    /// Every kind of serde value, the integers narrower than 64 bits included, counts as its
    /// JSON form does: one scalar each, a variant with data a mapping of one key.
    #[test]
    fn every_kind_of_value_counts_as_its_json_form() {
        let every = Every {
            small: (1, 2, 3, 4, 5, 6, 7.5, 8, 9, 'c'),
            bytes: serde_bytes_like::Bytes(vec![1, 2, 3]),
            shapes: vec![
                Shapes::Unit,
                Shapes::Newtype(404),
                Shapes::Tuple(1, 2.0),
                Shapes::Struct { a: 1, b: Some(2) },
            ],
            numbered: [(200, "ok".to_owned()), (404, "gone".to_owned())].into(),
            truths: [(true, ())].into(),
            unit: (),
            none: None,
        };
        let (counted, walked) = both(&every);
        assert_eq!(counted, walked);
        assert_eq!(counted.map(|(_, deepest)| deepest), Some(4));
    }

    /// A key with no JSON form gives no count, as `to_value` gives no value.
    #[test]
    fn keys_without_a_json_form_give_no_count() {
        let listed: BTreeMap<Vec<u8>, u8> = [(vec![1], 1)].into();
        assert_eq!(both(&listed), (None, None));
        let unit: BTreeMap<(), u8> = [((), 1)].into();
        assert_eq!(both(&unit).0, None);
        let mut float = serde_json::Map::new();
        float.insert("a".into(), json!(1));
        assert!(both(&float).0.is_some());
        struct NanKey;
        impl Serialize for NanKey {
            fn serialize<S: ser::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                use ser::SerializeMap;
                let mut map = s.serialize_map(Some(1))?;
                map.serialize_entry(&f64::NAN, &1)?;
                map.end()
            }
        }
        assert_eq!(both(&NanKey), (None, None));
    }

    /// Each project spec, read into the model, counts as its JSON form.
    #[test]
    fn the_project_specs_count_as_their_json_form() {
        let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../connectors");
        let mut specs = 0;
        for entry in std::fs::read_dir(folder).expect("connectors/").flatten() {
            let text = std::fs::read_to_string(entry.path()).expect("reads");
            let file = Arc::new(codegen::diag::SourceFile::new(entry.path(), text));
            let spec = codegen::spec::read_spec(&file, &codegen::spec::ReadLimits::default())
                .expect("a project spec reads");
            let (counted, walked) = both(&spec);
            assert!(counted.is_some());
            assert_eq!(counted, walked, "{}", entry.path().display());
            specs += 1;
        }
        assert!(specs >= 5, "{specs}");
    }
}
