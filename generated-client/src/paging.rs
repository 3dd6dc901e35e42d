//! Walking a paged query: a paged endpoint's generated `…_pages` method (e.g.
//! [`Client::query_order_pages`](crate::Client::query_order_pages)) sends one request per
//! page and yields every item as one [`Stream`]; read it with [`StreamExt`], e.g.
//! `next().await`.

pub use futures_util::{Stream, StreamExt};
