//! Lints the module generated for every seed spec, for the example crate's specs, for the
//! adversarial specs in `tests/rust_adversarial/` (keywords, digits, spaces, dashes, unicode,
//! quotes, `*/`, newlines, names of the client's own methods) and for a deterministic sample of
//! imported corpus connectors (30 Power Platform connectors and the OpenAPI documents of
//! `../shared/corpus`, when it is there) and 40 random specs whose names come from a hostile
//! alphabet (`tests/support/random_spec.rs`) with `cargo clippy`, in one library crate under
//! `#![deny(warnings, missing_docs, clippy::all, rust_2018_idioms)]`: the lints a user may put
//! on a crate that includes generated clients. The crate `connectorc rust --crate` writes (for
//! the WebEx seed) is a path dependency of that crate, so it is built in the same run. The
//! ClickMeeting seed is also there with per-tag features (`RustOptions::tag_features`), of
//! which the crate turns on only `tag-files`: a client compiled for one tag must be clean too.

use std::path::Path;
use std::process::Command;

use codegen::emit::rust::{emit_module, tag_feature, RustOptions};
use connector_harness::sample::{rust_module, rust_sample};

#[path = "support/random_spec.rs"]
mod random_spec;

/// How many random specs join the crate.
const RANDOM_SPECS: u64 = 40;

/// `pub mod <name>` including `code`, written beside the crate's `lib.rs`.
fn add_module(src: &Path, lib: &mut String, name: &str, code: &str) {
    std::fs::write(src.join(format!("{name}.rs")), code).unwrap();
    lib.push_str(&format!(
        "/// The generated `{name}` client.\npub mod {name};\n\n"
    ));
}

/// Writes the crate form of the WebEx seed's client into `dir/crate_form`; returns its name.
fn write_crate_form(root: &Path, dir: &Path) -> String {
    let out = dir.join("crate_form");
    if out.exists() {
        std::fs::remove_dir_all(&out).unwrap();
    }
    let connector = codegen::check_file(&root.join("connectors/webex.yaml"))
        .connector
        .expect("the WebEx seed checks");
    let files = codegen::emit::rust::crate_files(&connector, root).expect("emits");
    for file in &files {
        let path = out.join(&file.name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, &file.content).unwrap();
    }
    let manifest = files.iter().find(|f| f.name == "Cargo.toml").unwrap();
    let manifest = manifest.text().unwrap();
    let name = manifest
        .lines()
        .find_map(|l| l.strip_prefix("name = "))
        .expect("the crate has a name");
    name.trim_matches('"').to_owned()
}

/// Adds the client of the seed `connectors/<seed>.yaml`, emitted with `options`, as the module
/// `name`; returns the checked seed.
fn add_seed_module(
    root: &Path,
    src: &Path,
    lib: &mut String,
    seed: &str,
    name: &str,
    options: &RustOptions,
) -> codegen::ir::Connector {
    let connector = codegen::check_file(&root.join(format!("connectors/{seed}.yaml")))
        .connector
        .unwrap_or_else(|| panic!("the {seed} seed checks"));
    let code = emit_module(&connector, options).expect("emits");
    add_module(src, lib, name, &code);
    connector
}

/// Adds the Zoom seed's client with the direct form of `json_object!`
/// (`RustOptions::fast_decode`) as `direct_zoom`.
fn add_direct_module(root: &Path, src: &Path, lib: &mut String) {
    let options = RustOptions {
        fast_decode: true,
        ..RustOptions::default()
    };
    add_seed_module(root, src, lib, "zoom", "direct_zoom", &options);
}

/// The tag whose feature the lint crate turns on; the others are declared and off.
const ONE_TAG: &str = "Files";

/// Adds the ClickMeeting seed's client with per-tag features as `tagged_clickmeeting`; returns
/// the `[features]` table that declares them with only [`ONE_TAG`]'s on.
fn add_tagged_module(root: &Path, src: &Path, lib: &mut String) -> String {
    let options = RustOptions {
        tag_features: true,
        ..RustOptions::default()
    };
    let connector = add_seed_module(
        root,
        src,
        lib,
        "clickmeeting",
        "tagged_clickmeeting",
        &options,
    );
    let mut features: Vec<String> = connector
        .actions
        .iter()
        .flat_map(|a| a.tags.iter().map(|t| tag_feature(t)))
        .collect();
    features.sort();
    features.dedup();
    let on = tag_feature(ONE_TAG);
    assert!(features.contains(&on) && features.len() > 1, "{features:?}");
    let mut table = format!("[features]\ndefault = [{on:?}]\n");
    for feature in features {
        table.push_str(&format!("{feature} = []\n"));
    }
    table.push('\n');
    table
}

#[test]
fn generated_modules_are_clean_under_clippy_and_strict_lints() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("generated_clippy");
    let src = dir.join("src");
    if src.exists() {
        std::fs::remove_dir_all(&src).unwrap();
    }
    std::fs::create_dir_all(&src).unwrap();
    let all = codegen::spec_files(&[
        root.join("connectors"),
        root.join("examples/custom-connector/specs"),
        root.join("tests/rust_adversarial"),
    ])
    .expect("the project's spec folders list");
    let mut lib = String::from(
        "//! Every generated client, under the strictest lints a user may set.\n\
         #![deny(warnings, missing_docs, clippy::all, rust_2018_idioms)]\n\n",
    );
    for spec in all {
        let outcome = codegen::check_file(&spec);
        let connector = outcome.connector.unwrap_or_else(|| {
            panic!(
                "{} does not check:\n{}",
                spec.display(),
                codegen::diag::render_text(
                    &outcome.diagnostics,
                    codegen::diag::RenderStyle::plain()
                )
            )
        });
        let code = emit_module(&connector, &RustOptions::default()).expect("emits");
        add_module(&src, &mut lib, &connector.module_name, &code);
    }
    // Random specs from a hostile alphabet: each that checks clean must lint clean too.
    let mut random_clean = 0;
    for seed in 0..RANDOM_SPECS {
        let mut rng = random_spec::Rng::new(seed);
        let text = random_spec::spec(&mut rng, &format!("Random {seed}"));
        let path = format!("random_{seed}.yaml");
        let outcome = codegen::check_source(&path, text.clone(), &Default::default());
        if outcome.has_errors() {
            continue;
        }
        let Some(connector) = outcome.connector else {
            continue;
        };
        let code = emit_module(&connector, &RustOptions::default())
            .unwrap_or_else(|e| panic!("{path} does not emit: {e}\n{text}"));
        add_module(&src, &mut lib, &connector.module_name, &code);
        std::fs::write(src.join(format!("{}.yaml", connector.module_name)), &text).unwrap();
        random_clean += 1;
    }
    // Most random specs are valid; a generator that made none would test nothing.
    assert!(
        random_clean >= RANDOM_SPECS / 2,
        "only {random_clean} of {RANDOM_SPECS} random specs check clean"
    );
    let corpus = root.join("../shared/corpus");
    if corpus.is_dir() {
        for source in rust_sample(&corpus, false) {
            let module = rust_module(&source)
                .unwrap_or_else(|error| panic!("{}: {error}", source.display()));
            // Prefixed: an imported connector may share a seed's name.
            add_module(
                &src,
                &mut lib,
                &format!("imported_{}", module.name),
                &module.code,
            );
        }
    } else {
        println!("skipped the imported corpus clients: no ../shared/corpus beside the project");
    }
    let features = add_tagged_module(root, &src, &mut lib);
    add_direct_module(root, &src, &mut lib);
    let crate_form = write_crate_form(root, &dir);
    lib.push_str(&format!(
        "/// The crate `connectorc rust --crate` writes, built as a dependency.\npub use {} as crate_form;\n",
        crate_form.replace('-', "_")
    ));
    std::fs::write(src.join("lib.rs"), lib).unwrap();
    let manifest = format!(
        "[package]\nname = \"generated-clients\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n\
         [dependencies]\nconnectors = {{ path = {:?}, default-features = false }}\n\
         {crate_form} = {{ path = \"crate_form\" }}\n\n{features}[workspace]\n",
        root.display().to_string()
    );
    std::fs::write(dir.join("Cargo.toml"), manifest).unwrap();
    // The workspace's lock file: the same dependency versions as the rest of the tests.
    std::fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let output = Command::new(cargo)
        .arg("clippy")
        .arg("--quiet")
        .arg("--manifest-path")
        .arg(dir.join("Cargo.toml"))
        .arg("--")
        .arg("-D")
        .arg("warnings")
        .env("CARGO_TARGET_DIR", dir.join("target"))
        .output()
        .expect("runs cargo clippy");
    assert!(
        output.status.success(),
        "the generated clients are not clean:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}
