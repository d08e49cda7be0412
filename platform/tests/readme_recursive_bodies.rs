//! A body whose named objects refer back to themselves is documented once per object: the field
//! that comes back to an object being flattened is one row linking to its definition, while
//! objects that do not recur are still flattened with dotted keys.

use codegen::spec::ReadLimits;

/// The README's parameter rows of the only action of `spec`, as their `Key` cells.
fn parameter_keys(spec: &str) -> Vec<(String, String)> {
    let outcome = codegen::check_source("recursive.yaml", spec, &ReadLimits::default());
    let connector = outcome.connector.unwrap_or_else(|| {
        panic!("the spec checks: {:?}", outcome.diagnostics);
    });
    let files = connector_platform::emit::folder::connector_files(&connector);
    let readme = files
        .iter()
        .find(|f| f.name == "README.md")
        .map(|f| String::from_utf8_lossy(&f.content).into_owned())
        .expect("a README");
    let table = readme
        .split("#### Parameters")
        .nth(1)
        .and_then(|rest| rest.split("####").next())
        .expect("a parameters table");
    table
        .lines()
        .filter(|line| line.starts_with("| ") && !line.starts_with("| Name | Key |"))
        .map(|line| {
            let cells: Vec<&str> = line.split(" | ").collect();
            (cells[1].to_owned(), cells[3].to_owned())
        })
        .collect()
}

const HEAD: &str = "title: Recursive\nbase_url: https://api.example.com\n";

#[test]
fn an_object_that_contains_itself_is_one_row_linking_to_it() {
    let spec = format!(
        "{HEAD}objects:\n  Node:\n    fields:\n      id: string\n      parent: Node\n      \
         children: [Node]\nactions:\n  PutNode:\n    summary: Put a node\n    request: PUT /nodes\n    \
         body: {{ type: Node }}\n"
    );
    let rows = parameter_keys(&spec);
    let keys: Vec<&str> = rows.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(keys, ["id", "parent", "children"], "{rows:?}");
    assert_eq!(rows[1].1, "[Node](#node)");
}

#[test]
fn objects_that_contain_each_other_stop_where_the_first_comes_back() {
    let spec = format!(
        "{HEAD}objects:\n  Team:\n    fields:\n      name: string\n      lead: Person\n  \
         Person:\n    fields:\n      email: string\n      team: Team\nactions:\n  PutTeam:\n    \
         summary: Put a team\n    request: PUT /teams\n    body: {{ type: Team }}\n"
    );
    let rows = parameter_keys(&spec);
    let keys: Vec<&str> = rows.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(keys, ["name", "lead.email", "lead.team"], "{rows:?}");
    assert_eq!(rows[2].1, "[Team](#team)");
}

#[test]
fn objects_that_do_not_recur_are_flattened_as_before() {
    let spec = format!(
        "{HEAD}objects:\n  A:\n    fields:\n      b: B\n  B:\n    fields:\n      c: C\n  \
         C:\n    fields:\n      id: string\nactions:\n  PutA:\n    summary: Put an A\n    \
         request: PUT /a\n    body: {{ type: A }}\n"
    );
    let rows = parameter_keys(&spec);
    let keys: Vec<&str> = rows.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(keys, ["b.c.id"], "{rows:?}");
}
