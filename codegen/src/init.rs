//! `connectorc init`: a commented starter spec, and a crate that compiles it from its `build.rs`.

use std::path::Path;

use crate::check::{connector_id_problem, safe_connector_id};

/// The id `init` uses for `name`: the name itself when it is a valid connector id, otherwise one
/// made from it (`My Tasks` → `my_tasks`).
pub fn starter_id(name: &str) -> String {
    if connector_id_problem(name).is_none() {
        return name.to_owned();
    }
    safe_connector_id(name).unwrap_or_else(|| "my_connector".into())
}

/// A title from an id: `my_tasks` → `My Tasks`.
fn title_of(id: &str) -> String {
    id.split(['_', '-'])
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut chars = w.chars();
            match chars.next() {
                Some(first) => first.to_ascii_uppercase().to_string() + chars.as_str(),
                None => String::new(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// A commented starter spec for the connector `id`, with `$schema` pointing at `schema_path`.
/// It checks, lints and builds clean; every part of it is a place to start editing.
pub fn starter_spec(id: &str, schema_path: &str) -> String {
    let title = title_of(id);
    STARTER
        .replace("{schema}", schema_path)
        .replace("{title}", &title)
        .replace("{id}", id)
}

const STARTER: &str = r#"# yaml-language-server: $schema={schema}
# A connector spec: one web API described once. `connectorc check` reports every mistake with its
# line and column; `connectorc build` writes the Power Platform folder and an OpenAPI document;
# a crate's build.rs turns it into a typed Rust client. The language guide is docs/spec-language.md.
title: {title}
# The output folder and the Rust module are named after the id.
id: {id}
description: Reads and creates the tasks of an account.
version: 1.0.0
# Every request path is appended to this URL.
base_url: https://api.example.com/v1
# What platforms show about the publisher; certification needs a website, a privacy policy and
# at least one category.
metadata:
  publisher: Example Inc.
  website: https://www.example.com
  privacy_policy: https://www.example.com/privacy
  categories: [Productivity]
# The key travels in a header; `api_key` is a connection parameter the user fills in once.
auth:
  api_key: { name: X-Api-Key, in: header, key: api_key }
connection:
  api_key:
    type: string
    secret: true
    required: true
    summary: API key
    description: The key of your account, from its settings page.
# Client-side rate limits: a whole number and one unit of ms, s, m, h or d.
limits:
  - { name: API calls per connection, calls: 100, per: 60s }
objects:
  Task:
    summary: Task
    description: Something to do.
    fields:
      id: { type: string, required: true, summary: Task id, description: The task's key. }
      title: { type: string, required: true, summary: Title, description: What to do. }
      status:
        summary: Status
        description: Whether the task is done.
        enum: { open: Open, done: Done }
      created: { type: datetime, summary: Created, description: When the task was created. }
  NewTask:
    summary: New task
    description: The fields of a task to create.
    fields:
      title: { type: string, required: true, summary: Title, description: What to do. }
actions:
  GetTask:
    summary: Get a task
    description: Returns one task.
    request: GET /tasks/{id}
    params:
      # A parameter named in the path is a path parameter; others travel in the query.
      id: { type: string, required: true, summary: Task id, description: The task's key. }
    returns: Task
  ListTasks:
    summary: List tasks
    description: Returns the tasks, newest first, one page at a time.
    request: GET /tasks
    params:
      status:
        summary: Status
        description: Only tasks with this status.
        enum: { open: Open, done: Done }
    paginate:
      page_number: { param: page }
    returns: [Task]
  CreateTask:
    summary: Create a task
    description: Creates a task and returns it.
    request: POST /tasks
    body: { type: NewTask, required: true, summary: Task, description: The task to create. }
    returns: Task
triggers:
  OnNewTask:
    summary: When a task is created
    description: Fires once for every new task.
    # A poll lists the tasks and reports those whose `id` it has not seen.
    poll: { action: ListTasks, identity: id, order: newest_first }
"#;

/// One file of a starter crate: its path inside the crate folder and its content.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StarterFile {
    /// Path relative to the crate folder.
    pub path: String,
    /// Content.
    pub content: String,
}

/// The files of a crate named `id` that compiles `specs/<id>.yaml` from its `build.rs`, like
/// `examples/custom-connector`. `repository` is the path of this project (the `connectors`
/// runtime crate, with `codegen/` inside), as the crate's `Cargo.toml` should name it.
pub fn starter_crate(id: &str, repository: &Path) -> Vec<StarterFile> {
    let package = id.replace('_', "-");
    let module = crate::names::snake_ident(id);
    let repo = repository.display().to_string().replace('\\', "/");
    let cargo = format!(
        r#"[package]
name = "{package}"
version = "0.1.0"
edition = "2021"
publish = false

[dependencies]
# The runtime of generated clients, without the bundled connectors.
connectors = {{ path = "{repo}", default-features = false }}
tokio = {{ version = "1", features = ["macros", "rt"] }}

[build-dependencies]
codegen = {{ path = "{repo}/codegen" }}
"#
    );
    let build = r#"//! Compiles `specs/*.yaml` into typed clients in `OUT_DIR`; a spec error fails the build with
//! its file, line and column.

fn main() {
    if let Err(report) = codegen::Config::new().compile(&["specs"]) {
        eprintln!("error: the connector specs do not compile\n\n{report}");
        std::process::exit(1);
    }
}
"#
    .to_owned();
    let main = format!(
        r#"//! Calls the API described by `specs/{id}.yaml` through the client `build.rs` generated.

include!(concat!(env!("OUT_DIR"), "/mod.rs"));

use connectors::runtime::Secret;

#[tokio::main(flavor = "current_thread")]
async fn main() {{
    let client = {module}::Client::new({module}::Connection {{
        api_key: Secret::new(std::env::var("API_KEY").unwrap_or_default()),
    }});
    match client.get_task("1").await {{
        Ok(task) => println!("{{task:#?}}"),
        Err(error) => eprintln!("{{error}}"),
    }}
}}
"#
    );
    vec![
        StarterFile {
            path: "Cargo.toml".into(),
            content: cargo,
        },
        StarterFile {
            path: "build.rs".into(),
            content: build,
        },
        StarterFile {
            path: "src/main.rs".into(),
            content: main,
        },
        StarterFile {
            path: format!("specs/{id}.yaml"),
            content: starter_spec(id, &format!("../{}", crate::SCHEMA_FILE)),
        },
        StarterFile {
            path: crate::SCHEMA_FILE.into(),
            content: crate::spec_schema_json(),
        },
    ]
}
