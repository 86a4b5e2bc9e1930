//! The demo catalog of "Sandang Nusa", a Bandung fashion brand: six
//! categories, 48 products, every size × colour a variant with its own SKU,
//! price and stock. Seeded once, at the first start of an empty database.

use crate::error::AppError;
use crate::platform::ctx::OrInternal;
use sqlx::AnyPool;

struct Colour(&'static str, &'static str, &'static str);

const COLOURS: &[Colour] = &[
    Colour("Hitam", "Black", "#1f1f1f"),
    Colour("Putih", "White", "#f7f5f0"),
    Colour("Navy", "Navy", "#1f2a44"),
    Colour("Sage", "Sage", "#9caf88"),
    Colour("Terakota", "Terracotta", "#c0603e"),
    Colour("Mustard", "Mustard", "#d9a441"),
    Colour("Cokelat", "Brown", "#7a5230"),
    Colour("Abu-abu", "Grey", "#8a8d91"),
    Colour("Marun", "Maroon", "#7b2432"),
    Colour("Biru Denim", "Denim Blue", "#4a6d8c"),
    Colour("Krem", "Cream", "#e8dcc4"),
    Colour("Hijau Zaitun", "Olive", "#6b6b3a"),
];

struct Category {
    slug: &'static str,
    name_id: &'static str,
    name_en: &'static str,
    kind: &'static str,
    sizes: &'static [&'static str],
    products: &'static [(&'static str, &'static str, i64)],
}

const TOPS: &[&str] = &["S", "M", "L", "XL"];
const BOTTOMS: &[&str] = &["28", "30", "32", "34"];

const CATEGORIES: &[Category] = &[
    Category {
        slug: "kemeja",
        name_id: "Kemeja",
        name_en: "Shirts",
        kind: "kemeja",
        sizes: TOPS,
        products: &[
            ("Kemeja Linen Lengan Panjang", "Long-Sleeve Linen Shirt", 289_000),
            ("Kemeja Oxford Kerah Button-Down", "Oxford Button-Down Shirt", 259_000),
            ("Kemeja Flanel Kotak", "Checked Flannel Shirt", 239_000),
            ("Kemeja Denim Washed", "Washed Denim Shirt", 319_000),
            ("Kemeja Katun Lengan Pendek", "Short-Sleeve Cotton Shirt", 199_000),
            ("Kemeja Kerah Mandarin", "Mandarin Collar Shirt", 249_000),
            ("Kemeja Rayon Motif Daun", "Leaf Print Rayon Shirt", 219_000),
            ("Kemeja Kerja Slim Fit", "Slim Fit Work Shirt", 279_000),
        ],
    },
    Category {
        slug: "kaos",
        name_id: "Kaos",
        name_en: "T-Shirts",
        kind: "kaos",
        sizes: TOPS,
        products: &[
            ("Kaos Polos Katun Combed 30s", "Plain Combed Cotton Tee", 99_000),
            ("Kaos Oversize Heavyweight", "Heavyweight Oversized Tee", 149_000),
            ("Kaos Polo Piqué", "Piqué Polo Shirt", 189_000),
            ("Kaos Henley Lengan Panjang", "Long-Sleeve Henley", 169_000),
            ("Kaos Garis Breton", "Breton Stripe Tee", 139_000),
            ("Kaos Grafis Nusantara", "Nusantara Graphic Tee", 129_000),
            ("Kaos Raglan Dua Warna", "Two-Tone Raglan Tee", 119_000),
            ("Kaos Kerah V Basic", "Basic V-Neck Tee", 89_000),
        ],
    },
    Category {
        slug: "batik",
        name_id: "Batik",
        name_en: "Batik",
        kind: "batik",
        sizes: TOPS,
        products: &[
            ("Kemeja Batik Parang Modern", "Modern Parang Batik Shirt", 349_000),
            ("Kemeja Batik Kawung Lengan Pendek", "Short-Sleeve Kawung Batik Shirt", 299_000),
            ("Kemeja Batik Mega Mendung", "Mega Mendung Batik Shirt", 379_000),
            ("Blus Batik Truntum", "Truntum Batik Blouse", 269_000),
            ("Kemeja Batik Tulis Sogan", "Hand-Drawn Sogan Batik Shirt", 1_250_000),
            ("Outer Batik Cap Lasem", "Lasem Stamped Batik Overshirt", 329_000),
            ("Kemeja Batik Slim Sekar Jagad", "Slim Sekar Jagad Batik Shirt", 359_000),
            ("Tunik Batik Pesisir", "Coastal Batik Tunic", 289_000),
        ],
    },
    Category {
        slug: "celana",
        name_id: "Celana",
        name_en: "Trousers",
        kind: "celana",
        sizes: BOTTOMS,
        products: &[
            ("Celana Chino Slim", "Slim Chinos", 279_000),
            ("Celana Jeans Slim Selvedge", "Slim Selvedge Jeans", 459_000),
            ("Celana Kulot Linen", "Linen Culottes", 229_000),
            ("Celana Jogger Katun", "Cotton Joggers", 199_000),
            ("Celana Pendek Chino", "Chino Shorts", 169_000),
            ("Celana Bahan Formal", "Tailored Trousers", 329_000),
            ("Celana Cargo Ripstop", "Ripstop Cargo Trousers", 299_000),
            ("Celana Jeans Straight Vintage", "Vintage Straight Jeans", 399_000),
        ],
    },
    Category {
        slug: "dress",
        name_id: "Dress",
        name_en: "Dresses",
        kind: "dress",
        sizes: TOPS,
        products: &[
            ("Dress Midi Linen", "Linen Midi Dress", 349_000),
            ("Dress Kemeja Katun", "Cotton Shirt Dress", 299_000),
            ("Dress Wrap Rayon", "Rayon Wrap Dress", 279_000),
            ("Gamis Katun Toyobo", "Toyobo Cotton Gamis", 389_000),
            ("Dress Tenun Lurik", "Lurik Woven Dress", 459_000),
            ("Dress Babydoll Motif Bunga", "Floral Babydoll Dress", 249_000),
            ("Dress Slip Satin", "Satin Slip Dress", 319_000),
            ("Dress Maxi Plisket", "Pleated Maxi Dress", 339_000),
        ],
    },
    Category {
        slug: "outer",
        name_id: "Jaket & Outer",
        name_en: "Jackets & Outerwear",
        kind: "outer",
        sizes: TOPS,
        products: &[
            ("Jaket Denim Klasik", "Classic Denim Jacket", 429_000),
            ("Jaket Bomber Nilon", "Nylon Bomber Jacket", 389_000),
            ("Kardigan Rajut", "Knit Cardigan", 259_000),
            ("Jaket Hoodie Fleece", "Fleece Hoodie", 299_000),
            ("Blazer Linen Santai", "Relaxed Linen Blazer", 549_000),
            ("Jaket Parka Tahan Air", "Water-Resistant Parka", 599_000),
            ("Overshirt Corduroy", "Corduroy Overshirt", 339_000),
            ("Rompi Rajut", "Knit Vest", 189_000),
        ],
    },
];

fn slugify(text: &str) -> String {
    let mut out = String::new();
    for word in domain::search::words(text) {
        if !out.is_empty() {
            out.push('-');
        }
        out.extend(word.chars().map(|c| if c == 'é' { 'e' } else { c }));
    }
    out
}

/// Deterministic pseudo-random numbers, so every fresh database is the same.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, below: u64) -> u64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (self.0 >> 33) % below
    }
}

pub async fn seed_if_empty(pool: &AnyPool) -> Result<bool, AppError> {
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM categories").fetch_one(pool).await.or_internal()?;
    if count > 0 {
        return Ok(false);
    }
    let mut rng = Lcg(12_12);
    let now = crate::platform::now_ms();
    let day = 24 * 60 * 60 * 1000;
    let mut tx = pool.begin().await.or_internal()?;
    let mut n = 0usize;
    for (ci, cat) in CATEGORIES.iter().enumerate() {
        let category_id: i64 = sqlx::query_scalar(
            "INSERT INTO categories (slug, name_id, name_en, kind, position) VALUES ($1, $2, $3, $4, $5) RETURNING id",
        )
        .bind(cat.slug)
        .bind(cat.name_id)
        .bind(cat.name_en)
        .bind(cat.kind)
        .bind(ci as i64)
        .fetch_one(&mut *tx)
        .await
        .or_internal()?;
        for (pi, (name_id, name_en, price)) in cat.products.iter().enumerate() {
            n += 1;
            let slug = slugify(name_id);
            let description_id = format!(
                "{name_id} dari Sandang Nusa, dijahit rapi di Bandung. Bahan nyaman untuk iklim tropis, \
                 potongan yang pas untuk kerja maupun akhir pekan. Cuci dengan air dingin, jangan diputih."
            );
            let description_en = format!(
                "{name_en} by Sandang Nusa, neatly sewn in Bandung. A fabric made for the tropics and a cut \
                 that works from office to weekend. Wash cold, do not bleach."
            );
            let product_id: i64 = sqlx::query_scalar(
                "INSERT INTO products (slug, category_id, name_id, name_en, description_id, description_en, \
                 sold_count, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
            )
            .bind(&slug)
            .bind(category_id)
            .bind(*name_id)
            .bind(*name_en)
            .bind(description_id)
            .bind(description_en)
            .bind(rng.next(900) as i64)
            .bind(now - (n as i64) * 3 * day)
            .fetch_one(&mut *tx)
            .await
            .or_internal()?;
            let colour_count = 2 + rng.next(2) as usize;
            let first = (ci * 3 + pi * 5) % COLOURS.len();
            let mut position = 0;
            for k in 0..colour_count {
                let colour = &COLOURS[(first + k * 4) % COLOURS.len()];
                for (si, size) in cat.sizes.iter().enumerate() {
                    // Bigger sizes cost a little more on some cuts, as in real price lists.
                    let price = if si == cat.sizes.len() - 1 && price % 2 == 1 { price + 10_000 } else { *price };
                    let stock = match rng.next(10) {
                        0 => 0,
                        1 | 2 => 1 + rng.next(3) as i64,
                        _ => 5 + rng.next(40) as i64,
                    };
                    let sku = format!(
                        "SN-{}-{:02}-{}-{}",
                        cat.slug[..3].to_uppercase(),
                        pi + 1,
                        &colour.1[..3].to_uppercase(),
                        size
                    );
                    sqlx::query(
                        "INSERT INTO variants (product_id, sku, size, colour_id, colour_en, colour_hex, price, stock, position) \
                         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                    )
                    .bind(product_id)
                    .bind(sku)
                    .bind(*size)
                    .bind(colour.0)
                    .bind(colour.1)
                    .bind(colour.2)
                    .bind(price)
                    .bind(stock)
                    .bind(position)
                    .execute(&mut *tx)
                    .await
                    .or_internal()?;
                    position += 1;
                }
            }
        }
    }
    for (slug, title_id, title_en, body_id, body_en) in PAGES {
        sqlx::query("INSERT INTO pages (slug, title_id, title_en, body_id, body_en) VALUES ($1, $2, $3, $4, $5)")
            .bind(*slug)
            .bind(*title_id)
            .bind(*title_en)
            .bind(*body_id)
            .bind(*body_en)
            .execute(&mut *tx)
            .await
            .or_internal()?;
    }
    sqlx::query(
        "INSERT INTO banners (name, placement, title_id, title_en, text_id, text_en, link, priority, starts_at, ends_at) \
         VALUES ($1, 'hero', $1, $2, $3, $4, '/c/batik', 10, $5, $6)",
    )
    .bind("Koleksi Batik Baru")
    .bind("New Batik Collection")
    .bind("Motif klasik, potongan modern. Gratis ongkir se-Jawa untuk belanja di atas Rp 300.000.")
    .bind("Classic motifs, modern cuts. Free shipping across Java on orders above Rp 300.000.")
    .bind(now - day)
    .bind(now + 365 * day)
    .execute(&mut *tx)
    .await
    .or_internal()?;
    tx.commit().await.or_internal()?;
    Ok(true)
}

const PAGES: &[(&str, &str, &str, &str, &str)] = &[
    (
        "privasi",
        "Kebijakan Privasi",
        "Privacy Policy",
        "Kami hanya menyimpan data yang dibutuhkan untuk memproses pesanan Anda: nama, kontak, alamat pengiriman dan riwayat pesanan.\n\
         Data Anda tidak kami jual atau bagikan kepada pihak lain, kecuali kurir dan penyedia pembayaran sejauh diperlukan untuk mengirim pesanan.\n\
         Kata sandi disimpan dalam bentuk hash argon2id; kami tidak pernah melihat atau menyimpan data kartu Anda.\n\
         Email promo hanya kami kirim jika Anda mencentang persetujuannya (saat checkout atau mendaftar); setiap jawaban Anda kami catat beserta waktunya, dan Anda dapat berhenti kapan saja di halaman akun.\n\
         Untuk mengetahui dari mana pengunjung datang (misalnya tautan kampanye atau mesin pencari), kami memakai satu cookie kunjungan yang berlaku 30 menit; laporan kami hanya berisi angka total, tanpa data pribadi.\n\
         Anda dapat meminta salinan atau penghapusan data Anda kapan saja melalui halaman Kontak.",
        "We keep only the data needed to process your orders: name, contact, shipping address and order history.\n\
         We do not sell or share your data, except with couriers and payment providers as far as needed to deliver your order.\n\
         Passwords are stored as argon2id hashes; we never see or store your card data.\n\
         We send promotional email only if you ticked the consent (at checkout or sign-up); we record each answer with its time, and you can stop at any time on your account page.\n\
         To learn where visitors come from (a campaign link or a search engine, say), we use one visit cookie that lasts 30 minutes; our reports hold totals only, no personal data.\n\
         You can ask for a copy or the deletion of your data at any time through the Contact page.",
    ),
    (
        "pengembalian",
        "Kebijakan Pengembalian",
        "Returns Policy",
        "Barang dapat dikembalikan dalam 14 hari sejak diterima, dalam kondisi belum dipakai dan label masih terpasang.\n\
         Ajukan pengembalian dari halaman pesanan Anda atau melalui chat; kami akan mengirimkan petunjuk pengiriman balik.\n\
         Dana dikembalikan ke metode pembayaran semula atau sebagai saldo belanja, paling lambat 7 hari kerja setelah barang kami terima.",
        "Items can be returned within 14 days of delivery, unworn and with their tags attached.\n\
         Request a return from your order page or through chat; we will send you the return shipping instructions.\n\
         Refunds go to the original payment method or to store credit within 7 working days of receiving the item.",
    ),
    (
        "kontak",
        "Hubungi Kami",
        "Contact Us",
        "Chat dengan kami langsung dari tombol chat di setiap halaman, Senin–Sabtu 08.00–21.00 WIB.\n\
         Email: halo@sandangnusa.id\n\
         Alamat: Jl. Braga No. 12, Bandung, Jawa Barat 40111.",
        "Chat with us from the chat button on every page, Monday–Saturday 08:00–21:00 WIB.\n\
         Email: halo@sandangnusa.id\n\
         Address: Jl. Braga No. 12, Bandung, West Java 40111.",
    ),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_catalog_is_big_enough_to_be_believable() {
        assert!(CATEGORIES.len() >= 5);
        assert!(CATEGORIES.iter().map(|c| c.products.len()).sum::<usize>() >= 40);
    }

    #[test]
    fn slugs_are_url_safe_and_unique() {
        let mut slugs: Vec<String> = CATEGORIES.iter().flat_map(|c| c.products.iter().map(|p| slugify(p.0))).collect();
        assert!(slugs.iter().all(|s| s.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')), "{slugs:?}");
        let before = slugs.len();
        slugs.sort();
        slugs.dedup();
        assert_eq!(before, slugs.len());
    }
}
