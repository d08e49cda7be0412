//! `generated/` is what `connectorc build` writes today: regenerate in memory and compare.

mod manifest_support;

use std::collections::BTreeSet;

use connector_platform::emit::folder::connector_files;

#[test]
fn generated_folders_are_up_to_date() {
    let generated = manifest_support::workspace().join("generated");
    let mut stale = Vec::new();
    let mut expected_dirs = BTreeSet::new();
    for connector in manifest_support::clean_connectors() {
        let dir = generated.join(&connector.id);
        expected_dirs.insert(connector.id.clone());
        let files = connector_files(&connector);
        for file in &files {
            let path = dir.join(&file.name);
            match std::fs::read(&path) {
                Ok(bytes) if bytes == file.content => {}
                Ok(_) => stale.push(format!("{} differs", path.display())),
                Err(_) => stale.push(format!("{} is missing", path.display())),
            }
        }
        let names: BTreeSet<&str> = files.iter().map(|f| f.name.as_str()).collect();
        if let Ok(entries) = std::fs::read_dir(&dir) {
            for entry in entries.flatten() {
                let name = entry.file_name().to_string_lossy().into_owned();
                if !names.contains(name.as_str()) {
                    stale.push(format!("{} is no longer generated", entry.path().display()));
                }
            }
        }
    }
    assert!(
        stale.is_empty(),
        "generated/ is stale; run `cargo run -p connectorc -- build`:\n{}",
        stale.join("\n")
    );
}
