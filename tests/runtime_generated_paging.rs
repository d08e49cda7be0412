//! A generated `_stream` method reading every page: ClickMeeting's `ListConferences`, paged
//! with `?page=N` from 1, until a page comes back empty.

#![cfg(feature = "clickmeeting")]

use connectors::clickmeeting::*;
use connectors::runtime::futures::TryStreamExt;
use connectors::runtime::Secret;
use serde_json::json;
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn room(id: u64) -> serde_json::Value {
    json!({ "id": id, "room_type": "meeting", "name": format!("room {id}"), "status": "active" })
}

#[tokio::test]
async fn list_conferences_stream_pages_through_page_n() {
    let server = MockServer::start().await;
    let pages = [vec![room(1), room(2)], vec![room(3)], vec![]];
    for (n, items) in pages.iter().enumerate() {
        Mock::given(method("GET"))
            .and(path("/v1/conferences/active"))
            .and(query_param("page", (n + 1).to_string()))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!(items)))
            .expect(1)
            .mount(&server)
            .await;
    }
    let client = Client::new(Connection {
        api_key: Secret::new("key"),
    })
    .with_base_url(format!("{}/v1", server.uri()));
    let rooms: Vec<Conference> = client
        .list_conferences_stream(
            ConferenceStatus::Active,
            params::ListConferencesParams::default(),
        )
        .unwrap()
        .try_collect()
        .await
        .unwrap();
    let ids: Vec<_> = rooms.iter().map(|r| r.id).collect();
    assert_eq!(ids, vec![1, 2, 3]);
}
