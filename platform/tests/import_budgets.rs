//! Hostile documents meet the importers' budgets: each is refused with one error that names the
//! budget and how to raise it, and raising it lets the document through.

use connector_platform::import::{openapi, powerplatform, ImportError, ImportOptions};

fn openapi_doc(paths: &str, components: &str) -> String {
    format!(
        "{{\"openapi\": \"3.0.0\", \"info\": {{\"title\": \"T\", \"version\": \"1\"}}, \
         \"servers\": [{{\"url\": \"https://api.example.com\"}}], \"paths\": {{{paths}}}, \
         \"components\": {{\"schemas\": {{{components}}}}}}}"
    )
}

fn refused(
    result: Result<connector_platform::import::Imported, ImportError>,
    budget: &str,
) -> String {
    let error = result.expect_err("the budget refuses the document");
    assert!(!error.is_usage(), "a budget is not a usage error");
    let message = error.to_string();
    assert!(
        message.contains(&format!("`{budget}`")) && message.contains(&format!("--limit {budget}=")),
        "names the budget and how to raise it: {message}"
    );
    message
}

fn with(set: impl FnOnce(&mut connector_platform::import::ImportLimits)) -> ImportOptions {
    let mut options = ImportOptions::default();
    set(&mut options.limits);
    options
}

#[test]
fn input_size() {
    let doc = openapi_doc("", "");
    let small = with(|l| l.max_input_bytes = 100);
    refused(
        openapi::import_with(doc.as_bytes(), "t", &small),
        "max_input_bytes",
    );
    refused(
        powerplatform::import_with(doc.as_bytes(), None, "t", &small),
        "max_input_bytes",
    );
    assert!(openapi::import(doc.as_bytes(), "t").is_ok());
}

#[test]
fn nesting_depth_in_json_and_yaml() {
    let nested = |depth: usize| format!("{}1{}", "[".repeat(depth), "]".repeat(depth));
    let doc = openapi_doc("", &format!("\"Deep\": {{\"x-deep\": {}}}", nested(150)));
    let message = refused(openapi::import(doc.as_bytes(), "t"), "max_depth");
    assert!(!message.contains("not JSON"), "{message}");
    let doc = openapi_doc("", &format!("\"Deep\": {{\"x-deep\": {}}}", nested(60)));
    refused(
        openapi::import_with(doc.as_bytes(), "t", &with(|l| l.max_depth = 40)),
        "max_depth",
    );
    assert!(openapi::import(doc.as_bytes(), "t").is_ok());

    let yaml = format!(
        "openapi: 3.0.0\ninfo: {{title: T, version: '1'}}\npaths: {{}}\nx-deep: {}\n",
        nested(60)
    );
    let error = openapi::import_with(yaml.as_bytes(), "t", &with(|l| l.max_depth = 40))
        .expect_err("deep YAML is refused");
    assert!(error.to_string().contains("budget"), "{error}");
    assert!(openapi::import(yaml.as_bytes(), "t").is_ok());
}

#[test]
fn total_nodes() {
    let items = vec!["1"; 5_000].join(",");
    let doc = openapi_doc("", &format!("\"Big\": {{\"x-items\": [{items}]}}"));
    refused(
        openapi::import_with(doc.as_bytes(), "t", &with(|l| l.max_nodes = 1_000)),
        "max_nodes",
    );
    assert!(openapi::import(doc.as_bytes(), "t").is_ok());
}

#[test]
fn ref_chain_length() {
    let chain = |n: usize| -> String {
        let mut schemas: Vec<String> = (0..n)
            .map(|i| {
                format!(
                    "\"S{i}\": {{\"$ref\": \"#/components/schemas/S{}\"}}",
                    i + 1
                )
            })
            .collect();
        schemas.push(format!("\"S{n}\": {{\"type\": \"string\"}}"));
        schemas.join(", ")
    };
    let doc = openapi_doc("", &chain(2_000));
    refused(openapi::import(doc.as_bytes(), "t"), "max_ref_chain");
    let raised = with(|l| l.max_ref_chain = 5_000);
    assert!(openapi::import_with(doc.as_bytes(), "t", &raised).is_ok());
    // A cycle is not a chain without end.
    let cycle = openapi_doc(
        "",
        "\"A\": {\"$ref\": \"#/components/schemas/B\"}, \"B\": {\"$ref\": \"#/components/schemas/A\"}",
    );
    let _ = openapi::import(cycle.as_bytes(), "t");
}

#[test]
fn text_length() {
    let long = "a".repeat(300 * 1024);
    let doc = openapi_doc(
        "",
        &format!("\"Long\": {{\"type\": \"string\", \"description\": \"{long}\"}}"),
    );
    refused(openapi::import(doc.as_bytes(), "t"), "max_text_bytes");
    let raised = with(|l| l.max_text_bytes = 1024 * 1024);
    assert!(openapi::import_with(doc.as_bytes(), "t", &raised).is_ok());
}

#[test]
fn deep_power_platform_definitions_name_the_budget() {
    let deep = format!("{}1{}", "[".repeat(300), "]".repeat(300));
    let swagger = format!("{{\"swagger\": \"2.0\", \"x-deep\": {deep}}}");
    let message = refused(
        powerplatform::import(swagger.as_bytes(), None, "t"),
        "max_depth",
    );
    assert!(!message.contains("not JSON"), "{message}");
}
