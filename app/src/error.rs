//! The error every server function returns: the shopper's mistake (a clear,
//! translated message) apart from the unexpected (logged, opaque).

#[cfg(not(feature = "ssr"))]
use leptos::server_fn::{
    codec::JsonEncoding,
    error::{FromServerFnError, ServerFnErrorErr},
};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    /// The input was wrong; the message says how, in the shopper's language.
    #[error("{0}")]
    Invalid(String),
    /// The request itself could not be read (a missing or mistyped field, an
    /// unknown value, bytes that are not UTF-8): the client's fault, 400.
    #[error("{0}")]
    BadRequest(String),
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    Unauthorized(String),
    #[error("{0}")]
    Forbidden(String),
    #[error("{0}")]
    TooManyRequests(String),
    /// Something unexpected; details are in the server log only.
    #[error("{0}")]
    Internal(String),
    /// Transport or encoding failure between browser and server.
    #[error("{0}")]
    ServerFn(String),
}

/// In the browser a framework error (network, encoding) is a `ServerFn`
/// error. On the server the same conversion also sees arguments that could
/// not be decoded, which are the client's fault: that impl lives beside the
/// request context (`platform::ctx`), which it needs.
#[cfg(not(feature = "ssr"))]
impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        AppError::ServerFn(value.to_string())
    }
}

impl AppError {
    pub fn message(&self) -> String {
        self.to_string()
    }
}
