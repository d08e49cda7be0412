//! The custom code limits as lint rules, on small scripts and on the generated ones.

mod manifest_support;

use connector_platform::lint::{lint_folder, lint_script, Finding, MAX_SCRIPT_BYTES};

const GOOD: &str = r#"using System;
using System.Net.Http;
using System.Threading.Tasks;
using Newtonsoft.Json.Linq;
using Obj = Newtonsoft.Json.Linq.JObject;

public class Script : ScriptBase
{
    // HttpClient and System.Globalization.CultureInfo in a comment do not count.
    private static readonly string Note = "new HttpClient() and using System.Reflection; in a string";
    private static readonly string Verbatim = @"a ""WebClient"" quote";
    private static readonly char Quote = '"';

    public override async Task<HttpResponseMessage> ExecuteAsync()
    {
        using (var content = new StringContent(Note))
        {
        }
        return await this.Context.SendAsync(this.Context.Request, this.CancellationToken).ConfigureAwait(false);
    }
}
"#;

fn rules(findings: &[Finding]) -> Vec<(&'static str, String)> {
    findings.iter().map(|f| (f.rule, f.path.clone())).collect()
}

#[test]
fn a_script_within_the_limits_has_no_findings() {
    assert_eq!(rules(&lint_script(GOOD)), []);
}

#[test]
fn namespaces_outside_the_list_are_reported_with_their_line() {
    let script = GOOD
        .replace(
            "using System;\n",
            "using System;\nusing System.Globalization;\nusing static System.Reflection.BindingFlags;\nusing Alias = System.Data;\n",
        )
        .replace(
            "        return await",
            "        var culture = System.Globalization.CultureInfo.InvariantCulture;\n        var ok = System.Text.Encoding.UTF8;\n        return await",
        );
    let found = rules(&lint_script(&script));
    assert_eq!(
        found,
        [
            ("ScriptNamespaceNotAllowed", "line 2".to_owned()),
            ("ScriptNamespaceNotAllowed", "line 3".to_owned()),
            ("ScriptNamespaceNotAllowed", "line 4".to_owned()),
            ("ScriptNamespaceNotAllowed", "line 22".to_owned()),
        ],
        "{script}"
    );
}

#[test]
fn requests_outside_the_context_are_reported() {
    let script = GOOD.replace(
        "        return await",
        "        var client = new HttpClient();\n        await client.SendAsync(this.Context.Request);\n        var raw = System.Net.WebRequest.Create(\"https://x\");\n        return await",
    );
    let found = lint_script(&script);
    let lines: Vec<(&str, &str)> = found.iter().map(|f| (f.rule, f.path.as_str())).collect();
    assert_eq!(
        lines,
        [
            ("ScriptNetworkCallOutsideContext", "line 19"),
            ("ScriptNetworkCallOutsideContext", "line 20"),
            ("ScriptNetworkCallOutsideContext", "line 21"),
        ],
        "{found:#?}"
    );
    assert!(found.iter().all(|f| f.file == "script.csx"));
}

#[test]
fn the_script_class_and_size_are_required() {
    let renamed = GOOD.replace("class Script : ScriptBase", "class Other : ScriptBase");
    assert_eq!(
        rules(&lint_script(&renamed)),
        [("ScriptClassMissing", "line 1".to_owned())]
    );
    let mut big = GOOD.to_owned();
    big.push_str(&"// padding\n".repeat(MAX_SCRIPT_BYTES / 11 + 1));
    assert_eq!(
        rules(&lint_script(&big)),
        [("ScriptTooLarge", "line 1".to_owned())]
    );
    let just_under = format!("{GOOD}{}", " ".repeat(MAX_SCRIPT_BYTES - 1 - GOOD.len()));
    assert_eq!(rules(&lint_script(&just_under)), []);
}

#[test]
fn the_generated_scripts_keep_the_limits() {
    let root = manifest_support::workspace().join("generated");
    let mut checked = 0;
    for id in ["webex", "gotomeeting"] {
        let dir = root.join(id);
        assert!(dir.join("script.csx").is_file(), "{id} has a script");
        let script_findings: Vec<Finding> = lint_folder(&dir)
            .unwrap()
            .into_iter()
            .filter(|f| f.file == "script.csx")
            .collect();
        assert!(script_findings.is_empty(), "{id}: {script_findings:#?}");
        checked += 1;
    }
    assert_eq!(checked, 2);
}
