//! Snapshots of the Rust module generated for each seed connector in `connectors/`.

use std::path::PathBuf;

use codegen::emit::rust::{emit_module, RustOptions};

fn emit(name: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../connectors")
        .join(format!("{name}.yaml"));
    let outcome = codegen::check_file(&path);
    let connector = outcome.connector.unwrap_or_else(|| {
        panic!(
            "{name}.yaml does not check:\n{}",
            codegen::diag::render_text(&outcome.diagnostics, codegen::diag::RenderStyle::plain())
        )
    });
    emit_module(&connector, &RustOptions::default()).expect("emits")
}

macro_rules! seed_snapshot {
    ($test:ident, $name:literal) => {
        #[test]
        fn $test() {
            let first = emit($name);
            assert_eq!(first, emit($name), "output is not deterministic");
            insta::assert_snapshot!(concat!("rust_", $name), first);
        }
    };
}

seed_snapshot!(gotowebinar_module, "gotowebinar");
seed_snapshot!(gotomeeting_module, "gotomeeting");
seed_snapshot!(zoom_module, "zoom");
seed_snapshot!(webex_module, "webex");
seed_snapshot!(clickmeeting_module, "clickmeeting");
