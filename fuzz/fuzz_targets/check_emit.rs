//! Checks arbitrary text as a spec and, when it checks clean, emits every output and parses each back (Rust with syn, JSON, YAML): none of it may panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    connector_harness::fuzz::check_and_emit(text);
});
