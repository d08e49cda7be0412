//! Synthetic OpenAPI 3.0 documents of `n` operations.
//!
//! Every operation is a `POST /items{i}/{id}` with a path parameter (`id`), a query parameter
//! (`dry_run`), a JSON body of five fields and a JSON answer object of three fields. One field
//! of each body and answer carries the operation's number, so no two inline shapes are the same:
//! neither tool can share types between operations, and both do the full work per operation.

use std::fmt::Write as _;

/// The document as JSON text.
pub fn openapi(n: usize) -> String {
    let mut out = String::with_capacity(n * 900 + 200);
    out.push_str(
        "{\"openapi\": \"3.0.3\", \"info\": {\"title\": \"Synthetic\", \"version\": \"1.0.0\"}, \
         \"servers\": [{\"url\": \"https://api.example.com\"}], \"paths\": {",
    );
    for i in 0..n {
        if i > 0 {
            out.push_str(", ");
        }
        operation(&mut out, i);
    }
    out.push_str("}}");
    out
}

fn operation(out: &mut String, i: usize) {
    let _ = write!(
        out,
        "\"/items{i}/{{id}}\": {{\"post\": {{\"operationId\": \"updateItem{i}\", \
         \"summary\": \"Update item {i}\", \
         \"parameters\": [\
           {{\"name\": \"id\", \"in\": \"path\", \"required\": true, \"schema\": {{\"type\": \"string\"}}}}, \
           {{\"name\": \"dry_run\", \"in\": \"query\", \"required\": false, \"schema\": {{\"type\": \"boolean\"}}}}], \
         \"requestBody\": {{\"required\": true, \"content\": {{\"application/json\": {{\"schema\": \
           {{\"type\": \"object\", \"required\": [\"name\"], \"properties\": {{\
             \"name\": {{\"type\": \"string\"}}, \
             \"count\": {{\"type\": \"integer\", \"format\": \"int64\"}}, \
             \"ratio\": {{\"type\": \"number\"}}, \
             \"active\": {{\"type\": \"boolean\"}}, \
             \"note{i}\": {{\"type\": \"string\"}}}}}}}}}}}}, \
         \"responses\": {{\"200\": {{\"description\": \"The updated item\", \"content\": \
           {{\"application/json\": {{\"schema\": {{\"type\": \"object\", \"properties\": {{\
             \"id\": {{\"type\": \"string\"}}, \
             \"updated\": {{\"type\": \"boolean\"}}, \
             \"revision{i}\": {{\"type\": \"integer\", \"format\": \"int64\"}}}}}}}}}}}}}}}}}}"
    );
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_document_is_json_with_n_paths() {
        let doc: serde_json::Value = serde_json::from_str(&super::openapi(3)).unwrap();
        assert_eq!(doc["paths"].as_object().unwrap().len(), 3);
        let op = &doc["paths"]["/items2/{id}"]["post"];
        assert_eq!(op["parameters"].as_array().unwrap().len(), 2);
        let body = &op["requestBody"]["content"]["application/json"]["schema"]["properties"];
        assert_eq!(body.as_object().unwrap().len(), 5);
    }
}
