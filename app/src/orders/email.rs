//! Customer emails about an order (confirmation, payment received, shipped):
//! rendered as HTML and text in the shopper's language from the outbox
//! rows (`outbox.rs`), and sent through SMTP.

use super::{
    db::{self, OrderLineRow, OrderRow},
    outbox::{self, Kind, OutboxRow},
};
use crate::i18n::{Lang, Msg};
use askama::Template;
use domain::Rupiah;
use sqlx::AnyPool;

pub struct Email {
    pub to: String,
    pub subject: String,
    pub text: String,
    pub html: String,
}

/// What an order email says, laid out by its two templates
/// (`templates/email/order.{html,txt}`, checked when the crate compiles;
/// the HTML one escapes every value).
struct Parts<'a> {
    lang: &'a str,
    subject: &'a str,
    greeting: &'a str,
    body: &'a str,
    rows: &'a [(String, String)],
    link: &'a str,
    track: &'a str,
    signoff: &'a str,
}

#[derive(askama::Template)]
#[template(path = "email/order.html")]
struct HtmlEmail<'a> {
    e: &'a Parts<'a>,
}

#[derive(askama::Template)]
#[template(path = "email/order.txt", escape = "none")]
struct TextEmail<'a> {
    e: &'a Parts<'a>,
}

/// Renders an email from the order as it stands (its lines and totals never
/// change after placement).
pub fn render(kind: Kind, order: &OrderRow, lines: &[OrderLineRow], public_url: &str) -> Email {
    let lang = Lang::parse(&order.lang).unwrap_or_default();
    let t = |m: Msg| lang.t(m);
    let subject = t(match kind {
        Kind::OrderConfirmation => Msg::EmailConfirmSubject,
        Kind::PaymentReceived => Msg::EmailPaidSubject,
        Kind::Shipped => Msg::EmailShippedSubject,
    })
    .replace("{code}", &order.code);
    let link = format!("{public_url}/orders/{}?t={}", order.code, order.access_token);
    let courier = format!("{} {}", order.courier, order.service);
    let body = match kind {
        Kind::OrderConfirmation => format!(
            "{} {}",
            t(Msg::EmailConfirmBody),
            (order.status == domain::order::OrderStatus::PendingPayment.code())
                .then(|| t(Msg::EmailPayBy).replace("{deadline}", &crate::ui::wib(order.expires_at)))
                .unwrap_or_default()
        ),
        Kind::PaymentReceived => t(Msg::EmailPaidBody).to_string(),
        Kind::Shipped => t(Msg::EmailShippedBody)
            .replace("{courier}", &courier)
            .replace("{awb}", order.awb.as_deref().unwrap_or("-")),
    };
    let greeting = t(Msg::EmailGreeting).replace("{name}", &order.name);
    let mut rows: Vec<(String, String)> = lines
        .iter()
        .map(|l| {
            (format!("{}× {} ({}, {})", l.quantity, l.name, l.colour, l.size), Rupiah::new(l.line_total).to_string())
        })
        .collect();
    rows.push((t(Msg::Subtotal).into(), Rupiah::new(order.subtotal).to_string()));
    rows.push((format!("{} ({courier})", t(Msg::Shipping)), Rupiah::new(order.shipping).to_string()));
    if order.discount > 0 {
        rows.push((t(Msg::Discount).into(), format!("-{}", Rupiah::new(order.discount))));
    }
    if order.unique_code > 0 {
        rows.push((t(Msg::UniqueCode).into(), Rupiah::new(order.unique_code).to_string()));
    }
    rows.push((t(Msg::Total).into(), Rupiah::new(order.total).to_string()));
    let e = Parts {
        lang: lang.code(),
        subject: &subject,
        greeting: &greeting,
        body: &body,
        rows: &rows,
        link: &link,
        track: t(Msg::EmailTrack),
        signoff: t(Msg::EmailSignoff),
    };
    // Rendering only fails when a value's Display fails; none of these can.
    let text = TextEmail { e: &e }.render().unwrap_or_default();
    let html = HtmlEmail { e: &e }.render().unwrap_or_default();
    Email { to: order.email.clone(), subject, text, html }
}

/// Renders an outbox row with its order.
pub async fn load(pool: &AnyPool, row: &OutboxRow, public_url: &str) -> sqlx::Result<Option<Email>> {
    let Some(kind) = Kind::parse(&row.kind) else { return Ok(None) };
    let Some(order) = db::by_id(pool, row.order_id).await? else { return Ok(None) };
    let lines = db::lines(pool, order.id).await?;
    Ok(Some(render(kind, &order, &lines, public_url)))
}

/// The SMTP side: a transport from a URL such as
/// `smtps://user:password@smtp.example.com` and the sender address.
pub struct Mailer {
    pub transport: lettre::AsyncSmtpTransport<lettre::Tokio1Executor>,
    pub from: lettre::message::Mailbox,
}

impl Mailer {
    pub fn from_url(url: &str, from: &str) -> Result<Mailer, String> {
        let transport = lettre::AsyncSmtpTransport::<lettre::Tokio1Executor>::from_url(url)
            .map_err(|e| format!("SMTP URL: {e}"))?
            .timeout(Some(std::time::Duration::from_secs(20)))
            .build();
        let from = from.parse().map_err(|e| format!("sender address {from:?}: {e}"))?;
        Ok(Mailer { transport, from })
    }
}

/// After this many failed attempts an email is marked failed for staff.
const MAX_ATTEMPTS: i64 = 8;

/// Sends the queued emails (oldest first, up to `limit`); each is marked
/// sent only after the SMTP server accepted it. Returns how many went out.
#[tracing::instrument(skip(pool, mailer, public_url))]
pub async fn send_queued(pool: &AnyPool, mailer: &Mailer, public_url: &str, limit: i64) -> sqlx::Result<usize> {
    use lettre::{message::MultiPart, AsyncTransport, Message};
    let rows = outbox::queued(pool, limit).await?;
    let mut sent = 0;
    for row in rows {
        let Some(mail) = load(pool, &row, public_url).await? else { continue };
        let message = mail.to.parse().map_err(|e: lettre::address::AddressError| e.to_string()).and_then(|to| {
            Message::builder()
                .from(mailer.from.clone())
                .to(to)
                .subject(mail.subject.clone())
                .multipart(MultiPart::alternative_plain_html(mail.text.clone(), mail.html.clone()))
                .map_err(|e| e.to_string())
        });
        let result = match message {
            Ok(message) => mailer.transport.send(message).await.map(|_| ()).map_err(|e| e.to_string()),
            Err(e) => Err(e),
        };
        let now = crate::platform::now_ms();
        match result {
            Ok(()) => {
                outbox::mark_sent(pool, row.id, now).await?;
                sent += 1;
            }
            Err(error) => {
                tracing::warn!(outbox = row.id, %error, "email not sent; will retry");
                outbox::mark_attempt_failed(pool, row.id, &error, MAX_ATTEMPTS).await?;
            }
        }
    }
    Ok(sent)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_email_escapes_what_the_shopper_typed_in_html_only() {
        let order = OrderRow {
            code: "ETL-ABC234".into(),
            access_token: "t0k3n".into(),
            status: domain::order::OrderStatus::PendingPayment.code().into(),
            name: "<b>Rina</b> & \"Sari\"".into(),
            lang: "en".into(),
            courier: "JNE".into(),
            service: "REG".into(),
            subtotal: 250_000,
            shipping: 11_000,
            total: 261_000,
            ..OrderRow::default()
        };
        let lines = [OrderLineRow {
            sku: "K-1".into(),
            name: "Kemeja <Linen>".into(),
            size: "M".into(),
            colour: "Putih".into(),
            unit_price: 250_000,
            quantity: 1,
            line_total: 250_000,
        }];
        let mail = render(Kind::OrderConfirmation, &order, &lines, "https://toko.example");
        assert!(mail.html.contains("&#60;b&#62;Rina&#60;/b&#62; &#38; &#34;Sari&#34;"), "{}", mail.html);
        assert!(mail.html.contains("Kemeja &#60;Linen&#62;") && !mail.html.contains("<b>Rina"), "{}", mail.html);
        assert!(mail.text.contains("<b>Rina</b> & \"Sari\""), "the text part is plain: {}", mail.text);
        assert!(mail.text.contains("1× Kemeja <Linen> (Putih, M): Rp 250.000"), "{}", mail.text);
        assert!(mail.html.contains("https://toko.example/orders/ETL-ABC234?t=t0k3n"), "{}", mail.html);
        assert!(mail.subject.contains("ETL-ABC234"));
    }
}
