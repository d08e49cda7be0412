//! How checking and importing grow with the size of their input. Each workload is built
//! synthetically at 1×, 10× and 100× of a base size, timed, and the growth per 10× of input is
//! printed: a linear stage grows about 10×, an n log n one a little more, a quadratic one 100×.
//! The target is at most 12× per 10×.
//!
//! - `alias chain`: objects that name the next one (`S0: S1`, `S1: S2`, …), up to 4,000.
//! - `alias chain built`: the same spec checked and built into its connector files (the
//!   Power Platform definition, the OpenAPI document and the README), as `connectorc build` does.
//! - `field chain emitted`: objects that each hold the next in a field (`O0.next: O1`, …), the
//!   last one a number, up to 4,000, checked and emitted as Rust (which boxes recursive fields
//!   and derives `Hash` only where no number is held).
//! - `query parameters emitted`: one action with up to 5,000 query parameters (every third
//!   required), checked and emitted as Rust (its `params` struct and request builder).
//! - `path parameters`: one action whose path has up to 5,000 parameters, and a poll trigger
//!   over it, checked with the platform's rules (as `connectorc check` does), built into its
//!   connector files and emitted as Rust.
//! - `poll arguments`: one action with up to 5,000 optional query parameters and a poll
//!   trigger over it that fixes each of them in `args`, checked and emitted as Rust.
//! - `objects`: plain objects with two fields each, up to 40,000.
//! - `actions`: `GET` actions, up to 10,000 (operation names and routes).
//! - `enum values`: one enum with up to 20,000 values.
//! - `enum values on one line`: the same, written as one flow list on one line of up to 240 KB
//!   (the reader counts columns once per line, not once per value).
//! - `named defaults`: up to 20,000 fields, each with a default of its own named enum (values
//!   whose type is a named object are checked once every object is lowered).
//! - `limits`: up to 4,000 actions, each with a rate label, a limit on it by name and one by
//!   label counted per value of its parameter, and a polling trigger.
//! - `unknown names`: up to 4,000 actions and as many limits, each naming an action that is not
//!   there (the report of errors, with its suggestions, is what grows).
//! - `openapi $ref chain`: schemas that are `$ref`s to the next one, up to 2,000, imported and
//!   the imported spec checked.
//! - `openapi parameters`: one operation with up to 5,000 query parameters, imported and checked.
//! - `openapi operations`: up to 5,000 operations with a path parameter and an answer object.
//! - `openapi repeated names`: up to 5,000 operations that all declare the operation id `Get`,
//!   each with an inline object under the property `data` whose fields are its own, written in
//!   its body and its answer (so it is hoisted as an object named after `data`), imported and
//!   checked: every name is taken before the one made unique.
//! - `openapi enum`: one answer whose schema is a text enum of up to 20,000 values, each with
//!   a label in `x-enum-descriptions`, imported and checked.
//! - `powerplatform operations`: a connector's swagger with up to 5,000 operations, each with a
//!   path parameter whose values come from another operation, a body and an answer that are
//!   definitions of their own, imported and checked.
//! - `powerplatform triggers`: a connector's swagger with up to 5,000 batch polling triggers
//!   and no policies, imported, then checked with the platform's rules, built and emitted as
//!   Rust (each imported trigger says that no polling policy is written for it).
//! - `powerplatform connection choices`: a connector whose one connection parameter offers
//!   up to 20,000 choices in its UI definition's `allowedValues`, every value twice (the
//!   importer keeps each once), imported and checked.
//!
//! `cargo bench -p connector-platform --bench scaling` prints the ratio table first, then criterion's
//! figures per size. `cargo bench -p connector-platform --bench scaling -- --ratios-only` prints the table
//! alone; `SCALING_ONLY=<part of a name>` limits the table to some workloads, and
//! `SCALING_FACTOR=10` multiplies every size.
//!
//! Wall time moves with whatever else the machine runs. `-- --instructions` counts the
//! instructions each run executes instead, under valgrind's callgrind (each size runs once in
//! a child process of this binary, and only the workload's own run is counted, not building its
//! input): the same count on a loaded machine as on a quiet one, so its ratios can be trusted.
//! It needs `valgrind` on the `PATH` and takes a few minutes for every workload.

use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

use criterion::{criterion_group, BenchmarkId, Criterion};

/// One synthetic input family: its name, its size at 1×, and how to build and process it.
struct Workload {
    name: &'static str,
    base: usize,
    build: fn(usize) -> String,
    run: fn(&str),
}

fn check(text: &str) {
    checked(text);
}

fn checked(text: &str) -> codegen::ir::Connector {
    let outcome = codegen::check_source("scaling.yaml", text.to_owned(), &Default::default());
    outcome.connector.unwrap_or_else(|| {
        panic!(
            "the synthetic spec checks: {:?}",
            outcome.diagnostics.first().map(|d| &d.message)
        )
    })
}

/// Every stage a spec goes through: `connectorc check`'s platform rules, `build`'s files and
/// `rust`'s module.
fn check_build_and_emit(text: &str) {
    let outcome = connector_platform::platform::check_source_for_platform(
        "scaling.yaml",
        text,
        &Default::default(),
    );
    let connector = outcome.connector.expect("the synthetic spec checks");
    assert!(!connector_platform::emit::folder::connector_files(&connector).is_empty());
    let module = codegen::emit::rust::emit_module(&connector, &Default::default()).expect("emits");
    assert!(!module.is_empty(), "the synthetic spec emits");
}

fn check_and_emit_rust(text: &str) {
    let module =
        codegen::emit::rust::emit_module(&checked(text), &Default::default()).expect("emits");
    assert!(!module.is_empty(), "the synthetic spec emits");
}

fn check_and_build(text: &str) {
    let files = connector_platform::emit::folder::connector_files(&checked(text));
    assert!(!files.is_empty(), "the synthetic spec builds");
}

fn check_with_errors(text: &str) {
    let outcome = codegen::check_source("scaling.yaml", text.to_owned(), &Default::default());
    assert!(
        outcome.connector.is_none() && !outcome.diagnostics.is_empty(),
        "the synthetic spec has errors"
    );
}

fn import_and_check(text: &str) {
    // The budgets stop the largest hostile shapes by default; here the growth is measured.
    let mut options = connector_platform::import::ImportOptions::default();
    options.limits.max_ref_chain = usize::MAX;
    let imported =
        connector_platform::import::openapi::import_with(text.as_bytes(), "scaling", &options)
            .expect("imports");
    let outcome = codegen::check_source("scaling.yaml", imported.yaml, &Default::default());
    assert!(
        outcome.connector.is_some(),
        "the imported spec checks: {:?}",
        outcome.diagnostics.first().map(|d| &d.message)
    );
}

const HEAD: &str = "title: Scaling\nbase_url: https://api.example.com\n";

fn alias_chain(n: usize) -> String {
    let mut out = format!("{HEAD}objects:\n");
    for i in 0..n {
        let _ = writeln!(out, "  S{i}: S{}", i + 1);
    }
    let _ = writeln!(out, "  S{n}: {{ fields: {{ id: string }} }}");
    with_one_get(out, "/s", "S0")
}

fn field_chain(n: usize) -> String {
    let mut out = format!("{HEAD}objects:\n");
    for i in 0..n {
        let _ = writeln!(
            out,
            "  O{i}: {{ fields: {{ id: string, next: O{} }} }}",
            i + 1
        );
    }
    let _ = writeln!(out, "  O{n}: {{ fields: {{ ratio: number }} }}");
    with_one_get(out, "/o", "O0")
}

fn query_parameters(n: usize) -> String {
    let mut out =
        format!("{HEAD}actions:\n  Get:\n    summary: Get\n    request: GET /q\n    params:\n");
    for i in 0..n {
        let required = i % 3 == 0;
        let _ = writeln!(
            out,
            "      p{i}: {{ in: query, type: string, required: {required} }}"
        );
    }
    out.push_str("    returns: string\n");
    out
}

fn path_parameters(n: usize) -> String {
    let path: String = (0..n).map(|i| format!("/s{i}/{{p{i}}}")).collect();
    let mut out =
        format!("{HEAD}actions:\n  Get:\n    summary: Get\n    request: GET {path}\n    params:\n");
    for i in 0..n {
        let _ = writeln!(
            out,
            "      p{i}: {{ in: path, type: string, required: true }}"
        );
    }
    out.push_str("    returns: string\n");
    out
}

fn poll_arguments(n: usize) -> String {
    let mut out =
        format!("{HEAD}actions:\n  ListItems:\n    summary: List items\n    request: GET /items\n    params:\n");
    for i in 0..n {
        let _ = writeln!(out, "      q{i}: {{ in: query, type: string }}");
    }
    out.push_str(
        "    response: { type: { list: { fields: { id: string } } } }\ntriggers:\n  OnNewItem:\n    \
         summary: When an item appears\n    poll:\n      action: ListItems\n      identity: id\n      \
         order: unordered\n      args:\n",
    );
    for i in 0..n {
        let _ = writeln!(out, "        q{i}: v{i}");
    }
    out
}

/// `out` (a spec up to its objects) with one `GET` action at `path` answering `returns`.
fn with_one_get(mut out: String, path: &str, returns: &str) -> String {
    let _ = writeln!(
        out,
        "actions:\n  Get:\n    summary: Get\n    request: GET {path}\n    response: {{ type: {returns} }}"
    );
    out
}

fn objects(n: usize) -> String {
    let mut out = format!("{HEAD}objects:\n");
    for i in 0..n {
        let _ = writeln!(
            out,
            "  Object{i}: {{ fields: {{ id: string, count: integer }} }}"
        );
    }
    with_one_get(out, "/o", "Object0")
}

fn actions(n: usize) -> String {
    let mut out = format!("{HEAD}actions:\n");
    for i in 0..n {
        let _ = writeln!(
            out,
            "  GetItem{i}:\n    summary: Get item {i}\n    request: GET /items{i}/{{id}}\n    params:\n      id: {{ type: string, required: true }}"
        );
    }
    out
}

fn enum_values(n: usize) -> String {
    let mut out = format!("{HEAD}objects:\n  Kind:\n    enum:\n");
    for i in 0..n {
        let _ = writeln!(out, "      - value{i}");
    }
    with_one_get(out, "/k", "Kind")
}

fn one_line_enum(n: usize) -> String {
    let values: Vec<String> = (0..n).map(|i| format!("value{i}")).collect();
    let out = format!(
        "{HEAD}objects:\n  Kind:\n    enum: [{}]\n",
        values.join(", ")
    );
    with_one_get(out, "/k", "Kind")
}

fn named_defaults(n: usize) -> String {
    let mut out = format!("{HEAD}objects:\n");
    for i in 0..n {
        let _ = writeln!(out, "  Kind{i}: {{ enum: [low, high] }}");
    }
    let _ = writeln!(out, "  Holder:\n    fields:");
    for i in 0..n {
        let _ = writeln!(out, "      f{i}: {{ type: Kind{i}, default: high }}");
    }
    with_one_get(out, "/h", "Holder")
}

fn limits(n: usize) -> String {
    let mut out = format!("{HEAD}limits:\n");
    for i in 0..n {
        let _ = writeln!(
            out,
            "  - {{ name: Calls {i}, calls: 10, per: 1s, applies_to: {{ actions: [ListItems{i}] }} }}\n  \
             - {{ name: Label {i}, calls: 5, per: 1m, applies_to: {{ label: L{i} }}, per_value_of: id }}"
        );
    }
    let _ = writeln!(out, "actions:");
    for i in 0..n {
        let _ = writeln!(
            out,
            "  ListItems{i}:\n    summary: List items {i}\n    request: GET /items{i}/{{id}}\n    \
             rate_label: L{i}\n    params:\n      id: {{ type: string, required: true }}\n    \
             response: {{ type: Page{i} }}"
        );
    }
    let _ = writeln!(out, "objects:");
    for i in 0..n {
        let _ = writeln!(
            out,
            "  Page{i}:\n    fields:\n      value: [{{ fields: {{ key{i}: string }} }}]"
        );
    }
    let _ = writeln!(out, "triggers:");
    for i in 0..n {
        let _ = writeln!(
            out,
            "  OnNewItem{i}:\n    summary: When item {i} appears\n    params:\n      \
             id: {{ type: string, required: true }}\n    poll:\n      action: ListItems{i}\n      \
             items: value\n      identity: key{i}\n      order: unordered"
        );
    }
    out
}

fn unknown_names(n: usize) -> String {
    let mut out = format!("{HEAD}limits:\n");
    for i in 0..n {
        let _ = writeln!(
            out,
            "  - {{ name: L{i}, calls: 1, per: 1s, applies_to: {{ actions: [GetItme{i}] }} }}"
        );
    }
    let _ = writeln!(out, "actions:");
    for i in 0..n {
        let _ = writeln!(
            out,
            "  GetItem{i}:\n    summary: Get item {i}\n    request: GET /items{i}"
        );
    }
    out
}

fn openapi_head() -> String {
    "{\"openapi\": \"3.0.0\", \"info\": {\"title\": \"Scaling\", \"version\": \"1\"}, \
     \"servers\": [{\"url\": \"https://api.example.com\"}], "
        .to_owned()
}

fn openapi_ref_chain(n: usize) -> String {
    let mut schemas = Vec::new();
    for i in 0..n {
        schemas.push(format!(
            "\"S{i}\": {{\"$ref\": \"#/components/schemas/S{}\"}}",
            i + 1
        ));
    }
    schemas.push(format!(
        "\"S{n}\": {{\"type\": \"object\", \"properties\": {{\"id\": {{\"type\": \"string\"}}}}}}"
    ));
    format!(
        "{}\"paths\": {{\"/s\": {{\"get\": {{\"operationId\": \"Get\", \"summary\": \"Get\", \
         \"responses\": {{\"200\": {{\"description\": \"ok\", \"content\": {{\"application/json\": \
         {{\"schema\": {{\"$ref\": \"#/components/schemas/S0\"}}}}}}}}}}}}}}}}, \
         \"components\": {{\"schemas\": {{{}}}}}}}",
        openapi_head(),
        schemas.join(", ")
    )
}

fn openapi_parameters(n: usize) -> String {
    let params: Vec<String> = (0..n)
        .map(|i| {
            format!(
                "{{\"name\": \"p{i}\", \"in\": \"query\", \"description\": \"Parameter {i}\", \
                 \"schema\": {{\"type\": \"string\"}}}}"
            )
        })
        .collect();
    format!(
        "{}\"paths\": {{\"/s\": {{\"get\": {{\"operationId\": \"Get\", \"summary\": \"Get\", \
         \"parameters\": [{}], \"responses\": {{\"204\": {{\"description\": \"done\"}}}}}}}}}}}}",
        openapi_head(),
        params.join(", ")
    )
}

fn openapi_operations(n: usize) -> String {
    let paths: Vec<String> = (0..n)
        .map(|i| {
            format!(
                "\"/items{i}/{{id}}\": {{\"get\": {{\"operationId\": \"GetItem{i}\", \
                 \"summary\": \"Get item {i}\", \"parameters\": [{{\"name\": \"id\", \"in\": \"path\", \
                 \"required\": true, \"schema\": {{\"type\": \"string\"}}}}], \"responses\": {{\"200\": \
                 {{\"description\": \"ok\", \"content\": {{\"application/json\": {{\"schema\": \
                 {{\"type\": \"object\", \"properties\": {{\"id{i}\": {{\"type\": \"string\"}}, \
                 \"n\": {{\"type\": \"integer\"}}}}}}}}}}}}}}}}}}"
            )
        })
        .collect();
    format!("{}\"paths\": {{{}}}}}", openapi_head(), paths.join(", "))
}

fn openapi_repeated_names(n: usize) -> String {
    let paths: Vec<String> = (0..n)
        .map(|i| {
            let shape = format!(
                "{{\"type\": \"object\", \"properties\": {{\"data\": {{\"type\": \"object\", \
                 \"properties\": {{\"f{i}\": {{\"type\": \"string\"}}}}}}}}}}"
            );
            format!(
                "\"/items{i}\": {{\"post\": {{\"operationId\": \"Get\", \"summary\": \"Get {i}\", \
                 \"requestBody\": {{\"content\": {{\"application/json\": {{\"schema\": {shape}}}}}}}, \
                 \"responses\": {{\"200\": {{\"description\": \"ok\", \"content\": \
                 {{\"application/json\": {{\"schema\": {shape}}}}}}}}}}}}}"
            )
        })
        .collect();
    format!("{}\"paths\": {{{}}}}}", openapi_head(), paths.join(", "))
}

fn openapi_enum(n: usize) -> String {
    let values: Vec<String> = (0..n).map(|i| format!("\"v-{i}\"")).collect();
    let labels: Vec<String> = (0..n).map(|i| format!("\"Value {i}\"")).collect();
    format!(
        "{}\"paths\": {{\"/e\": {{\"get\": {{\"operationId\": \"Get\", \"summary\": \"Get\", \
         \"responses\": {{\"200\": {{\"description\": \"ok\", \"content\": {{\"application/json\": \
         {{\"schema\": {{\"type\": \"string\", \"enum\": [{}], \"x-enum-descriptions\": [{}]}}}}}}}}}}}}}}}}}}",
        openapi_head(),
        values.join(", "),
        labels.join(", ")
    )
}

/// Imports a connector's swagger, or its swagger and properties file joined by
/// `PARTS_SEPARATOR`, and checks the spec it becomes.
fn import_connector_and_check(text: &str) {
    let (swagger, properties) = match text.split_once(PARTS_SEPARATOR) {
        Some((swagger, properties)) => (swagger, Some(properties.as_bytes())),
        None => (text, None),
    };
    let imported = connector_platform::import::powerplatform::import(
        swagger.as_bytes(),
        properties,
        "scaling",
    )
    .expect("imports");
    let outcome = codegen::check_source("scaling.yaml", imported.yaml, &Default::default());
    assert!(
        outcome.connector.is_some(),
        "the imported spec checks: {:?}",
        outcome.diagnostics.first().map(|d| &d.message)
    );
}

fn powerplatform_operations(n: usize) -> String {
    let mut paths = Vec::with_capacity(n);
    let mut definitions = Vec::with_capacity(n);
    for i in 0..n {
        definitions.push(format!(
            "\"Item{i}\": {{\"type\": \"object\", \"properties\": {{\"id\": {{\"type\": \"string\", \
             \"x-ms-summary\": \"Id\"}}, \"name{i}\": {{\"type\": \"string\"}}, \"count\": {{\"type\": \
             \"integer\", \"format\": \"int32\"}}}}}}"
        ));
        paths.push(format!(
            "\"/items{i}/{{id}}\": {{\"post\": {{\"operationId\": \"UpdateItem{i}\", \"summary\": \
             \"Update item {i}\", \"description\": \"Updates item {i}.\", \"parameters\": [{{\"name\": \
             \"id\", \"in\": \"path\", \"required\": true, \"type\": \"string\", \
             \"x-ms-dynamic-values\": {{\"operationId\": \"UpdateItem{}\", \"value-path\": \"id\", \
             \"value-collection\": \"value\"}}}}, {{\"name\": \"body\", \"in\": \"body\", \"schema\": \
             {{\"$ref\": \"#/definitions/Item{i}\"}}}}], \"responses\": {{\"200\": {{\"description\": \
             \"ok\", \"schema\": {{\"$ref\": \"#/definitions/Item{i}\"}}}}}}}}}}",
            (i + 7) % n
        ));
    }
    format!(
        "{{\"swagger\": \"2.0\", \"info\": {{\"title\": \"Scaling\", \"version\": \"1.0\", \
         \"description\": \"A connector.\"}}, \"host\": \"api.example.com\", \"basePath\": \"/\", \
         \"schemes\": [\"https\"], \"paths\": {{{}}}, \"definitions\": {{{}}}}}",
        paths.join(", "),
        definitions.join(", ")
    )
}

fn powerplatform_triggers(n: usize) -> String {
    let paths: Vec<String> = (0..n)
        .map(|i| {
            format!(
                "\"/events{i}\": {{\"get\": {{\"operationId\": \"OnEvent{i}\", \"summary\": \
                 \"When event {i} happens\", \"description\": \"Polls events {i}.\", \"x-ms-trigger\": \
                 \"batch\", \"responses\": {{\"200\": {{\"description\": \"ok\", \"schema\": \
                 {{\"type\": \"object\", \"properties\": {{\"value\": {{\"type\": \"array\", \
                 \"items\": {{\"type\": \"object\", \"properties\": {{\"id\": {{\"type\": \
                 \"string\"}}}}}}}}}}}}}}}}}}}}"
            )
        })
        .collect();
    format!(
        "{{\"swagger\": \"2.0\", \"info\": {{\"title\": \"Scaling\", \"version\": \"1.0\", \
         \"description\": \"A connector.\"}}, \"host\": \"api.example.com\", \"basePath\": \"/\", \
         \"schemes\": [\"https\"], \"paths\": {{{}}}}}",
        paths.join(", ")
    )
}

fn import_connector_check_build_and_emit(text: &str) {
    let imported =
        connector_platform::import::powerplatform::import(text.as_bytes(), None, "scaling")
            .expect("imports");
    check_build_and_emit(&imported.yaml);
}

/// Joins a connector's swagger and its properties file in one input text.
const PARTS_SEPARATOR: char = '\u{0}';

fn powerplatform_connection_choices(n: usize) -> String {
    let choices: Vec<String> = (0..n)
        .map(|i| {
            let value = i / 2;
            format!("{{\"text\": \"Region {i}\", \"value\": \"r{value}.example.com\"}}")
        })
        .collect();
    let swagger = "{\"swagger\": \"2.0\", \"info\": {\"title\": \"Scaling\", \"version\": \"1.0\", \
         \"description\": \"A connector.\"}, \"host\": \"api.example.com\", \"basePath\": \"/\", \
         \"schemes\": [\"https\"], \"paths\": {\"/notes\": {\"get\": {\"operationId\": \"ListNotes\", \
         \"summary\": \"List notes\", \"responses\": {\"200\": {\"description\": \"OK\"}}}}}}";
    let properties = format!(
        "{{\"properties\": {{\"connectionParameters\": {{\"region\": {{\"type\": \"string\", \
         \"uiDefinition\": {{\"displayName\": \"Region\", \"description\": \"Your region\", \
         \"constraints\": {{\"required\": \"true\", \"allowedValues\": [{}]}}}}}}}}}}}}",
        choices.join(", ")
    );
    format!("{swagger}{PARTS_SEPARATOR}{properties}")
}

fn workloads() -> Vec<Workload> {
    vec![
        Workload {
            name: "alias chain",
            base: 40,
            build: alias_chain,
            run: check,
        },
        Workload {
            name: "alias chain built",
            base: 40,
            build: alias_chain,
            run: check_and_build,
        },
        Workload {
            name: "field chain emitted",
            base: 40,
            build: field_chain,
            run: check_and_emit_rust,
        },
        Workload {
            name: "query parameters emitted",
            base: 50,
            build: query_parameters,
            run: check_and_emit_rust,
        },
        Workload {
            name: "path parameters",
            base: 50,
            build: path_parameters,
            run: check_build_and_emit,
        },
        Workload {
            name: "poll arguments",
            base: 50,
            build: poll_arguments,
            run: check_and_emit_rust,
        },
        Workload {
            name: "objects",
            base: 400,
            build: objects,
            run: check,
        },
        Workload {
            name: "actions",
            base: 100,
            build: actions,
            run: check,
        },
        Workload {
            name: "enum values",
            base: 200,
            build: enum_values,
            run: check,
        },
        Workload {
            name: "enum values on one line",
            base: 200,
            build: one_line_enum,
            run: check,
        },
        Workload {
            name: "named defaults",
            base: 200,
            build: named_defaults,
            run: check,
        },
        Workload {
            name: "limits",
            base: 40,
            build: limits,
            run: check,
        },
        Workload {
            name: "unknown names",
            base: 40,
            build: unknown_names,
            run: check_with_errors,
        },
        Workload {
            name: "openapi $ref chain",
            base: 20,
            build: openapi_ref_chain,
            run: import_and_check,
        },
        Workload {
            name: "openapi parameters",
            base: 50,
            build: openapi_parameters,
            run: import_and_check,
        },
        Workload {
            name: "openapi operations",
            base: 50,
            build: openapi_operations,
            run: import_and_check,
        },
        Workload {
            name: "openapi repeated names",
            base: 50,
            build: openapi_repeated_names,
            run: import_and_check,
        },
        Workload {
            name: "openapi enum",
            base: 200,
            build: openapi_enum,
            run: import_and_check,
        },
        Workload {
            name: "powerplatform operations",
            base: 50,
            build: powerplatform_operations,
            run: import_connector_and_check,
        },
        Workload {
            name: "powerplatform triggers",
            base: 50,
            build: powerplatform_triggers,
            run: import_connector_check_build_and_emit,
        },
        Workload {
            name: "powerplatform connection choices",
            base: 200,
            build: powerplatform_connection_choices,
            run: import_connector_and_check,
        },
    ]
}

/// `SCALING_FACTOR=10` multiplies every base size, to see whether a growth holds at larger sizes.
fn base_factor() -> usize {
    std::env::var("SCALING_FACTOR")
        .ok()
        .and_then(|f| f.parse().ok())
        .unwrap_or(1)
}

/// The fastest of a few runs: the least disturbed by other work on the machine.
fn fastest(run: fn(&str), input: &str) -> Duration {
    let mut best = Duration::MAX;
    let mut spent = Duration::ZERO;
    for _ in 0..7 {
        let start = Instant::now();
        run(input);
        let took = start.elapsed();
        best = best.min(took);
        spent += took;
        if spent > Duration::from_secs(20) {
            break;
        }
    }
    best
}

/// The workloads `SCALING_ONLY` selects (those whose name contains it; all when unset).
fn selected() -> Vec<Workload> {
    let only = std::env::var("SCALING_ONLY").unwrap_or_default();
    workloads()
        .into_iter()
        .filter(|w| w.name.contains(only.as_str()))
        .collect()
}

/// Prints, per workload, the cost at 1×, 10× and 100× (`measure(workload, scale)`, shown by
/// `show`) and the growth per 10×.
fn ratios(unit: &str, measure: impl Fn(&Workload, usize) -> f64, show: impl Fn(f64) -> String) {
    println!(
        "{:<20} {:>8} {:>14} {:>14} {:>14} {:>9} {:>9}",
        "workload", "1x size", "1x", "10x", "100x", "10x/1x", "100x/10x"
    );
    let mut worst: f64 = 0.0;
    for workload in selected() {
        let costs: Vec<f64> = [1, 10, 100]
            .iter()
            .map(|&scale| measure(&workload, scale))
            .collect();
        let growth = |a: f64, b: f64| b / a.max(1e-9);
        let (first, second) = (growth(costs[0], costs[1]), growth(costs[1], costs[2]));
        worst = worst.max(second);
        println!(
            "{:<20} {:>8} {:>14} {:>14} {:>14} {:>8.1}x {:>8.1}x",
            workload.name,
            workload.base * base_factor(),
            show(costs[0]),
            show(costs[1]),
            show(costs[2]),
            first,
            second
        );
    }
    println!(
        "worst growth per 10x at the largest size, in {unit}: {worst:.1}x (target: at most 12x)"
    );
}

/// The fastest of a few runs of `workload` at `scale`, in seconds.
fn seconds(workload: &Workload, scale: usize) -> f64 {
    let input = (workload.build)(workload.base * scale * base_factor());
    fastest(workload.run, &input).as_secs_f64()
}

/// The child's side of `--instructions`: `SCALING_RUN=<workload>:<scale>` builds that input
/// and runs it once (`SCALING_RUN=build:<workload>:<scale>` only builds it).
fn run_one(spec: &str) {
    let (build_only, spec) = match spec.strip_prefix("build:") {
        Some(rest) => (true, rest),
        None => (false, spec),
    };
    let (name, scale) = spec
        .rsplit_once(':')
        .expect("SCALING_RUN=<workload>:<scale>");
    let scale: usize = scale.parse().expect("a whole scale");
    let workload = workloads()
        .into_iter()
        .find(|w| w.name == name)
        .expect("a known workload");
    let input = (workload.build)(workload.base * scale * base_factor());
    if !build_only {
        (workload.run)(std::hint::black_box(&input));
    }
    drop(std::hint::black_box(input));
}

/// The instructions one run of `workload` at `scale` executes: callgrind's count of a child
/// that builds the input and runs it, less that of a child that only builds it.
fn instructions(workload: &Workload, scale: usize) -> f64 {
    let whole = child_instructions(&format!("{}:{scale}", workload.name));
    let building = child_instructions(&format!("build:{}:{scale}", workload.name));
    assert!(
        whole > building,
        "the run of {} counted nothing",
        workload.name
    );
    whole - building
}

/// Every instruction a child of this binary with `SCALING_RUN=<run>` executes, in all its
/// threads (the checker runs on a thread of its own), counted by callgrind.
fn child_instructions(run: &str) -> f64 {
    let out = std::env::temp_dir().join(format!(
        "scaling-{}-{}.callgrind",
        run.replace(|c: char| !c.is_ascii_alphanumeric(), "_"),
        std::process::id()
    ));
    let exe: PathBuf = std::env::current_exe().expect("the bench binary's path");
    let status = Command::new("valgrind")
        .arg("--tool=callgrind")
        .arg("--quiet")
        .arg(format!("--callgrind-out-file={}", out.display()))
        .arg(exe)
        .env("SCALING_RUN", run)
        .status()
        .expect("valgrind runs (is it installed?)");
    assert!(status.success(), "valgrind failed on {run}");
    let text = std::fs::read_to_string(&out).expect("callgrind wrote its counts");
    let _ = std::fs::remove_file(&out);
    text.lines()
        .find_map(|line| line.strip_prefix("summary:"))
        .and_then(|n| n.trim().parse::<f64>().ok())
        .expect("callgrind's summary line")
}

/// An instruction count in millions.
fn millions(count: f64) -> String {
    format!("{:.1} M", count / 1e6)
}

fn scaling(c: &mut Criterion) {
    for workload in workloads() {
        let mut group = c.benchmark_group(format!("scaling/{}", workload.name));
        group.sample_size(10);
        group.measurement_time(Duration::from_secs(5));
        for scale in [1, 10, 100] {
            let size = workload.base * scale;
            let input = (workload.build)(size);
            group.bench_with_input(BenchmarkId::from_parameter(size), &input, |b, input| {
                b.iter(|| (workload.run)(input))
            });
        }
        group.finish();
    }
}

criterion_group!(benches, scaling);

fn main() {
    if let Ok(spec) = std::env::var("SCALING_RUN") {
        return run_one(&spec);
    }
    if std::env::args().any(|a| a == "--instructions") {
        if Command::new("valgrind").arg("--version").output().is_err() {
            println!("skipped: `--instructions` needs valgrind on the PATH");
            return;
        }
        return ratios("instructions", instructions, millions);
    }
    ratios("time", seconds, |s| {
        format!("{:.3?}", Duration::from_secs_f64(s))
    });
    if std::env::args().any(|a| a == "--ratios-only") {
        return;
    }
    benches();
    criterion::Criterion::default()
        .configure_from_args()
        .final_summary();
}
