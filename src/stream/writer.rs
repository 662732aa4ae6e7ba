//! Turning a blocking writer (a tar builder, a gzip encoder …) into a byte stream, with bounded memory.

use std::io::{self, Write};

use bytes::{Bytes, BytesMut};
use futures_core::Stream;
use tokio::sync::mpsc;

/// Chunk size of the stream.
const CHUNK: usize = 64 * 1024;
/// Chunks that may wait before the writer blocks (about 1 MiB ahead of the reader).
const QUEUE: usize = 16;

/// Runs `produce` on a blocking thread, handing what it writes to the returned stream in chunks. The
/// writer blocks while the reader lags behind; dropping the stream makes further writes fail, which stops
/// the producer. An error of the producer is the stream's last item.
pub(crate) fn stream_from_writer<F>(
    produce: F,
) -> impl Stream<Item = io::Result<Bytes>> + Send + 'static
where
    F: FnOnce(&mut ChannelWriter) -> io::Result<()> + Send + 'static,
{
    let (tx, rx) = mpsc::channel(QUEUE);
    let task = move || {
        let mut writer = ChannelWriter {
            buf: BytesMut::with_capacity(CHUNK),
            tx: tx.clone(),
        };
        let result = produce(&mut writer);
        // Hand over what was written, even before an error, so the reader sees everything in order.
        let result = match (writer.send(), result) {
            (Ok(()), r) => r,
            (Err(e), _) => Err(e),
        };
        if let Err(e) = result {
            if !tx.is_closed() {
                let _ = tx.blocking_send(Err(e));
            }
        }
    };
    match tokio::runtime::Handle::try_current() {
        Ok(handle) => drop(handle.spawn_blocking(task)),
        Err(_) => drop(std::thread::spawn(task)),
    }
    tokio_stream_from(rx)
}

fn tokio_stream_from(
    mut rx: mpsc::Receiver<io::Result<Bytes>>,
) -> impl Stream<Item = io::Result<Bytes>> + Send + 'static {
    futures_util::stream::poll_fn(move |cx| rx.poll_recv(cx))
}

/// The writer handed to a producer of [`stream_from_writer`].
pub(crate) struct ChannelWriter {
    buf: BytesMut,
    tx: mpsc::Sender<io::Result<Bytes>>,
}

impl ChannelWriter {
    fn send(&mut self) -> io::Result<()> {
        if self.buf.is_empty() {
            return Ok(());
        }
        let chunk = std::mem::replace(&mut self.buf, BytesMut::with_capacity(CHUNK)).freeze();
        self.tx.blocking_send(Ok(chunk)).map_err(|_| {
            io::Error::new(
                io::ErrorKind::BrokenPipe,
                "the reader of the stream went away",
            )
        })
    }
}

impl Write for ChannelWriter {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        self.buf.extend_from_slice(data);
        if self.buf.len() >= CHUNK {
            self.send()?;
        }
        Ok(data.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures_util::StreamExt;

    #[tokio::test]
    async fn chunks_arrive_in_order_and_errors_end_the_stream() {
        let stream = stream_from_writer(|w| {
            for i in 0..100_000u32 {
                w.write_all(&i.to_le_bytes())?;
            }
            Err(io::Error::other("boom"))
        });
        let items: Vec<_> = stream.collect().await;
        let (ok, err): (Vec<_>, Vec<_>) = items.into_iter().partition(|r| r.is_ok());
        let bytes: Vec<u8> = ok.into_iter().flat_map(|b| b.unwrap().to_vec()).collect();
        assert_eq!(bytes.len(), 400_000);
        assert_eq!(&bytes[396..400], &99u32.to_le_bytes());
        assert_eq!(err.len(), 1);
    }

    #[tokio::test]
    async fn dropping_the_stream_stops_the_writer() {
        let (done_tx, done_rx) = std::sync::mpsc::channel();
        let mut stream = Box::pin(stream_from_writer(move |w| {
            let r = (0..).try_for_each(|_| w.write_all(&[0u8; 4096]));
            done_tx.send(r.is_err()).unwrap();
            r
        }));
        stream.next().await.unwrap().unwrap();
        drop(stream);
        assert!(done_rx
            .recv_timeout(std::time::Duration::from_secs(10))
            .unwrap());
    }
}
