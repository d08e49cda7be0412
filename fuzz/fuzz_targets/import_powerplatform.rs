//! Imports arbitrary bytes as a Power Platform connector definition (with and without a properties file) and checks the spec it produces: none of it may panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    connector_harness::fuzz::import_powerplatform(data, data.first().is_some_and(|b| b % 2 == 0));
});
