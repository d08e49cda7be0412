//! Feeds arbitrary bytes through read, check and rendering: none of them may panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let outcome = codegen::check_source("fuzz.yaml", text, &codegen::spec::ReadLimits::default());
    let _ = codegen::diag::render_text(&outcome.diagnostics, codegen::diag::RenderStyle::plain());
    let _ = codegen::diag::render_json(&outcome.diagnostics);
});
