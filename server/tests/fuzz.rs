//! Property tests of what hostile bytes reach first: the server functions'
//! argument decoding and the payment-notification parser. Arbitrary bytes,
//! and arbitrary forms and JSON near the real shapes, never produce a 500
//! or a panic; they are answered 4xx.

use axum::{body::Body, http::Request};
use proptest::prelude::*;
use std::sync::OnceLock;
use tower::ServiceExt;

const KEY: &str = "SB-Mid-server-fuzz";

struct Fixture {
    runtime: tokio::runtime::Runtime,
    router: axum::Router,
}

/// One store for all cases: a fresh SQLite file, the real router.
fn fixture() -> &'static Fixture {
    static FIXTURE: OnceLock<Fixture> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
        let router = runtime.block_on(async {
            let dir = std::env::temp_dir().join(format!("etalase-fuzz-{}", std::process::id()));
            std::fs::create_dir_all(&dir).unwrap();
            let config = app::platform::Config {
                database_url: format!("sqlite://{}/fuzz.db", dir.display()),
                admin_password: Some("admin-pass-123".into()),
                public_url: "http://127.0.0.1:3000".into(),
                gateway: Some(app::payments::gateway::MidtransConfig {
                    // Nothing listens here: a notification that got as far
                    // as the gateway would be a 503, and fail the property.
                    base_url: "http://127.0.0.1:9".into(),
                    server_key: KEY.into(),
                    simulator_url: None,
                }),
                ..Default::default()
            };
            let options = leptos::prelude::LeptosOptions::builder().output_name("etalase").build();
            let (state, _) = server::start(&config, options).await.expect("start");
            server::router(state)
        });
        Fixture { runtime, router }
    })
}

fn post(path: &str, content_type: &str, body: Vec<u8>) -> u16 {
    let f = fixture();
    let req = Request::post(path)
        .header("content-type", content_type)
        .header("host", "127.0.0.1:3000")
        .header("origin", "http://127.0.0.1:3000")
        .body(Body::from(body))
        .unwrap();
    f.runtime.block_on(f.router.clone().oneshot(req)).unwrap().status().as_u16()
}

const ENDPOINTS: &[&str] = &[
    "cart/add",
    "cart/update",
    "cart/remove",
    "orders/place",
    "orders/track",
    "login",
    "register",
    "staff",
    "chat_rate",
    "chat_act",
    "category",
    "search",
    "areas",
    "admin/orders/move",
    "account/marketing/set",
    "studio/report",
    "studio/audience",
];

/// A form-encoded body near the real ones: known and unknown names, values
/// with percent escapes (valid or not), repeated fields, brackets.
fn formish() -> impl Strategy<Value = Vec<u8>> {
    let name = prop_oneof![
        Just("variant_id".to_string()),
        Just("quantity".to_string()),
        Just("rating".to_string()),
        Just("area".to_string()),
        Just("query[page]".to_string()),
        Just("name".to_string()),
        "[a-z_\\[\\]]{0,12}",
    ];
    let value = prop_oneof!["[0-9-]{0,25}", "[ -~]{0,30}", "(%[0-9A-Fa-f]{2}){0,8}", "%[0-9A-Fa-f]?"];
    prop::collection::vec((name, value), 0..8)
        .prop_map(|pairs| pairs.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("&").into_bytes())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_to_a_server_function_are_never_a_server_error(
        endpoint in prop::sample::select(ENDPOINTS),
        body in prop::collection::vec(any::<u8>(), 0..600),
    ) {
        let status = post(&format!("/api/{endpoint}"), "application/x-www-form-urlencoded", body);
        prop_assert!((400..500).contains(&status) || status == 200, "status {status}");
    }

    #[test]
    fn arbitrary_forms_to_a_server_function_are_never_a_server_error(
        endpoint in prop::sample::select(ENDPOINTS),
        body in formish(),
    ) {
        let status = post(&format!("/api/{endpoint}"), "application/x-www-form-urlencoded", body);
        prop_assert!(status < 500, "status {status}");
    }

    #[test]
    fn arbitrary_bytes_never_make_a_payment_notification_fail(body in prop::collection::vec(any::<u8>(), 0..800)) {
        let status = post(app::payments::notify::NOTIFY_PATH, "application/json", body.clone());
        prop_assert!((400..500).contains(&status), "status {status}");
    }

    #[test]
    fn notification_shaped_json_is_refused_cleanly(
        order_id in "[ -~]{0,20}",
        status in prop_oneof![Just("settlement".to_string()), Just("pending".to_string()), Just("expire".to_string()), "[a-z]{0,10}"],
        status_code in prop_oneof![Just("200".to_string()), Just("201".to_string()), Just("202".to_string()), "[0-9]{0,4}"],
        amount in prop_oneof!["[0-9]{1,9}\\.00", "[ -~]{0,12}"],
        signed in any::<bool>(),
    ) {
        let signature = if signed {
            app::payments::gateway::signature(&order_id, &status_code, &amount, KEY)
        } else {
            "0".repeat(128)
        };
        let body = serde_json::json!({
            "order_id": order_id, "transaction_id": "t-1", "transaction_status": status,
            "status_code": status_code, "gross_amount": amount, "signature_key": signature,
        });
        let code = post(app::payments::notify::NOTIFY_PATH, "application/json", body.to_string().into_bytes());
        // No order exists, so even a signed, agreeing one is a clean 404.
        prop_assert!((400..500).contains(&code), "status {code}");
    }
}
