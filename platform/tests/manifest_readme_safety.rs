//! The generated README.md never carries HTML or non-web links from spec text: descriptions,
//! labels, names and enum values are escaped, and a link whose target is not http(s) is text.

mod manifest_support;

use connector_platform::emit::powerplatform;
use serde_json::json;

const HOSTILE: &str = "Intro <details><summary>x</summary> <img src=x onerror=alert(1)> \
<script>alert(2)</script> <!-- hidden --> <javascript:alert(3)> \
[click](javascript:alert(4)) [data](  DATA:text/html,x) [web](https://example.com/a) \
`code <b>` &lt;b&gt;\n[ref]: javascript:alert(5)\n   [ok]: http://example.com";

fn hostile_readme() -> String {
    let mut connector = manifest_support::test_spec("acme.yaml");
    connector.description = Some(HOSTILE.into());
    connector.title = "Acme <img src=x onerror=alert(6)>".into();
    let action = &mut connector.actions[0];
    action.description = Some(HOSTILE.into());
    action.summary = Some("List <b>items</b>".into());
    action.params[0].field.description = Some(HOSTILE.replace('\n', " "));
    for object in &mut connector.objects {
        object.description = Some(HOSTILE.into());
        if let codegen::ir::Type::Object(o) = &mut object.ty {
            for field in &mut o.fields {
                field.summary = Some("<i>label</i>".into());
                if let codegen::ir::Type::Enum(e) = &mut field.ty {
                    e.values[0].value = json!("<svg onload=alert(7)>");
                }
            }
        }
    }
    powerplatform::emit(&connector).readme
}

#[test]
fn no_html_reaches_the_readme() {
    let readme = hostile_readme();
    // The only tag-like text is the generated comment on the first line.
    let body = readme.split_once('\n').unwrap().1;
    assert!(!body.contains('<'), "raw `<` in:\n{body}");
    for needle in ["<details", "<img", "<script", "<svg", "<!--", "<i>", "<b>"] {
        assert!(!body.contains(needle), "{needle}");
    }
    // Escaped, the text still reads as written.
    assert!(body.contains("&lt;details&gt;"));
    assert!(
        body.contains("&amp;lt;b&amp;gt;"),
        "an entity in the text stays text"
    );
}

#[test]
fn only_web_links_stay_links() {
    let readme = hostile_readme();
    for bad in ["](javascript:", "](  DATA:", "](data:"] {
        assert!(!readme.contains(bad), "{bad} is still a link");
    }
    assert!(readme.contains("[click]\\(javascript:alert(4))"));
    assert!(readme.contains("[web](https://example.com/a)"));
    assert!(readme.contains("\n\\[ref]: javascript:alert(5)"));
    assert!(readme.contains("\n   [ok]: http://example.com"));
}
