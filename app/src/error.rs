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
    /// Something unexpected: the shopper reads the translated, opaque
    /// message; its source keeps what went wrong on the server.
    #[error("{0}")]
    Internal(#[source] InternalError),
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

/// An internal error as it travels: on the wire only its message (the
/// same JSON string as any other error's); on the server also its cause,
/// logged once with its chain where it was caught.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "String", into = "String")]
pub struct InternalError {
    pub message: String,
    pub cause: Option<Cause>,
}

impl From<String> for InternalError {
    fn from(message: String) -> InternalError {
        InternalError { message, cause: None }
    }
}

impl From<InternalError> for String {
    fn from(e: InternalError) -> String {
        e.message
    }
}

impl std::fmt::Display for InternalError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for InternalError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.cause.as_ref().map(|c| c as &(dyn std::error::Error + 'static))
    }
}

/// The server-side cause of an internal error. Shared, so the error stays
/// `Clone`; two causes compare equal (what the shopper sees is the message).
#[derive(Clone, Debug)]
pub struct Cause(pub std::sync::Arc<dyn std::error::Error + Send + Sync>);

impl std::fmt::Display for Cause {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl std::error::Error for Cause {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.0.source()
    }
}

impl PartialEq for Cause {
    fn eq(&self, _: &Cause) -> bool {
        true
    }
}

impl Eq for Cause {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_internal_error_keeps_its_cause_and_sends_only_its_message() {
        let cause = Cause(std::sync::Arc::new(std::io::Error::other("disk full")));
        let error = AppError::Internal(InternalError { message: "Terjadi kesalahan".into(), cause: Some(cause) });
        assert_eq!(serde_json::to_string(&error).unwrap(), r#"{"Internal":"Terjadi kesalahan"}"#);
        let source = std::error::Error::source(&error).and_then(std::error::Error::source);
        assert_eq!(source.map(ToString::to_string).as_deref(), Some("disk full"));
        let back: AppError = serde_json::from_str(r#"{"Internal":"Terjadi kesalahan"}"#).unwrap();
        assert_eq!(back.message(), "Terjadi kesalahan");
    }
}
