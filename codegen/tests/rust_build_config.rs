//! `codegen::Config` as a build script uses it: one module per spec written into the output
//! directory, files rewritten only when their content changes, and a broken spec reported with
//! its file, line and column.

use std::path::{Path, PathBuf};
use std::time::SystemTime;

const WEBINAR: &str = "title: Tiny\nbase_url: https://example.com\nactions:\n  Ping:\n    summary: Ping\n    request: GET /ping\n    returns: { fields: { ok: boolean } }\n";

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("codegen-build-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("specs")).unwrap();
    std::fs::create_dir_all(dir.join("out")).unwrap();
    dir
}

fn modified(path: &Path) -> SystemTime {
    std::fs::metadata(path).unwrap().modified().unwrap()
}

#[test]
fn writes_one_module_per_spec_and_only_when_it_changed() {
    let dir = scratch("write");
    std::fs::write(dir.join("specs/alpha.yaml"), WEBINAR).unwrap();
    std::fs::write(dir.join("specs/beta.yaml"), WEBINAR.replace("Tiny", "Beta")).unwrap();
    let mut config = codegen::Config::new();
    config.emit_rerun_if_changed(false).out_dir(dir.join("out"));
    let connectors = config.compile(&[dir.join("specs")]).expect("compiles");
    assert_eq!(connectors.len(), 2);
    let alpha = dir.join("out/alpha.rs");
    let beta = dir.join("out/beta.rs");
    let index = std::fs::read_to_string(dir.join("out/mod.rs")).unwrap();
    assert!(index.contains("pub mod alpha"), "{index}");
    assert!(index.contains("pub mod beta"), "{index}");
    assert!(std::fs::read_to_string(&alpha)
        .unwrap()
        .starts_with("// @generated"));

    let (alpha_time, beta_time) = (modified(&alpha), modified(&beta));
    std::thread::sleep(std::time::Duration::from_millis(20));
    config
        .compile(&[dir.join("specs")])
        .expect("compiles again");
    assert_eq!(
        modified(&alpha),
        alpha_time,
        "an unchanged module is not rewritten"
    );
    assert_eq!(modified(&beta), beta_time);

    std::fs::write(
        dir.join("specs/alpha.yaml"),
        WEBINAR.replace("summary: Ping", "summary: Ping the service"),
    )
    .unwrap();
    config
        .compile(&[dir.join("specs")])
        .expect("compiles after an edit");
    assert!(std::fs::read_to_string(&alpha)
        .unwrap()
        .contains("Ping the service"));
    assert_eq!(
        modified(&beta),
        beta_time,
        "only the edited spec's module changes"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_broken_spec_fails_with_its_location() {
    let dir = scratch("broken");
    std::fs::write(
        dir.join("specs/broken.yaml"),
        "title: Broken\nbase_url: https://example.com\nactions:\n  Get:\n    request: GET /x\n    returns: Webnar\n",
    )
    .unwrap();
    let mut config = codegen::Config::new();
    config.emit_rerun_if_changed(false).out_dir(dir.join("out"));
    let report = config
        .compile(&[dir.join("specs")])
        .expect_err("fails")
        .to_string();
    assert!(report.contains("broken.yaml:6:"), "{report}");
    assert!(report.contains("Webnar"), "{report}");
    assert!(!dir.join("out/broken.rs").exists());
    let _ = std::fs::remove_dir_all(&dir);
}

const TAGGED: &str = "title: Tagged\nbase_url: https://example.com\nactions:\n  Ping:\n    summary: Ping\n    request: GET /ping\n    tags: [Health Checks]\n    returns: { fields: { ok: boolean } }\n";

#[test]
fn tag_features_switch_gates_tagged_actions_in_the_written_module() {
    let dir = scratch("tags");
    std::fs::write(dir.join("specs/tagged.yaml"), TAGGED).unwrap();
    let gate = "#[cfg(feature = \"tag-health-checks\")]";
    let mut config = codegen::Config::new();
    config.emit_rerun_if_changed(false).out_dir(dir.join("out"));
    config.compile(&[dir.join("specs")]).expect("compiles");
    let plain = std::fs::read_to_string(dir.join("out/tagged.rs")).unwrap();
    assert!(
        !plain.contains("tag-health-checks"),
        "off by default:\n{plain}"
    );

    let connectors = config
        .tag_features(true)
        .compile(&[dir.join("specs")])
        .expect("compiles with tag features");
    let gated = std::fs::read_to_string(dir.join("out/tagged.rs")).unwrap();
    let options = codegen::emit::rust::RustOptions {
        tag_features: true,
        ..Default::default()
    };
    let expected = codegen::emit::rust::emit_module(&connectors[0], &options).unwrap();
    assert_eq!(
        gated, expected,
        "the module is the emitter's with tag features"
    );
    assert!(gated.contains(gate), "{gated}");
    let _ = std::fs::remove_dir_all(&dir);
}
