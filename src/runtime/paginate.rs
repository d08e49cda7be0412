//! Pagination as a `Stream` of items across pages: page numbers (ClickMeeting `?page=N`,
//! GoToWebinar `page`/`size` with `page.totalPages`), offsets, cursor tokens (Zoom
//! `next_page_token`), next links in the body, and the `Link` header.
//!
//! A stream ends after the last page: when a page has no items, when the page count or total
//! says so, when a page is shorter than the page size, or when no next token or link is given.
//! A service whose tokens or links come round again (`A → B → A`, or the token it was just
//! given) would be read forever: the stream ends with an error at the first repeat instead.

use std::collections::hash_map::RandomState;
use std::collections::{HashMap, VecDeque};
use std::future::Future;
use std::hash::BuildHasher;

use futures::stream::{self, Stream, TryStreamExt};
use reqwest::header::{HeaderMap, LINK};
use reqwest::Url;
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::encode::{lookup, text};
use super::{Client, Error, Request};

/// The items of a paged action, one by one across its pages (what a generated `_stream`
/// method returns). Read it with `futures::StreamExt::next` or `TryStreamExt::try_next`.
pub type ItemStream<T> = std::pin::Pin<Box<dyn Stream<Item = Result<T, Error>> + Send>>;

/// How a listing is paged.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Paging {
    /// Page numbers.
    PageNumber {
        /// The page parameter.
        param: &'static str,
        /// The first page's number (0 or 1).
        first_page: u64,
        /// The page size parameter.
        size_param: Option<&'static str>,
        /// The page size asked for (and the size of a full page).
        page_size: Option<u64>,
        /// Path of the page count in the answer.
        total_pages: Option<&'static str>,
    },
    /// Offsets.
    Offset {
        /// The offset parameter.
        param: &'static str,
        /// The limit parameter.
        limit_param: Option<&'static str>,
        /// The limit asked for (and the size of a full page).
        limit: Option<u64>,
        /// Path of the item total in the answer.
        total: Option<&'static str>,
    },
    /// Cursor tokens.
    Cursor {
        /// The token parameter.
        param: &'static str,
        /// Path of the next token in the answer.
        next: &'static str,
    },
    /// A next link in the body.
    NextLink {
        /// Path of the next URL in the answer.
        next: &'static str,
    },
    /// `Link: <…>; rel="next"` headers.
    LinkHeader,
}

/// How the next page is asked for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Next {
    /// The first request, with these query parameters set (replacing any of the same name).
    Params(Vec<(String, String)>),
    /// This URL, as the service gave it.
    Url(Url),
}

/// One page as received.
#[derive(Clone, Debug)]
pub struct Page {
    /// The URL it was read from (to resolve relative links).
    pub url: Url,
    /// The answer's headers.
    pub headers: HeaderMap,
    /// The decoded body.
    pub body: Value,
}

enum State {
    Ask(Next),
    /// The items of the page just read are out; this error ends the stream.
    Fail(Error),
    Done,
}

/// How many tokens or links a stream remembers to find a loop: past this many pages the oldest
/// are forgotten, so memory stays bounded (a loop longer than this is not seen).
pub const SEEN_CAPACITY: usize = 100_000;

/// The tokens or page URLs a stream has asked for, by a 64-bit hash, with the number of the
/// page each one read.
struct Seen {
    hasher: RandomState,
    pages: HashMap<u64, u64>,
    order: VecDeque<u64>,
}

impl Seen {
    fn new() -> Seen {
        Seen {
            hasher: RandomState::new(),
            pages: HashMap::new(),
            order: VecDeque::new(),
        }
    }

    /// Records `key` as the one page `page` is read with; the page it read before, if any.
    fn insert(&mut self, key: &str, page: u64) -> Option<u64> {
        let hash = self.hasher.hash_one(key);
        if let Some(first) = self.pages.get(&hash) {
            return Some(*first);
        }
        if self.order.len() >= SEEN_CAPACITY {
            if let Some(oldest) = self.order.pop_front() {
                self.pages.remove(&oldest);
            }
        }
        self.pages.insert(hash, page);
        self.order.push_back(hash);
        None
    }
}

struct Progress {
    paging: Paging,
    items: Option<&'static str>,
    page: u64,
    offset: u64,
    /// Pages read so far.
    read: u64,
    seen: Seen,
    /// Parameters sent with every page (the page size or limit).
    fixed: Vec<(String, String)>,
}

/// The items of every page, as JSON values, page by page: `fetch` is asked for each page.
pub fn pages<F, Fut>(
    paging: Paging,
    items: Option<&'static str>,
    fetch: F,
) -> impl Stream<Item = Result<Vec<Value>, Error>>
where
    F: FnMut(Next) -> Fut,
    Fut: Future<Output = Result<Page, Error>>,
{
    let mut fixed = Vec::new();
    let mut params = Vec::new();
    let mut page = 0;
    match &paging {
        Paging::PageNumber {
            param,
            first_page,
            size_param,
            page_size,
            ..
        } => {
            page = *first_page;
            params.push((param.to_string(), first_page.to_string()));
            if let (Some(name), Some(size)) = (size_param, page_size) {
                fixed.push((name.to_string(), size.to_string()));
            }
        }
        Paging::Offset {
            param,
            limit_param,
            limit,
            ..
        } => {
            params.push((param.to_string(), "0".to_owned()));
            if let (Some(name), Some(limit)) = (limit_param, limit) {
                fixed.push((name.to_string(), limit.to_string()));
            }
        }
        Paging::Cursor { .. } | Paging::NextLink { .. } | Paging::LinkHeader => {}
    }
    params.extend(fixed.iter().cloned());
    let progress = Progress {
        paging,
        items,
        page,
        offset: 0,
        read: 0,
        seen: Seen::new(),
        fixed,
    };
    stream::try_unfold(
        (State::Ask(Next::Params(params)), progress, fetch),
        |(state, mut progress, mut fetch)| async move {
            let next = match state {
                State::Done => return Ok(None),
                State::Fail(error) => return Err(error),
                State::Ask(next) => next,
            };
            let page = fetch(next).await?;
            let items = page_items(&page.body, progress.items)?;
            let state = progress.advance(&page, items.len())?;
            Ok(Some((items, (state, progress, fetch))))
        },
    )
}

/// The items of every page decoded as `T`.
pub fn items<T, F, Fut>(
    paging: Paging,
    items: Option<&'static str>,
    fetch: F,
) -> impl Stream<Item = Result<T, Error>>
where
    T: DeserializeOwned,
    F: FnMut(Next) -> Fut,
    Fut: Future<Output = Result<Page, Error>>,
{
    pages(paging, items, fetch)
        .map_ok(|page| stream::iter(page.into_iter().map(Ok)))
        .try_flatten()
        .and_then(|value| async move { serde_json::from_value(value).map_err(Error::decode) })
}

/// The items of a paged action, read through `client`: `request` is the first page's
/// request; later pages change its paging parameters, or follow the service's links. A link
/// that leaves the client's base URL ends the stream with an error rather than carrying the
/// connection's credentials elsewhere.
pub fn paginate<T: DeserializeOwned>(
    client: Client,
    request: Request,
    paging: Paging,
    item_path: Option<&'static str>,
) -> impl Stream<Item = Result<T, Error>> {
    items(paging, item_path, move |next| {
        fetch_page(client.clone(), request.clone(), next)
    })
}

/// Every item of every page, read through `client` as [`paginate`] reads them, collected into
/// one list (what a poller over a paged listing needs before it may move its checkpoint). More
/// than `max_pages` pages is an error that names the limit, never a silent cut.
pub async fn all_items(
    client: &Client,
    request: &Request,
    paging: Paging,
    item_path: Option<&'static str>,
    max_pages: usize,
) -> Result<Vec<Value>, Error> {
    collect_pages(paging, item_path, max_pages, |next| {
        fetch_page(client.clone(), request.clone(), next)
    })
    .await
}

/// The items of every page that `fetch` returns, in order, up to `max_pages` pages.
pub async fn collect_pages<F, Fut>(
    paging: Paging,
    item_path: Option<&'static str>,
    max_pages: usize,
    fetch: F,
) -> Result<Vec<Value>, Error>
where
    F: FnMut(Next) -> Fut,
    Fut: Future<Output = Result<Page, Error>>,
{
    let pages = pages(paging, item_path, fetch);
    futures::pin_mut!(pages);
    let mut all = Vec::new();
    let mut read = 0usize;
    while let Some(items) = pages.try_next().await? {
        read += 1;
        if read > max_pages {
            return Err(Error::decode(format!(
                "the listing has more than {max_pages} pages; nothing was taken from it \
                 (raise `PollerOptions::max_pages` to read more)"
            )));
        }
        all.extend(items);
    }
    Ok(all)
}

/// One page: `request` with the paging parameters of `next` set, or the URL `next` names when
/// it is under the client's base URL.
async fn fetch_page(client: Client, mut request: Request, next: Next) -> Result<Page, Error> {
    match next {
        Next::Params(params) => {
            for (name, value) in params {
                request.query.retain(|(n, _)| *n != name);
                request.query.push((name, value));
            }
        }
        Next::Url(url) => {
            let base = client.base_url().trim_end_matches('/');
            let path = url
                .as_str()
                .strip_prefix(base)
                .filter(|rest| rest.is_empty() || rest.starts_with(['/', '?']))
                .ok_or_else(|| Error::decode(format!("the next page {url} is not under {base}")))?;
            let path = path.split(['?', '#']).next().unwrap_or("");
            request.path = path.to_owned();
            request.query = url.query_pairs().into_owned().collect();
        }
    }
    let url = request_url(client.base_url(), &request)?;
    let response = client.send(request).await?;
    let headers = response.headers.clone();
    let body: Value = response.json()?;
    Ok(Page { url, headers, body })
}

fn request_url(base: &str, request: &Request) -> Result<Url, Error> {
    let joined = format!(
        "{}/{}",
        base.trim_end_matches('/'),
        request.path.trim_start_matches('/')
    );
    let mut url = Url::parse(&joined).map_err(Error::decode)?;
    if !request.query.is_empty() {
        url.query_pairs_mut().extend_pairs(&request.query);
    }
    Ok(url)
}

/// The items of one page: the array at `path`, or the body itself; nothing for `null`.
pub(crate) fn page_items(body: &Value, path: Option<&str>) -> Result<Vec<Value>, Error> {
    let found = match path {
        None => Some(body),
        Some(path) => lookup(body, path),
    };
    match found {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::Array(items)) => Ok(items.clone()),
        Some(_) => Err(Error::decode(format!(
            "the page's items at `{}` are not a list",
            path.unwrap_or("")
        ))),
    }
}

impl Progress {
    /// The next request after a page of `count` items, or the end.
    fn advance(&mut self, page: &Page, count: usize) -> Result<State, Error> {
        self.read += 1;
        if matches!(self.paging, Paging::NextLink { .. } | Paging::LinkHeader) {
            // The page's own address counts as asked for (the first page's too).
            self.seen.insert(&page_key(&page.url), self.read);
        }
        if count == 0 {
            return Ok(State::Done);
        }
        let count = count as u64;
        Ok(match &self.paging {
            Paging::PageNumber {
                param,
                first_page,
                page_size,
                total_pages,
                ..
            } => {
                let pages_read = self.page - first_page + 1;
                let last_by_count = total_pages
                    .and_then(|p| lookup(&page.body, p))
                    .and_then(number)
                    .is_some_and(|total| pages_read >= total);
                let short = page_size.is_some_and(|size| count < size);
                if last_by_count || short {
                    State::Done
                } else {
                    self.page += 1;
                    self.ask(param, self.page.to_string())
                }
            }
            Paging::Offset {
                param,
                limit,
                total,
                ..
            } => {
                self.offset += count;
                let past_total = total
                    .and_then(|p| lookup(&page.body, p))
                    .and_then(number)
                    .is_some_and(|total| self.offset >= total);
                let short = limit.is_some_and(|limit| count < limit);
                if past_total || short {
                    State::Done
                } else {
                    self.ask(param, self.offset.to_string())
                }
            }
            Paging::Cursor { param, next } => {
                let token = lookup(&page.body, next).map(text).filter(|t| !t.is_empty());
                match token {
                    None => State::Done,
                    Some(token) => match self.seen.insert(&token, self.read + 1) {
                        Some(first) => State::Fail(self.looped("next-page token", &token, first)),
                        None => State::Ask(Next::Params(vec![(param.to_string(), token)])),
                    },
                }
            }
            Paging::NextLink { next } => {
                let link = lookup(&page.body, next).map(text).filter(|t| !t.is_empty());
                self.follow(page, link.as_deref())?
            }
            Paging::LinkHeader => {
                let link = next_link(&page.headers);
                self.follow(page, link.as_deref())?
            }
        })
    }

    /// A request with `param` set to `value`, and the fixed parameters.
    fn ask(&self, param: &str, value: String) -> State {
        let mut params = vec![(param.to_owned(), value)];
        params.extend(self.fixed.iter().cloned());
        State::Ask(Next::Params(params))
    }

    fn follow(&mut self, page: &Page, link: Option<&str>) -> Result<State, Error> {
        let Some(link) = link else {
            return Ok(State::Done);
        };
        let url = page.url.join(link).map_err(Error::decode)?;
        if let Some(first) = self.seen.insert(&page_key(&url), self.read + 1) {
            return Ok(State::Fail(self.looped("next link", url.as_str(), first)));
        }
        Ok(State::Ask(Next::Url(url)))
    }

    /// The error of a token or link given again, which page `first` was read with already.
    fn looped(&self, what: &str, value: &str, first: u64) -> Error {
        let shown: String = value.chars().take(120).collect();
        let ellipsis = if shown.len() < value.len() { "…" } else { "" };
        Error::decode(format!(
            "the service gave the {what} `{shown}{ellipsis}` again after page {} (page {first} \
             was read with it already): its paging goes round in a loop, so the listing stops here",
            self.read
        ))
    }
}

/// A page's address with its query in a fixed order and no fragment, so that the same page
/// written two ways is one page.
fn page_key(url: &Url) -> String {
    let mut pairs: Vec<(String, String)> = url.query_pairs().into_owned().collect();
    pairs.sort();
    let mut key = url.clone();
    key.set_fragment(None);
    key.set_query(None);
    if !pairs.is_empty() {
        key.query_pairs_mut().extend_pairs(&pairs);
    }
    key.into()
}

fn number(value: &Value) -> Option<u64> {
    match value {
        Value::Number(n) => n.as_u64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// The `rel="next"` target of the `Link` headers (RFC 8288).
pub fn next_link(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(LINK)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(next_in_link_header)
}

fn next_in_link_header(value: &str) -> Option<String> {
    let mut rest = value;
    loop {
        let start = rest.find('<')?;
        let end = start + rest[start..].find('>')?;
        let target = &rest[start + 1..end];
        rest = &rest[end + 1..];
        // The parameters run to the next link, which starts with `<`.
        let params_end = rest.find('<').unwrap_or(rest.len());
        let params = &rest[..params_end];
        let is_next = params.split(';').any(|param| {
            let mut kv = param.splitn(2, '=');
            let key = kv.next().unwrap_or("").trim();
            let value = kv
                .next()
                .unwrap_or("")
                .trim()
                .trim_end_matches(',')
                .trim()
                .trim_matches('"');
            key.eq_ignore_ascii_case("rel")
                && value
                    .split_ascii_whitespace()
                    .any(|rel| rel.eq_ignore_ascii_case("next"))
        });
        if is_next {
            return Some(target.to_owned());
        }
        rest = &rest[params_end..];
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    #[test]
    fn link_headers_name_the_next_page() {
        let mut headers = HeaderMap::new();
        headers.insert(
            LINK,
            HeaderValue::from_static(
                r#"<https://a.example/x?page=1>; rel="prev", <https://a.example/x?page=3>; rel="next last""#,
            ),
        );
        assert_eq!(
            next_link(&headers).as_deref(),
            Some("https://a.example/x?page=3")
        );
        headers.insert(
            LINK,
            HeaderValue::from_static(r#"<https://a.example/x?page=1>; rel=prev"#),
        );
        assert_eq!(next_link(&headers), None);
    }

    #[test]
    fn the_seen_set_is_bounded_and_forgets_the_oldest() {
        let mut seen = Seen::new();
        for n in 0..SEEN_CAPACITY as u64 + 10 {
            assert_eq!(seen.insert(&format!("token-{n}"), n), None);
        }
        assert_eq!(seen.pages.len(), SEEN_CAPACITY);
        assert_eq!(seen.order.len(), SEEN_CAPACITY);
        let last = SEEN_CAPACITY as u64 + 9;
        assert_eq!(seen.insert(&format!("token-{last}"), 0), Some(last));
        // The first ten were forgotten to make room.
        assert_eq!(seen.insert("token-0", 7), None);
    }

    #[test]
    fn one_page_written_two_ways_is_one_page() {
        let a = Url::parse("https://a.example/x?page=2&size=5#top").unwrap();
        let b = Url::parse("https://a.example/x?size=5&page=2").unwrap();
        assert_eq!(page_key(&a), page_key(&b));
        let c = Url::parse("https://a.example/x?size=5&page=3").unwrap();
        assert_ne!(page_key(&a), page_key(&c));
    }

    #[test]
    fn items_are_found_or_refused() {
        let body =
            serde_json::json!({"_embedded": {"webinars": [1, 2]}, "page": {"totalPages": 2}});
        assert_eq!(
            page_items(&body, Some("_embedded.webinars")).unwrap().len(),
            2
        );
        assert!(page_items(&body, Some("missing")).unwrap().is_empty());
        assert!(page_items(&body, Some("page")).is_err());
        assert_eq!(
            page_items(&serde_json::json!([1]), None).unwrap(),
            vec![serde_json::json!(1)]
        );
    }
}
