//! The OpenAPI round trip over `../shared/corpus/openapi/` (skipped when it is absent): each
//! document is imported, checked and emitted as OpenAPI 3.0 again (the `openapi.yaml` of
//! `connectorc build`), and the two documents are compared **whole** by the strict oracle of
//! `support/strict_diff.rs`: the same normalisations and the same [`strict_diff::ALLOWED`]
//! list as the Power Platform round trip, every other difference counted with its JSON pointer.
//!
//! Every document must come back with no difference outside `ALLOWED`.
//!
//! The table by class: `cargo test -p connector-harness --test import_openapi_roundtrip --
//! --nocapture`; with `OPENAPI_RT_DUMP=DIR` every difference of each document is written to
//! `DIR/<document>.txt`; `OPENAPI_RT_CORPUS=DIR` round-trips the documents of another folder.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use connector_harness::openapi_roundtrip::{emitted_document, read_document};
use serde_json::Value;

#[path = "support/strict_diff.rs"]
mod strict_diff;

use strict_diff::{diff_file, Difference, File, Kind};

const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// The corpus documents, or those of the folder `OPENAPI_RT_CORPUS` names (to measure others).
fn corpus() -> Option<Vec<PathBuf>> {
    let dir = std::env::var_os("OPENAPI_RT_CORPUS").map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus/openapi"),
        PathBuf::from,
    );
    if !dir.is_dir() {
        println!("skipped: no corpus at {}", dir.display());
        return None;
    }
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("lists")
        .map(|e| e.expect("entry").path())
        .collect();
    files.sort();
    Some(files)
}

/// The differences outside `ALLOWED`.
fn counted(differences: &[Difference]) -> Vec<&Difference> {
    differences.iter().filter(|d| !d.allowed()).collect()
}

/// Whether `d` is a whole path item or operation of the original missing from the emitted
/// document.
fn operation_lost(d: &Difference) -> bool {
    let parts: Vec<&str> = d.pointer.split('/').skip(1).collect();
    d.kind == Kind::Missing
        && parts.first() == Some(&"paths")
        && (parts.len() == 2 || (parts.len() == 3 && METHODS.contains(&parts[2])))
}

/// The table of one document: each class with its count and first pointer.
fn table(name: &str, differences: &[&Difference]) -> String {
    let mut classes: BTreeMap<&str, (usize, &Difference)> = BTreeMap::new();
    for d in differences {
        classes.entry(&d.class).or_insert((0, d)).0 += 1;
    }
    let mut rows: Vec<_> = classes.into_iter().collect();
    rows.sort_by(|a, b| b.1 .0.cmp(&a.1 .0).then(a.0.cmp(b.0)));
    let mut out = format!("== {name}: {} differences\n", differences.len());
    for (class, (n, d)) in rows {
        out += &format!(
            "  {class:<32} {n:>6}  {:?} {}: {} → {}\n",
            d.kind, d.pointer, d.before, d.after
        );
    }
    out
}

#[test]
fn openapi_corpus_round_trips() {
    let Some(files) = corpus() else {
        return;
    };
    let mut failures = Vec::new();
    let mut exact = 0;
    for file in &files {
        let name = file
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let original = read_document(file).unwrap_or_else(|e| panic!("{e}"));
        let (emitted, _) = emitted_document(file).unwrap_or_else(|e| panic!("{name}: {e}"));
        let all = diff_file(File::OpenApi, &original, &emitted);
        let differences = counted(&all);
        println!("{}", table(&name, &differences));
        if let Some(dir) = std::env::var_os("OPENAPI_RT_DUMP") {
            let lines: String = differences
                .iter()
                .map(|d| {
                    format!(
                        "[{}] {:?} {}: {} → {}\n",
                        d.class, d.kind, d.pointer, d.before, d.after
                    )
                })
                .collect();
            std::fs::write(PathBuf::from(dir).join(format!("{name}.txt")), lines).expect("writes");
        }
        let lost: Vec<&str> = differences
            .iter()
            .filter(|d| operation_lost(d))
            .map(|d| d.pointer.as_str())
            .collect();
        if !lost.is_empty() {
            failures.push(format!("{name}: operations lost: {lost:?}"));
        }
        // Every document must come back exactly: no difference outside `ALLOWED`.
        if !differences.is_empty() {
            failures.push(format!(
                "{name}: {} differences outside ALLOWED",
                differences.len()
            ));
        }
        exact += usize::from(differences.is_empty());
    }
    println!("documents with no difference: {exact} of {}", files.len());
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

fn yaml(text: &str) -> Value {
    serde_saphyr::from_str(text).expect("yaml")
}

/// The oracle on two small documents, so that it stays tested without the corpus: `$ref`s and
/// key order make no difference, and each change is reported at its pointer with its class.
#[test]
fn the_oracle_sees_each_change() {
    let original = yaml(
        r#"
openapi: 3.0.0
info: { title: Shop, version: "1" }
components:
  parameters:
    Id: { name: id, in: path, required: true, schema: { type: string } }
  schemas:
    Item: { type: object, required: [id, name], properties: { id: { type: string }, name: { type: string } } }
  securitySchemes:
    key: { type: apiKey, in: header, name: X-Key }
paths:
  /items/{id}/:
    get:
      operationId: getItem
      parameters: [{ $ref: '#/components/parameters/Id' }, { name: q, in: query, schema: { type: string } }]
      responses:
        '200': { description: OK, content: { application/json: { schema: { $ref: '#/components/schemas/Item' } } } }
        '404': { description: Not found }
"#,
    );
    let same = yaml(
        r#"
info: { version: "1", title: Shop }
openapi: 3.0.0
components:
  securitySchemes:
    key: { name: X-Key, in: header, type: apiKey }
paths:
  /items/{id}/:
    get:
      operationId: getItem
      parameters:
        - { name: id, in: path, required: true, schema: { type: string } }
        - { name: q, in: query, schema: { type: string }, required: false }
      responses:
        '200':
          description: OK
          content:
            application/json:
              schema: { type: object, required: [name, id], properties: { name: { type: string }, id: { type: string } } }
        '404': { description: Not found }
"#,
    );
    assert_eq!(
        counted(&diff_file(File::OpenApi, &original, &same)),
        Vec::<&Difference>::new()
    );

    let mut changed = same.clone();
    let op = &mut changed["paths"]["/items/{id}/"]["get"];
    op["operationId"] = "GetItem".into();
    op["responses"].as_object_mut().expect("map").remove("404");
    op["parameters"][1]["style"] = "form".into();
    changed["components"]["securitySchemes"]["key"]["name"] = "X-Api-Key".into();
    let found: BTreeSet<(String, String)> = counted(&diff_file(File::OpenApi, &original, &changed))
        .into_iter()
        .map(|d| (d.class.clone(), d.pointer.clone()))
        .collect();
    let expected: BTreeSet<(String, String)> = [
        ("operationId", "/paths/~1items~1{id}~1/get/operationId"),
        ("responses", "/paths/~1items~1{id}~1/get/responses/404"),
        ("style", "/paths/~1items~1{id}~1/get/parameters/1/style"),
        ("name", "/components/securitySchemes/key/name"),
    ]
    .into_iter()
    .map(|(c, p)| (c.to_owned(), p.to_owned()))
    .collect();
    assert_eq!(found, expected);

    let mut lost = same.clone();
    lost["paths"]["/items/{id}/"]
        .as_object_mut()
        .expect("map")
        .remove("get");
    let all = diff_file(File::OpenApi, &original, &lost);
    assert!(counted(&all).iter().any(|d| operation_lost(d)));
}
