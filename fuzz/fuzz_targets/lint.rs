//! Lints arbitrary bytes as a connector's swagger file and as its properties file: none of it may panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    connector_harness::fuzz::lint(data);
});
