//! Compiles a generated `script.csx` with Mono's C# compiler together with the stand-in of the
//! platform's host (`tests/csharp/ScriptBase.cs`) and a driver (`tests/csharp/Driver.cs`), and
//! runs it on one call: the driver hands the script the incoming request and sends whatever the
//! script sends to a recording handler that answers with canned responses.
//!
//! Needs `mcs`, `mono` and Newtonsoft.Json (Debian: `mono-mcs`, `libmono-system-net-http4.0-cil`,
//! `libnewtonsoft-json5.0-cil`; `.ci/run` installs them). Without them [`Host::find`] prints one
//! line and returns `None`, and the tests skip.
#![allow(dead_code)]

pub mod xml;

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

/// Where Debian installs Newtonsoft.Json; `NEWTONSOFT_JSON_DLL` names another.
const NEWTONSOFT_CANDIDATES: &[&str] = &[
    "/usr/lib/cli/Newtonsoft.Json-5.0/Newtonsoft.Json.dll",
    "/usr/lib/mono/4.5/Newtonsoft.Json.dll",
];

/// The C# toolchain.
pub struct Host {
    newtonsoft: PathBuf,
    root: PathBuf,
}

/// A compiled script.
pub struct Program {
    exe: PathBuf,
    dir: PathBuf,
}

fn runs(program: &str) -> bool {
    Command::new(program)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

impl Host {
    /// The toolchain, or `None` after printing why the test skips.
    pub fn find() -> Option<Host> {
        if !runs("mcs") || !runs("mono") {
            println!("skipped: mcs/mono are not installed (apt-get install mono-mcs libmono-system-net-http4.0-cil libnewtonsoft-json5.0-cil)");
            return None;
        }
        let newtonsoft = std::env::var_os("NEWTONSOFT_JSON_DLL")
            .map(PathBuf::from)
            .into_iter()
            .chain(NEWTONSOFT_CANDIDATES.iter().map(PathBuf::from))
            .find(|p| p.is_file());
        let Some(newtonsoft) = newtonsoft else {
            println!("skipped: Newtonsoft.Json.dll not found (apt-get install libnewtonsoft-json5.0-cil, or set NEWTONSOFT_JSON_DLL)");
            return None;
        };
        Some(Host {
            newtonsoft,
            root: Path::new(env!("CARGO_TARGET_TMPDIR")).join("script_run"),
        })
    }

    /// Compiles `script` (warnings are errors) into a program named `name`.
    pub fn compile(&self, name: &str, script: &str) -> Result<Program, String> {
        let dir = self.root.join(name);
        std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
        let source = dir.join("script.csx");
        std::fs::write(&source, script).map_err(|e| e.to_string())?;
        let csharp = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/csharp");
        let exe = dir.join("script.exe");
        let output = Command::new("mcs")
            .arg("-nologo")
            .arg("-warnaserror+")
            .arg(format!("-out:{}", exe.display()))
            .arg("-r:System.Net.Http.dll")
            .arg("-r:System.Xml.dll")
            .arg("-r:System.Xml.Linq.dll")
            .arg(format!("-r:{}", self.newtonsoft.display()))
            .arg(&source)
            .arg(csharp.join("ScriptBase.cs"))
            .arg(csharp.join("Driver.cs"))
            .output()
            .map_err(|e| e.to_string())?;
        if !output.status.success() {
            return Err(format!(
                "{}{}",
                String::from_utf8_lossy(&output.stdout),
                String::from_utf8_lossy(&output.stderr)
            ));
        }
        Ok(Program { exe, dir })
    }
}

impl Program {
    /// Runs one call. `case` has `operation`, `request` (`method`, `url`, `headers`, `body`) and
    /// `answers` (`status`, `content_type`, `body`); the result has `sent` (each request the
    /// script sent: `method`, `url`, `headers`, `body`), `status` and `body` (the script's answer).
    pub fn run(&self, label: &str, case: &Value) -> Value {
        let input = self.dir.join(format!("{label}.case.json"));
        let output = self.dir.join(format!("{label}.out.json"));
        std::fs::write(&input, serde_json::to_string_pretty(case).unwrap()).unwrap();
        let _ = std::fs::remove_file(&output);
        let run = Command::new("mono")
            .arg(&self.exe)
            .arg(&input)
            .arg(&output)
            .output()
            .expect("mono runs");
        assert!(
            run.status.success(),
            "the script failed on {label}:\n{}{}",
            String::from_utf8_lossy(&run.stdout),
            String::from_utf8_lossy(&run.stderr)
        );
        let text = std::fs::read_to_string(&output).expect("the driver wrote its output");
        serde_json::from_str(&text).expect("the driver's output is JSON")
    }
}

/// The one request the script sent, asserting there was exactly one.
pub fn only_sent(result: &Value) -> &Value {
    let sent = result["sent"].as_array().expect("sent");
    assert_eq!(sent.len(), 1, "requests sent: {sent:#?}");
    &sent[0]
}

/// The script's answer body as JSON.
pub fn answer_json(result: &Value) -> Value {
    let body = result["body"]
        .as_str()
        .expect("the script answered with a body");
    serde_json::from_str(body).unwrap_or_else(|e| panic!("answer {body:?} is not JSON: {e}"))
}
