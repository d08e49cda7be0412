//! The spec model written back as YAML reads to the same model: every spec of the project (seeds,
//! example specs, test specs), and varied generated values, including the shorthands
//! (`Name`, `[Item]`, enum lists and label mappings, one-field identities) and strings YAML would
//! otherwise read as something else.

use std::path::{Path, PathBuf};

use codegen::diag::SourceFile;
use codegen::spec::{
    read_spec, ConnectorSpec, EnumValue, EnumValues, Identity, NamedMap, ReadLimits, Span, Spanned,
    TypeBody, TypeDef, Visibility,
};
use proptest::prelude::*;
use serde_json::Value;

fn read(name: &str, text: String) -> Result<ConnectorSpec, String> {
    let file = SourceFile::new(PathBuf::from(name), text);
    read_spec(&file, &ReadLimits::default()).map_err(|d| format!("{d:?}"))
}

fn write(spec: &ConnectorSpec) -> String {
    serde_saphyr::to_string(spec).expect("a spec model serialises")
}

/// The first line where two models' debug forms differ, with some lines around it.
fn first_difference<T: std::fmt::Debug>(a: &T, b: &T) -> String {
    let (a, b) = (format!("{a:#?}"), format!("{b:#?}"));
    let (a, b): (Vec<&str>, Vec<&str>) = (a.lines().collect(), b.lines().collect());
    let at = a
        .iter()
        .zip(&b)
        .position(|(x, y)| x != y)
        .unwrap_or(a.len().min(b.len()));
    let from = at.saturating_sub(8);
    format!(
        "before:\n{}\nafter:\n{}",
        a[from..(at + 3).min(a.len())].join("\n"),
        b[from..(at + 3).min(b.len())].join("\n")
    )
}

fn project_specs() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    [
        "connectors",
        "examples/custom-connector/specs",
        "platform/tests/manifest_specs",
        "tests/rust_adversarial",
        "tests/diagnostics",
    ]
    .iter()
    .flat_map(|dir| {
        let dir = root.join(dir);
        codegen::spec_files(std::slice::from_ref(&dir))
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
    })
    .collect()
}

/// Every project spec that reads reads again, once written, to an equal model; the ones that
/// check clean check again to an equal IR.
#[test]
fn project_specs_survive_a_write_and_read() {
    let (mut models, mut irs) = (0, 0);
    for path in project_specs() {
        let name = path.display().to_string();
        let text = std::fs::read_to_string(&path).expect("spec text");
        let Ok(spec) = read(&name, text) else {
            continue;
        };
        let written = write(&spec);
        let again = read(&name, written.clone())
            .unwrap_or_else(|e| panic!("{name}: written spec does not read:\n{e}\n{written}"));
        assert!(
            spec == again,
            "{name}: the model changed:\n{}",
            first_difference(&spec, &again)
        );
        models += 1;
        let id = codegen::connector_id(&path);
        let file = SourceFile::new(path.clone(), String::new());
        let (first, _) = codegen::check::check(&spec, &file, &id);
        let (second, _) = codegen::check::check(&again, &file, &id);
        if let Some(first) = first {
            assert!(Some(first) == second, "{name}: the IR changed");
            irs += 1;
        }
    }
    println!("{models} models and {irs} IRs survive a write and read");
    assert!(
        models >= 20 && irs >= 10,
        "too few specs: {models} models, {irs} IRs"
    );
}

/// The starter spec of `connectorc init` too.
#[test]
fn starter_spec_survives_a_write_and_read() {
    let text = codegen::init::starter_spec("starter", "schema.json");
    let spec = read("starter.yaml", text).expect("the starter spec reads");
    let again = read("starter.yaml", write(&spec)).expect("written starter reads");
    assert!(spec == again, "{}", first_difference(&spec, &again));
}

fn type_name(name: &str) -> TypeDef {
    let mut def = TypeDef {
        body: Box::default(),
        span: Span::UNKNOWN,
    };
    def.body.type_name = Some(Spanned::unlocated(name.to_owned()));
    def
}

#[test]
fn shorthands_are_chosen_when_the_value_allows_them() {
    let name = serde_saphyr::to_string(&type_name("Webinar")).expect("serialises");
    assert_eq!(name.trim(), "Webinar");
    let mut list = TypeDef {
        body: Box::default(),
        span: Span::UNKNOWN,
    };
    list.body.list = Some(type_name("string"));
    let list = serde_saphyr::to_string(&list).expect("serialises");
    assert_eq!(list.trim().trim_start_matches("- "), "string", "{list}");
    let mut described = type_name("string");
    described.body.description = Some(Spanned::unlocated("text".to_owned()));
    let full = serde_saphyr::to_string(&described).expect("serialises");
    assert!(
        full.contains("type: string") && full.contains("description: text"),
        "{full}"
    );
    let one = Identity {
        fields: vec![Spanned::unlocated("id".to_owned())],
    };
    assert_eq!(
        serde_saphyr::to_string(&one).expect("serialises").trim(),
        "id"
    );
}

const TRICKY: &[&str] = &[
    "",
    "null",
    "~",
    "true",
    "no",
    "yes",
    "on",
    "1",
    "-1",
    "0x10",
    "1e3",
    ".5",
    "- a",
    "a: b",
    "#x",
    "[a]",
    "{a}",
    "*a",
    "&a",
    "!t",
    "line\nbreak",
    " lead",
    "trail ",
    "é",
    "\ttab",
    "'",
    "\"",
    "%",
    "@at",
    ">",
    "|",
    "a # b",
    "?",
    ",",
    "\u{202e}",
    "---",
    "...",
];

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(TRICKY).prop_map(str::to_owned),
        "[a-zA-Z_][a-zA-Z0-9_.-]{0,10}",
        "\\PC{0,12}",
    ]
}

fn spanned_text() -> impl Strategy<Value = Option<Spanned<String>>> {
    prop::option::of(text().prop_map(Spanned::unlocated))
}

fn scalar() -> impl Strategy<Value = Value> {
    prop_oneof![
        text().prop_map(Value::String),
        any::<i64>().prop_map(Value::from),
        any::<bool>().prop_map(Value::Bool),
        (-1.0e6f64..1.0e6).prop_map(Value::from),
    ]
}

fn enum_values() -> impl Strategy<Value = Option<EnumValues>> {
    let value =
        (scalar(), prop::option::of(prop::option::of(text()))).prop_map(|(v, l)| EnumValue {
            value: Spanned::unlocated(v),
            label: l.flatten(),
        });
    prop::option::of(
        prop::collection::vec(value, 0..4).prop_map(|values| EnumValues {
            values,
            span: Span::UNKNOWN,
        }),
    )
}

fn leaf() -> impl Strategy<Value = TypeDef> {
    (
        text(),
        spanned_text(),
        enum_values(),
        prop::option::of(any::<bool>()),
        prop::option::of(prop::sample::select(vec![
            Visibility::Important,
            Visibility::Advanced,
            Visibility::Internal,
            Visibility::None,
        ])),
        prop::option::of(scalar()),
        prop::option::of(-1.0e9f64..1.0e9),
    )
        .prop_map(|(name, description, enums, required, vis, default, min)| {
            let mut def = type_name(&name);
            let body = &mut def.body;
            body.description = description;
            body.enum_values = enums;
            body.required = required.map(Spanned::unlocated);
            body.visibility = vis.map(Spanned::unlocated);
            body.default = default.map(Spanned::unlocated).map(Box::new);
            body.minimum = min
                .and_then(serde_json::Number::from_f64)
                .map(Spanned::unlocated)
                .map(Box::new);
            def
        })
}

fn type_def() -> impl Strategy<Value = TypeDef> {
    leaf().prop_recursive(4, 32, 4, |inner| {
        prop_oneof![
            inner.clone().prop_map(|item| {
                let mut def = TypeDef {
                    body: Box::default(),
                    span: Span::UNKNOWN,
                };
                def.body.list = Some(item);
                def
            }),
            (inner.clone(), spanned_text()).prop_map(|(value, summary)| {
                let mut body = TypeBody {
                    map: Some(value),
                    summary,
                    ..TypeBody::default()
                };
                body.nullable = Some(true);
                TypeDef {
                    body: Box::new(body),
                    span: Span::UNKNOWN,
                }
            }),
            prop::collection::vec((text(), inner), 0..4).prop_map(|fields| {
                let fields: NamedMap<TypeDef> = fields
                    .into_iter()
                    .map(|(k, v)| (Spanned::unlocated(k), v))
                    .collect();
                TypeDef {
                    body: Box::new(TypeBody {
                        fields: Some(fields),
                        ..TypeBody::default()
                    }),
                    span: Span::UNKNOWN,
                }
            }),
        ]
    })
}

fn spec() -> impl Strategy<Value = ConnectorSpec> {
    (
        text(),
        text(),
        spanned_text(),
        prop::collection::vec((text(), type_def()), 0..5),
        prop::collection::vec((text(), scalar()), 0..3),
    )
        .prop_map(|(title, base_url, description, objects, extensions)| {
            let base = "title: t\nbase_url: u\n".to_owned();
            let mut spec = read("base.yaml", base).expect("minimal spec reads");
            spec.title = Spanned::unlocated(title);
            spec.base_url = Spanned::unlocated(base_url);
            spec.description = description;
            spec.objects = objects
                .into_iter()
                .map(|(k, v)| (Spanned::unlocated(k), v))
                .collect();
            spec.extensions = extensions.into_iter().collect();
            spec
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn generated_specs_survive_a_write_and_read(spec in spec()) {
        let written = write(&spec);
        let again = read("generated.yaml", written.clone());
        prop_assert!(again.is_ok(), "written spec does not read: {:?}\n{}", again, written);
        let again = again.unwrap_or_else(|_| unreachable!());
        prop_assert!(again == spec, "model changed:\n{}\n{}", written, first_difference(&spec, &again));
    }
}
