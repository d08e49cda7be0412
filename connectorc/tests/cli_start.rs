//! Starting a connector outside the repository, as a new user does: `init` writes a spec that
//! checks, lints and builds clean; `check` reports the platform's rules and fails on them with
//! `--deny-warnings`; `lint` takes a spec file; `build` never writes outside `--out` and never
//! lets two specs share a folder; `schema --write` and the `$schema` line resolve beside the spec.

use std::path::Path;
use std::process::{Command, Output};

fn connectorc(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_connectorc"))
        .current_dir(dir)
        .args(args)
        .output()
        .expect("connectorc runs")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[path = "support/scratch.rs"]
mod scratch;

fn temp_dir(name: &str) -> scratch::Scratch {
    scratch::Scratch::new(&format!("start-{name}"))
}

/// Every file under `dir`, relative to it, sorted.
fn files_under(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(at) = stack.pop() {
        for entry in std::fs::read_dir(&at).expect("readable") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let relative = path.strip_prefix(dir).expect("under dir");
                out.push(relative.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn init_writes_a_spec_that_checks_lints_and_builds_clean() {
    let dir = temp_dir("init");
    // `init` reuses the nearest schema in a parent folder, and the temporary folder may sit
    // under one (a checkout, say); then that one is the schema the spec must name.
    let above = codegen::schema_path_from(&dir);
    let init = connectorc(&dir, &["init", "My Tasks"]);
    assert!(init.status.success(), "{}", stderr(&init));
    let spec = std::fs::read_to_string(dir.join("my_tasks.yaml")).expect("spec");
    match &above {
        None => {
            assert_eq!(
                files_under(&dir),
                ["connector.schema.json", "my_tasks.yaml"]
            );
            let schema =
                std::fs::read_to_string(dir.join("connector.schema.json")).expect("schema");
            assert_eq!(schema, codegen::spec_schema_json());
        }
        Some(path) => {
            println!("the temporary folder sits under a schema ({path}); init must name it");
            assert_eq!(files_under(&dir), ["my_tasks.yaml"]);
            assert!(dir.join(path).is_file(), "{path}");
        }
    }
    let named = above.as_deref().unwrap_or("connector.schema.json");
    assert!(
        spec.starts_with(&format!("# yaml-language-server: $schema={named}\n")),
        "{spec}"
    );

    let check = connectorc(&dir, &["check", "--deny-warnings", "my_tasks.yaml"]);
    assert!(check.status.success(), "{}", stderr(&check));
    assert!(stderr(&check).contains("no problems"), "{}", stderr(&check));
    let lint = connectorc(&dir, &["lint", "my_tasks.yaml"]);
    assert!(lint.status.success(), "{}", stderr(&lint));
    assert!(
        stderr(&lint).contains("0 error(s), 0 warning(s)"),
        "{}",
        stderr(&lint)
    );
    let build = connectorc(&dir, &["build", "my_tasks.yaml", "--out", "out"]);
    assert!(build.status.success(), "{}", stderr(&build));
    assert!(dir
        .join("out/my_tasks/apiDefinition.swagger.json")
        .is_file());

    // A second init does not overwrite the first.
    let again = connectorc(&dir, &["init", "My Tasks"]);
    assert_eq!(again.status.code(), Some(2), "{}", stderr(&again));
    assert_eq!(
        std::fs::read_to_string(dir.join("my_tasks.yaml")).unwrap(),
        spec
    );
}

#[test]
fn init_crate_writes_a_crate_whose_build_script_compiles_the_spec() {
    let dir = temp_dir("init-crate");
    let init = connectorc(&dir, &["init", "tasks", "--crate"]);
    assert!(init.status.success(), "{}", stderr(&init));
    assert_eq!(
        files_under(&dir.join("tasks")),
        [
            "Cargo.toml",
            "build.rs",
            "connector.schema.json",
            "specs/tasks.yaml",
            "src/main.rs"
        ]
    );
    let cargo = std::fs::read_to_string(dir.join("tasks/Cargo.toml")).unwrap();
    let repository = std::fs::canonicalize(Path::new(env!("CARGO_MANIFEST_DIR")).join(".."))
        .expect("repository");
    let runtime = repository.display().to_string().replace('\\', "/");
    assert!(
        cargo.contains(&format!(
            "connectors = {{ path = \"{runtime}\", default-features = false }}"
        )),
        "{cargo}"
    );
    assert!(cargo.contains(&format!("codegen = {{ path = \"{runtime}/codegen\" }}")));
    let spec = std::fs::read_to_string(dir.join("tasks/specs/tasks.yaml")).unwrap();
    assert!(spec.starts_with("# yaml-language-server: $schema=../connector.schema.json\n"));
    // What the crate's build.rs does, run here: the spec compiles into a module `tasks` whose
    // client has the method main.rs calls.
    let out = dir.join("out_dir");
    std::fs::create_dir_all(&out).unwrap();
    let written = codegen::Config::new()
        .out_dir(&out)
        .emit_rerun_if_changed(false)
        .compile(&[dir.join("tasks/specs")]);
    assert!(written.is_ok(), "{:?}", written.err());
    let module = std::fs::read_to_string(out.join("tasks.rs")).expect("tasks.rs");
    assert!(module.contains("pub async fn get_task"), "{module}");
    let main = std::fs::read_to_string(dir.join("tasks/src/main.rs")).unwrap();
    assert!(main.contains("tasks::Client::new(tasks::Connection {"));
    assert!(main.contains("client.get_task(\"1\")"));
}

#[test]
fn check_reports_platform_rules_and_denies_them_on_request() {
    let dir = temp_dir("platform");
    std::fs::write(
        dir.join("bare.yaml"),
        "title: Bare\nbase_url: https://api.example.com\nactions:\n  Ping:\n    summary: Ping\n    request: GET /ping\n",
    )
    .unwrap();
    let check = connectorc(&dir, &["check", "bare.yaml"]);
    assert!(check.status.success(), "{}", stderr(&check));
    let report = stderr(&check);
    assert!(report.contains("W0806"), "{report}");
    assert!(
        report.contains("ConnectorMetadataPropertiesMissing"),
        "{report}"
    );
    assert!(
        report.contains("bare.yaml:1:8"),
        "points at the title: {report}"
    );
    let denied = connectorc(&dir, &["check", "--deny-warnings", "bare.yaml"]);
    assert_eq!(denied.status.code(), Some(1), "{}", stderr(&denied));
    let lint = connectorc(&dir, &["lint", "bare.yaml"]);
    assert_eq!(lint.status.code(), Some(1), "{}", stderr(&lint));
    assert!(String::from_utf8_lossy(&lint.stdout).contains("ConnectorMetadataPropertiesMissing"));
}

#[test]
fn build_without_specs_outside_the_repository_says_what_to_do() {
    let dir = temp_dir("empty");
    let build = connectorc(&dir, &["build"]);
    assert_eq!(build.status.code(), Some(2));
    let message = stderr(&build);
    assert!(
        message.contains("no `connectors/` folder here"),
        "{message}"
    );
    assert!(message.contains("connectorc init"), "{message}");
    assert!(files_under(&dir).is_empty());
}

const SPEC: &str = "title: Demo\nbase_url: https://api.example.com\n";

#[test]
fn a_spec_named_dot_dot_never_writes_outside_out() {
    let dir = temp_dir("dotdot");
    std::fs::create_dir_all(dir.join("connectors")).unwrap();
    std::fs::write(dir.join("connectors/...yaml"), SPEC).unwrap();
    std::fs::write(dir.join("README.md"), "mine\n").unwrap();
    let build = connectorc(&dir, &["build", "connectors", "--out", "out"]);
    assert!(build.status.success(), "{}", stderr(&build));
    let message = stderr(&build);
    assert!(message.contains("W0805"), "{message}");
    assert!(message.contains("the id is `demo`"), "{message}");
    assert_eq!(
        std::fs::read_to_string(dir.join("README.md")).unwrap(),
        "mine\n"
    );
    let written: Vec<String> = files_under(&dir)
        .into_iter()
        .filter(|f| !f.starts_with("connectors/"))
        .collect();
    assert_eq!(
        written,
        [
            "README.md",
            "out/demo/README.md",
            "out/demo/apiDefinition.swagger.json",
            "out/demo/apiProperties.json",
            "out/demo/icon.png",
            "out/demo/openapi.yaml"
        ]
    );
}

#[test]
fn two_specs_with_one_id_are_an_error_and_neither_is_built() {
    let dir = temp_dir("same-id");
    for folder in ["a", "b"] {
        std::fs::create_dir_all(dir.join(folder)).unwrap();
        std::fs::write(dir.join(folder).join("x.yaml"), SPEC).unwrap();
    }
    std::fs::write(dir.join("b/other.yaml"), format!("{SPEC}id: X\n")).unwrap();
    let build = connectorc(&dir, &["build", "a", "b", "--out", "out"]);
    assert_eq!(build.status.code(), Some(1), "{}", stderr(&build));
    let message = stderr(&build);
    assert!(message.contains("C0301"), "{message}");
    assert!(message.contains("both have the connector id"), "{message}");
    assert!(!dir.join("out").exists(), "{:?}", files_under(&dir));
    let check = connectorc(&dir, &["check", "a", "b"]);
    assert_eq!(check.status.code(), Some(1), "{}", stderr(&check));
    assert_eq!(
        stderr(&check).matches("both have the connector id").count(),
        2
    );
}

#[test]
fn import_points_its_schema_line_at_a_schema_that_exists() {
    let dir = temp_dir("import-schema");
    let source = dir.join("api.json");
    std::fs::write(
        &source,
        r#"{"openapi":"3.0.0","info":{"title":"Pets","version":"1"},"servers":[{"url":"https://pets.example.com"}],
           "paths":{"/pets":{"get":{"operationId":"ListPets","summary":"List pets","responses":{"200":{"description":"ok"}}}}}}"#,
    )
    .unwrap();
    let import = connectorc(&dir, &["import", "api.json", "-o", "specs/pets.yaml"]);
    assert!(import.status.success(), "{}", stderr(&import));
    let spec = std::fs::read_to_string(dir.join("specs/pets.yaml")).unwrap();
    let first = spec.lines().next().unwrap();
    let schema = first
        .strip_prefix("# yaml-language-server: $schema=")
        .expect("schema line");
    assert!(dir.join("specs").join(schema).is_file(), "{first}");

    // Beside a schema written by `schema --write`, the spec points at that one.
    let write = connectorc(&dir, &["schema", "--write", "."]);
    assert!(write.status.success(), "{}", stderr(&write));
    let import = connectorc(&dir, &["import", "api.json", "-o", "deep/er/pets.yaml"]);
    assert!(import.status.success(), "{}", stderr(&import));
    let spec = std::fs::read_to_string(dir.join("deep/er/pets.yaml")).unwrap();
    assert!(
        spec.starts_with("# yaml-language-server: $schema=../../connector.schema.json\n"),
        "{}",
        spec.lines().next().unwrap()
    );
    assert!(!dir.join("deep/er/connector.schema.json").exists());
}
