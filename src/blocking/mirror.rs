//! A macro that writes the blocking mirror of an async builder: the same setters, forwarding to it, and
//! `send()` running it on the client's I/O runtime.

/// `blocking_builder! { /// docs  Name wraps path::AsyncBuilder => Output, |docker, value| mapped; { fn setter(arg: Type); … } }`
macro_rules! blocking_builder {
    (
        $(#[$meta:meta])*
        $name:ident wraps $inner:path => $out:ty, |$docker:ident, $value:ident| $map:expr;
        { $( fn $setter:ident($($arg:ident: $ty:ty),*); )* }
    ) => {
        $(#[$meta])*
        #[derive(Debug)]
        #[must_use = "does nothing until .send() is called"]
        pub struct $name {
            docker: $crate::blocking::Docker,
            inner: $inner,
        }

        impl $name {
            #[allow(dead_code)]
            pub(crate) fn new(docker: $crate::blocking::Docker, inner: $inner) -> Self {
                $name { docker, inner }
            }

            $(
                #[doc = concat!("See [`", stringify!($inner), "::", stringify!($setter), "`].")]
                pub fn $setter(mut self, $($arg: $ty),*) -> Self {
                    self.inner = self.inner.$setter($($arg),*);
                    self
                }
            )*

            /// Sends the request and waits for the answer.
            ///
            /// # Errors
            #[doc = concat!("As awaiting [`", stringify!($inner), "`].")]
            pub fn send(self) -> $crate::Result<$out> {
                let $docker = self.docker;
                let $value = $docker.block_on(std::future::IntoFuture::into_future(self.inner))??;
                Ok($map)
            }
        }
    };
}

pub(crate) use blocking_builder;
