//! Imports arbitrary bytes as an OpenAPI document and checks the spec it produces: none of it may panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    connector_harness::fuzz::import_openapi(data);
});
