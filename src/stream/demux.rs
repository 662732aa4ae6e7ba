//! Reading container output to the end: stdout and stderr apart, or interleaved.

use futures_core::Stream;
use futures_util::StreamExt;

use super::frames::LogOutput;
use crate::error::Result;

/// Reads a stream of [`LogOutput`] to the end and returns `(stdout, stderr)`.
///
/// [`LogOutput::StdOut`], [`LogOutput::Console`] (TTY output, where the terminal already merged both
/// streams) and [`LogOutput::StdIn`] (which the Docker CLI also prints to stdout) go to the first vector;
/// [`LogOutput::StdErr`] to the second. A stream that wrote nothing gives an empty vector, never a
/// missing one.
///
/// ```
/// use futures_util::stream;
/// use docker_sdk::stream::{collect_demuxed, LogOutput};
///
/// # tokio::runtime::Runtime::new().unwrap().block_on(async {
/// let output = stream::iter([
///     Ok(LogOutput::StdOut("a\n".into())),
///     Ok(LogOutput::StdErr("oops\n".into())),
///     Ok(LogOutput::StdOut("b\n".into())),
/// ]);
/// let (stdout, stderr) = collect_demuxed(output).await?;
/// assert_eq!(stdout, b"a\nb\n");
/// assert_eq!(stderr, b"oops\n");
/// # Ok::<(), docker_sdk::Error>(())
/// # }).unwrap();
/// ```
///
/// # Errors
///
/// The first error in the stream (an in-band daemon error, a truncated frame, a transport failure); the
/// output gathered so far is dropped.
pub async fn collect_demuxed<S>(output: S) -> Result<(Vec<u8>, Vec<u8>)>
where
    S: Stream<Item = Result<LogOutput>>,
{
    let mut output = std::pin::pin!(output);
    let mut stdout = Vec::new();
    let mut stderr = Vec::new();
    while let Some(item) = output.next().await {
        match item? {
            LogOutput::StdErr(b) => stderr.extend_from_slice(&b),
            LogOutput::StdOut(b) | LogOutput::Console(b) | LogOutput::StdIn(b) => {
                stdout.extend_from_slice(&b)
            }
        }
    }
    Ok((stdout, stderr))
}

/// Reads a stream of [`LogOutput`] to the end and returns all of it, in the order it arrived.
///
/// ```
/// use futures_util::stream;
/// use docker_sdk::stream::{collect_interleaved, LogOutput};
///
/// # tokio::runtime::Runtime::new().unwrap().block_on(async {
/// let output = stream::iter([
///     Ok(LogOutput::StdOut("a\n".into())),
///     Ok(LogOutput::StdErr("oops\n".into())),
///     Ok(LogOutput::StdOut("b\n".into())),
/// ]);
/// assert_eq!(collect_interleaved(output).await?, b"a\noops\nb\n");
/// # Ok::<(), docker_sdk::Error>(())
/// # }).unwrap();
/// ```
///
/// # Errors
///
/// The first error in the stream; the output gathered so far is dropped.
pub async fn collect_interleaved<S>(output: S) -> Result<Vec<u8>>
where
    S: Stream<Item = Result<LogOutput>>,
{
    let mut output = std::pin::pin!(output);
    let mut all = Vec::new();
    while let Some(item) = output.next().await {
        all.extend_from_slice(item?.as_bytes());
    }
    Ok(all)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Error;
    use crate::stream::log_stream;
    use bytes::Bytes;
    use futures_util::stream;

    fn frame(kind: u8, payload: &[u8]) -> Vec<u8> {
        let mut out = vec![kind, 0, 0, 0];
        out.extend_from_slice(&(payload.len() as u32).to_be_bytes());
        out.extend_from_slice(payload);
        out
    }

    #[tokio::test]
    async fn demux_a_framed_body() {
        let mut input = frame(1, b"out1 ");
        input.extend(frame(2, b"err1 "));
        input.extend(frame(0, b"in "));
        input.extend(frame(1, b"out2"));
        input.extend(frame(2, b"err2"));
        let chunks = || {
            input
                .chunks(3)
                .map(|c| Ok::<_, Error>(Bytes::copy_from_slice(c)))
                .collect::<Vec<_>>()
        };
        let (out, err) = log_stream(stream::iter(chunks()), false)
            .collect_demuxed()
            .await
            .unwrap();
        assert_eq!(out, b"out1 in out2");
        assert_eq!(err, b"err1 err2");
        let all = log_stream(stream::iter(chunks()), false)
            .collect_interleaved()
            .await
            .unwrap();
        assert_eq!(all, b"out1 err1 in out2err2");
    }

    #[tokio::test]
    async fn tty_output_is_stdout() {
        let body = stream::iter([Ok::<_, Error>(Bytes::from_static(b"\x02\0\0\0tty"))]);
        let (out, err) = log_stream(body, true).collect_demuxed().await.unwrap();
        assert_eq!(out, b"\x02\0\0\0tty");
        assert!(err.is_empty());
    }

    #[tokio::test]
    async fn silent_streams_are_empty_not_missing() {
        let (out, err) = collect_demuxed(stream::iter(Vec::<Result<LogOutput>>::new()))
            .await
            .unwrap();
        assert!(out.is_empty() && err.is_empty());
    }

    #[tokio::test]
    async fn first_error_is_returned() {
        let mut input = frame(1, b"fine");
        input.extend(frame(3, b"daemon error"));
        let body = stream::iter([Ok::<_, Error>(Bytes::from(input))]);
        let err = log_stream(body, false).collect_demuxed().await.unwrap_err();
        assert_eq!(err.daemon_message(), Some("daemon error"));
    }
}
