//! The OpenAPI 3.0 importer on a small document written for this test: `$ref`s, `allOf`, a
//! recursive schema, a sloppy `required: true`, a binary upload and a repeated inline object.

use codegen::spec::ReadLimits;
use connector_platform::import::openapi;

mod import_support;
use import_support::checked;

const DOC: &str = r#"
openapi: 3.0.3
info:
  title: Pet Clinic
  description: Appointments for pets.
  version: 2.1.0
servers:
  - url: https://{region}.clinic.example/api
    variables:
      region: { default: eu }
security:
  - oauth: [visits.read]
components:
  securitySchemes:
    oauth:
      type: oauth2
      flows:
        authorizationCode:
          authorizationUrl: https://login.clinic.example/authorize
          tokenUrl: https://login.clinic.example/token
          scopes: { visits.read: Read visits, visits.write: Book visits }
  schemas:
    NewPet:
      type: object
      required: [name]
      properties:
        name: { type: string, maxLength: 64 }
        species: { type: string, enum: [cat, dog, rabbit] }
        born: { type: string, format: date }
    Pet:
      description: A pet of the clinic.
      allOf:
        - $ref: '#/components/schemas/NewPet'
        - type: object
          properties:
            id: { type: integer, format: int64, readOnly: true, required: true }
            owner:
              type: object
              properties:
                name: { type: string }
                phone: { type: string }
    Category:
      type: object
      properties:
        label: { type: string }
        parent: { $ref: '#/components/schemas/Category' }
paths:
  /pets:
    get:
      operationId: listPets
      summary: List pets
      parameters:
        - { name: species, in: query, schema: { type: array, items: { type: string } } }
        - { name: limit, in: query, schema: { type: integer, default: "20" } }
      responses:
        '200':
          description: OK
          content:
            application/json:
              schema: { type: array, items: { $ref: '#/components/schemas/Pet' } }
    post:
      operationId: addPet
      summary: Add a pet
      requestBody:
        required: true
        content:
          application/json:
            schema: { $ref: '#/components/schemas/NewPet' }
      responses:
        '201':
          description: Created
          content:
            application/json:
              schema: { $ref: '#/components/schemas/Pet' }
  /pets/{petId}:
    parameters:
      - { name: petId, in: path, required: true, schema: { type: integer, format: int64 } }
    get:
      operationId: getPet
      responses:
        '200':
          description: OK
          content: { application/json: { schema: { $ref: '#/components/schemas/Pet' } } }
  /pets/{petId}/photo:
    put:
      operationId: put-pet-photo
      parameters:
        - { name: petId, in: path, required: true, schema: { type: integer } }
      requestBody:
        content:
          image/png:
            schema: { type: string, format: binary }
      responses:
        '204': { description: Stored }
  /categories:
    get:
      operationId: listCategories
      responses:
        '200':
          description: OK
          content: { application/json: { schema: { type: array, items: { $ref: '#/components/schemas/Category' } } } }
  /visits:
    post:
      operationId: bookVisit
      requestBody:
        content:
          application/json:
            schema:
              type: object
              properties:
                when: { type: string, format: date-time }
                address: { type: object, properties: { street: { type: string }, city: { type: string } } }
      responses:
        '200':
          description: Booked
          content:
            application/json:
              schema:
                type: object
                properties:
                  id: { type: string, format: uuid }
                  address: { type: object, properties: { street: { type: string }, city: { type: string } } }
"#;

fn import() -> connector_platform::import::Imported {
    openapi::import(DOC.as_bytes(), "pet-clinic.yaml").expect("imports")
}

#[test]
fn produces_a_readable_spec() {
    let imported = import();
    insta::assert_snapshot!("openapi_pet_clinic", imported.yaml);
}

#[test]
fn reports_each_repair_with_its_pointer() {
    let warnings: Vec<String> = import().warnings.iter().map(ToString::to_string).collect();
    insta::assert_snapshot!("openapi_pet_clinic_warnings", warnings.join("\n"));
}

#[test]
fn the_spec_checks() {
    let outcome = codegen::check_source("pet_clinic.yaml", import().yaml, &ReadLimits::default());
    let errors: Vec<String> = outcome
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| d.message.clone())
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let connector = outcome.connector.expect("checks");
    let names: Vec<&str> = connector.actions.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "listPets",
            "addPet",
            "getPet",
            "put-pet-photo",
            "listCategories",
            "bookVisit"
        ]
    );
}

#[test]
fn json_documents_import_too() {
    let value: serde_json::Value = serde_saphyr::from_str(DOC).expect("yaml");
    let json = serde_json::to_string(&value).expect("json");
    let from_json = openapi::import(json.as_bytes(), "pet-clinic.json").expect("imports");
    assert_eq!(from_json.yaml, import().yaml);
}

#[test]
fn hopeless_input_is_an_error_not_a_panic() {
    for text in [
        "",
        "- a\n- b\n",
        "openapi: 3.0.0\npaths: 7\n",
        "openapi: 3.0.0\npaths: {/a: {get: {responses: 3}}}\n",
        "{",
    ] {
        let _ = openapi::import(text.as_bytes(), "x");
    }
}

#[test]
fn a_no_content_answer_keeps_no_content() {
    // Zoom's `DELETE /users/{userId}/schedulers` answers 204 with an `application/json` media
    // type and no schema; a client that decoded a body from it would fail on the empty one.
    // The faithful import keeps the media type as written in the document; `--fix` drops it.
    let doc = r#"
openapi: 3.0.0
info: { title: Drops, version: "1" }
servers: [{ url: https://drops.example }]
paths:
  /items/{id}:
    delete:
      operationId: deleteItem
      parameters: [{ name: id, in: path, required: true, schema: { type: string } }]
      responses:
        '204':
          description: Deleted
          content:
            application/json: {}
"#;
    let imported = openapi::import(doc.as_bytes(), "drops").expect("imports");
    assert!(
        imported.warnings.iter().any(|w| w.pointer
            == "/paths/~1items~1{id}/delete/responses/204/content"
            && w.message.contains("has no content")),
        "{:#?}",
        imported.warnings
    );
    let outcome = codegen::check_source("drops.yaml", imported.yaml, &ReadLimits::default());
    let connector = outcome.connector.expect("checks");
    let action = &connector.actions[0];
    assert_eq!(action.response.status, 204);
    assert!(action.response.ty.is_none(), "{:?}", action.response.ty);
    let emitted = connector_platform::emit::openapi::document(&connector);
    let emitted = serde_json::to_value(&emitted).expect("serialises");
    let answer = &emitted["paths"]["/items/{id}"]["delete"]["responses"]["204"];
    assert_eq!(
        answer["content"],
        serde_json::json!({"application/json": {}})
    );
    let options = connector_platform::import::ImportOptions {
        fix: true,
        ..Default::default()
    };
    let fixed = openapi::import_with(doc.as_bytes(), "drops", &options).expect("imports");
    let outcome = codegen::check_source("drops.yaml", fixed.yaml, &ReadLimits::default());
    let connector = outcome.connector.expect("checks");
    let emitted = connector_platform::emit::openapi::document(&connector);
    let emitted = serde_json::to_value(&emitted).expect("serialises");
    let answer = &emitted["paths"]["/items/{id}"]["delete"]["responses"]["204"];
    assert!(answer.get("content").is_none(), "{answer}");
}

#[test]
fn a_union_of_objects_is_merged_and_other_unions_are_reported() {
    // Zoom's `PATCH /rooms/events` body is `type: object` with a `oneOf` of two objects: read as
    // one object with both alternatives' properties, with a warning. A union beside a type whose
    // alternatives are other types cannot be kept, which must be said; an `anyOf` that only
    // narrows a string (a format or an empty string) loses nothing and is not reported.
    let doc = r#"
openapi: 3.0.0
info: { title: Rooms, version: "1" }
servers: [{ url: https://rooms.example }]
paths:
  /rooms/events:
    patch:
      operationId: roomEvents
      requestBody:
        content:
          application/json:
            schema:
              type: object
              oneOf:
                - { type: object, required: [method], properties: { method: { type: string } } }
                - { type: object, required: [method], properties: { method: { type: string }, params: { type: object } } }
      responses:
        '202':
          description: Accepted
          content:
            application/json:
              schema:
                type: object
                properties:
                  done:
                    type: string
                    format: date-time
                    anyOf: [{ format: date-time }, { enum: [""] }]
                  code:
                    type: string
                    oneOf: [{ type: integer }, { type: boolean }]
"#;
    let imported = openapi::import(doc.as_bytes(), "rooms").expect("imports");
    let spec: serde_json::Value = serde_saphyr::from_str(&imported.yaml).expect("YAML");
    let body = &spec["actions"]["roomEvents"]["body"];
    let fields = body
        .get("fields")
        .or_else(|| body.pointer("/type/fields"))
        .unwrap_or_else(|| panic!("a merged object: {body}"));
    // `method` is in both alternatives, so it stays required; `params` is in one, so optional.
    assert_eq!(
        fields["method"]["required"],
        serde_json::json!(true),
        "{body}"
    );
    assert!(fields.get("params").is_some(), "{body}");
    assert!(fields["params"].get("required").is_none(), "{body}");
    let merged: Vec<&connector_platform::import::Warning> = imported
        .warnings
        .iter()
        .filter(|w| w.message.contains("read as one object"))
        .collect();
    assert_eq!(merged.len(), 1, "{:#?}", imported.warnings);
    assert_eq!(
        merged[0].pointer,
        "/paths/~1rooms~1events/patch/requestBody/content/application~1json/schema/oneOf"
    );
    let ignored: Vec<&connector_platform::import::Warning> = imported
        .warnings
        .iter()
        .filter(|w| w.message.contains("alternatives are ignored"))
        .collect();
    assert_eq!(ignored.len(), 1, "{:#?}", imported.warnings);
    assert!(
        ignored[0].pointer.ends_with("/code/oneOf"),
        "{:#?}",
        ignored
    );
}

#[test]
fn root_keys_without_a_spec_place_come_back_as_written() {
    let doc = r#"
openapi: 3.0.1
info:
  title: Notes API
  version: "2"
  termsOfService: https://notes.example/terms
  license: { name: MIT }
  x-logo: { url: https://notes.example/logo.png }
servers: [{ url: https://notes.example }]
tags:
  - { name: Notes, description: Reading and writing notes. }
  - { name: Unused, description: "Declared, never used." }
paths:
  /notes:
    get:
      operationId: listNotes
      tags: [Notes, Extra]
      responses: { '200': { description: OK, content: { application/json: { schema: { type: array, items: { type: string } } } } } }
"#;
    let imported = openapi::import(doc.as_bytes(), "notes").expect("imports");
    let connector = checked("notes.yaml", imported.yaml);
    let emitted = connector_platform::emit::openapi::document(&connector);
    let emitted = serde_json::to_value(&emitted).expect("serialises");
    assert_eq!(emitted["openapi"], "3.0.1");
    assert_eq!(emitted["info"]["title"], "Notes API");
    assert_eq!(
        emitted["info"]["termsOfService"],
        "https://notes.example/terms"
    );
    assert_eq!(
        emitted["info"]["license"],
        serde_json::json!({ "name": "MIT" })
    );
    assert_eq!(
        emitted["info"]["x-logo"],
        serde_json::json!({ "url": "https://notes.example/logo.png" })
    );
    // The root list as the document declares it: its order, descriptions and unused tag, and
    // not the operation's undeclared `Extra`.
    assert_eq!(
        emitted["tags"],
        serde_json::json!([
            { "name": "Notes", "description": "Reading and writing notes." },
            { "name": "Unused", "description": "Declared, never used." }
        ])
    );
    let op = &emitted["paths"]["/notes"]["get"];
    assert_eq!(op["operationId"], "listNotes");
    assert_eq!(op["responses"]["200"]["description"], "OK");
}

#[test]
fn answers_the_spec_does_not_model_come_back_as_written() {
    let doc = r#"
openapi: 3.0.0
info: { title: Notes, version: "1" }
servers: [{ url: https://notes.example }]
components:
  responses:
    NotFound: { description: No such note, content: { application/json: { schema: { $ref: '#/components/schemas/Problem' } } } }
  schemas:
    Problem: { type: object, properties: { detail: { type: string } } }
paths:
  /notes/{id}:
    get:
      operationId: getNote
      parameters: [{ name: id, in: path, required: true, schema: { type: string } }]
      responses:
        '200': { description: OK, content: { application/json: { schema: { type: string } } } }
        '404': { $ref: '#/components/responses/NotFound' }
        4XX: { description: Refused }
        default: { description: Something else }
"#;
    let imported = openapi::import(doc.as_bytes(), "notes").expect("imports");
    let connector = checked("notes.yaml", imported.yaml);
    let emitted = connector_platform::emit::openapi::document(&connector);
    let emitted = serde_json::to_value(&emitted).expect("serialises");
    let responses = &emitted["paths"]["/notes/{id}"]["get"]["responses"];
    assert_eq!(
        responses["404"],
        serde_json::json!({ "description": "No such note", "content": { "application/json": {
            "schema": { "type": "object", "properties": { "detail": { "type": "string" } } } } } })
    );
    assert_eq!(
        responses["4XX"],
        serde_json::json!({ "description": "Refused" })
    );
    // The original's own `default`, not the one the emitter derives from the error rule.
    assert_eq!(
        responses["default"],
        serde_json::json!({ "description": "Something else" })
    );
    let mut statuses: Vec<&String> = responses.as_object().expect("map").keys().collect();
    statuses.sort();
    assert_eq!(statuses, ["200", "404", "4XX", "default"]);
}

/// The OpenAPI document `connectorc build` writes for `doc` imported without `--fix`, as JSON.
fn emitted_again(doc: &str, name: &str) -> serde_json::Value {
    let imported = openapi::import(doc.as_bytes(), name).expect("imports");
    let outcome = codegen::check_source(
        format!("{name}.yaml"),
        imported.yaml,
        &ReadLimits::default(),
    );
    let connector = outcome.connector.expect("checks");
    let yaml = connector_platform::emit::openapi::to_yaml(&connector);
    serde_saphyr::from_str(&yaml).expect("reads back")
}

#[test]
fn schema_keywords_without_a_typed_place_come_back_as_written() {
    // No `type` beside `properties`, a `title`, `uniqueItems: false`, `additionalProperties:
    // false`, an example on list items and a `minimum` on a string have no typed place: the
    // emitted document must say them as the original did, and add no `type: object`.
    let doc = r#"
openapi: 3.0.0
info: { title: Kept, version: "1" }
servers: [{ url: https://kept.example }]
paths:
  /things:
    get:
      operationId: listThings
      responses:
        '200':
          description: OK
          content:
            application/json:
              schema:
                title: Things
                additionalProperties: false
                properties:
                  names: { type: array, uniqueItems: false, items: { type: string, example: ann } }
                  code: { type: string, minimum: 8, x-kind: short }
"#;
    let emitted = emitted_again(doc, "kept");
    let schema = &emitted["paths"]["/things"]["get"]["responses"]["200"]["content"]
        ["application/json"]["schema"];
    assert_eq!(schema.get("type"), None, "{schema}");
    assert_eq!(schema["title"], "Things", "{schema}");
    assert_eq!(schema["additionalProperties"], false, "{schema}");
    let names = &schema["properties"]["names"];
    assert_eq!(names["uniqueItems"], false, "{names}");
    assert_eq!(names["items"]["example"], "ann", "{names}");
    let code = &schema["properties"]["code"];
    assert_eq!(code["minimum"], 8, "{code}");
    assert_eq!(code["x-kind"], "short", "{code}");
}

#[test]
fn a_described_use_of_a_named_object_keeps_its_description() {
    // The same inline object twice becomes one named object; each use keeps its own
    // description, which OpenAPI 3.0 cannot write beside a `$ref`: that use is written in place.
    let doc = r#"
openapi: 3.0.0
info: { title: Uses, version: "1" }
servers: [{ url: https://uses.example }]
paths:
  /a:
    get:
      operationId: getA
      responses:
        '200':
          description: OK
          content:
            application/json:
              schema:
                type: object
                properties:
                  owner: { type: object, description: The owner., properties: { id: { type: string }, name: { type: string } } }
                  editor: { type: object, properties: { id: { type: string }, name: { type: string } } }
"#;
    let emitted = emitted_again(doc, "uses");
    let properties = &emitted["paths"]["/a"]["get"]["responses"]["200"]["content"]
        ["application/json"]["schema"]["properties"];
    assert_eq!(
        properties["owner"]["description"], "The owner.",
        "{properties}"
    );
    assert_eq!(properties["owner"]["properties"]["id"]["type"], "string");
    assert!(properties["editor"].get("$ref").is_some(), "{properties}");
}

#[test]
fn a_parameter_keeps_its_own_keys_and_its_example_where_written() {
    // An example written on the parameter stays on it (typed: the spec's example), the
    // schema's labels from `x-enum-descriptions` come back under that key, and the
    // parameter's own `allowEmptyValue` and `x-` keys stay on the parameter.
    let doc = r#"
openapi: 3.0.0
info: { title: Params, version: "1" }
servers: [{ url: https://params.example }]
paths:
  /items:
    get:
      operationId: listItems
      parameters:
        - name: from
          in: query
          example: "2020-03-13T10:00:00Z"
          allowEmptyValue: true
          x-note: kept
          schema: { type: string, format: date-time }
        - name: kind
          in: query
          schema: { type: string, enum: [a, b], x-enum-descriptions: [The a., The b.] }
      responses:
        '204': { description: Done }
"#;
    let imported = openapi::import(doc.as_bytes(), "params").expect("imports");
    assert!(
        imported.yaml.contains("example: \"2020-03-13T10:00:00Z\""),
        "{}",
        imported.yaml
    );
    let emitted = emitted_again(doc, "params");
    let params = &emitted["paths"]["/items"]["get"]["parameters"];
    let from = &params[0];
    assert_eq!(from["example"], "2020-03-13T10:00:00Z", "{from}");
    assert_eq!(from["allowEmptyValue"], true, "{from}");
    assert_eq!(from["x-note"], "kept", "{from}");
    assert_eq!(
        from["schema"],
        serde_json::json!({"type": "string", "format": "date-time"})
    );
    let kind = &params[1]["schema"];
    assert_eq!(
        kind["x-enum-descriptions"],
        serde_json::json!(["The a.", "The b."])
    );
    assert!(kind.get("x-enum-labels").is_none(), "{kind}");
}

#[test]
fn security_schemes_and_requirements_come_back_as_written() {
    // Two schemes with the document's names, a root requirement naming both and operations
    // with their own requirements (one without scopes): all come back as written, while `auth`
    // says what the scheme it was read from says.
    let doc = r#"
openapi: 3.0.0
info: { title: Guarded, version: "1" }
servers: [{ url: https://guarded.example }]
security: [{ OAuth2: [] }, { Bearer: [] }]
components:
  securitySchemes:
    OAuth2:
      type: oauth2
      description: Sign in first.
      flows:
        authorizationCode:
          authorizationUrl: https://guarded.example/authorize
          tokenUrl: https://guarded.example/token
          scopes: {}
        password:
          tokenUrl: https://guarded.example/token
          scopes: {}
    Bearer: { type: http, scheme: bearer }
paths:
  /open:
    get:
      operationId: getOpen
      security: []
      responses: { '204': { description: Done } }
  /mine:
    get:
      operationId: getMine
      security: [{ OAuth2: [] }, { Bearer: [] }]
      responses: { '204': { description: Done } }
"#;
    let emitted = emitted_again(doc, "guarded");
    let original: serde_json::Value = serde_saphyr::from_str(doc).expect("yaml");
    assert_eq!(
        emitted["components"]["securitySchemes"],
        original["components"]["securitySchemes"]
    );
    assert_eq!(emitted["security"], original["security"]);
    for path in ["/open", "/mine"] {
        assert_eq!(
            emitted["paths"][path]["get"]["security"], original["paths"][path]["get"]["security"],
            "{path}"
        );
    }
}

#[test]
fn enum_values_of_another_type_come_back_as_written() {
    // Numbers and booleans listed in a string's enum are repaired for the typed reading of the
    // operation, but the schema is read as written and the values come back unchanged.
    let doc = r#"
openapi: 3.0.0
info: { title: Kinds, version: "1" }
servers: [{ url: https://kinds.example }]
paths:
  /kinds:
    get:
      operationId: listKinds
      responses:
        '200':
          description: OK
          content:
            application/json:
              schema:
                type: object
                properties:
                  kind: { type: string, enum: [1, 2, 99] }
                  flag: { type: string, enum: ["true", false] }
"#;
    let emitted = emitted_again(doc, "kinds");
    let properties = &emitted["paths"]["/kinds"]["get"]["responses"]["200"]["content"]
        ["application/json"]["schema"]["properties"];
    assert_eq!(properties["kind"]["enum"], serde_json::json!([1, 2, 99]));
    assert_eq!(
        properties["flag"]["enum"],
        serde_json::json!(["true", false])
    );
}

#[test]
fn formats_and_limits_come_back_as_written() {
    // A misspelt format is repaired only with `--fix` (a warning says so), an integer enum keeps
    // its format, and a decimal's whole-number limits stay whole numbers.
    let doc = r#"
openapi: 3.0.0
info: { title: Formats, version: "1" }
servers: [{ url: https://formats.example }]
paths:
  /readings:
    get:
      operationId: listReadings
      responses:
        '200':
          description: OK
          content:
            application/json:
              schema:
                type: object
                properties:
                  at: { type: string, format: datetime }
                  ttl: { type: integer, format: int64, enum: [120] }
                  share: { type: number, minimum: 0, maximum: 100 }
"#;
    let imported = openapi::import(doc.as_bytes(), "formats").expect("imports");
    assert!(
        imported
            .warnings
            .iter()
            .any(|w| w.message.contains("`--fix`") && w.pointer.ends_with("/properties/at/format")),
        "{:#?}",
        imported.warnings
    );
    let emitted = emitted_again(doc, "formats");
    let properties = &emitted["paths"]["/readings"]["get"]["responses"]["200"]["content"]
        ["application/json"]["schema"]["properties"];
    assert_eq!(properties["at"]["format"], "datetime", "{properties}");
    assert_eq!(properties["ttl"]["format"], "int64", "{properties}");
    assert_eq!(properties["share"]["minimum"], serde_json::json!(0));
    assert_eq!(properties["share"]["maximum"], serde_json::json!(100));
    assert!(properties["share"]["maximum"].is_u64(), "{properties}");
}

#[test]
fn required_names_without_a_property_come_back() {
    // `status` is required but not among the properties (a mistake of the document the spec
    // cannot type): it comes back beside the required property.
    let doc = r#"
openapi: 3.0.0
info: { title: Strays, version: "1" }
servers: [{ url: https://strays.example }]
paths:
  /w:
    get:
      operationId: getW
      responses:
        '200':
          description: OK
          content:
            application/json:
              schema:
                type: object
                required: [key, status]
                properties: { key: { type: string }, name: { type: string } }
"#;
    let emitted = emitted_again(doc, "strays");
    let schema =
        &emitted["paths"]["/w"]["get"]["responses"]["200"]["content"]["application/json"]["schema"];
    assert_eq!(
        schema["required"],
        serde_json::json!(["key", "status"]),
        "{schema}"
    );
}

#[test]
fn unions_come_back_as_written_and_keep_their_nearest_type() {
    // The spec language has no unions: a `oneOf` of objects is typed as one object with every
    // alternative's properties, a `oneOf` of strings as a string, and both come back as written;
    // so do the labels of a request body's schema.
    let doc = r#"
openapi: 3.0.0
info: { title: Unions, version: "1" }
servers: [{ url: https://unions.example }]
paths:
  /settings/{user}:
    patch:
      operationId: updateSettings
      parameters:
        - name: user
          in: path
          required: true
          schema:
            oneOf:
              - { type: string }
              - { type: string, format: email }
      requestBody:
        content:
          application/json:
            schema:
              title: Settings
              description: One of two kinds of settings.
              oneOf:
                - { properties: { audio: { type: boolean } } }
                - { properties: { video: { type: boolean } } }
      responses: { '204': { description: Done } }
"#;
    let original: serde_json::Value = serde_saphyr::from_str(doc).expect("yaml");
    let imported = openapi::import(doc.as_bytes(), "unions").expect("imports");
    assert!(imported.yaml.contains("audio"), "{}", imported.yaml);
    assert!(imported.yaml.contains("video"), "{}", imported.yaml);
    let emitted = emitted_again(doc, "unions");
    let op = &emitted["paths"]["/settings/{user}"]["patch"];
    let body = &op["requestBody"]["content"]["application/json"]["schema"];
    let written = &original["paths"]["/settings/{user}"]["patch"]["requestBody"]["content"]
        ["application/json"]["schema"];
    assert_eq!(body, written);
    assert_eq!(
        op["parameters"][0]["schema"],
        original["paths"]["/settings/{user}"]["patch"]["parameters"][0]["schema"]
    );
}

#[test]
fn an_edited_object_read_from_a_union_is_written_as_typed() {
    // The union rides along only while the typed object has the properties it names: a field
    // added by hand is written, the union as written is not.
    let doc = r#"
openapi: 3.0.0
info: { title: Edited, version: "1" }
servers: [{ url: https://edited.example }]
paths:
  /s:
    patch:
      operationId: updateS
      requestBody:
        content:
          application/json:
            schema:
              oneOf:
                - { properties: { audio: { type: boolean } } }
                - { properties: { video: { type: boolean } } }
      responses: { '204': { description: Done } }
"#;
    let imported = openapi::import(doc.as_bytes(), "edited").expect("imports");
    let edited = imported.yaml.replacen(
        "audio: boolean",
        "audio: boolean\n          chat: boolean",
        1,
    );
    assert_ne!(edited, imported.yaml);
    let outcome = codegen::check_source("edited.yaml", edited, &ReadLimits::default());
    let connector = outcome.connector.expect("checks");
    let yaml = connector_platform::emit::openapi::to_yaml(&connector);
    let emitted: serde_json::Value = serde_saphyr::from_str(&yaml).expect("reads back");
    let body =
        &emitted["paths"]["/s"]["patch"]["requestBody"]["content"]["application/json"]["schema"];
    assert!(body.get("oneOf").is_none(), "{body}");
    assert_eq!(body["properties"]["chat"]["type"], "boolean", "{body}");
}

#[test]
fn what_the_document_says_once_comes_back_where_it_said_it() {
    // A summary's trailing space, a description written on the parameter's schema only, an
    // undeclared path placeholder, `required: true` on a property and a second media type of
    // the modelled answer all come back as written (`--fix` repairs the first three).
    let doc = r#"
openapi: 3.0.0
info: { title: Once, version: "1" }
servers: [{ url: https://once.example }]
paths:
  /groups/{groupId}/members:
    post:
      operationId: addMembers
      summary: "Add members "
      parameters:
        - { name: role, in: query, schema: { type: string, description: The role. } }
      requestBody:
        content:
          application/json:
            schema:
              type: object
              properties:
                method: { type: string, required: true }
      responses:
        '201':
          description: Added
          content:
            application/json: { schema: { type: object, properties: { id: { type: string } } } }
            new: {}
"#;
    let original: serde_json::Value = serde_saphyr::from_str(doc).expect("yaml");
    let emitted = emitted_again(doc, "once");
    let op = &emitted["paths"]["/groups/{groupId}/members"]["post"];
    let written = &original["paths"]["/groups/{groupId}/members"]["post"];
    assert_eq!(op["summary"], "Add members ");
    assert_eq!(op["parameters"], written["parameters"]);
    assert_eq!(op["requestBody"], written["requestBody"]);
    assert_eq!(op["responses"]["201"], written["responses"]["201"]);
}

#[test]
fn a_recursive_schema_is_emitted_as_a_reference_to_itself() {
    // `Category.parent` names `Category`: the emitter must stop at the `$ref` (it overflowed
    // its stack while building the schema of every use before deciding on a `$ref`).
    let emitted = emitted_again(DOC, "clinic");
    let category = &emitted["components"]["schemas"]["Category"];
    assert_eq!(
        category["properties"]["parent"]["$ref"], "#/components/schemas/Category",
        "{category}"
    );
}

#[test]
fn shared_parameters_answer_headers_and_named_lists_come_back_as_written() {
    // A parameter declared on the path item stays there, an answer header keeps its
    // description once (not again on its schema, and without the default `style`), a named
    // list keeps its `maxItems`, and a document without root `tags` gets none.
    let doc = r#"
openapi: 3.0.0
info: { title: Shelves, version: "1" }
servers: [{ url: https://shelves.example }]
paths:
  /shelves/{shelf}:
    parameters:
      - { name: shelf, in: path, required: true, schema: { type: integer, format: int64 } }
    get:
      operationId: getShelf
      tags: [shelves]
      responses:
        '200':
          description: The books
          headers:
            x-more: { description: Where the next page is, schema: { type: string } }
          content:
            application/json: { schema: { $ref: '#/components/schemas/Books' } }
    delete:
      operationId: deleteShelf
      tags: [shelves]
      responses: { '204': { description: Gone } }
components:
  schemas:
    Books:
      type: array
      maxItems: 50
      items: { type: object, properties: { title: { type: string } } }
"#;
    let original: serde_json::Value = serde_saphyr::from_str(doc).expect("yaml");
    let emitted = emitted_again(doc, "shelves");
    let item = &emitted["paths"]["/shelves/{shelf}"];
    let written = &original["paths"]["/shelves/{shelf}"];
    assert_eq!(item["parameters"], written["parameters"]);
    assert!(item["get"].get("parameters").is_none(), "{item}");
    assert_eq!(
        item["get"]["responses"]["200"]["headers"],
        written["get"]["responses"]["200"]["headers"]
    );
    assert_eq!(emitted["components"]["schemas"]["Books"]["maxItems"], 50);
    assert!(emitted.get("tags").is_none(), "{:?}", emitted.get("tags"));
}

#[test]
fn operation_item_root_and_media_keys_come_back_as_written() {
    // Keys the spec language has no place for at each level come back where they were: an
    // operation's `x-` keys and `externalDocs`, a path item's `x-` keys, the root's
    // `externalDocs` and servers (description, variable enum), the contact e-mail, a property's
    // `writeOnly`, a parameter's style and `explode`, a required answer header, an answer's
    // example beside its schema, and answers read as bytes or text with their media type and
    // schema.
    let doc = r#"
openapi: 3.0.1
info:
  title: Loans
  version: "1"
  contact: { name: Loans desk, url: https://loans.example/desk, email: desk@loans.example }
externalDocs: { url: https://loans.example/docs }
servers:
  - url: https://{region}.loans.example
    description: Regional
    variables:
      region: { default: eu, enum: [eu, us], description: Where the data lives }
paths:
  /loans:
    x-owner: desk
    get:
      operationId: ListLoans
      externalDocs: { url: https://loans.example/docs/loans }
      x-throttle: 10
      parameters:
        - { name: ids, in: query, style: form, explode: false, schema: { type: array, items: { type: integer } } }
      responses:
        '200':
          description: Loans
          headers:
            Location: { required: true, schema: { type: string } }
          content:
            application/json:
              schema:
                type: array
                items: { type: object, properties: { pin: { type: string, writeOnly: true } } }
              example: [{ pin: "1" }]
  /loans/card:
    get:
      operationId: GetCard
      responses:
        '200': { description: Card, content: { image/png: { schema: { type: string, format: binary } } } }
  /loans/export:
    get:
      operationId: Export
      responses:
        '200':
          description: XML
          content:
            application/xml: { schema: { type: object, properties: { count: { type: integer } } } }
"#;
    let original: serde_json::Value = serde_saphyr::from_str(doc).expect("yaml");
    let emitted = emitted_again(doc, "loans");
    for key in ["externalDocs", "servers"] {
        assert_eq!(emitted[key], original[key], "{key}");
    }
    assert_eq!(emitted["info"]["contact"], original["info"]["contact"]);
    assert_eq!(emitted["paths"]["/loans"]["x-owner"], "desk");
    let (op, written) = (
        &emitted["paths"]["/loans"]["get"],
        &original["paths"]["/loans"]["get"],
    );
    for key in ["externalDocs", "x-throttle", "parameters"] {
        assert_eq!(op[key], written[key], "{key}");
    }
    assert_eq!(op["responses"]["200"], written["responses"]["200"]);
    for path in ["/loans/card", "/loans/export"] {
        assert_eq!(
            emitted["paths"][path]["get"]["responses"]["200"],
            original["paths"][path]["get"]["responses"]["200"],
            "{path}"
        );
    }
}

#[test]
fn unnamed_operations_body_media_links_and_nullable_references_come_back_as_written() {
    // An operation without `operationId` gets none back, a request body's examples and
    // encoding stay, an answer's links stay, a nullable `allOf` of one `$ref` stays as written
    // and `multipleOf` has no typed place but comes back.
    let doc = r#"
openapi: 3.0.2
info: { title: Notes, version: "1" }
servers: [{ url: https://notes.example }]
components:
  schemas:
    Owner: { type: object, properties: { id: { type: integer }, name: { type: string } } }
paths:
  /notes:
    get:
      responses:
        '200':
          description: Notes
          links:
            first: { operationId: addNote, parameters: { id: '$response.body#/0/id' } }
          content:
            application/json:
              schema:
                type: object
                properties:
                  owner: { allOf: [{ $ref: '#/components/schemas/Owner' }], nullable: true }
                  score: { type: number, multipleOf: 0.5 }
    post:
      operationId: addNote
      requestBody:
        content:
          application/x-www-form-urlencoded:
            schema: { type: object, properties: { url: { type: string } } }
            encoding: { url: { style: form } }
            examples: { short: { value: { url: x } } }
      responses: { '201': { description: Created } }
"#;
    let original: serde_json::Value = serde_saphyr::from_str(doc).expect("yaml");
    let emitted = emitted_again(doc, "notes");
    let (get, written) = (
        &emitted["paths"]["/notes"]["get"],
        &original["paths"]["/notes"]["get"],
    );
    assert!(get.get("operationId").is_none(), "{get}");
    let answer = &get["responses"]["200"];
    assert_eq!(answer["links"], written["responses"]["200"]["links"]);
    let properties = &answer["content"]["application/json"]["schema"]["properties"];
    assert_eq!(properties["score"]["multipleOf"], 0.5, "{properties}");
    let owner = &properties["owner"];
    assert_eq!(owner["nullable"], true, "{owner}");
    assert_eq!(
        owner["allOf"][0], original["components"]["schemas"]["Owner"],
        "the `$ref` is written inlined: {owner}"
    );
    assert_eq!(
        emitted["paths"]["/notes"]["post"]["requestBody"],
        original["paths"]["/notes"]["post"]["requestBody"]
    );
}

#[test]
fn servers_come_back_as_written_while_the_base_url_is_the_one_read() {
    // A relative server (read as a `{host}` connection parameter) and a document without
    // servers come back as written; a base URL edited in the spec is written as derived.
    let relative = r#"
openapi: 3.0.3
info: { title: Relative, version: "1" }
servers: [{ url: /api/v1 }]
paths:
  /things:
    get:
      operationId: listThings
      responses: { '204': { description: Done } }
"#;
    let emitted = emitted_again(relative, "relative");
    assert_eq!(
        emitted["servers"],
        serde_json::json!([{ "url": "/api/v1" }])
    );
    let nowhere = relative.replace("servers: [{ url: /api/v1 }]\n", "");
    let emitted = emitted_again(&nowhere, "nowhere");
    assert!(
        emitted.get("servers").is_none(),
        "{:?}",
        emitted.get("servers")
    );

    let imported = openapi::import(relative.as_bytes(), "relative").expect("imports");
    let edited = imported.yaml.replacen(
        "base_url: https://{host}/api/v1",
        "base_url: https://edited.example/v1",
        1,
    );
    assert_ne!(edited, imported.yaml);
    let outcome = codegen::check_source("relative.yaml", edited, &ReadLimits::default());
    let connector = outcome.connector.expect("checks");
    let yaml = connector_platform::emit::openapi::to_yaml(&connector);
    let emitted: serde_json::Value = serde_saphyr::from_str(&yaml).expect("reads back");
    assert_eq!(emitted["servers"][0]["url"], "https://edited.example/v1");
}

#[test]
fn a_contact_the_spec_cannot_hold_comes_back_as_written() {
    // A contact with a vendor key, and one with a name alone, are not what the emitter derives
    // from the publisher, website and e-mail.
    for contact in [
        r#"{ name: Polygon, url: "https://polygon.example", x-twitter: polygon }"#,
        r#"{ name: Someone }"#,
    ] {
        let doc = format!(
            "openapi: 3.0.0\ninfo: {{ title: Contact, version: \"1\", contact: {contact} }}\n\
             servers: [{{ url: https://contact.example }}]\npaths: {{}}\n"
        );
        let original: serde_json::Value = serde_saphyr::from_str(&doc).expect("reads");
        let emitted = emitted_again(&doc, "contact");
        assert_eq!(
            emitted.pointer("/info/contact"),
            original.pointer("/info/contact"),
            "{emitted:#}"
        );
    }
}

#[test]
fn a_named_objects_default_and_enum_come_back_as_written() {
    let doc = r##"
openapi: 3.0.0
info: { title: Defaults, version: "1" }
servers: [{ url: https://defaults.example }]
paths:
  /things:
    post:
      operationId: addThing
      requestBody:
        content:
          application/json:
            schema:
              type: object
              properties:
                policy: { $ref: "#/components/schemas/Policy" }
                ports:
                  type: object
                  additionalProperties: { type: object, enum: [{}], default: {} }
      responses:
        "204": { description: Added }
components:
  schemas:
    Policy:
      type: object
      properties:
        name: { type: string }
        retries: { type: integer }
      default: {}
      example: { name: always }
"##;
    let emitted = emitted_again(doc, "defaults");
    let policy = emitted
        .pointer("/components/schemas/Policy")
        .expect("written");
    assert_eq!(
        policy.get("default"),
        Some(&serde_json::json!({})),
        "{policy:#}"
    );
    assert_eq!(
        policy.get("example"),
        Some(&serde_json::json!({ "name": "always" })),
        "{policy:#}"
    );
    let ports =
        "/paths/~1things/post/requestBody/content/application~1json/schema/properties/ports";
    assert_eq!(
        emitted.pointer(&format!("{ports}/additionalProperties/enum")),
        Some(&serde_json::json!([{}])),
        "{emitted:#}"
    );
}

#[test]
fn answers_of_one_shape_keep_their_own_titles() {
    // Two answers with the same properties become one named object; each use keeps its title.
    let doc = r#"
openapi: 3.0.0
info: { title: Titles, version: "1" }
servers: [{ url: https://titles.example }]
paths:
  /a:
    get:
      operationId: getA
      responses:
        "200":
          description: OK
          content:
            application/json:
              schema: { type: object, title: first schema, properties: { ok: { type: boolean }, id: { type: string } } }
  /b:
    get:
      operationId: getB
      responses:
        "200":
          description: OK
          content:
            application/json:
              schema: { type: object, title: second schema, properties: { ok: { type: boolean }, id: { type: string } } }
"#;
    let emitted = emitted_again(doc, "titles");
    let second = "/paths/~1b/get/responses/200/content/application~1json/schema/title";
    assert_eq!(
        emitted.pointer(second),
        Some(&serde_json::json!("second schema")),
        "{emitted:#}"
    );
    let first = "/components/schemas/GetAResponse/title";
    assert_eq!(
        emitted.pointer(first),
        Some(&serde_json::json!("first schema")),
        "{emitted:#}"
    );
}

#[test]
fn a_json_dialect_stays_the_content_type_of_requests_and_answers() {
    let doc = r#"
openapi: 3.0.0
info: { title: Dialect, version: "1" }
servers: [{ url: https://dialect.example }]
paths:
  /things:
    post:
      operationId: addThing
      requestBody:
        required: true
        content:
          application/vnd.api+json:
            schema: { type: object, properties: { name: { type: string } } }
      responses:
        "201":
          description: Added
          content:
            application/vnd.api+json:
              schema: { type: object, properties: { id: { type: string } } }
"#;
    let imported = openapi::import(doc.as_bytes(), "dialect").expect("imports");
    assert_eq!(
        imported
            .yaml
            .matches("content_type: application/vnd.api+json")
            .count(),
        2,
        "{}",
        imported.yaml
    );
    let emitted = emitted_again(doc, "dialect");
    let op = "/paths/~1things/post";
    for pointer in [
        format!("{op}/requestBody/content/application~1vnd.api+json/schema"),
        format!("{op}/responses/201/content/application~1vnd.api+json/schema"),
    ] {
        assert!(
            emitted.pointer(&pointer).is_some(),
            "{pointer}: {emitted:#}"
        );
    }
}

#[test]
fn an_explicit_deprecated_false_and_x_ms_pageable_come_back_as_written() {
    let doc = r#"
openapi: 3.0.0
info: { title: Pages, version: "1" }
servers: [{ url: https://pages.example }]
paths:
  /things:
    get:
      operationId: listThings
      deprecated: false
      x-ms-pageable: { nextLinkName: nextLink }
      responses:
        "200":
          description: OK
          content:
            application/json:
              schema:
                type: object
                properties:
                  value: { type: array, items: { type: string } }
                  nextLink: { type: string }
"#;
    let emitted = emitted_again(doc, "pages");
    let op = emitted.pointer("/paths/~1things/get").expect("written");
    assert_eq!(
        op.get("deprecated"),
        Some(&serde_json::json!(false)),
        "{op:#}"
    );
    assert_eq!(
        op.get("x-ms-pageable"),
        Some(&serde_json::json!({ "nextLinkName": "nextLink" })),
        "{op:#}"
    );
    // Paging edited away: the kept extension no longer says what the spec does.
    let imported = openapi::import(doc.as_bytes(), "pages").expect("imports");
    let mut in_block = false;
    let edited: String = imported
        .yaml
        .lines()
        .filter(|line| {
            if line.starts_with("    paginate:") {
                in_block = true;
                return false;
            }
            in_block = in_block && line.starts_with("      ");
            !in_block
        })
        .map(|line| format!("{line}\n"))
        .collect();
    assert!(!edited.contains("paginate:"), "{edited}");
    let outcome = codegen::check_source("pages.yaml", edited, &ReadLimits::default());
    let connector = outcome.connector.expect("checks");
    let yaml = connector_platform::emit::openapi::to_yaml(&connector);
    assert!(!yaml.contains("x-ms-pageable"), "{yaml}");
}

#[test]
fn an_operation_without_a_success_answer_gets_none_added() {
    let doc = r#"
openapi: 3.0.0
info: { title: Default, version: "1" }
servers: [{ url: https://default.example }]
paths:
  /run:
    post:
      operationId: run
      responses:
        default: { description: Default response }
"#;
    let original: serde_json::Value = serde_saphyr::from_str(doc).expect("reads");
    let emitted = emitted_again(doc, "default");
    let at = "/paths/~1run/post/responses";
    assert_eq!(emitted.pointer(at), original.pointer(at), "{emitted:#}");
}

#[test]
fn a_field_whose_properties_are_all_unnamed_is_kept_as_an_object() {
    // The unnamed property is dropped with a warning; the field holding it is not.
    let doc = r#"{"openapi": "3.0.3", "info": {"title": "Edge", "version": "1"},
      "servers": [{"url": "https://api.example.com"}],
      "paths": {"/things": {"get": {"operationId": "ListThings", "responses": {"200": {
        "description": "ok", "content": {"application/json": {"schema": {"type": "object",
          "properties": {"inner": {"type": "object", "properties": {"": {"type": "string"}}},
                         "name": {"type": "string"}}}}}}}}}}}"#;
    let imported = openapi::import(doc.as_bytes(), "edge.json").expect("imports");
    assert!(
        imported
            .warnings
            .iter()
            .any(|w| w.to_string().contains("a property without a name; dropped")),
        "{:?}",
        imported.warnings
    );
    checked("edge.yaml", imported.yaml.clone());
    let source = codegen::diag::SourceFile::new("edge.yaml", imported.yaml);
    let spec = codegen::spec::read_spec(&source, &ReadLimits::default()).expect("reads");
    let action = spec.actions.get("ListThings").expect("the action");
    let fields = action
        .response
        .as_ref()
        .and_then(|r| r.fields.as_ref())
        .expect("the answer's fields");
    assert!(fields.get("name").is_some());
    let inner = fields.get("inner").expect("`inner` is kept");
    assert_eq!(inner.body.fields.as_ref().map(|f| f.len()), Some(0));
}

#[test]
fn a_parameter_label_that_is_not_text_rides_along_instead_of_stopping_the_import() {
    let doc = r#"
openapi: 3.0.3
info: { title: Labels, version: "1" }
servers: [{ url: https://api.example.com }]
paths:
  /things:
    get:
      operationId: ListThings
      parameters:
        - { name: q, in: query, schema: { type: string }, x-ms-summary: 5 }
        - { name: r, in: query, schema: { type: string }, x-ms-summary: Search text }
      responses: { '200': { description: ok } }
"#;
    let imported = openapi::import(doc.as_bytes(), "labels.yaml").expect("imports");
    checked("labels.yaml", imported.yaml.clone());
    let source = codegen::diag::SourceFile::new("labels.yaml", imported.yaml);
    let spec = codegen::spec::read_spec(&source, &ReadLimits::default()).expect("reads");
    let params = &spec.actions.get("ListThings").expect("the action").params;
    let q = &params.get("q").expect("q").body;
    assert_eq!(q.summary, None);
    assert_eq!(
        q.extensions.get("x-ms-summary"),
        Some(&serde_json::json!(5))
    );
    let r = &params.get("r").expect("r").body;
    assert_eq!(r.summary.as_ref().map(|s| s.as_str()), Some("Search text"));
}

/// A document whose schema `A` nests `levels` objects, each holding the next as property `p`.
fn nested_document(levels: usize) -> String {
    let mut schema = serde_json::json!({ "type": "string" });
    for _ in 0..levels {
        schema = serde_json::json!({ "type": "object", "properties": { "p": schema } });
    }
    serde_json::json!({
        "openapi": "3.0.0",
        "info": { "title": "Deep", "version": "1" },
        "servers": [{ "url": "https://example.com" }],
        "paths": { "/a": { "get": { "operationId": "GetA", "responses": { "200": {
            "description": "ok",
            "content": { "application/json": { "schema": { "$ref": "#/components/schemas/A" } } }
        } } } } },
        "components": { "schemas": { "A": schema } }
    })
    .to_string()
}

/// The writing of a spec deeper than a spec file may nest does not read under the checker's
/// limits: the import names the deepest inline objects instead (`P`, `P2`, …), so that every
/// level is kept and the spec checks. A spec just inside the limits keeps its objects inline.
#[test]
fn an_object_nested_deeper_than_a_spec_may_nest_becomes_named_objects() {
    let deep = openapi::import(nested_document(40).as_bytes(), "deep.json").expect("imports");
    assert!(
        deep.warnings
            .iter()
            .all(|w| !w.message.starts_with(connector_platform::import::DROPPED)),
        "{:?}",
        deep.warnings
    );
    let connector = checked("deep.yaml", deep.yaml.clone());
    // Down from `A` through `p` forty times, named objects or inline, to the text at the end.
    let spec: serde_json::Value = serde_saphyr::from_str(&deep.yaml).expect("YAML");
    let mut at = spec["objects"]["A"].clone();
    let mut levels = 0;
    loop {
        if let Some(name) = at.as_str().filter(|n| *n != "string") {
            at = spec["objects"][name].clone();
            continue;
        }
        match at.get("fields") {
            Some(fields) => {
                at = fields["p"].clone();
                levels += 1;
            }
            None => break,
        }
    }
    assert_eq!((levels, at.as_str()), (40, Some("string")), "{}", deep.yaml);
    assert!(connector.objects.len() > 2, "{}", deep.yaml);
    // `connectorc rust --import` builds the same connector without the text.
    let options = connector_platform::import::ImportOptions::default();
    let in_memory =
        openapi::import_connector(nested_document(40).as_bytes(), "deep.json", &options)
            .expect("imports");
    let mut in_memory = in_memory.outcome.connector.expect("checks");
    // The id comes from the file name, which differs: `deep.json` here, `deep.yaml` above.
    (in_memory.id, in_memory.module_name) = (connector.id.clone(), connector.module_name.clone());
    assert!(
        in_memory == connector,
        "the in-memory import differs from the written spec's"
    );

    let inside = openapi::import(nested_document(25).as_bytes(), "inside.json").expect("imports");
    assert!(
        inside
            .warnings
            .iter()
            .all(|w| !w.message.starts_with(connector_platform::import::DROPPED)),
        "{:?}",
        inside.warnings
    );
    assert!(!inside.yaml.contains("A: any"), "{}", inside.yaml);
    checked("inside.yaml", inside.yaml);
}

#[test]
fn parameters_of_one_name_in_two_places_are_both_kept() {
    // A parameter is the pair of its name and its place: a path `id` and a query `id` are two
    // parameters, and neither overrides the other; an operation's own path `id` overrides the
    // path item's, whether written in place or through a `$ref`.
    let doc = r##"
openapi: 3.0.3
info: { title: Places, version: "1" }
servers: [{ url: https://places.example }]
components:
  parameters:
    Id: { name: id, in: path, required: true, schema: { type: string, format: uuid } }
paths:
  /a/{id}:
    parameters:
      - { name: id, in: path, required: true, schema: { type: integer } }
    get:
      operationId: getA
      parameters:
        - { name: id, in: query, schema: { type: boolean } }
      responses: { '200': { description: OK } }
    put:
      operationId: putA
      parameters:
        - $ref: '#/components/parameters/Id'
      responses: { '200': { description: OK } }
    delete:
      operationId: deleteA
      parameters:
        - { name: id, in: path, required: true, schema: { type: string } }
      responses: { '200': { description: OK } }
"##;
    let imported = openapi::import(doc.as_bytes(), "places").expect("imports");
    let outcome =
        codegen::check_source("places.yaml", imported.yaml.clone(), &ReadLimits::default());
    let connector = outcome.connector.expect("checks");
    let params = |action: usize| -> Vec<String> {
        connector.actions[action]
            .params
            .iter()
            .map(|p| format!("{} {:?} {:?}", p.field.wire_name, p.location, p.field.ty))
            .collect()
    };
    let yaml = &imported.yaml;
    let get = params(0);
    assert_eq!(get.len(), 2, "{get:#?}\n{yaml}");
    assert!(
        get[0].starts_with("id Path") && get[0].contains("Int"),
        "{get:#?}"
    );
    assert!(
        get[1].starts_with("id Query") && get[1].contains("Bool"),
        "{get:#?}"
    );
    let put = params(1);
    assert_eq!(put.len(), 1, "{put:#?}\n{yaml}");
    assert!(
        put[0].starts_with("id Path") && put[0].contains("uuid"),
        "{put:#?}"
    );
    let delete = params(2);
    assert_eq!(delete.len(), 1, "{delete:#?}\n{yaml}");
    assert!(
        delete[0].starts_with("id Path") && delete[0].contains("String"),
        "{delete:#?}"
    );
}

#[test]
fn parameters_of_one_name_in_two_places_are_both_kept_in_long_lists() {
    // Past sixteen parameters the importer indexes them instead of searching: the same rule.
    let queries: Vec<String> = (0..16)
        .map(|i| format!("{{ name: q{i}, in: query, schema: {{ type: string }} }}"))
        .collect();
    let doc = format!(
        r#"
openapi: 3.0.3
info: {{ title: Long, version: "1" }}
servers: [{{ url: https://long.example }}]
paths:
  /b/{{id}}:
    parameters:
      - {{ name: id, in: path, required: true, schema: {{ type: integer }} }}
    get:
      operationId: getB
      parameters: [{}, {{ name: id, in: query, schema: {{ type: boolean }} }}]
      responses: {{ '200': {{ description: OK }} }}
"#,
        queries.join(", ")
    );
    let imported = openapi::import(doc.as_bytes(), "long").expect("imports");
    let outcome = codegen::check_source("long.yaml", imported.yaml.clone(), &ReadLimits::default());
    let connector = outcome.connector.expect("checks");
    let ids: Vec<String> = connector.actions[0]
        .params
        .iter()
        .filter(|p| p.field.wire_name == "id")
        .map(|p| format!("{:?} {:?}", p.location, p.field.ty))
        .collect();
    assert_eq!(ids.len(), 2, "{ids:#?}\n{}", imported.yaml);
    assert!(
        ids[0].starts_with("Path") && ids[0].contains("Int"),
        "{ids:#?}"
    );
    assert!(
        ids[1].starts_with("Query") && ids[1].contains("Bool"),
        "{ids:#?}"
    );
    assert_eq!(connector.actions[0].params.len(), 18);
}
