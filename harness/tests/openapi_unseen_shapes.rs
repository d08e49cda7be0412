//! Shapes found in OpenAPI documents nobody here had seen (the fixtures of the `openapiv3`
//! crate), each in a small document written for its test: the document is imported, checked,
//! emitted again and compared whole by the strict oracle, and must come back with no
//! difference outside `ALLOWED`.

#[path = "support/strict_diff.rs"]
mod strict_diff;

use connector_harness::openapi_roundtrip::emitted_text;
use serde_json::Value;
use strict_diff::{diff_file, File};

/// The differences outside `ALLOWED` after a round trip of `doc`, as `pointer: before → after`.
fn round_trip(doc: &str) -> Vec<String> {
    let original: Value = serde_saphyr::from_str(doc).expect("yaml");
    let (emitted, _) = emitted_text(doc, "shapes").unwrap_or_else(|e| panic!("{e}"));
    diff_file(File::OpenApi, &original, &emitted)
        .into_iter()
        .filter(|d| !d.allowed())
        .map(|d| format!("{}: {} → {}", d.pointer, d.before, d.after))
        .collect()
}

const HEAD: &str = r#"
openapi: 3.0.0
info: { title: Shapes, version: "1" }
servers: [{ url: "https://shapes.example" }]
"#;

/// quayio: path items declare their parameters, and each operation declares them again, in
/// another order; the item keeps its list and the operation its own.
#[test]
fn a_path_items_parameters_redeclared_by_its_operations_stay_on_both() {
    let doc = format!(
        "{HEAD}{}",
        r#"
paths:
  /repos/{repository}/triggers/{trigger}:
    parameters:
      - { name: repository, in: path, required: true, description: The repository, schema: { type: string } }
      - { name: trigger, in: path, required: true, description: The trigger, schema: { type: string } }
    get:
      operationId: getTrigger
      parameters:
        - { name: trigger, in: path, required: true, description: The trigger, schema: { type: string } }
        - { name: repository, in: path, required: true, description: The repository, schema: { type: string } }
        - { name: verbose, in: query, schema: { type: boolean } }
      responses: { '200': { description: OK } }
    delete:
      operationId: deleteTrigger
      parameters:
        - { name: trigger, in: path, required: true, description: Which trigger, schema: { type: string } }
      responses: { '204': { description: Deleted } }
"#
    );
    assert_eq!(round_trip(&doc), Vec::<String>::new());
}

/// quayio, adobe_aem: a trailing slash makes another URL, and stays.
#[test]
fn a_trailing_slash_of_a_path_stays() {
    let doc = format!(
        "{HEAD}{}",
        r#"
paths:
  /plans/:
    get: { operationId: listPlans, responses: { '200': { description: OK } } }
  /{path}/:
    parameters: [{ name: path, in: path, required: true, schema: { type: string } }]
    post: { operationId: postNode, responses: { '200': { description: OK } } }
"#
    );
    assert_eq!(round_trip(&doc), Vec::<String>::new());
}

/// stripe writes `style: simple` on path parameters, adobe_aem writes `explode` without a
/// style: each comes back as written, the default style included or left out.
#[test]
fn a_parameters_style_comes_back_as_written() {
    let doc = format!(
        "{HEAD}{}",
        r#"
paths:
  /charges/{charge}:
    get:
      operationId: getCharge
      parameters:
        - { name: charge, in: path, required: true, style: simple, schema: { type: string } }
        - { name: expand, in: query, explode: true, schema: { type: array, items: { type: string } } }
        - { name: ids, in: query, style: form, explode: false, schema: { type: array, items: { type: string } } }
        - { name: tags, in: query, style: form, schema: { type: array, items: { type: string } } }
      responses: { '200': { description: OK } }
"#
    );
    assert_eq!(round_trip(&doc), Vec::<String>::new());
}

/// quayio, swagger_generator, twilio: a blank description is written, and comes back.
#[test]
fn blank_descriptions_come_back() {
    let doc = format!(
        "{HEAD}{}",
        r#"
paths:
  /users/{username}:
    get:
      operationId: getUser
      summary: ""
      description: ""
      parameters:
        - { name: username, in: path, required: true, description: "", schema: { type: string } }
      responses: { '200': { description: OK } }
"#
    );
    assert_eq!(round_trip(&doc), Vec::<String>::new());
}

/// fitbit: a client-credentials scheme whose token URL is relative keeps its name and says
/// what it said; the operations' requirements name it.
#[test]
fn a_scheme_with_a_relative_token_url_keeps_its_name() {
    let doc = format!(
        "{HEAD}{}",
        r#"
components:
  securitySchemes:
    OAuth2:
      description: Client credentials.
      type: oauth2
      flows:
        clientCredentials:
          tokenUrl: /oauth/token
          scopes: { group: a group, organization: an organization }
paths:
  /groups:
    get:
      operationId: listGroups
      security: [{ OAuth2: [group, organization] }]
      responses: { '200': { description: OK } }
"#
    );
    assert_eq!(round_trip(&doc), Vec::<String>::new());
}

/// fitbit: the root's own `x-` keys come back.
#[test]
fn root_extensions_come_back() {
    let doc = format!(
        "{HEAD}{}",
        r#"
x-tagGroups: [{ name: Admin, tags: [groups] }]
paths:
  /groups:
    get: { operationId: listGroups, tags: [groups], responses: { '200': { description: OK } } }
"#
    );
    assert_eq!(round_trip(&doc), Vec::<String>::new());
}

/// azure_advisor: an `x-` key of an `allOf` part stays in the part (not on the composed
/// schema), and keys beside a `$ref` inside the composition stay beside it.
#[test]
fn a_compositions_parts_keep_their_own_keys() {
    let doc = format!(
        "{HEAD}{}",
        r#"
components:
  schemas:
    Resource:
      type: object
      properties: { id: { type: string, readOnly: true } }
      x-ms-azure-resource: true
    Details:
      type: object
      properties: { category: { type: string } }
    Recommendation:
      allOf: [{ $ref: '#/components/schemas/Resource' }]
      description: A recommendation.
      type: object
      properties:
        properties:
          $ref: '#/components/schemas/Details'
          description: The details.
          x-ms-client-flatten: true
paths:
  /recommendations/{id}:
    get:
      operationId: getRecommendation
      parameters: [{ name: id, in: path, required: true, schema: { type: string } }]
      responses:
        '200':
          description: OK
          content: { application/json: { schema: { $ref: '#/components/schemas/Recommendation' } } }
"#
    );
    assert_eq!(round_trip(&doc), Vec::<String>::new());
}

/// azure_advisor: an answer header's own example (on the header, not its schema) comes back.
#[test]
fn an_answer_headers_own_keys_come_back() {
    let doc = format!(
        "{HEAD}{}",
        r#"
paths:
  /jobs:
    post:
      operationId: startJob
      responses:
        '202':
          description: Accepted
          headers:
            Retry-After: { description: Seconds to wait., schema: { type: string }, example: '60', x-unit: s }
            Location: { description: "", schema: { type: string } }
"#
    );
    assert_eq!(round_trip(&doc), Vec::<String>::new());
}

/// slack: `items` written on an object (which is not a list) comes back as written.
#[test]
fn items_on_an_object_come_back() {
    let doc = format!(
        "{HEAD}{}",
        r#"
paths:
  /reactions:
    get:
      operationId: getReactions
      responses:
        '200':
          description: OK
          content:
            application/json:
              schema:
                type: object
                title: reactions
                items: { anyOf: [{ type: object, properties: { ok: { type: boolean } } }, { type: string }] }
"#
    );
    assert_eq!(round_trip(&doc), Vec::<String>::new());
}

/// stripe: a nullable `anyOf` of one named object is written as the use wrote it, without the
/// object's own title and `x-` keys beside it.
#[test]
fn a_union_of_one_named_object_keeps_the_uses_labels() {
    let doc = format!(
        "{HEAD}{}",
        r#"
components:
  schemas:
    profile:
      title: Profile
      type: object
      properties: { name: { type: string } }
      x-resource: { class_name: Profile }
    account:
      type: object
      properties:
        profile:
          anyOf: [{ $ref: '#/components/schemas/profile' }]
          description: The profile.
          nullable: true
paths:
  /account:
    get:
      operationId: getAccount
      responses:
        '200': { description: OK, content: { application/json: { schema: { $ref: '#/components/schemas/account' } } } }
"#
    );
    assert_eq!(round_trip(&doc), Vec::<String>::new());
}

/// stripe: a union whose alternatives are `$ref`s to recursive objects (kept as `$ref`s) comes
/// back as written; so does an `x-` key holding a `$ref` to an object the spec names
/// otherwise (`file` is a word of the spec language).
#[test]
fn a_union_of_recursive_objects_and_refs_in_extensions_come_back() {
    let doc = format!(
        "{HEAD}{}",
        r#"
components:
  schemas:
    file:
      type: object
      properties: { id: { type: string }, links: { type: array, items: { $ref: '#/components/schemas/customer' } } }
    customer:
      type: object
      properties:
        id: { type: string }
        files: { type: array, items: { $ref: '#/components/schemas/file' } }
        logo:
          type: string
          x-expansionResources: { oneOf: [{ $ref: '#/components/schemas/file' }] }
    deleted_customer:
      type: object
      properties: { id: { type: string }, deleted: { type: boolean } }
paths:
  /customers/{id}:
    get:
      operationId: getCustomer
      parameters: [{ name: id, in: path, required: true, schema: { type: string } }]
      responses:
        '200':
          description: OK
          content:
            application/json:
              schema:
                anyOf: [{ $ref: '#/components/schemas/customer' }, { $ref: '#/components/schemas/deleted_customer' }]
"#
    );
    assert_eq!(round_trip(&doc), Vec::<String>::new());
}

/// stripe: a GET request's body (which the client never sends) stays in the document.
#[test]
fn a_get_requests_body_stays_in_the_document() {
    let doc = format!(
        "{HEAD}{}",
        r#"
paths:
  /account:
    get:
      operationId: getAccount
      requestBody:
        content:
          application/x-www-form-urlencoded:
            schema: { type: object, additionalProperties: false, properties: {} }
        required: false
      responses: { '200': { description: OK } }
"#
    );
    assert_eq!(round_trip(&doc), Vec::<String>::new());
}

/// api-with-examples: the `paths` and `responses` maps' own `x-` keys come back, and an answer
/// whose media type has examples but no schema gets none added.
#[test]
fn maps_own_extensions_and_an_answer_without_schema_come_back() {
    let doc = format!(
        "{HEAD}{}",
        r#"
paths:
  x-paths-extension: paths extension
  /versions:
    get:
      operationId: listVersions
      responses:
        x-responses: responses extension
        '200':
          description: Versions
          content:
            application/json:
              examples: { one: { value: { versions: [v1] } } }
"#
    );
    assert_eq!(round_trip(&doc), Vec::<String>::new());
}

/// fitbit: a `$ref` that leads nowhere (`""`) is read as any value and comes back as written.
#[test]
fn a_ref_that_leads_nowhere_comes_back_as_written() {
    let doc = format!(
        "{HEAD}{}",
        r#"
paths:
  /events:
    post:
      operationId: createEvent
      requestBody:
        content:
          application/json:
            schema:
              type: object
              properties:
                owner: { type: object, properties: { data: { $ref: "" } } }
      responses: { '201': { description: Created } }
"#
    );
    assert_eq!(round_trip(&doc), Vec::<String>::new());
}

/// Many shapes in one document: path-item parameters by `$ref`, a header and a cookie
/// parameter, a referenced answer header, links, an operation's servers, a multipart body with
/// its encoding, a callback, nested lists, a map of objects, a nullable enum, a
/// discriminator, read-only and write-only properties, several OAuth 2.0 flows, an API key in
/// the query and OpenID Connect, AND-ed requirements and tags with external docs. The cookie
/// parameter, which the spec cannot hold, stays in the document as written.
#[test]
fn a_document_of_many_shapes_comes_back() {
    let doc = r#"
openapi: 3.0.3
info:
  title: Shapes
  version: "2"
  license: { name: MIT }
servers:
  - url: https://{tenant}.shapes.example/v2
    variables:
      tenant: { default: demo, description: Your tenant }
tags:
  - name: pets
    description: Pets
    externalDocs: { url: https://shapes.example/docs/pets }
security:
  - oauth: [read]
  - key: []
paths:
  /pets/{petId}:
    parameters:
      - $ref: '#/components/parameters/PetId'
      - name: X-Trace
        in: header
        schema: { type: string, format: uuid }
    get:
      operationId: getPet
      tags: [pets]
      parameters:
        - name: fields
          in: query
          style: form
          explode: false
          schema: { type: array, items: { type: string, enum: [name, tag] } }
        - name: session
          in: cookie
          schema: { type: string }
      responses:
        '200':
          description: A pet
          headers:
            X-Rate:
              $ref: '#/components/headers/Rate'
          content:
            application/json:
              schema: { $ref: '#/components/schemas/Pet' }
          links:
            owner:
              operationId: getOwner
              parameters: { ownerId: '$response.body#/ownerId' }
        '404': { description: Not found }
    put:
      operationId: putPet
      tags: [pets]
      servers: [{ url: https://write.shapes.example/v2 }]
      requestBody:
        required: true
        content:
          multipart/form-data:
            schema:
              type: object
              properties:
                meta: { $ref: '#/components/schemas/Pet' }
                photo: { type: string, format: binary }
            encoding:
              photo: { contentType: image/png }
      responses:
        '204': { description: Saved }
      callbacks:
        saved:
          '{$request.body#/hook}':
            post:
              requestBody: { content: { application/json: { schema: { type: object } } } }
              responses: { '200': { description: OK } }
  /owners/{ownerId}:
    get:
      operationId: getOwner
      parameters:
        - { name: ownerId, in: path, required: true, schema: { type: integer, format: int64 } }
        - { name: limit, in: query, schema: { type: integer, default: 20, minimum: 1, maximum: 100 } }
      security: [{ oid: [] }]
      responses:
        '200':
          description: Owner
          content:
            application/json:
              schema:
                type: object
                properties:
                  pets: { type: array, items: { type: array, items: { $ref: '#/components/schemas/Pet' } } }
                  extra: { type: object, additionalProperties: { $ref: '#/components/schemas/Pet' } }
                  kind: { type: string, nullable: true, enum: [a, b, null] }
  /files/{name}:
    post:
      operationId: upload
      parameters:
        - { name: name, in: path, required: true, schema: { type: string } }
      requestBody:
        content:
          application/octet-stream:
            schema: { type: string, format: binary }
      responses:
        '201': { description: Stored, content: { text/plain: { schema: { type: string } } } }
components:
  parameters:
    PetId: { name: petId, in: path, required: true, description: The pet, schema: { type: string } }
  headers:
    Rate: { description: Calls left, schema: { type: integer } }
  schemas:
    Pet:
      type: object
      required: [name, kind]
      discriminator: { propertyName: kind }
      properties:
        id: { type: integer, format: int64, readOnly: true }
        name: { type: string, minLength: 1 }
        secret: { type: string, writeOnly: true }
        kind: { type: string }
        ownerId: { type: integer }
        tags: { type: array, items: { type: string }, uniqueItems: true, default: [] }
  securitySchemes:
    oauth:
      type: oauth2
      flows:
        authorizationCode:
          authorizationUrl: https://login.shapes.example/authorize
          tokenUrl: https://login.shapes.example/token
          scopes: { read: Read, write: Write }
        clientCredentials:
          tokenUrl: https://login.shapes.example/token
          scopes: { read: Read }
    key: { type: apiKey, in: query, name: api_key }
    oid: { type: openIdConnect, openIdConnectUrl: https://login.shapes.example/.well-known/openid-configuration }
"#;
    assert_eq!(round_trip(doc), Vec::<String>::new());
}

/// Odd but valid shapes in one document: a parameter and an answer header whose schema is
/// written in `content`, `allowReserved`, a deprecated parameter, parameter examples, `not`,
/// a discriminator with a mapping, a nullable `allOf` of one `$ref`, `xml` and `externalDocs`
/// on a schema, an empty schema, media examples, a body's encoding headers and a status range.
/// Before, the two `content`s came back as `schema` and `not` was dropped.
#[test]
fn a_document_of_odd_shapes_comes_back() {
    let doc = r#"
openapi: 3.0.2
info: { title: Odd, version: "0.1", description: Odd shapes }
servers: [{ url: "https://odd.example/api/" }]
paths:
  /search:
    get:
      operationId: search
      parameters:
        - name: filter
          in: query
          content:
            application/json:
              schema: { type: object, properties: { q: { type: string } } }
        - { name: path, in: query, allowReserved: true, schema: { type: string } }
        - { name: old, in: query, deprecated: true, schema: { type: integer, enum: [1, 2, 3] } }
        - { name: X-Req, in: header, required: true, schema: { type: string, pattern: "^[a-z]+$" } }
        - name: tags
          in: query
          examples:
            one: { value: [a] }
          schema: { type: array, minItems: 1, items: { type: string } }
      responses:
        '200':
          description: Results
          headers:
            X-Page:
              content: { text/plain: { schema: { type: integer } } }
          content:
            application/json:
              schema:
                type: object
                additionalProperties: true
                properties:
                  ratio: { type: number, format: float }
                  big: { type: number, format: double, default: 1.5 }
                  blob: { type: string, format: byte }
                  old: { type: string, deprecated: true }
                  anything: {}
                  shape:
                    oneOf:
                      - { $ref: '#/components/schemas/Circle' }
                      - { $ref: '#/components/schemas/Square' }
                    discriminator:
                      propertyName: kind
                      mapping: { circle: '#/components/schemas/Circle', square: '#/components/schemas/Square' }
                  notnum: { not: { type: number } }
                  owner:
                    nullable: true
                    allOf: [{ $ref: '#/components/schemas/Circle' }]
                  meta: { type: object, minProperties: 1, additionalProperties: false, properties: { a: { type: string } }, xml: { name: Meta }, externalDocs: { url: "https://odd.example/meta" } }
              examples:
                first: { summary: First, value: { ratio: 0.5 } }
  /items:
    post:
      operationId: createItem
      requestBody:
        description: The item
        required: true
        content:
          application/json:
            schema:
              type: object
              required: [name]
              properties:
                id: { type: string, readOnly: true }
                name: { type: string, maxLength: 20 }
                count: { type: integer, format: int32, minimum: 0, exclusiveMinimum: true }
            encoding:
              name: { headers: { X-Enc: { schema: { type: string } } } }
      responses:
        '201': { description: Created }
        '4XX': { description: Client error }
components:
  schemas:
    Circle: { type: object, properties: { kind: { type: string }, radius: { type: number } } }
    Square: { type: object, properties: { kind: { type: string }, side: { type: number } } }
"#;
    assert_eq!(round_trip(doc), Vec::<String>::new());
}

/// More shapes: a path with a suffix after its placeholder, a path item's servers, summary and
/// parameter `x-` keys, bracketed parameter names, pipe-, space-delimited and deepObject
/// styles, a header enum, a CSV answer with an example, a referenced `default` answer in a
/// JSON dialect, an XML body whose schema says `xml` (which the typed reading of kept media
/// types dropped), an answer with only headers and an operation with only `default`.
#[test]
fn a_document_of_more_shapes_comes_back() {
    let doc = r#"
openapi: 3.0.1
info: { title: More, version: "3", termsOfService: "https://more.example/tos", x-audience: public }
servers:
  - url: https://{region}.more.example/{base}
    variables:
      region: { default: eu, enum: [eu, us] }
      base: { default: v3 }
paths:
  /reports/{id}.csv:
    summary: Reports
    description: CSV reports
    servers: [{ url: "https://files.more.example" }]
    parameters:
      - { name: id, in: path, required: true, schema: { type: string }, x-kind: report }
    get:
      operationId: getReport
      externalDocs: { url: "https://more.example/docs/reports" }
      parameters:
        - { name: "page[size]", in: query, schema: { type: integer, maximum: 500 } }
        - { name: cols, in: query, style: pipeDelimited, schema: { type: array, items: { type: string } } }
        - { name: words, in: query, style: spaceDelimited, explode: false, schema: { type: array, items: { type: string } } }
        - name: where
          in: query
          style: deepObject
          explode: true
          schema: { type: object, properties: { from: { type: string }, to: { type: string } } }
        - { name: X-Mode, in: header, schema: { type: string, enum: [fast, full] } }
      responses:
        '200':
          description: The report
          content:
            text/csv:
              schema: { type: string }
              example: "a,b\n1,2"
        default:
          $ref: '#/components/responses/Problem'
  /reports:
    post:
      operationId: makeReport
      requestBody:
        required: false
        content:
          application/xml:
            schema:
              type: object
              xml: { name: report }
              properties:
                title: { type: string, title: Title, xml: { attribute: true } }
      responses:
        '204':
          description: Queued
          headers:
            Location: { schema: { type: string, format: uri } }
    delete:
      operationId: purgeReports
      deprecated: true
      responses:
        default: { description: Done }
components:
  responses:
    Problem:
      description: A problem
      content:
        application/problem+json:
          schema:
            type: object
            properties:
              title: { type: string }
              status: { type: integer }
"#;
    assert_eq!(round_trip(doc), Vec::<String>::new());
}

/// A recursive tree: a list of a recursive object, an `allOf` of two `$ref`s and an inline part,
/// a map of the recursive object, a referenced request body, answer header and parameter
/// schema, an operation that needs no authentication (`security: []`) among OR-ed schemes, and
/// an answer written with an empty `content` (which came back without it).
#[test]
fn a_document_of_recursive_trees_comes_back() {
    let doc = r#"
openapi: 3.0.3
info: { title: Trees, version: "1" }
servers: [{ url: "https://trees.example" }]
security:
  - basic: []
  - key: []
paths:
  /health:
    get:
      operationId: health
      security: []
      responses:
        '200': { description: Up, content: {} }
  /trees:
    get:
      operationId: listTrees
      parameters:
        - in: query
          name: kind
          schema: { $ref: '#/components/schemas/Kind' }
      responses:
        '200':
          description: Trees
          headers:
            X-Total: { $ref: '#/components/headers/Total' }
          content:
            application/json:
              schema:
                type: array
                items: { $ref: '#/components/schemas/Node' }
    post:
      operationId: plantTree
      requestBody: { $ref: '#/components/requestBodies/NewTree' }
      responses:
        '201':
          description: Planted
          content:
            application/json:
              schema:
                allOf:
                  - $ref: '#/components/schemas/Node'
                  - $ref: '#/components/schemas/Stamp'
                  - type: object
                    properties: { planted: { type: boolean, default: true } }
  /trees/{id}:
    get:
      operationId: getTree
      parameters: [{ name: id, in: path, required: true, schema: { type: integer } }]
      responses:
        '200':
          description: A tree
          content:
            application/json:
              schema:
                type: object
                additionalProperties: { $ref: '#/components/schemas/Node' }
components:
  headers:
    Total: { description: How many, schema: { type: integer, minimum: 0 } }
  requestBodies:
    NewTree:
      required: true
      description: The tree to plant
      content:
        application/json:
          schema: { $ref: '#/components/schemas/Node' }
  schemas:
    Kind: { type: string, enum: [oak, pine], default: oak, description: A kind }
    Stamp:
      type: object
      properties:
        at: { type: string, format: date-time, readOnly: true }
    Node:
      type: object
      required: [name]
      properties:
        name: { type: string }
        kind: { $ref: '#/components/schemas/Kind' }
        children: { type: array, items: { $ref: '#/components/schemas/Node' } }
        parent: { $ref: '#/components/schemas/Node' }
  securitySchemes:
    basic: { type: http, scheme: basic }
    key: { type: apiKey, in: header, name: X-Key }
"#;
    assert_eq!(round_trip(doc), Vec::<String>::new());
}
