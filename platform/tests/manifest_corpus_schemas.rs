//! The emitter on real connectors: every connector of `../shared/corpus/powerplatform/` that
//! imports and checks is emitted again, and the emitted files must validate against the
//! platform's JSON Schemas wherever the original files do.

mod manifest_support;

use serde_json::{json, Value};

fn read(path: &std::path::Path) -> Option<Value> {
    let text = std::fs::read_to_string(path).ok()?;
    serde_json::from_str(text.trim_start_matches('\u{feff}')).ok()
}

#[test]
fn re_emitted_corpus_connectors_stay_schema_valid() {
    let Some(root) = manifest_support::shared("corpus/powerplatform") else {
        return;
    };
    let (Some(swagger_schema), Some(mut props_schema)) = (
        manifest_support::platform_schema("apiDefinition.swagger.schema.json"),
        manifest_support::platform_schema("paconn-apiProperties.schema.json"),
    ) else {
        return;
    };
    let extra = props_schema
        .pointer_mut("/properties/properties/properties")
        .and_then(Value::as_object_mut)
        .expect("properties.properties");
    extra.insert("scriptOperations".into(), json!({ "type": "array" }));
    extra.insert(
        "connectionParameterSets".into(),
        json!({ "type": "object" }),
    );
    let sv = jsonschema::options()
        .build(&swagger_schema)
        .expect("schema");
    let pv = jsonschema::options().build(&props_schema).expect("schema");
    let mut emitted = 0;
    let mut regressions = Vec::new();
    for folder in connector_platform::lint::connector_folders(&root).expect("corpus readable") {
        let Ok(imported) = connector_platform::import::import_path(&folder) else {
            continue;
        };
        let spec = format!("{}.yaml", imported.suggested_id);
        let outcome = codegen::check_source(spec, imported.yaml, &Default::default());
        let Some(connector) = outcome.connector else {
            continue;
        };
        emitted += 1;
        let files = connector_platform::emit::powerplatform::emit(&connector);
        let pairs = [
            ("apiDefinition.swagger.json", &sv, files.swagger),
            ("apiProperties.json", &pv, files.properties),
        ];
        for (name, validator, text) in pairs {
            let original_valid = read(&folder.join(name)).is_some_and(|o| validator.is_valid(&o));
            let new: Value = serde_json::from_str(&text).expect("emitted JSON");
            if original_valid {
                if let Some(e) = validator.iter_errors(&new).next() {
                    regressions.push(format!(
                        "{}/{name}: {} at {}",
                        folder.display(),
                        e,
                        e.instance_path
                    ));
                }
            }
        }
    }
    println!("{emitted} corpus connectors emitted again");
    assert!(regressions.is_empty(), "{}", regressions.join("\n"));
}
