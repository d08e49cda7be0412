//! Pagination against loopback servers, one per kind: page numbers (ClickMeeting `?page=N`,
//! GoToWebinar `page`/`size` with `page.totalPages`), cursor tokens (Zoom `next_page_token`),
//! next links and the `Link` header; each reads every page, stops on the last one, and yields
//! nothing for an empty answer.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use connectors::runtime::auth::NoAuth;
use connectors::runtime::paginate::{paginate, Paging};
use connectors::runtime::{Client, Error, ErrorRule, Method, Request, Service};
use futures::TryStreamExt;
use serde_json::{json, Value};
use wiremock::{Mock, MockServer, Request as Seen, Respond, ResponseTemplate};

/// Answers each request with `f(query parameter lookup)`, counting the requests.
struct Pages<F>(F, Arc<AtomicUsize>);

impl<F> Respond for Pages<F>
where
    F: Fn(&dyn Fn(&str) -> Option<String>, &reqwest::Url) -> ResponseTemplate + Send + Sync,
{
    fn respond(&self, request: &Seen) -> ResponseTemplate {
        self.1.fetch_add(1, Ordering::SeqCst);
        let pairs: Vec<(String, String)> = request.url.query_pairs().into_owned().collect();
        let param = |name: &str| {
            pairs
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, v)| v.clone())
        };
        (self.0)(&param, &request.url)
    }
}

async fn serve<F>(f: F) -> (MockServer, Arc<AtomicUsize>)
where
    F: Fn(&dyn Fn(&str) -> Option<String>, &reqwest::Url) -> ResponseTemplate
        + Send
        + Sync
        + 'static,
{
    let server = MockServer::start().await;
    let count = Arc::new(AtomicUsize::new(0));
    Mock::given(wiremock::matchers::any())
        .respond_with(Pages(f, count.clone()))
        .mount(&server)
        .await;
    (server, count)
}

fn client(server: &MockServer, base: &str) -> Client {
    Client::new(
        Service {
            base_url: format!("{}{base}", server.uri()),
            errors: ErrorRule::default(),
            xml: None,
        },
        Arc::new(NoAuth),
    )
}

async fn collect(
    client: Client,
    path: &str,
    paging: Paging,
    items: Option<&'static str>,
) -> Result<Vec<Value>, Error> {
    paginate(
        client,
        Request::new(Method::Get, path.into()),
        paging,
        items,
    )
    .try_collect()
    .await
}

fn clickmeeting() -> Paging {
    Paging::PageNumber {
        param: "page",
        first_page: 1,
        size_param: None,
        page_size: None,
        total_pages: None,
    }
}

#[tokio::test]
async fn clickmeeting_pages_until_an_empty_page() {
    let (server, count) = serve(|param, _| {
        let page: u64 = param("page").unwrap().parse().unwrap();
        let items: Vec<Value> = match page {
            1 => vec![json!({"id": 1}), json!({"id": 2})],
            2 => vec![json!({"id": 3})],
            _ => vec![],
        };
        ResponseTemplate::new(200).set_body_json(items)
    })
    .await;
    let items = collect(
        client(&server, "/v1"),
        "/conferences/active",
        clickmeeting(),
        None,
    )
    .await
    .unwrap();
    assert_eq!(
        items,
        vec![json!({"id": 1}), json!({"id": 2}), json!({"id": 3})]
    );
    assert_eq!(count.load(Ordering::SeqCst), 3);
}

#[tokio::test]
async fn an_empty_answer_yields_nothing() {
    let (server, count) = serve(|_, _| ResponseTemplate::new(200).set_body_json(json!([]))).await;
    let items = collect(client(&server, ""), "/conferences", clickmeeting(), None)
        .await
        .unwrap();
    assert!(items.is_empty());
    assert_eq!(count.load(Ordering::SeqCst), 1);
    let (server, _) = serve(|_, _| {
        ResponseTemplate::new(200).set_body_json(json!({"meetings": [], "next_page_token": "x"}))
    })
    .await;
    let cursor = Paging::Cursor {
        param: "next_page_token",
        next: "next_page_token",
    };
    let items = collect(client(&server, ""), "/m", cursor, Some("meetings"))
        .await
        .unwrap();
    assert!(items.is_empty());
}

fn gotowebinar(total_pages: Option<&'static str>) -> Paging {
    Paging::PageNumber {
        param: "page",
        first_page: 0,
        size_param: Some("size"),
        page_size: Some(2),
        total_pages,
    }
}

#[tokio::test]
async fn gotowebinar_stops_at_total_pages() {
    let (server, count) = serve(|param, _| {
        assert_eq!(param("size").as_deref(), Some("2"));
        let page: u64 = param("page").unwrap().parse().unwrap();
        let keys: Vec<Value> = (page * 2..page * 2 + 2)
            .map(|k| json!({"webinarKey": k.to_string()}))
            .collect();
        ResponseTemplate::new(200).set_body_json(json!({
            "_embedded": {"webinars": keys},
            "page": {"size": 2, "totalElements": 4, "totalPages": 2, "number": page}
        }))
    })
    .await;
    let items = collect(
        client(&server, ""),
        "/organizers/7/webinars",
        gotowebinar(Some("page.totalPages")),
        Some("_embedded.webinars"),
    )
    .await
    .unwrap();
    let keys: Vec<&str> = items
        .iter()
        .map(|i| i["webinarKey"].as_str().unwrap())
        .collect();
    assert_eq!(keys, vec!["0", "1", "2", "3"]);
    assert_eq!(
        count.load(Ordering::SeqCst),
        2,
        "page 2 was never asked for"
    );
}

#[tokio::test]
async fn a_short_page_is_the_last() {
    let (server, count) = serve(|param, _| {
        let page: u64 = param("page").unwrap().parse().unwrap();
        let n = if page == 0 { 2 } else { 1 };
        let keys: Vec<Value> = (0..n).map(|k| json!({"k": page * 10 + k})).collect();
        ResponseTemplate::new(200).set_body_json(json!({"_embedded": {"webinars": keys}}))
    })
    .await;
    let items = collect(
        client(&server, ""),
        "/webinars",
        gotowebinar(None),
        Some("_embedded.webinars"),
    )
    .await
    .unwrap();
    assert_eq!(items.len(), 3);
    assert_eq!(count.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn zoom_cursor_tokens_until_the_token_is_empty() {
    let (server, count) = serve(|param, _| {
        let (ids, next) = match param("next_page_token").as_deref() {
            None => (vec![1, 2], "tokA"),
            Some("tokA") => (vec![3], "tokB"),
            Some("tokB") => (vec![4], ""),
            Some(other) => panic!("unexpected token {other}"),
        };
        let meetings: Vec<Value> = ids.into_iter().map(|id| json!({"id": id})).collect();
        ResponseTemplate::new(200)
            .set_body_json(json!({"meetings": meetings, "next_page_token": next, "page_size": 30}))
    })
    .await;
    let cursor = Paging::Cursor {
        param: "next_page_token",
        next: "next_page_token",
    };
    let items = collect(
        client(&server, "/v2"),
        "/users/me/meetings",
        cursor,
        Some("meetings"),
    )
    .await
    .unwrap();
    let ids: Vec<i64> = items.iter().map(|i| i["id"].as_i64().unwrap()).collect();
    assert_eq!(ids, vec![1, 2, 3, 4]);
    assert_eq!(count.load(Ordering::SeqCst), 3);
}

#[tokio::test]
async fn next_links_relative_and_absolute() {
    let server = MockServer::start().await;
    let absolute = format!("{}/api/items?after=2", server.uri());
    let count = Arc::new(AtomicUsize::new(0));
    let respond = move |param: &dyn Fn(&str) -> Option<String>, url: &reqwest::Url| {
        assert_eq!(url.path(), "/api/items");
        let body = match param("after").as_deref() {
            None => json!({"data": [{"n": 1}], "links": {"next": "items?after=1"}}),
            Some("1") => json!({"data": [{"n": 2}], "links": {"next": absolute}}),
            Some("2") => json!({"data": [{"n": 3}], "links": {"next": null}}),
            Some(other) => panic!("unexpected cursor {other}"),
        };
        ResponseTemplate::new(200).set_body_json(body)
    };
    Mock::given(wiremock::matchers::any())
        .respond_with(Pages(respond, count.clone()))
        .mount(&server)
        .await;
    let items = collect(
        client(&server, "/api"),
        "/items",
        Paging::NextLink { next: "links.next" },
        Some("data"),
    )
    .await
    .unwrap();
    let ns: Vec<i64> = items.iter().map(|i| i["n"].as_i64().unwrap()).collect();
    assert_eq!(ns, vec![1, 2, 3]);
    assert_eq!(count.load(Ordering::SeqCst), 3);
}

#[tokio::test]
async fn link_headers_until_no_next() {
    let (server, count) = serve(|param, _| {
        let page: u64 = param("page").map(|p| p.parse().unwrap()).unwrap_or(1);
        let mut response =
            ResponseTemplate::new(200).set_body_json(json!([{"page": page}, {"page": page}]));
        if page < 3 {
            response = response.insert_header(
                "Link",
                format!(
                    "</hooks?page={}>; rel=\"next\", </hooks?page=3>; rel=\"last\"",
                    page + 1
                )
                .as_str(),
            );
        }
        response
    })
    .await;
    let items = collect(client(&server, ""), "/hooks", Paging::LinkHeader, None)
        .await
        .unwrap();
    assert_eq!(items.len(), 6);
    assert_eq!(count.load(Ordering::SeqCst), 3);
}

#[tokio::test]
async fn a_link_to_another_host_is_refused() {
    let (server, count) = serve(|_, _| {
        ResponseTemplate::new(200).set_body_json(
            json!({"data": [{"n": 1}], "next": "https://elsewhere.example/steal?page=2"}),
        )
    })
    .await;
    let result = collect(
        client(&server, ""),
        "/items",
        Paging::NextLink { next: "next" },
        Some("data"),
    )
    .await;
    assert!(matches!(result, Err(Error::Decode { .. })));
    assert_eq!(count.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn offsets_until_the_total() {
    let (server, count) = serve(|param, _| {
        assert_eq!(param("limit").as_deref(), Some("2"));
        let offset: u64 = param("offset").unwrap().parse().unwrap();
        let rows: Vec<Value> = (offset..(offset + 2).min(5))
            .map(|n| json!({"n": n}))
            .collect();
        ResponseTemplate::new(200).set_body_json(json!({"rows": rows, "total": 5}))
    })
    .await;
    let paging = Paging::Offset {
        param: "offset",
        limit_param: Some("limit"),
        limit: Some(2),
        total: Some("total"),
    };
    let items = collect(client(&server, ""), "/rows", paging, Some("rows"))
        .await
        .unwrap();
    let ns: Vec<u64> = items.iter().map(|i| i["n"].as_u64().unwrap()).collect();
    assert_eq!(ns, vec![0, 1, 2, 3, 4]);
    assert_eq!(count.load(Ordering::SeqCst), 3);
}

#[tokio::test]
async fn items_decode_into_typed_values() {
    #[derive(serde::Deserialize, Debug, PartialEq)]
    struct Meeting {
        id: i64,
    }
    let (server, _) = serve(|param, _| {
        let body = match param("next_page_token").as_deref() {
            None => json!({"meetings": [{"id": 1}], "next_page_token": "t"}),
            _ => json!({"meetings": [{"id": "not a number"}], "next_page_token": ""}),
        };
        ResponseTemplate::new(200).set_body_json(body)
    })
    .await;
    let mut stream = Box::pin(paginate::<Meeting>(
        client(&server, ""),
        Request::new(Method::Get, "/meetings".into()),
        Paging::Cursor {
            param: "next_page_token",
            next: "next_page_token",
        },
        Some("meetings"),
    ));
    assert_eq!(stream.try_next().await.unwrap(), Some(Meeting { id: 1 }));
    assert!(matches!(stream.try_next().await, Err(Error::Decode { .. })));
}

/// Collects with a guard: a stream that never ends fails the test instead of hanging it.
async fn collect_guarded(
    client: Client,
    path: &str,
    paging: Paging,
    items: Option<&'static str>,
) -> (Vec<Value>, Option<Error>) {
    let stream = paginate::<Value>(
        client,
        Request::new(Method::Get, path.into()),
        paging,
        items,
    );
    let read = async move {
        let mut stream = Box::pin(stream);
        let mut seen = Vec::new();
        loop {
            match stream.try_next().await {
                Ok(Some(item)) => seen.push(item),
                Ok(None) => return (seen, None),
                Err(error) => return (seen, Some(error)),
            }
        }
    };
    tokio::time::timeout(std::time::Duration::from_secs(20), read)
        .await
        .expect("the stream never ended")
}

fn loop_error(error: Option<Error>) -> String {
    match error {
        Some(Error::Decode { message }) => message,
        other => panic!("expected an error naming the loop, got {other:?}"),
    }
}

#[tokio::test]
async fn cursor_tokens_that_come_round_again_end_with_an_error() {
    // A→B→A: the third page hands back the token of the first.
    let (server, count) = serve(|param, _| {
        let (id, next) = match param("next_page_token").as_deref() {
            None => (1, "tokA"),
            Some("tokA") => (2, "tokB"),
            Some("tokB") => (3, "tokA"),
            Some(other) => panic!("unexpected token {other}"),
        };
        ResponseTemplate::new(200)
            .set_body_json(json!({"meetings": [{"id": id}], "next_page_token": next}))
    })
    .await;
    let cursor = Paging::Cursor {
        param: "next_page_token",
        next: "next_page_token",
    };
    let (items, error) =
        collect_guarded(client(&server, ""), "/meetings", cursor, Some("meetings")).await;
    let message = loop_error(error);
    assert!(message.contains("tokA"), "{message}");
    assert!(message.contains("again"), "{message}");
    // Every page read once, each item once, then the error.
    let ids: Vec<i64> = items.iter().map(|i| i["id"].as_i64().unwrap()).collect();
    assert_eq!(ids, vec![1, 2, 3]);
    assert_eq!(count.load(Ordering::SeqCst), 3);
}

#[tokio::test]
async fn a_cursor_handed_straight_back_ends_with_an_error() {
    let (server, count) = serve(|param, _| {
        let next = param("next_page_token").unwrap_or_else(|| "only".into());
        ResponseTemplate::new(200).set_body_json(json!({"data": [{"n": 1}], "next": next}))
    })
    .await;
    let cursor = Paging::Cursor {
        param: "next_page_token",
        next: "next",
    };
    let (items, error) = collect_guarded(client(&server, ""), "/x", cursor, Some("data")).await;
    assert!(loop_error(error).contains("only"));
    assert_eq!(items.len(), 2);
    assert_eq!(count.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn next_links_that_come_round_again_end_with_an_error() {
    // /items → ?after=1 → ?after=2 → ?after=1 …
    let (server, count) = serve(|param, _| {
        let body = match param("after").as_deref() {
            None => json!({"data": [{"n": 0}], "next": "items?after=1"}),
            Some("1") => json!({"data": [{"n": 1}], "next": "items?after=2"}),
            Some("2") => json!({"data": [{"n": 2}], "next": "items?after=1"}),
            Some(other) => panic!("unexpected cursor {other}"),
        };
        ResponseTemplate::new(200).set_body_json(body)
    })
    .await;
    let (items, error) = collect_guarded(
        client(&server, "/api"),
        "/items",
        Paging::NextLink { next: "next" },
        Some("data"),
    )
    .await;
    assert!(loop_error(error).contains("after=1"));
    assert_eq!(items.len(), 3);
    assert_eq!(count.load(Ordering::SeqCst), 3);
}

#[tokio::test]
async fn a_link_header_back_to_a_page_already_read_ends_with_an_error() {
    // The second page links back to the first, its query written in another order.
    let (server, count) = serve(|param, _| {
        let page: u64 = param("page").map(|p| p.parse().unwrap()).unwrap_or(1);
        let next = if page == 1 {
            "</hooks?page=2&size=1>; rel=\"next\""
        } else {
            "</hooks?size=1&page=1>; rel=\"next\""
        };
        ResponseTemplate::new(200)
            .set_body_json(json!([{"page": page}]))
            .insert_header("Link", next)
    })
    .await;
    let mut request = Request::new(Method::Get, "/hooks".into());
    request
        .query("page", &1, connectors::runtime::ArrayStyle::Csv)
        .unwrap();
    request
        .query("size", &1, connectors::runtime::ArrayStyle::Csv)
        .unwrap();
    let stream = paginate::<Value>(client(&server, ""), request, Paging::LinkHeader, None);
    let outcome: Vec<Result<Value, Error>> = tokio::time::timeout(
        std::time::Duration::from_secs(20),
        futures::StreamExt::collect(stream),
    )
    .await
    .expect("the stream never ended");
    assert_eq!(outcome.len(), 3, "two pages, then the error");
    assert!(outcome[..2].iter().all(Result::is_ok));
    let error = outcome.into_iter().last().unwrap().err();
    assert!(loop_error(error).contains("page=1"));
    assert_eq!(count.load(Ordering::SeqCst), 2);
}
