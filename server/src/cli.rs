//! The `server` binary's command line and environment, parsed before
//! anything touches the database: a malformed value (a port that is not an
//! address, a payment window out of range, a yes/no that is neither) stops
//! the start with clap's message naming the variable; nothing silently
//! falls back to a default. An empty variable counts as unset.

use app::{
    model::Role,
    payments::gateway::MidtransConfig,
    platform::Config,
};
use clap::{builder::BoolishValueParser, Args, Parser, Subcommand};
use std::{net::SocketAddr, path::PathBuf};

#[derive(Parser, Debug)]
#[command(name = "server", version, about = "Etalase: serves the store, or runs a staff command")]
pub struct Cli {
    #[command(flatten)]
    pub env: Env,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Subcommand, Debug, PartialEq, Eq)]
pub enum Command {
    /// Serve the store (the default).
    Serve,
    /// Create a staff account. The password comes from
    /// ETALASE_STAFF_PASSWORD, or is generated and printed once.
    AddStaff {
        email: String,
        /// admin, ops, agent or marketer
        #[arg(value_parser = parse_staff_role)]
        role: Role,
        /// Shown to shoppers and colleagues (default: the email's name part).
        name: Option<String>,
    },
}

/// Every setting, from a flag or its environment variable.
#[derive(Args, Debug)]
pub struct Env {
    /// `sqlite://path` or `postgres://user@host/db`.
    #[arg(long, env = "DATABASE_URL", default_value = "sqlite://data/etalase.db")]
    pub database_url: String,
    /// Public base URL: canonical links, emails, the gateway's notification URL.
    #[arg(long, env = "ETALASE_PUBLIC_URL", default_value = "http://127.0.0.1:3000", value_parser = parse_origin)]
    pub public_url: String,
    /// Password of the first admin (generated and printed when unset).
    #[arg(long, env = "ETALASE_ADMIN_PASSWORD", hide_env_values = true)]
    pub admin_password: Option<String>,
    /// Midtrans server key; without one the store pays through the loopback sandbox.
    #[arg(long, env = "MIDTRANS_SERVER_KEY", hide_env_values = true)]
    pub midtrans_server_key: Option<String>,
    #[arg(long, env = "MIDTRANS_IS_PRODUCTION", value_parser = BoolishValueParser::new(), default_value = "false")]
    pub midtrans_is_production: bool,
    /// Midtrans API base (default: the sandbox or production API).
    #[arg(long, env = "MIDTRANS_BASE_URL", value_parser = parse_origin)]
    pub midtrans_base_url: Option<String>,
    /// Where the loopback payment sandbox listens when no Midtrans key is set.
    #[arg(long, env = "ETALASE_SANDBOX_ADDR", default_value = "127.0.0.1:3001")]
    pub sandbox_addr: SocketAddr,
    /// SMTP server for customer emails, e.g. `smtps://user:pass@smtp.example.com`
    /// (without one, emails wait in the outbox shown in /admin).
    #[arg(long, env = "ETALASE_SMTP_URL", hide_env_values = true)]
    pub smtp_url: Option<String>,
    #[arg(long, env = "ETALASE_MAIL_FROM", default_value = "Etalase <toko@etalase.local>")]
    pub mail_from: String,
    /// Trust `X-Forwarded-For` (only behind a proxy).
    #[arg(long, env = "ETALASE_TRUST_PROXY", value_parser = BoolishValueParser::new(), default_value = "false")]
    pub trust_proxy: bool,
    /// Mark cookies `Secure` (when served over HTTPS).
    #[arg(long, env = "ETALASE_SECURE_COOKIES", value_parser = BoolishValueParser::new(), default_value = "false")]
    pub secure_cookies: bool,
    /// Origins allowed to POST besides the request's own, comma-separated.
    #[arg(long, env = "ETALASE_ALLOWED_ORIGINS", value_delimiter = ',', value_parser = parse_origin)]
    pub allowed_origins: Vec<String>,
    /// Where chat photos are kept, outside the web root (default: data/chat-files).
    #[arg(long, env = "ETALASE_UPLOAD_DIR")]
    pub upload_dir: Option<PathBuf>,
    /// How long an unpaid order holds its stock, in minutes (5 to 10080; default: a day).
    #[arg(long, env = "ETALASE_PAYMENT_WINDOW_MINUTES", value_parser = clap::value_parser!(i64).range(5..=7 * 24 * 60))]
    pub payment_window_minutes: Option<i64>,
}

impl Env {
    /// The store's configuration. Real Midtrans credentials switch the
    /// adapter to Midtrans; without them the store pays through the sandbox.
    pub fn into_config(self) -> Config {
        let unset_if_empty = |v: Option<String>| v.filter(|v| !v.trim().is_empty());
        let (gateway, sandbox_addr) = match unset_if_empty(self.midtrans_server_key) {
            Some(server_key) => {
                let base_url = self.midtrans_base_url.unwrap_or_else(|| {
                    if self.midtrans_is_production { "https://api.midtrans.com" } else { "https://api.sandbox.midtrans.com" }
                        .into()
                });
                (Some(MidtransConfig { base_url, server_key, simulator_url: None }), None)
            }
            None => {
                let base = format!("http://{}", self.sandbox_addr);
                let config = MidtransConfig {
                    base_url: base.clone(),
                    server_key: crate::sandbox::DEMO_SERVER_KEY.into(),
                    simulator_url: Some(format!("{base}/sandbox")),
                };
                (Some(config), Some(self.sandbox_addr))
            }
        };
        Config {
            database_url: self.database_url,
            admin_password: unset_if_empty(self.admin_password),
            smtp_url: unset_if_empty(self.smtp_url),
            mail_from: self.mail_from,
            sandbox_addr,
            trust_proxy: self.trust_proxy,
            secure_cookies: self.secure_cookies,
            extra_origins: self.allowed_origins,
            public_url: self.public_url,
            gateway,
            upload_dir: self.upload_dir,
            payment_window_minutes: self.payment_window_minutes,
        }
    }
}

/// An `http(s)://host[:port]` origin, without a trailing slash.
fn parse_origin(raw: &str) -> Result<String, String> {
    let origin = raw.trim().trim_end_matches('/');
    if !(origin.starts_with("http://") || origin.starts_with("https://")) || origin.len() < "http://x".len() {
        return Err(format!("{raw:?} is not an http:// or https:// URL"));
    }
    Ok(origin.to_string())
}

fn parse_staff_role(raw: &str) -> Result<Role, String> {
    Role::parse(raw).filter(|r| r.is_staff()).ok_or_else(|| "staff roles are admin, ops, agent and marketer".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<Cli, clap::Error> {
        Cli::try_parse_from(std::iter::once("server").chain(args.iter().copied()))
    }

    #[test]
    fn a_malformed_setting_is_refused_not_defaulted() {
        assert!(parse(&["--payment-window-minutes", "2"]).is_err(), "below the range");
        assert!(parse(&["--sandbox-addr", "localhost"]).is_err(), "not an address");
        assert!(parse(&["--trust-proxy", "maybe"]).is_err(), "neither yes nor no");
        assert!(parse(&["--public-url", "shop.example.com"]).is_err(), "not a URL");
        assert!(parse(&["add-staff", "a@b.id", "shopper"]).is_err(), "not a staff role");
    }

    #[test]
    fn the_command_is_parsed_before_anything_runs() {
        let cli = parse(&["--public-url", "https://toko.example/", "add-staff", "a@b.id", "agent"]).unwrap();
        assert_eq!(cli.command, Some(Command::AddStaff { email: "a@b.id".into(), role: Role::Agent, name: None }));
        let config = cli.env.into_config();
        assert_eq!(config.public_url, "https://toko.example");
        assert_eq!(config.payment_window_ms(), app::platform::state::DEFAULT_PAYMENT_WINDOW_MS);
    }
}
