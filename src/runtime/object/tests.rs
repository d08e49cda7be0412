//! Both forms of `json_object!` against serde's derives, and against each other.

use crate::runtime::Nullable;

/// The structs under test, the same in each form, and the tests both forms must pass.
macro_rules! both_forms {
    ($($form:ident)?) => {
        use serde_json::json;

        use crate::runtime::Nullable;

        #[derive(Debug, PartialEq, Default)]
        pub struct Item {
            pub id: i64,
            pub type_: Option<String>,
            pub tags: Vec<String>,
            pub due: Nullable<String>,
            pub extra: std::collections::BTreeMap<String, i64>,
        }
        crate::__connectors_json_object!($($form)? Item {
            id: "id" req,
            type_: "type" opt,
            tags: "tags" def,
            due: "due" opt
        } + extra);

        #[derive(Debug, PartialEq)]
        pub struct Outer {
            pub item: Option<Item>,
        }
        crate::__connectors_json_object!($($form)? Outer { item: "item" opt });

        /// Named like what the macro might declare inside its impls, with fields named like
        /// its locals.
        #[derive(Debug, PartialEq, Default)]
        pub struct Visitor {
            pub map: i64,
            pub key: Option<String>,
            pub value: Vec<i64>,
        }
        crate::__connectors_json_object!($($form)? Visitor {
            map: "map" req,
            key: "key" opt,
            value: "value" def
        });

        #[test]
        fn names_like_the_macros_own_do_not_clash() {
            let read: Visitor =
                serde_json::from_str(r#"{"map": 1, "key": "k", "value": [2]}"#).unwrap();
            assert_eq!(
                read,
                Visitor { map: 1, key: Some("k".into()), value: vec![2] }
            );
        }

        /// The shape of `super::Derived`.
        #[derive(Debug, PartialEq, Default)]
        pub struct Macro {
            pub id: i64,
            pub type_: Option<String>,
            pub note: Option<String>,
            pub due: Nullable<String>,
            pub extra: std::collections::BTreeMap<String, i64>,
        }
        crate::__connectors_json_object!($($form)? Macro {
            id: "id" req,
            type_: "type" opt,
            note: "note" def,
            due: "due" opt
        } + extra);

        /// The shape of `super::DerivedLoose`.
        #[derive(Debug, PartialEq, Default)]
        pub struct Loose {
            pub a: Option<String>,
            pub b: Vec<i64>,
        }
        crate::__connectors_json_object!($($form)? Loose { a: "a" opt, b: "b" def });

        #[test]
        fn writes_present_fields_under_their_wire_names() {
            let item = Item {
                id: 1,
                type_: Some("a".into()),
                due: Nullable::Null,
                extra: [("more".to_owned(), 2)].into(),
                ..Item::default()
            };
            assert_eq!(
                serde_json::to_value(&item).unwrap(),
                json!({"id": 1, "type": "a", "tags": [], "due": null, "more": 2})
            );
            assert_eq!(
                serde_json::to_value(Item::default()).unwrap(),
                json!({"id": 0, "tags": []})
            );
        }

        #[test]
        fn reads_fields_defaults_and_the_other_keys() {
            let item: Item =
                serde_json::from_value(json!({"id": 3, "due": null, "other": 4})).unwrap();
            assert_eq!(
                item,
                Item {
                    id: 3,
                    due: Nullable::Null,
                    extra: [("other".to_owned(), 4)].into(),
                    ..Item::default()
                }
            );
            let text = serde_json::to_string(&item).unwrap();
            assert_eq!(serde_json::from_str::<Item>(&text).unwrap(), item);
            let read = serde_json::from_reader::<_, Item>(text.as_bytes()).unwrap();
            assert_eq!(read, item);
        }

        #[test]
        fn reads_and_writes_what_serdes_derives_did() {
            super::same_as_derives::<Macro>(|derived, ours| {
                assert_eq!(
                    (&derived.id, &derived.type_, &derived.note, &derived.due, &derived.extra),
                    (&ours.id, &ours.type_, &ours.note, &ours.due, &ours.extra)
                );
            });
        }

        #[test]
        fn reads_a_loose_struct_as_serdes_derives_did() {
            super::loose_same_as_derives::<Loose>(|derived, ours| {
                assert_eq!((&derived.a, &derived.b), (&ours.a, &ours.b));
            });
            assert!(serde_json::from_str::<Loose>(r#"["x", [1]]"#).is_err());
        }

        /// Valid values written twice: the last is kept, for a named field and for the other
        /// keys alike (as a `serde_json` map read in order keeps it).
        #[test]
        fn a_key_written_twice_keeps_its_last_value() {
            let item: Item =
                serde_json::from_str(r#"{"id": 1, "x": 5, "id": 7, "x": 1, "type": "a", "x": 2}"#)
                    .unwrap();
            assert_eq!(item.id, 7);
            assert_eq!(item.type_.as_deref(), Some("a"));
            assert_eq!(item.extra, [("x".to_owned(), 2)].into());
            let nested: Outer =
                serde_json::from_str(r#"{"item": {"id": 1}, "item": {"id": 2, "due": null}}"#)
                    .unwrap();
            let inner = nested.item.expect("the last item");
            assert_eq!((inner.id, inner.due), (2, Nullable::Null));
        }

        /// A key the reader cannot lend (one with an escape) is matched all the same.
        #[test]
        fn an_escaped_key_is_matched() {
            let item: Item =
                serde_json::from_str(r#"{"\u0069d": 4, "ty\u0070e": "t", "\u006dore": 1}"#).unwrap();
            assert_eq!((item.id, item.type_.as_deref()), (4, Some("t")));
            assert_eq!(item.extra, [("more".to_owned(), 1)].into());
        }

        #[test]
        fn a_missing_or_mistyped_field_is_an_error_naming_it() {
            let missing = serde_json::from_value::<Item>(json!({"type": "a"})).unwrap_err();
            assert_eq!(missing.to_string(), "missing field `id`");
            let nested = serde_json::from_str::<Outer>(r#"{"item": {"id": "x"}}"#).unwrap_err();
            assert!(
                nested
                    .to_string()
                    .starts_with("field `item`: field `id`: invalid type"),
                "{nested}"
            );
            let other = serde_json::from_str::<Item>(r#"{"id": 1, "x": "two"}"#).unwrap_err();
            assert!(other.to_string().starts_with("field `x`: invalid type"), "{other}");
            assert!(serde_json::from_str::<Outer>("[1]").is_err());
        }
    };
}

mod compact {
    both_forms!();
}

mod direct {
    both_forms!(direct);
}

/// The struct as serde's derives read and wrote it before `json_object!`.
#[derive(Debug, PartialEq, Default, serde::Serialize, serde::Deserialize)]
struct Derived {
    id: i64,
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    type_: Option<String>,
    #[serde(default)]
    note: Option<String>,
    #[serde(default, skip_serializing_if = "Nullable::is_absent")]
    due: Nullable<String>,
    #[serde(flatten)]
    extra: std::collections::BTreeMap<String, i64>,
}

/// Both read every document alike (the same value or both an error; `same` compares the
/// values) and write back the same JSON.
fn same_as_derives<T>(same: impl Fn(&Derived, &T))
where
    T: serde::Serialize + serde::de::DeserializeOwned,
{
    let documents = [
        r#"{"id": 1}"#,
        r#"{"id": 1, "type": "a", "note": "n", "due": "d", "x": 5}"#,
        r#"{"id": 1, "type": null, "note": null, "due": null}"#,
        r#"{"type": "a"}"#,
        r#"{"id": "1"}"#,
        r#"{"id": 1, "x": "not a number"}"#,
        r#"{"id": 1, "due": 3}"#,
        r#"[]"#,
        r#"null"#,
    ];
    for document in documents {
        let derived = serde_json::from_str::<Derived>(document);
        let ours = serde_json::from_str::<T>(document);
        assert_eq!(derived.is_ok(), ours.is_ok(), "{document}");
        if let (Ok(derived), Ok(ours)) = (derived, ours) {
            assert_eq!(
                serde_json::to_value(&derived).unwrap(),
                serde_json::to_value(&ours).unwrap(),
                "{document}"
            );
            same(&derived, &ours);
        }
    }
}

/// A struct of optional fields only, by the derives.
#[derive(Debug, PartialEq, Default, serde::Serialize, serde::Deserialize)]
struct DerivedLoose {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    a: Option<String>,
    #[serde(default)]
    b: Vec<i64>,
}

/// With no required field, `null`, `{}` and unknown keys are where readers differ most. The one
/// difference from the derives, an array read as a struct, is asserted by the caller.
fn loose_same_as_derives<T: serde::de::DeserializeOwned>(same: impl Fn(&DerivedLoose, &T)) {
    let documents = [
        "{}",
        "null",
        r#"{"a": "x", "b": [1, 2], "c": {"deep": [null]}}"#,
        r#"{"b": null}"#,
        r#"{"a": 1}"#,
        r#"{"a": null}"#,
        "7",
        r#""text""#,
    ];
    for document in documents {
        let derived = serde_json::from_str::<DerivedLoose>(document);
        let ours = serde_json::from_str::<T>(document);
        assert_eq!(derived.is_ok(), ours.is_ok(), "{document}");
        if let (Ok(derived), Ok(ours)) = (derived, ours) {
            same(&derived, &ours);
        }
    }
    assert!(serde_json::from_str::<DerivedLoose>(r#"["x", [1]]"#).is_ok());
}

/// Where the forms differ: the compact form never reads a value a later one replaces; the
/// direct form reads each as it comes, so each must be of the field's type.
#[test]
fn an_earlier_value_is_read_only_by_the_direct_form() {
    let text = r#"{"id": "not a number", "x": "not a number", "id": 7, "x": 1}"#;
    let compact = serde_json::from_str::<compact::Item>(text).unwrap();
    assert_eq!(
        (compact.id, compact.extra),
        (7, [("x".to_owned(), 1)].into())
    );
    let direct = serde_json::from_str::<direct::Item>(text).unwrap_err();
    assert!(
        direct.to_string().starts_with("field `id`: invalid type"),
        "{direct}"
    );
}

/// The direct form keeps the reader's line and column in an error; the compact form reads
/// through values, which have none.
#[test]
fn the_direct_form_keeps_the_position_of_an_error() {
    let text = r#"{"item": {"id": "x"}}"#;
    let direct = serde_json::from_str::<direct::Outer>(text).unwrap_err();
    assert_eq!((direct.line(), direct.column()), (1, 19), "{direct}");
    assert!(
        direct.to_string().ends_with("at line 1 column 19"),
        "{direct}"
    );
    let compact = serde_json::from_str::<compact::Outer>(text).unwrap_err();
    assert!(
        compact.to_string().starts_with("field `item`: field `id`"),
        "{compact}"
    );
}
