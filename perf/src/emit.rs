//! Writes two library crates for one input, for `check_generated.sh` to time with `cargo check`:
//! `OUT/ours` (our client for the document, on this project's runtime) and `OUT/progenitor`
//! (progenitor's client, when progenitor reads the document).
//!
//! `emit INPUT OUT RUNTIME_DIR`: INPUT is an OpenAPI document (JSON or YAML) or a connector spec
//! (a YAML file without an `openapi`/`swagger` key); RUNTIME_DIR is this repository's root.

use std::path::Path;
use std::process::ExitCode;

fn ours_rust(input: &Path, text: &str) -> Result<String, String> {
    let is_openapi = text.contains("\"openapi\"")
        || text.contains("\"swagger\"")
        || text
            .lines()
            .any(|l| l.starts_with("openapi:") || l.starts_with("swagger:"));
    let spec = if is_openapi {
        connector_platform::import::openapi::import(text.as_bytes(), "client")
            .map_err(|e| format!("import: {e}"))?
            .yaml
    } else {
        text.to_owned()
    };
    let outcome = codegen::check_source(input, spec, &Default::default());
    let connector = outcome.connector.ok_or_else(|| {
        format!(
            "check: {:?}",
            outcome.diagnostics.first().map(|d| &d.message)
        )
    })?;
    codegen::emit::rust::emit_module(&connector, &Default::default()).map_err(|e| e.to_string())
}

fn write_crate(dir: &Path, manifest: &str, lib: &str) -> Result<(), String> {
    let src = dir.join("src");
    std::fs::create_dir_all(&src).map_err(|e| format!("{}: {e}", src.display()))?;
    std::fs::write(dir.join("Cargo.toml"), manifest).map_err(|e| e.to_string())?;
    std::fs::write(src.join("lib.rs"), lib).map_err(|e| e.to_string())
}

fn ours_manifest(runtime: &Path) -> String {
    format!(
        "[package]\nname = \"ours-client\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n\
         [dependencies]\nconnectors = {{ path = {:?}, default-features = false }}\n\n[workspace]\n",
        runtime.display().to_string()
    )
}

const PEER_MANIFEST: &str = "[package]\nname = \"progenitor-client-crate\"\nversion = \"0.0.0\"\n\
edition = \"2021\"\npublish = false\n\n[dependencies]\nprogenitor-client = \"0.15\"\n\
reqwest = { version = \"0.13\", default-features = false, features = [\"json\", \"stream\"] }\n\
serde = { version = \"1\", features = [\"derive\"] }\nserde_json = \"1\"\nserde_urlencoded = \"0.7\"\n\
chrono = { version = \"0.4\", default-features = false, features = [\"std\", \"serde\"] }\n\
uuid = { version = \"1\", features = [\"serde\", \"v4\"] }\nregress = \"0.10\"\nfutures = \"0.3\"\n\
bytes = \"1\"\n\n[workspace]\n";

fn main() -> ExitCode {
    codegen_perf::tune_allocator();
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [input, out, runtime] = args.as_slice() else {
        eprintln!("usage: emit INPUT OUT RUNTIME_DIR");
        return ExitCode::from(2);
    };
    let (input, out, runtime) = (Path::new(input), Path::new(out), Path::new(runtime));
    let text = match std::fs::read_to_string(input) {
        Ok(text) => text,
        Err(e) => {
            eprintln!("error: {}: {e}", input.display());
            return ExitCode::FAILURE;
        }
    };
    let runtime = runtime
        .canonicalize()
        .unwrap_or_else(|_| runtime.to_path_buf());
    match ours_rust(input, &text)
        .and_then(|code| write_crate(&out.join("ours"), &ours_manifest(&runtime), &code))
    {
        Ok(()) => eprintln!("ours: written"),
        Err(e) => {
            eprintln!("ours: {e}");
            return ExitCode::FAILURE;
        }
    }
    match codegen_perf::peer::run(&text) {
        Ok((code, _)) => match write_crate(&out.join("progenitor"), PEER_MANIFEST, &code) {
            Ok(()) => eprintln!("progenitor: written"),
            Err(e) => eprintln!("progenitor: {e}"),
        },
        Err(e) => eprintln!("progenitor: {e}"),
    }
    ExitCode::SUCCESS
}
