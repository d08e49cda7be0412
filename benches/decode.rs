//! What a generated JSON struct's `Deserialize` and `Serialize` cost at run time, now that they
//! come from the runtime's `json_object!` instead of serde's derives: the same three-level shape
//! declared both ways, read from and written to the same text, timed in the same run.
//!
//! `cargo bench --bench decode` prints each side's best time of several rounds and the ratios.

use std::hint::black_box;
use std::time::{Duration, Instant};

use connectors::runtime::json_object;
use serde::{Deserialize, Serialize};

mod derived {
    use super::*;

    #[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
    pub struct Settings {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub locale: Option<String>,
        #[serde(default)]
        pub muted: bool,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub limit: Option<i64>,
    }

    #[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
    pub struct Owner {
        pub id: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub email: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub settings: Option<Settings>,
    }

    #[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
    pub struct Item {
        pub id: i64,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub name: Option<String>,
        #[serde(default)]
        pub tags: Vec<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub score: Option<f64>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub owner: Option<Owner>,
    }
}

mod by_macro {
    #[derive(Debug, Clone, PartialEq, Default)]
    pub struct Settings {
        pub locale: Option<String>,
        pub muted: bool,
        pub limit: Option<i64>,
    }
    super::json_object!(Settings { locale: "locale" opt, muted: "muted" def, limit: "limit" opt });

    #[derive(Debug, Clone, PartialEq, Default)]
    pub struct Owner {
        pub id: String,
        pub email: Option<String>,
        pub settings: Option<Settings>,
    }
    super::json_object!(Owner { id: "id" req, email: "email" opt, settings: "settings" opt });

    #[derive(Debug, Clone, PartialEq, Default)]
    pub struct Item {
        pub id: i64,
        pub name: Option<String>,
        pub tags: Vec<String>,
        pub score: Option<f64>,
        pub owner: Option<Owner>,
    }
    super::json_object!(Item {
        id: "id" req,
        name: "name" opt,
        tags: "tags" def,
        score: "score" opt,
        owner: "owner" opt
    });
}

/// A page of `count` items, each with an owner and the owner's settings.
fn page(count: usize) -> String {
    let items: Vec<serde_json::Value> = (0..count)
        .map(|i| {
            serde_json::json!({
                "id": i,
                "name": format!("item number {i}"),
                "tags": ["red", "green", format!("t{}", i % 7)],
                "score": i as f64 / 3.0,
                "unknown_key": {"kept": false},
                "owner": {
                    "id": format!("u{}", i % 100),
                    "email": format!("user{}@example.com", i % 100),
                    "settings": {"locale": "en-GB", "muted": i % 2 == 0, "limit": 25}
                }
            })
        })
        .collect();
    serde_json::to_string(&items).expect("writes")
}

/// The best of `rounds` timings of `work`.
fn best(rounds: usize, mut work: impl FnMut()) -> Duration {
    (0..rounds)
        .map(|_| {
            let start = Instant::now();
            work();
            start.elapsed()
        })
        .min()
        .unwrap_or_default()
}

fn main() {
    println!("| items | read: derives | read: json_object! | ratio | write: derives | write: json_object! | ratio |");
    println!("|---:|---:|---:|---:|---:|---:|---:|");
    for count in [100, 10_000, 100_000] {
        let text = page(count);
        let derived: Vec<derived::Item> = serde_json::from_str(&text).expect("reads");
        let by_macro: Vec<by_macro::Item> = serde_json::from_str(&text).expect("reads");
        assert_eq!(
            serde_json::to_string(&derived).expect("writes"),
            serde_json::to_string(&by_macro).expect("writes"),
            "both forms read and write the same"
        );
        let rounds = if count > 10_000 { 5 } else { 20 };
        let read_derived = best(rounds, || {
            black_box(serde_json::from_str::<Vec<derived::Item>>(black_box(&text)).ok());
        });
        let read_macro = best(rounds, || {
            black_box(serde_json::from_str::<Vec<by_macro::Item>>(black_box(&text)).ok());
        });
        let write_derived = best(rounds, || {
            black_box(serde_json::to_string(black_box(&derived)).ok());
        });
        let write_macro = best(rounds, || {
            black_box(serde_json::to_string(black_box(&by_macro)).ok());
        });
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        println!(
            "| {count} | {:.2} ms | {:.2} ms | {:.2} | {:.2} ms | {:.2} ms | {:.2} |",
            ms(read_derived),
            ms(read_macro),
            ms(read_macro) / ms(read_derived),
            ms(write_derived),
            ms(write_macro),
            ms(write_macro) / ms(write_derived),
        );
    }
}
