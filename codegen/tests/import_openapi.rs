//! The OpenAPI 3.0 importer on a small document written for this test: `$ref`s, `allOf`, a
//! recursive schema, a sloppy `required: true`, a binary upload and a repeated inline object.

use codegen::import::openapi;
use codegen::spec::ReadLimits;

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

fn import() -> codegen::import::Imported {
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
            "ListPets",
            "AddPet",
            "GetPet",
            "PutPetPhoto",
            "ListCategories",
            "BookVisit"
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
