//! Walking a paged query: one request per page, every item as one `Stream` (what the
//! generated `…_pages` methods return).

use futures_util::stream;
use futures_util::{Stream, StreamExt};

use crate::endpoint::Endpoint;
use crate::{Client, Error};

/// How a paged endpoint pages, as the spec declares it; generated per endpoint.
pub struct Pager<R: Endpoint, T> {
    /// The page number the request asks for.
    pub page: fn(&R) -> i64,
    /// Asks the request for another page.
    pub set_page: fn(&mut R, i64),
    /// A response's items and the number of pages there are.
    pub split: fn(R::Response) -> (Vec<T>, i64),
}

/// Every item from `first`'s page on: requests the next page while the response says
/// there are more (and the last one was not empty). Pages are numbered from 1 (the
/// documented example asks for page 1); a page number below 1 starts at 1, so no page
/// is fetched twice. Each page is one call, retried under the client's [`RetryPolicy`](crate::RetryPolicy)
/// like any other; an error ends the stream after it is yielded.
///
/// Lazy: a page is requested only when the stream is polled past the previous one. The
/// page count is the server's word, and there is no cap: a server that keeps reporting
/// more pages keeps the stream going as long as it is read, so bound what you read
/// (`.take(n)`) when you cannot trust it.
pub fn items<'a, R, T>(
    client: &'a Client,
    mut first: R,
    pager: Pager<R, T>,
) -> impl Stream<Item = Result<T, Error>> + 'a
where
    R: Endpoint + 'a,
    T: 'a,
{
    if (pager.page)(&first) < 1 {
        (pager.set_page)(&mut first, 1);
    }
    let pages = stream::unfold(Some(first), move |next| async move {
        let mut request = next?;
        match client.execute(&request).await {
            Err(error) => Some((Err(error), None)),
            Ok(response) => {
                let page = (pager.page)(&request);
                let (items, total_pages) = (pager.split)(response);
                let more = page < total_pages && !items.is_empty();
                let next = more.then(|| {
                    (pager.set_page)(&mut request, page + 1);
                    request
                });
                Some((Ok(items), next))
            }
        }
    });
    pages
        .map(|page| {
            let items: Vec<Result<T, Error>> = match page {
                Ok(items) => items.into_iter().map(Ok).collect(),
                Err(error) => vec![Err(error)],
            };
            stream::iter(items)
        })
        .flatten()
}
