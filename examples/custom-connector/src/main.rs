//! A crate with its own connector specs (`specs/weather.yaml`, `specs/tasks.yaml`): `build.rs`
//! generates `weather::Client` and `tasks::Client`, which run on the `connectors` runtime.

include!(concat!(env!("OUT_DIR"), "/mod.rs"));

use connectors::runtime::Secret;

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let client = weather::Client::new(weather::Connection {
        api_key: Secret::new(std::env::var("WEATHER_KEY").unwrap_or_default()),
        webhook_secret: Secret::new(std::env::var("WEATHER_WEBHOOK_SECRET").unwrap_or_default()),
    });
    let params = weather::params::GetForecastParams { days: Some(3) };
    match client.get_forecast("Lisbon", params).await {
        Ok(forecast) => println!("{forecast:#?}"),
        Err(error) => eprintln!("{error}"),
    }
}

#[cfg(test)]
mod tasks_tests;
#[cfg(test)]
mod trigger_tests;

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use wiremock::matchers::{method, path, query_param};
    use wiremock::{Mock, MockServer, ResponseTemplate};

    #[tokio::test]
    async fn the_generated_client_calls_the_api() {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .and(path("/forecast/New%20York"))
            .and(query_param("days", "2"))
            .and(query_param("key", "k-1"))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({
                "city": "New York",
                "days": [ { "date": "2026-11-23", "high": 9.5, "sky": "cloudy" },
                          { "date": "2026-11-24", "high": 7.0, "sky": "snow" } ]
            })))
            .expect(1)
            .mount(&server)
            .await;
        let client = weather::Client::new(weather::Connection {
            api_key: Secret::new("k-1"),
            webhook_secret: Secret::new(""),
        })
        .with_base_url(server.uri());
        let forecast = client
            .get_forecast(
                "New York",
                weather::params::GetForecastParams { days: Some(2) },
            )
            .await
            .unwrap();
        let days = forecast.days.unwrap();
        assert_eq!(days[0].sky, Some(weather::ForecastDaysItemSky::Cloudy));
        // A value the spec does not list still decodes.
        assert_eq!(
            days[1].sky,
            Some(weather::ForecastDaysItemSky::Unknown("snow".into()))
        );
    }
}
