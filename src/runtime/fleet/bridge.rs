//! The runtime that drives every database call of the fleet stores.
//!
//! The checkpoint store's `save` is synchronous (the poller calls it between two awaits), while
//! the drivers are async. Every database future therefore runs on a small runtime of its own,
//! on its own thread: the drivers' sockets belong to it, so a caller that blocks for a `save`
//! (even on a single-threaded runtime) never blocks the I/O the `save` waits for.

use std::future::Future;
use std::io;
use std::sync::mpsc;
use std::thread;

use tokio::runtime::{Handle, RuntimeFlavor};
use tokio::sync::oneshot;

/// A runtime on a thread of its own; stops when dropped.
pub(crate) struct Bridge {
    handle: Handle,
    stop: Option<oneshot::Sender<()>>,
}

impl Bridge {
    /// Starts the runtime (two worker threads) on a new thread.
    pub(crate) fn start() -> io::Result<Bridge> {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("connectors-fleet")
            .enable_all()
            .build()?;
        let handle = runtime.handle().clone();
        let (stop, stopped) = oneshot::channel::<()>();
        thread::Builder::new()
            .name("connectors-fleet".into())
            .spawn(move || {
                runtime.block_on(async {
                    let _ = stopped.await;
                });
                // Dropped here, outside any async context.
                drop(runtime);
            })?;
        Ok(Bridge {
            handle,
            stop: Some(stop),
        })
    }

    /// Runs `future` on the bridge's runtime and awaits it from any runtime.
    pub(crate) async fn run<T, F>(&self, future: F) -> io::Result<T>
    where
        F: Future<Output = T> + Send + 'static,
        T: Send + 'static,
    {
        self.handle.spawn(future).await.map_err(io::Error::other)
    }

    /// Runs `future` on the bridge's runtime and blocks the calling thread until it is done.
    /// On a multi-threaded runtime the caller's other tasks move to other threads meanwhile.
    pub(crate) fn block<T, F>(&self, future: F) -> io::Result<T>
    where
        F: Future<Output = T> + Send + 'static,
        T: Send + 'static,
    {
        let (tx, rx) = mpsc::channel();
        self.handle.spawn(async move {
            let _ = tx.send(future.await);
        });
        let wait = move || {
            rx.recv()
                .map_err(|_| io::Error::other("the database runtime stopped"))
        };
        match Handle::try_current() {
            Ok(current) if current.runtime_flavor() == RuntimeFlavor::MultiThread => {
                tokio::task::block_in_place(wait)
            }
            _ => wait(),
        }
    }
}

impl Drop for Bridge {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}
