//! Compiles `specs/*.yaml` into typed clients in `OUT_DIR`, the way the `connectors` crate
//! compiles its own specs.

fn main() {
    let result = codegen::Config::new().compile(&["specs"]);
    if let Err(report) = result {
        eprintln!("error: the connector specs do not compile\n\n{report}");
        std::process::exit(1);
    }
}
