//! The OpenAPI round trip over `../shared/corpus/openapi/` (skipped when it is absent): each
//! document is imported, checked, emitted as OpenAPI 3.0 again and compared with the original
//! semantically by `connector_harness::openapi_roundtrip` (operations, parameters, request
//! bodies, success answers, top-level properties; see its documentation).
//!
//! No operation may be lost. Every other difference must be explained: its class is in
//! [`EXPLAINED`] and the importer warned about the cause where the entry says. The table:
//! `cargo test -p connector-harness --test import_openapi_roundtrip -- --nocapture`.

use std::path::PathBuf;

use connector_harness::openapi_roundtrip::{
    compare, emitted_document, examples, read_document, Comparison, Difference,
};
use connector_platform::import::Warning;
use serde_json::Value;

/// A class of difference that is acceptable when the importer warned about its cause.
struct Explained {
    class: &'static str,
    /// Where the warning must be below the operation's pointer: `/requestBody`, or empty for
    /// the operation itself and anything under it.
    under: &'static str,
    /// Part of the importer's warning.
    warning: &'static str,
    /// Why the difference is acceptable.
    why: &'static str,
}

/// The allow-list. Each entry is a defect of the source document that the importer repairs,
/// or something the spec language cannot say, with the importer's warning.
const EXPLAINED: &[Explained] = &[
    // Not met in the corpus today, but the importer's own rules: an operation without an
    // `operationId` gets one from its method and path, and a repeated id gets a number.
    Explained {
        class: "operation id changed",
        under: "",
        warning: "no operationId;",
        why: "the original has no operation id; the importer makes one from method and path",
    },
    Explained {
        class: "operation id changed",
        under: "/operationId",
        warning: "repeats another one; renamed",
        why: "an operation id the original repeats (or whose Rust name clashes); numbered",
    },
    // Zoom's `/contacts/groups/{groupId}/members` uses `{groupId}` without declaring it, which
    // OpenAPI forbids; the emitted document declares it and is the valid one.
    Explained {
        class: "parameter added",
        under: "",
        warning: "has no parameter; a required string parameter is added",
        why: "a path placeholder the original never declares; the importer declares it",
    },
    // Zoom's `PATCH /rooms/{id}/events` marks `method` with `required: true` on the property
    // (OpenAPI 3.0 wants a `required` list in the parent); the importer moves it to the list,
    // so the emitted body requires `method` as the original meant.
    Explained {
        class: "request body required properties differ",
        under: "/requestBody",
        warning: "`required` on a property must be a list in its parent; moved there",
        why: "a sloppy `required: true` on a property, which the importer repairs",
    },
    // Zoom's settings (`/accounts/{accountId}/settings`, `/rooms/{roomId}/settings`, …) are a
    // `oneOf` of several objects chosen by the `option` query parameter, sometimes beside
    // `type: object`. The spec language has no unions: the importer reads a union of plain
    // objects as one object with every alternative's properties, and a union it cannot merge
    // (alternatives that are unions themselves) as `any`, each with a warning; where the merged
    // object's properties or requirements differ from the comparison's view of the union, this
    // entry explains it.
    Explained {
        class: "request body properties differ",
        under: "/requestBody",
        warning: UNION,
        why: "a union of objects, which the spec language cannot say",
    },
    Explained {
        class: "request body required properties differ",
        under: "/requestBody",
        warning: UNION,
        why: "a union of objects, which the spec language cannot say",
    },
    Explained {
        class: "success properties differ",
        under: "/responses",
        warning: UNION,
        why: "a union of objects, which the spec language cannot say",
    },
    Explained {
        class: "success required properties differ",
        under: "/responses",
        warning: UNION,
        why: "a union of objects, which the spec language cannot say",
    },
];

/// The importer's warning about a `oneOf` or `anyOf` it cannot keep.
const UNION: &str = "with several alternatives has no spec equivalent";

/// The explanation of `d`: an entry of [`EXPLAINED`] for its class with the importer's warning
/// at or under the entry's place in the operation. A lost operation is never explained.
fn explanation(d: &Difference, warnings: &[Warning]) -> Option<&'static Explained> {
    if d.class == "operation lost" {
        return None;
    }
    EXPLAINED.iter().find(|e| {
        let at = format!("{}{}", d.pointer, e.under);
        let under = |pointer: &str| {
            pointer
                .strip_prefix(at.as_str())
                .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
        };
        e.class == d.class
            && warnings
                .iter()
                .any(|w| under(&w.pointer) && w.message.contains(e.warning))
    })
}

fn unexplained<'c>(c: &'c Comparison, warnings: &[Warning]) -> Vec<&'c Difference> {
    c.differences
        .iter()
        .filter(|d| explanation(d, warnings).is_none())
        .collect()
}

fn corpus() -> Option<Vec<PathBuf>> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus/openapi");
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

const METHODS: [&str; 7] = ["get", "put", "post", "delete", "options", "head", "patch"];

/// The comparison sees what it claims to: an operation, a parameter or a property removed
/// from the emitted document is reported, and never explained.
fn assert_mutations_are_caught(
    name: &str,
    original: &Value,
    emitted: &Value,
    warnings: &[Warning],
) {
    let count = |emitted: &Value, class: &str| {
        let c = compare(original, emitted);
        let unexplained = unexplained(&c, warnings);
        unexplained.iter().filter(|d| d.class == class).count()
    };
    let caught = |mutated: &Value, class: &str| {
        let found = count(mutated, class) - count(emitted, class);
        assert_eq!(
            found, 1,
            "{name}: a mutation was not caught as one `{class}`"
        );
    };
    let (path, method) = {
        let paths = emitted["paths"].as_object().expect("paths");
        let (path, item) = paths.iter().next().expect("a path");
        let method = METHODS
            .into_iter()
            .find(|m| item.get(*m).is_some())
            .expect("an operation");
        (path.clone(), method)
    };
    let mut mutated = emitted.clone();
    mutated["paths"][&path]
        .as_object_mut()
        .expect("path item")
        .remove(method);
    caught(&mutated, "operation lost");

    // The first operation with an inline parameter, and the first with inline body properties.
    let mut mutated = emitted.clone();
    let ops = mutated["paths"]
        .as_object_mut()
        .expect("paths")
        .values_mut();
    let params = ops
        .flat_map(|item| {
            item.as_object_mut()
                .into_iter()
                .flat_map(|m| m.values_mut())
        })
        .filter_map(|op| op.get_mut("parameters").and_then(Value::as_array_mut))
        .find(|list| list.iter().any(|p| p.get("name").is_some()))
        .expect("an operation with parameters");
    let first = params.iter().position(|p| p.get("name").is_some());
    params.remove(first.expect("a parameter"));
    caught(&mutated, "parameter lost");

    // An operation that compares clean and that the importer said nothing about, so that the
    // mutation is its only difference and nothing explains it.
    let baseline = compare(original, emitted);
    let clean = |path: &str, method: &str| {
        let pointer = format!(
            "/paths/{}/{method}",
            path.replace('~', "~0").replace('/', "~1")
        );
        !baseline.differences.iter().any(|d| d.pointer == pointer)
            && !warnings.iter().any(|w| w.pointer.starts_with(&pointer))
    };
    const BODY: &str = "/requestBody/content/application~1json/schema/properties";
    let target = emitted["paths"]
        .as_object()
        .expect("paths")
        .iter()
        .flat_map(|(path, item)| {
            item.as_object()
                .into_iter()
                .flatten()
                .map(move |(method, op)| (path, method, op))
        })
        .find(|(path, method, op)| {
            clean(path, method)
                && op
                    .pointer(BODY)
                    .and_then(Value::as_object)
                    .is_some_and(|p| !p.is_empty())
        })
        .map(|(path, method, _)| {
            let escaped = path.replace('~', "~0").replace('/', "~1");
            format!("/paths/{escaped}/{method}{BODY}")
        });
    let mut mutated = emitted.clone();
    let props = target
        .as_deref()
        .and_then(|pointer| mutated.pointer_mut(pointer))
        .and_then(Value::as_object_mut);
    if let Some(props) = props {
        let first = props.keys().next().cloned().expect("a property");
        props.remove(&first);
        caught(&mutated, "request body properties differ");
    }
}

#[test]
fn openapi_corpus_round_trips() {
    let Some(files) = corpus() else {
        return;
    };
    let mut failures = Vec::new();
    for file in files {
        let name = file
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let original = read_document(&file).unwrap_or_else(|e| panic!("{e}"));
        let (emitted, warnings) = emitted_document(&file).unwrap_or_else(|e| panic!("{name}: {e}"));
        let comparison = compare(&original, &emitted);
        println!(
            "{}",
            comparison.table(&name, |d| explanation(d, &warnings).map(|e| e.why))
        );
        assert!(comparison.original > 0, "{name}: no operation read");
        let mut classes: std::collections::BTreeMap<&str, Vec<&str>> = Default::default();
        for d in unexplained(&comparison, &warnings) {
            classes.entry(d.class).or_default().push(&d.detail);
        }
        for (class, details) in classes {
            failures.push(format!(
                "{name}: {} × {class}: {}",
                details.len(),
                examples(&details)
            ));
        }
        assert_mutations_are_caught(&name, &original, &emitted, &warnings);
    }
    assert!(
        failures.is_empty(),
        "unexplained differences:\n{}",
        failures.join("\n")
    );
}

/// The comparison on two small documents, so that it stays tested without the corpus.
#[test]
fn the_comparison_sees_each_class() {
    let original: Value = serde_saphyr::from_str(
        r#"
openapi: 3.0.0
info: { title: Shop, version: "1" }
components:
  parameters:
    Id: { name: id, in: path, schema: { type: string } }
  schemas:
    Base: { type: object, required: [id], properties: { id: { type: string } } }
    Item:
      allOf:
        - $ref: '#/components/schemas/Base'
        - { type: object, properties: { name: { type: string } } }
paths:
  /items/:
    parameters: [{ $ref: '#/components/parameters/Id' }]
    get:
      operationId: list-items
      parameters: [{ name: limit, in: query, required: true, schema: { type: integer } }]
      responses:
        '200':
          description: OK
          content:
            application/json:
              schema: { type: array, items: { $ref: '#/components/schemas/Item' } }
  /items:
    get: { operationId: listAgain, responses: { '200': { description: OK } } }
  /items/{id}:
    put:
      operationId: putItem
      requestBody:
        content:
          application/x-www-form-urlencoded:
            schema: { $ref: '#/components/schemas/Item' }
      responses: { '204': { description: Stored } }
"#,
    )
    .expect("yaml");
    let emitted: Value = serde_saphyr::from_str(
        r#"
openapi: 3.0.3
paths:
  /items:
    get:
      operationId: ListItems
      parameters:
        - { name: id, in: path, required: true }
        - { name: limit, in: query, required: false }
      responses:
        '200':
          description: OK
          content:
            application/json:
              schema:
                type: array
                items: { type: object, properties: { id: { type: string }, name: { type: string } } }
  /items/{id}:
    put:
      operationId: PutItem
      parameters: [{ name: id, in: path, required: true }]
      requestBody:
        content:
          application/json:
            schema: { type: object, properties: { name: { type: string } } }
      responses: { '204': { description: Stored } }
"#,
    )
    .expect("yaml");
    let c = compare(&original, &emitted);
    let mut found: Vec<(&str, &str)> = c
        .differences
        .iter()
        .map(|d| (d.class, d.detail.as_str()))
        .collect();
    found.sort();
    assert_eq!(
        found,
        [
            ("operation lost", "GET /items"),
            ("parameter added", "PUT /items/{id}: id in path"),
            (
                "parameter required changed",
                "GET /items: limit in query: true → false"
            ),
            (
                "request body media family changed",
                "PUT /items/{id}: form → json"
            ),
            (
                "request body properties differ",
                "PUT /items/{id}: lost [\"id\"], added []"
            ),
            (
                "request body required properties differ",
                "PUT /items/{id}: lost [\"id\"], added []"
            ),
            (
                "success required properties differ",
                "GET /items: lost [\"[].id\"], added []"
            ),
        ]
    );
    assert_eq!((c.original, c.kept), (3, 2));
    assert_eq!(c.recased, ["list-items → ListItems", "putItem → PutItem"]);
}
