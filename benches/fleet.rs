//! The fleet at scale: 10,000 triggers (100 connections × 100 triggers) polled once each by
//! a worker pool of 1, 2 and 4 workers against a loopback HTTP source, on SQLite and (when
//! `CONNECTORS_TEST_POSTGRES_URL` names a server) PostgreSQL. Each poll lists one new item,
//! which is handled and acknowledged: a claim, a listing, a checkpoint write and a release.
//! Prints polls per second and the checkpoint write latency (p50, p99) per engine and pool
//! size.
//!
//! Run: `cargo bench --features fleet --bench fleet` (release build; about a minute).

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use connectors::runtime::auth::NoAuth;
use connectors::runtime::fleet::{
    Database, HandlerError, Handling, PoolOptions, TriggerJob, WorkerPool,
};
use connectors::runtime::futures::future::BoxFuture;
use connectors::runtime::poll::{ClientSource, ItemOrder, PollSpec, Source};
use connectors::runtime::{Client, ErrorRule, Method, Request, Service};
use serde_json::json;
use sqlx::Connection;
use wiremock::{Mock, MockServer, Request as Seen, Respond, ResponseTemplate};

const CONNECTIONS: usize = 100;
const TRIGGERS: usize = 100;

/// Every listing is one item named after its path.
struct OneItem;

impl Respond for OneItem {
    fn respond(&self, request: &Seen) -> ResponseTemplate {
        ResponseTemplate::new(200).set_body_json(json!([{ "id": request.url.path() }]))
    }
}

fn jobs(server: &str) -> Vec<TriggerJob> {
    let client = Client::new(
        Service {
            base_url: server.to_owned(),
            errors: ErrorRule::default(),
            xml: None,
        },
        Arc::new(NoAuth),
    );
    let mut jobs = Vec::with_capacity(CONNECTIONS * TRIGGERS);
    for c in 0..CONNECTIONS {
        for t in 0..TRIGGERS {
            let source = ClientSource::new(
                client.clone(),
                Request::new(Method::Get, format!("/c{c}/t{t}")),
                None,
                None,
            );
            jobs.push(TriggerJob {
                connection: format!("c{c}"),
                spec: PollSpec {
                    trigger: format!("t{t}"),
                    identity: vec!["id".into()],
                    cursor: None,
                    order: ItemOrder::Unordered,
                },
                source: Arc::new(move || Box::new(source.clone()) as Box<dyn Source>),
                limits: None,
                // Once per run.
                interval: Duration::from_secs(3600),
            });
        }
    }
    jobs
}

struct Run {
    polls: u64,
    took: Duration,
    writes: Vec<Duration>,
}

async fn run(url: &str, server: &str, workers: usize) -> Run {
    let db = Database::connect_with(url, (2 * workers as u32).max(4))
        .await
        .unwrap();
    let delivered = Arc::new(AtomicUsize::new(0));
    let counted = delivered.clone();
    let handler = move |_item: Handling| -> BoxFuture<'static, Result<(), HandlerError>> {
        counted.fetch_add(1, Ordering::Relaxed);
        Box::pin(async { Ok(()) })
    };
    let jobs = jobs(server);
    let total = jobs.len();
    let start = Instant::now();
    let pool = WorkerPool::start(
        db.clone(),
        jobs,
        Arc::new(handler),
        PoolOptions {
            workers,
            batch: 16,
            idle: Duration::from_millis(5),
            ..PoolOptions::default()
        },
    )
    .await
    .unwrap();
    let registered = start.elapsed();
    let start = Instant::now();
    while pool.metrics().delivered < total as u64 {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    let took = start.elapsed();
    let metrics = pool.shutdown().await;
    assert_eq!(metrics.delivered, total as u64, "{metrics:?}");
    assert_eq!(metrics.errors, 0, "{metrics:?}");
    eprintln!("  (registering {total} triggers took {registered:.2?})");
    Run {
        polls: metrics.polls,
        took,
        writes: db.take_write_latencies(),
    }
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let at = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[at]
}

async fn fresh_postgres(admin: &str, n: usize) -> Option<String> {
    let mut conn = match sqlx::PgConnection::connect(admin).await {
        Ok(conn) => conn,
        Err(e) => {
            println!("PostgreSQL skipped: {e}");
            return None;
        }
    };
    let name = format!("fleet_bench_{}_{n}", std::process::id());
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(&mut conn)
        .await
        .unwrap();
    let base = &admin[..admin.rfind('/').unwrap()];
    Some(format!("{base}/{name}"))
}

fn main() {
    if !std::env::args().any(|a| a == "--bench") {
        println!("the fleet benchmark runs with `cargo bench --features fleet --bench fleet`");
        return;
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let server = MockServer::start().await;
        Mock::given(wiremock::matchers::method("GET"))
            .respond_with(OneItem)
            .mount(&server)
            .await;
        let dir = tempfile::tempdir().unwrap();
        let postgres = std::env::var("CONNECTORS_TEST_POSTGRES_URL").ok();
        if postgres.is_none() {
            println!("PostgreSQL skipped: CONNECTORS_TEST_POSTGRES_URL is not set");
        }
        println!(
            "{:<11} {:>7} {:>7} {:>8} {:>9} {:>10} {:>10}",
            "engine", "workers", "polls", "seconds", "polls/s", "write p50", "write p99"
        );
        for (i, workers) in [1usize, 2, 4].into_iter().enumerate() {
            let mut urls = vec![(
                "SQLite",
                format!(
                    "sqlite://{}",
                    dir.path().join(format!("bench{i}.db")).display()
                ),
            )];
            if let Some(admin) = &postgres {
                if let Some(url) = fresh_postgres(admin, i).await {
                    urls.push(("PostgreSQL", url));
                }
            }
            for (engine, url) in urls {
                let mut r = run(&url, &server.uri(), workers).await;
                r.writes.sort();
                println!(
                    "{:<11} {:>7} {:>7} {:>8.2} {:>9.0} {:>10.2?} {:>10.2?}",
                    engine,
                    workers,
                    r.polls,
                    r.took.as_secs_f64(),
                    r.polls as f64 / r.took.as_secs_f64(),
                    percentile(&r.writes, 0.5),
                    percentile(&r.writes, 0.99),
                );
            }
        }
    });
}
