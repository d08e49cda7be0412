//! Snapshot of the Rust module generated for the example crate's own spec
//! (`examples/custom-connector/specs/weather.yaml`), which has a webhook trigger (subscribe,
//! unsubscribe, signed notifications) and a polling trigger with a request of its own.

use std::path::PathBuf;

use codegen::emit::rust::{emit_module, RustOptions};

fn emit() -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../examples/custom-connector/specs/weather.yaml");
    let outcome = codegen::check_file(&path);
    let connector = outcome.connector.unwrap_or_else(|| {
        panic!(
            "weather.yaml does not check:\n{}",
            codegen::diag::render_text(&outcome.diagnostics, codegen::diag::RenderStyle::plain())
        )
    });
    emit_module(&connector, &RustOptions::default()).expect("emits")
}

#[test]
fn weather_module_with_webhook_and_request_poll() {
    let first = emit();
    assert_eq!(first, emit(), "output is not deterministic");
    // The trigger methods are there, with the names the docs promise.
    for method in [
        "pub async fn on_severe_weather_alert_subscribe(",
        "pub async fn on_severe_weather_alert_unsubscribe(",
        "pub fn on_severe_weather_alert_receive(",
        "pub fn on_new_observation_poller(",
    ] {
        assert!(first.contains(method), "missing {method}");
    }
    insta::assert_snapshot!("rust_weather", first);
}
