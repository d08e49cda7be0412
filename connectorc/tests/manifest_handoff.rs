//! Nothing in a generated folder is left for a person to fill in: the OAuth client id comes from
//! the spec or `connectorc build --client-id` (a placeholder only with a warning), and every
//! folder gets an `icon.png`, drawn or taken from the spec.

#[path = "../../platform/tests/manifest_support/mod.rs"]
mod manifest_support;

use std::path::{Path, PathBuf};

use codegen::spec::ReadLimits;
use connector_platform::emit::folder::connector_files;
use connector_platform::emit::powerplatform::{self, icon};
use serde_json::Value;

const OAUTH_SPEC: &str = r##"title: Signin Service
description: A small service whose users sign in with OAuth 2.0.
base_url: https://api.signin.test/v1
metadata:
  website: https://signin.test
  privacy_policy: https://signin.test/privacy
  categories: [Productivity]
  brand_color: "#f0e6d2"
auth:
  oauth2:
    authorization_url: https://signin.test/authorize
    token_url: https://signin.test/token
    client_id: 3f2a-client
actions:
  Ping:
    summary: Ping
    request: GET /ping
"##;

fn temp_dir(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("handoff-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn check(path: &Path, text: &str) -> codegen::CheckOutcome {
    codegen::check_source(path, text.to_owned(), &ReadLimits::default())
}

fn client_id(properties: &str) -> Value {
    let props: Value = serde_json::from_str(properties).unwrap();
    props["properties"]["connectionParameters"]["token"]["oAuthSettings"]["clientId"].clone()
}

#[test]
fn the_client_id_comes_from_the_spec() {
    let outcome = check(Path::new("signin.yaml"), OAUTH_SPEC);
    let connector = outcome.connector.expect("the spec checks");
    let files = powerplatform::emit(&connector);
    assert_eq!(client_id(&files.properties), "3f2a-client");
    assert!(files.readme.contains("OAuth client id is `3f2a-client`"));
    assert!(powerplatform::placeholders(&connector).is_empty());
}

#[test]
fn without_a_client_id_the_placeholder_comes_with_a_warning() {
    let text = OAUTH_SPEC.replace("    client_id: 3f2a-client\n", "");
    let mut connector = check(Path::new("signin.yaml"), &text).connector.unwrap();
    let files = powerplatform::emit(&connector);
    assert_eq!(client_id(&files.properties), "YOUR_CLIENT_ID");
    let warnings = powerplatform::placeholders(&connector);
    assert_eq!(warnings.len(), 1);
    assert!(warnings[0].contains("--client-id"), "{warnings:?}");
    // The build flag's value wins.
    powerplatform::set_client_id(&mut connector, "from-flag");
    assert_eq!(
        client_id(&powerplatform::emit(&connector).properties),
        "from-flag"
    );
    assert!(powerplatform::placeholders(&connector).is_empty());
}

/// The letters drawn on an icon, read back through the font grid.
fn decode(png: &[u8]) -> (u32, u32, Vec<u8>) {
    let decoder = png::Decoder::new(png);
    let mut reader = decoder.read_info().expect("a PNG");
    let mut pixels = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut pixels).expect("one frame");
    assert_eq!(info.color_type, png::ColorType::Rgb);
    pixels.truncate(info.buffer_size());
    (info.width, info.height, pixels)
}

#[test]
fn the_drawn_icon_has_the_brand_colour_and_the_initials() {
    let connector = check(Path::new("signin.yaml"), OAUTH_SPEC)
        .connector
        .unwrap();
    let png = powerplatform::emit(&connector).icon;
    let (width, height, pixels) = decode(&png);
    assert_eq!((width, height), (icon::ICON_SIZE, icon::ICON_SIZE));
    let at = |x: u32, y: u32| -> [u8; 3] {
        let i = ((y * width + x) * 3) as usize;
        [pixels[i], pixels[i + 1], pixels[i + 2]]
    };
    // The background is the brand colour; the light colour gets dark ink.
    assert_eq!(at(0, 0), [0xf0, 0xe6, 0xd2]);
    assert_eq!(at(width - 1, height - 1), [0xf0, 0xe6, 0xd2]);
    let ink: Vec<(u32, u32)> = (0..height)
        .flat_map(|y| (0..width).map(move |x| (x, y)))
        .filter(|&(x, y)| at(x, y) != [0xf0, 0xe6, 0xd2])
        .collect();
    assert!(ink.iter().all(|&(x, y)| at(x, y) == [0x1a, 0x1a, 0x1a]));
    // The ink is the text `SS` (Signin Service), centred.
    assert_eq!(icon::initials(&connector.title), "SS");
    let (min_x, max_x) = (
        ink.iter().map(|p| p.0).min().unwrap(),
        ink.iter().map(|p| p.0).max().unwrap(),
    );
    let (min_y, max_y) = (
        ink.iter().map(|p| p.1).min().unwrap(),
        ink.iter().map(|p| p.1).max().unwrap(),
    );
    assert!((min_x + max_x).abs_diff(width - 1) <= 2, "{min_x}..{max_x}");
    assert!(
        (min_y + max_y).abs_diff(height - 1) <= 2,
        "{min_y}..{max_y}"
    );
    // Same pixels as drawing the initials directly, so the two glyphs are the font's S twice.
    let expected = icon::draw(icon::ICON_SIZE, [0xf0, 0xe6, 0xd2], "SS");
    assert_eq!(pixels, expected);
    let half = (max_x - min_x).div_ceil(2);
    let left: Vec<(u32, u32)> = ink
        .iter()
        .filter(|p| p.0 < min_x + half)
        .map(|&(x, y)| (x - min_x, y))
        .collect();
    let right: Vec<(u32, u32)> = ink
        .iter()
        .filter(|p| p.0 > max_x - half)
        .map(|&(x, y)| (x - (max_x + 1 - half), y))
        .collect();
    assert!(!left.is_empty());
    assert_eq!(left.len(), right.len(), "both letters are the same glyph");
}

#[test]
fn every_generated_folder_has_its_icon() {
    for connector in manifest_support::clean_connectors() {
        let files = connector_files(&connector);
        let icon_file = files
            .iter()
            .find(|f| f.name == "icon.png")
            .unwrap_or_else(|| panic!("{} has no icon", connector.id));
        let (w, h, _) = decode(&icon_file.content);
        assert_eq!((w, h), (230, 230), "{}", connector.id);
    }
}

#[test]
fn a_spec_names_its_own_icon() {
    let dir = temp_dir("own-icon");
    let own = icon::encode(4, &[7; 4 * 4 * 3]);
    std::fs::write(dir.join("logo.png"), &own).unwrap();
    std::fs::write(dir.join("notes.txt"), "not a picture").unwrap();
    let spec = dir.join("signin.yaml");
    let with_icon = |value: &str| {
        OAUTH_SPEC.replace(
            "  brand_color: \"#f0e6d2\"\n",
            &format!("  brand_color: \"#f0e6d2\"\n  icon: {value}\n"),
        )
    };
    let connector = check(&spec, &with_icon("logo.png"))
        .connector
        .expect("checks");
    assert_eq!(powerplatform::emit(&connector).icon, own);

    for (value, message) in [
        ("../logo.png", "not a path inside the spec's folder"),
        ("/etc/hostname", "not a path inside the spec's folder"),
        ("notes.txt", "is not a PNG file"),
        ("missing.png", "cannot read the icon"),
    ] {
        let outcome = check(&spec, &with_icon(value));
        assert!(outcome.connector.is_none(), "{value} was accepted");
        let messages: Vec<&str> = outcome
            .diagnostics
            .iter()
            .map(|d| d.message.as_str())
            .collect();
        assert!(
            messages.iter().any(|m| m.contains(message)),
            "{value}: {messages:?}"
        );
    }
}

#[test]
fn connectorc_build_takes_the_client_id_per_connector() {
    let dir = temp_dir("cli");
    let specs = dir.join("specs");
    std::fs::create_dir_all(&specs).unwrap();
    let text = OAUTH_SPEC.replace("    client_id: 3f2a-client\n", "");
    std::fs::write(specs.join("signin.yaml"), &text).unwrap();
    std::fs::write(
        specs.join("other.yaml"),
        text.replace("Signin Service", "Other Service"),
    )
    .unwrap();
    let out = dir.join("out");
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_connectorc"))
        .args(["build", "--client-id", "signin=abc-123", "--out"])
        .arg(&out)
        .arg(&specs)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "{stderr}");
    let read = |id: &str| std::fs::read_to_string(out.join(id).join("apiProperties.json")).unwrap();
    assert_eq!(client_id(&read("signin")), "abc-123");
    assert_eq!(client_id(&read("other")), "YOUR_CLIENT_ID");
    let warnings: Vec<&str> = stderr
        .lines()
        .filter(|l| l.starts_with("warning:"))
        .collect();
    assert_eq!(warnings.len(), 1, "{stderr}");
    assert!(warnings[0].starts_with("warning: other: no OAuth client id"));
    assert!(out.join("signin/icon.png").is_file());
}
