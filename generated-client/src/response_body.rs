//! Reading a response body without trusting the server about its size.

use bytes::Bytes;

use crate::error::{text_prefix, MAX_ERROR_TEXT_BYTES};
use crate::transport::Answer;
use crate::Error;

/// Reads `response`'s body, at most `limit` bytes of it: a larger declared
/// `Content-Length` is refused before reading, and a longer stream stops at the limit.
pub(crate) async fn read_capped(mut response: Answer, limit: usize) -> Result<Bytes, Error> {
    let status = response.status().as_u16();
    let content_length = response.content_length();
    let too_large = |start: &[u8]| Error::ResponseTooLarge {
        status,
        limit,
        content_length,
        body: text_prefix(start),
    };
    if content_length.is_some_and(|length| length > limit as u64) {
        return Err(too_large(&[]));
    }
    // The usual answer is one chunk: it is returned as received, without a copy.
    let Some(first) = response.chunk().await? else {
        return Ok(Bytes::new());
    };
    if first.len() > limit {
        return Err(too_large(&first));
    }
    let Some(mut chunk) = response.chunk().await? else {
        return Ok(first);
    };
    let expected = content_length.map_or(first.len() + chunk.len(), |length| length as usize);
    let mut gathered = Vec::with_capacity(expected.min(limit));
    gathered.extend_from_slice(&first);
    loop {
        if chunk.len() > limit - gathered.len() {
            let room = MAX_ERROR_TEXT_BYTES.saturating_sub(gathered.len());
            gathered.extend_from_slice(&chunk[..room.min(chunk.len())]);
            return Err(too_large(&gathered));
        }
        if gathered.capacity() - gathered.len() < chunk.len() {
            // Doubling, but never past the limit: the buffer never outgrows it.
            let wanted = (gathered.capacity() * 2)
                .max(gathered.len() + chunk.len())
                .min(limit);
            gathered.reserve_exact(wanted - gathered.len());
        }
        gathered.extend_from_slice(&chunk);
        match response.chunk().await? {
            Some(next) => chunk = next,
            None => return Ok(Bytes::from(gathered)),
        }
    }
}
