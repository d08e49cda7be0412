//! Compiles every connector spec in `connectors/` into a typed client module in `OUT_DIR`, one
//! per enabled cargo feature, and fails the build with the compiler's report when a spec is
//! broken.

fn main() {
    let result = codegen::Config::new()
        .feature_gated(true)
        .compile(&["connectors"]);
    if let Err(report) = result {
        eprintln!("error: the connector specs do not compile\n\n{report}");
        std::process::exit(1);
    }
}
