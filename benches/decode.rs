//! What a generated JSON struct's `Deserialize` and `Serialize` cost at run time, now that they
//! come from the runtime's `json_object!` instead of serde's derives: the same three-level shape
//! declared three ways (derives, `json_object!`'s compact form and its direct form), read from
//! and written to the same text, timed in the same run.
//!
//! `cargo bench --bench decode` prints each one's best time of several rounds and the ratios to
//! the derives'.

use std::hint::black_box;
use std::time::{Duration, Instant};

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

/// The same shapes through `json_object!`, in the form `$form` names (none: the compact one).
macro_rules! by_macro {
    ($($form:ident)?) => {
        use connectors::runtime::json_object;

        #[derive(Debug, Clone, PartialEq, Default)]
        pub struct Settings {
            pub locale: Option<String>,
            pub muted: bool,
            pub limit: Option<i64>,
        }
        json_object!($($form)? Settings { locale: "locale" opt, muted: "muted" def, limit: "limit" opt });

        #[derive(Debug, Clone, PartialEq, Default)]
        pub struct Owner {
            pub id: String,
            pub email: Option<String>,
            pub settings: Option<Settings>,
        }
        json_object!($($form)? Owner { id: "id" req, email: "email" opt, settings: "settings" opt });

        #[derive(Debug, Clone, PartialEq, Default)]
        pub struct Item {
            pub id: i64,
            pub name: Option<String>,
            pub tags: Vec<String>,
            pub score: Option<f64>,
            pub owner: Option<Owner>,
        }
        json_object!($($form)? Item {
            id: "id" req,
            name: "name" opt,
            tags: "tags" def,
            score: "score" opt,
            owner: "owner" opt
        });
    };
}

mod compact {
    by_macro!();
}

mod direct {
    by_macro!(direct);
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
    println!(
        "| items | read: derives | read: compact | ratio | read: direct | ratio \
         | write: derives | write: compact | ratio | write: direct | ratio |"
    );
    println!("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    for count in [100, 10_000, 100_000] {
        let text = page(count);
        let derived: Vec<derived::Item> = serde_json::from_str(&text).expect("reads");
        let compact: Vec<compact::Item> = serde_json::from_str(&text).expect("reads");
        let direct: Vec<direct::Item> = serde_json::from_str(&text).expect("reads");
        let written = serde_json::to_string(&derived).expect("writes");
        for (form, other) in [
            ("compact", serde_json::to_string(&compact)),
            ("direct", serde_json::to_string(&direct)),
        ] {
            assert_eq!(
                written,
                other.expect("writes"),
                "{form} reads and writes as derives"
            );
        }
        let rounds = if count > 10_000 { 5 } else { 20 };
        let read = [
            best(rounds, || {
                black_box(serde_json::from_str::<Vec<derived::Item>>(black_box(&text)).ok());
            }),
            best(rounds, || {
                black_box(serde_json::from_str::<Vec<compact::Item>>(black_box(&text)).ok());
            }),
            best(rounds, || {
                black_box(serde_json::from_str::<Vec<direct::Item>>(black_box(&text)).ok());
            }),
        ];
        let write = [
            best(rounds, || {
                black_box(serde_json::to_string(black_box(&derived)).ok());
            }),
            best(rounds, || {
                black_box(serde_json::to_string(black_box(&compact)).ok());
            }),
            best(rounds, || {
                black_box(serde_json::to_string(black_box(&direct)).ok());
            }),
        ];
        let row = |times: [Duration; 3]| {
            format!(
                "{:.2} ms | {:.2} ms | {:.2} | {:.2} ms | {:.2}",
                ms(times[0]),
                ms(times[1]),
                ms(times[1]) / ms(times[0]),
                ms(times[2]),
                ms(times[2]) / ms(times[0]),
            )
        };
        println!("| {count} | {} | {} |", row(read), row(write));
    }
}
